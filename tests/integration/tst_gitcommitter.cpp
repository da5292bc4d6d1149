// What Quarterdeck's commits do to a repository that is not in the state it expects: an unborn
// branch gets its first commit, but a HEAD that cannot be read, or a history with a missing
// commit, is an error. Neither may be taken for "nothing there yet": a commit built on an empty
// tree would delete every other file of the repo, and a short list of unpushed commits would
// hide work that was never pushed. The repositories are made and checked with the git CLI.
#include "services/git/GitCommitter.h"
#include "services/git/GitRepository.h"
#include "support/ServerProcess.h"
#include "support/TestRepo.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::test;

class TestGitCommitter : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void unbornBranchGetsItsFirstCommit();
    void unreadableHeadIsAnErrorNotAnUnbornBranch();
    void missingCommitInHistoryIsAnErrorNotTheEnd();

private:
    // A repo with two committed files (and, when asked, a third commit).
    QString makeRepo(const QString &name, int commits);
    QTemporaryDir m_dir;
    const CommitAuthor m_author{QStringLiteral("Ada"), QStringLiteral("ada@example.com")};
};

void TestGitCommitter::init()
{
    QVERIFY(m_dir.isValid());
}

QString TestGitCommitter::makeRepo(const QString &name, int commits)
{
    const QString path = m_dir.filePath(name);
    if (git(m_dir.path(), {"init", "-q", "-b", "main", path}).exitCode != 0)
        return {};
    git(path, {"config", "user.name", "Ada"});
    git(path, {"config", "user.email", "ada@example.com"});
    for (int i = 1; i <= commits; ++i) {
        writeFile(path, QStringLiteral("file%1.yaml").arg(i), "n: 1\n");
        git(path, {"add", "-A"});
        if (git(path, {"commit", "-q", "-m", QStringLiteral("commit %1").arg(i)}).exitCode != 0)
            return {};
    }
    return path;
}

void TestGitCommitter::unbornBranchGetsItsFirstCommit()
{
    const QString path = makeRepo("unborn", 0);
    QVERIFY(!path.isEmpty());
    QVERIFY(writeFile(path, "fleet.yaml", "customers: []\n"));
    auto repo = GitRepository::open(path);
    QVERIFY(repo.ok());
    const auto committed = commitPaths(repo->get(), {"fleet.yaml"}, "First", m_author);
    QVERIFY2(committed.ok(), qPrintable(committed.errorMessage()));
    QCOMPARE(gitOut(path, {"rev-parse", "main"}), *committed);
    QCOMPARE(gitOut(path, {"rev-list", "--count", "main"}), QString("1"));
    QCOMPARE(gitOut(path, {"ls-tree", "--name-only", "main"}), QString("fleet.yaml"));
}

void TestGitCommitter::unreadableHeadIsAnErrorNotAnUnbornBranch()
{
    const QString path = makeRepo("corrupt-head", 2);
    QVERIFY(!path.isEmpty());
    const QString before = gitOut(path, {"rev-parse", "main"});
    // The branch's loose ref no longer holds an id (a disk error, a bad merge tool).
    QFile ref(path + "/.git/refs/heads/main");
    QVERIFY(ref.open(QIODevice::WriteOnly | QIODevice::Truncate));
    ref.write("this is not a commit id\n");
    ref.close();
    QVERIFY(writeFile(path, "file1.yaml", "n: 2\n"));
    auto repo = GitRepository::open(path);
    QVERIFY(repo.ok());
    const auto committed = commitPaths(repo->get(), {"file1.yaml"}, "Change", m_author);
    QVERIFY2(!committed.ok(), qPrintable(committed.ok() ? "committed " + *committed : QString()));
    QVERIFY2(committed.errorMessage().contains("HEAD"), qPrintable(committed.errorMessage()));
    // Nothing was written over the branch: once the ref is repaired, both files are there.
    QFile file(ref.fileName());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(before.toLatin1() + '\n');
    file.close();
    QCOMPARE(gitOut(path, {"rev-parse", "main"}), before);
    QCOMPARE(gitOut(path, {"ls-tree", "--name-only", "main"}), QString("file1.yaml\nfile2.yaml"));
    QCOMPARE(git(path, {"fsck", "--strict"}).exitCode, 0);
}

void TestGitCommitter::missingCommitInHistoryIsAnErrorNotTheEnd()
{
    const QString path = makeRepo("missing-commit", 3);
    QVERIFY(!path.isEmpty());
    // Loose objects (nothing was packed): remove the middle commit.
    const QString middle = gitOut(path, {"rev-parse", "main~1"});
    const QString object = path + "/.git/objects/" + middle.left(2) + "/" + middle.mid(2);
    QVERIFY2(QFile::exists(object), qPrintable(object));
    QFile::setPermissions(object, QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY(QFile::remove(object));
    auto repo = GitRepository::open(path);
    QVERIFY(repo.ok());
    const auto unpushed = unpushedCommits(repo->get(), "origin", "main");
    QVERIFY2(!unpushed.ok(), qPrintable(unpushed.ok() ? unpushed->join(", ") : QString()));
    QVERIFY2(unpushed.errorMessage().contains("main"), qPrintable(unpushed.errorMessage()));
}

QTEST_GUILESS_MAIN(TestGitCommitter)
#include "tst_gitcommitter.moc"
