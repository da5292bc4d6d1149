// The remotes Quarterdeck opens (services/git/GitRemote, which replaces git_remote_lookup and its
// leak in Debian's libgit2 1.5.1) have the URLs the git CLI gives for the same config:
// url.<base>.insteadOf and .pushInsteadOf with the longest prefix winning, an explicit pushurl,
// and the configured fetch refspec.
#include "services/git/GitRemote.h"
#include "support/ServerProcess.h"

#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::test;

class TestGitRemote : public QObject
{
    Q_OBJECT
private slots:
    void urlsAreWhatGitSays_data();
    void urlsAreWhatGitSays();
    void missingRemoteIsNamed();
};

void TestGitRemote::urlsAreWhatGitSays_data()
{
    QTest::addColumn<QStringList>("config"); // key=value pairs for `git config --add`
    QTest::newRow("plain") << QStringList{"remote.origin.url=git://127.0.0.1/fleet.git"};
    QTest::newRow("insteadOf, longest prefix wins")
            << QStringList{"remote.origin.url=gh:acme/fleet.git",
                           "url.https://git.example.org/.insteadOf=gh:",
                           "url.https://mirror.example.org/acme-.insteadOf=gh:acme/"};
    QTest::newRow("pushInsteadOf rewrites the push URL only")
            << QStringList{"remote.origin.url=gh:acme/fleet.git",
                           "url.https://git.example.org/.insteadOf=gh:",
                           "url.ssh://git@git.example.org/.pushInsteadOf=gh:"};
    QTest::newRow("explicit pushurl, rewritten by insteadOf")
            << QStringList{"remote.origin.url=gh:acme/fleet.git",
                           "remote.origin.pushurl=gh:acme/fleet-push.git",
                           "url.https://git.example.org/.insteadOf=gh:",
                           "url.ssh://git@git.example.org/.pushInsteadOf=gh:"};
}

void TestGitRemote::urlsAreWhatGitSays()
{
    QFETCH(QStringList, config);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCOMPARE(git(dir.path(), {"init", "-q", "."}).exitCode, 0);
    for (const QString &entry : std::as_const(config)) {
        const qsizetype eq = entry.indexOf('=');
        QCOMPARE(git(dir.path(), {"config", "--add", entry.left(eq), entry.mid(eq + 1)}).exitCode,
                 0);
    }
    QCOMPARE(git(dir.path(), {"config", "--add", "remote.origin.fetch",
                              "+refs/heads/*:refs/remotes/origin/*"})
                     .exitCode,
             0);

    git_repository *raw = nullptr;
    ensureLibgit2();
    QCOMPARE(git_repository_open(&raw, dir.path().toUtf8().constData()), 0);
    GitRepositoryPtr repo(raw);
    auto remote = openRemote(repo.get(), "origin");
    QVERIFY2(remote.ok(), qPrintable(remote.errorMessage()));
    const char *pushUrl = git_remote_pushurl(remote.value().get());
    QCOMPARE(QString::fromUtf8(git_remote_url(remote.value().get())),
             gitOut(dir.path(), {"remote", "get-url", "origin"}));
    QCOMPARE(QString::fromUtf8(pushUrl ? pushUrl : git_remote_url(remote.value().get())),
             gitOut(dir.path(), {"remote", "get-url", "--push", "origin"}));
    QCOMPARE(git_remote_refspec_count(remote.value().get()), size_t(1));
    QCOMPARE(QString::fromUtf8(
                     git_refspec_string(git_remote_get_refspec(remote.value().get(), 0))),
             "+refs/heads/*:refs/remotes/origin/*");
    const auto fetchUrl = remoteFetchUrl(repo.get(), "origin");
    QVERIFY(fetchUrl.ok());
    QCOMPARE(fetchUrl.value(), gitOut(dir.path(), {"remote", "get-url", "origin"}));
}

void TestGitRemote::missingRemoteIsNamed()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCOMPARE(git(dir.path(), {"init", "-q", "."}).exitCode, 0);
    git_repository *raw = nullptr;
    ensureLibgit2();
    QCOMPARE(git_repository_open(&raw, dir.path().toUtf8().constData()), 0);
    GitRepositoryPtr repo(raw);
    const auto remote = openRemote(repo.get(), "upstream");
    QVERIFY(!remote.ok());
    QVERIFY2(remote.errorMessage().contains("no remote 'upstream'"),
             qPrintable(remote.errorMessage()));
}

QTEST_GUILESS_MAIN(TestGitRemote)
#include "tst_gitremote.moc"
