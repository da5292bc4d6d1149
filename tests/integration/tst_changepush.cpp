// A change as an SRE makes it, against a real `git daemon` remote: preview, commit with trailers,
// push, and the remote checked by the git CLI as an independent client. Then the faults: remote
// moved on, the same value changed remotely, a hook refusal, denyNonFastForwards, network down.
#include "models/ChangeRequest.h"
#include "services/changes/ChangeEngine.h"
#include "services/changes/ChangeService.h"
#include "services/git/GitTransport.h"
#include "support/GitServers.h"
#include "support/KubectlKustomize.h"
#include "support/TestRepo.h"

#include <QDirIterator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace qd;
using namespace qd::test;

namespace {

const QString kVersionKey = QStringLiteral("spec.spinnakerConfig.config.version");
const QString kBucketKey =
        QStringLiteral("spec.spinnakerConfig.config.persistentStorage.s3.bucket");
const QString kRedVersionFile = QStringLiteral("customers/acme/red/patch-version.yml");

// acme's Red version set to `version`, committed with `subject` and pushed.
CommitRequest redVersionPush(const QString &version, const QString &subject)
{
    CommitRequest request;
    request.edits = {ValueEdit{"acme", ZoneKind::Red, kVersionKey, version}};
    request.subject = subject;
    request.push = PushAfterCommit::Push;
    return request;
}

// Every file of the working tree (not .git) with its inode, modification time and bytes.
QStringList workingTreeIdentities(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = QDir(root).relativeFilePath(path);
        if (relative.startsWith(QLatin1String(".git/")))
            continue;
        struct stat info {};
        if (::stat(QFile::encodeName(path).constData(), &info) != 0)
            continue;
        QFile file(path);
        const QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        files.append(QStringLiteral("%1 inode %2 mtime %3.%4 bytes %5")
                             .arg(relative)
                             .arg(info.st_ino)
                             .arg(info.st_mtim.tv_sec)
                             .arg(info.st_mtim.tv_nsec)
                             .arg(QString::fromLatin1(bytes.toBase64())));
    }
    files.sort();
    return files;
}

} // namespace

class TestChangePush : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void previewLeavesTheWorkingTreeAsItWas();
    void commitAndPushIsWhatGitSees();
    void invalidFleetIsRefusedWithProblems();
    void reviewBranch();
    void remoteMovedOnIsReplayed();
    void baseValueOfANamespacedZoneBuildsWithKubectl();
    void sameValueChangedRemotelyIsAConflict();
    void hookRefusalIsReported();
    void denyNonFastForwardsIsReported();
    void networkDownKeepsTheCommitLocal();
    void gitCliInTheSameCloneBetweenTwoCommits();
    void cliSetPushesAndReportsConflicts();
    void pushRacingAnotherPushIsReplayed();

private:
    // A clone made by the git CLI that pushes its own commits to the remote.
    void otherClonePushes(const QString &file, const QString &from, const QString &to);
    QString remoteFile(const QString &path);
    // The remote's tree at `commitId`, checked out by the git CLI and built zone by zone by
    // `kubectl kustomize`: every zone builds and its version is what Quarterdeck resolves.
    // Without kubectl it warns and checks nothing; callers test hasKubectl() before their own
    // kubectl comparisons.
    void committedTreeBuildsWithKubectl(const QString &commitId);
    QString checkoutOfRemote(const QString &commitId);

    QTemporaryDir m_dir;
    QString m_work;
    QString m_remote;
    GitDaemon m_daemon;
    int m_otherClones = 0;
};

void TestChangePush::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(makeServedDemoClone(m_dir.path(), m_daemon, &m_work, &m_remote, &error),
             qPrintable(error));
}

void TestChangePush::init()
{
    // Every test starts from a clean clone that is level with the remote.
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
}

void TestChangePush::otherClonePushes(const QString &file, const QString &from, const QString &to)
{
    const QString clone = m_dir.filePath(QStringLiteral("other%1").arg(++m_otherClones));
    QCOMPARE(git(m_dir.path(), {"clone", "-q", m_daemon.url("remote.git"), clone}).exitCode, 0);
    QVERIFY2(replaceInFile(clone + "/" + file, from, to), qPrintable(from));
    QCOMPARE(git(clone, {"commit", "-qam", "change by someone else"}).exitCode, 0);
    const ProcessRun push = git(clone, {"push", "-q", "origin", "HEAD"});
    QVERIFY2(push.exitCode == 0, push.err.constData());
}

QString TestChangePush::checkoutOfRemote(const QString &commitId)
{
    const QString dir = m_dir.filePath(QStringLiteral("checkout%1").arg(++m_otherClones));
    if (git(m_dir.path(), {"clone", "-q", m_remote, dir}).exitCode != 0
        || git(dir, {"checkout", "-q", commitId}).exitCode != 0)
        return {};
    return dir;
}

void TestChangePush::committedTreeBuildsWithKubectl(const QString &commitId)
{
    if (!hasKubectl()) {
        qWarning("kubectl is not installed: the committed tree is not built by it");
        return;
    }
    const QString checkout = checkoutOfRemote(commitId);
    QVERIFY2(!checkout.isEmpty(), qPrintable(commitId));
    const QStringList disagreements = zonesDisagreeingWithKubectl(checkout);
    QVERIFY2(disagreements.isEmpty(), qPrintable(disagreements.join('\n')));
}

QString TestChangePush::remoteFile(const QString &path)
{
    return gitOut(m_remote, {"show", "main:" + path});
}

void TestChangePush::previewLeavesTheWorkingTreeAsItWas()
{
    // Not even written and put back: every file keeps its inode and modification time, so a
    // fleet load, the user's editor or a crash in the middle never sees the preview's state.
    const QStringList before = workingTreeIdentities(m_work);
    ChangeService service;
    service.setRepository(m_work);
    QSignalSpy ready(&service, &ChangeService::previewReady);
    service.previewEdits({ValueEdit{"acme", ZoneKind::Red, kVersionKey, "2.31.1"}});
    QVERIFY(ready.wait(60000));
    const auto preview = ready.at(0).at(0).value<ChangePreview>();
    QCOMPARE(preview.files, QStringList{kRedVersionFile});
    QVERIFY2(preview.problems.isEmpty(), qPrintable(preview.problems.value(0).toString()));
    QVERIFY2(preview.unifiedDiff.contains("diff --git a/" + kRedVersionFile),
             qPrintable(preview.unifiedDiff));
    QVERIFY(preview.unifiedDiff.contains(
            "-      version: 2.31.0-rc1   # Spinnaker version to deploy\n"));
    QVERIFY(preview.unifiedDiff.contains(
            "+      version: 2.31.1   # Spinnaker version to deploy\n"));
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());

    // A free-form file text: the diff of that file, validation of the fleet with it.
    service.previewFileText("fleet.yaml", "customers: [oops\n");
    QVERIFY(ready.wait(60000));
    const auto broken = ready.at(1).at(0).value<ChangePreview>();
    QVERIFY(!broken.problems.isEmpty());
    QVERIFY(broken.unifiedDiff.contains("+customers: [oops"));
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());

    // A value set nowhere yet goes into a new patch: shown as a new file, not created.
    service.previewEdits({ValueEdit{"acme", ZoneKind::Green,
                                    "spec.spinnakerConfig.config.timezone", "Europe/Berlin"}});
    QVERIFY(ready.wait(60000));
    const auto added = ready.at(2).at(0).value<ChangePreview>();
    QVERIFY2(added.problems.isEmpty(), qPrintable(added.problems.value(0).toString()));
    QCOMPARE(added.files, (QStringList{"customers/acme/green/kustomization.yml",
                                       "customers/acme/green/patch-quarterdeck.yml"}));
    QVERIFY2(added.unifiedDiff.contains("new file mode")
                     || added.unifiedDiff.contains("--- /dev/null"),
             qPrintable(added.unifiedDiff));
    QVERIFY(added.unifiedDiff.contains("+      timezone: Europe/Berlin"));
    QCOMPARE(workingTreeIdentities(m_work), before);
}

void TestChangePush::commitAndPushIsWhatGitSees()
{
    ChangeService service;
    service.setRepository(m_work);
    QSignalSpy committed(&service, &ChangeService::committed);
    QSignalSpy pushed(&service, &ChangeService::pushFinished);
    CommitRequest request = redVersionPush("2.31.1", "Bump acme red to 2.31.1");
    request.body = "Proves out the patch release.";
    request.changeRequestId = "CR-1234";
    request.author = {"Ada SRE", "ada@example.com"};
    service.commit(request);
    QVERIFY(pushed.wait(60000));
    QCOMPARE(committed.size(), 1);
    const auto outcome = pushed.at(0).at(0).value<CommitOutcome>();
    QVERIFY2(outcome.pushed, qPrintable(outcome.pushMessage));
    QCOMPARE(outcome.branch, QString("main"));

    // What an independent client sees on the remote.
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main"}), outcome.commitId);
    QCOMPARE(gitOut(m_remote, {"log", "-1", "--format=%an <%ae>", "main"}),
             QString("Ada SRE <ada@example.com>"));
    QCOMPARE(gitOut(m_remote, {"log", "-1", "--format=%s", "main"}), request.subject);
    QCOMPARE(gitOut(m_remote, {"log", "-1", "--format=%(trailers:only,unfold)", "main"}),
             QString("Customer: acme\nZone: red\nChange-Request: CR-1234"));
    QCOMPARE(gitOut(m_remote, {"diff", "--numstat", "main~1", "main"}),
             QString("1\t1\t" + kRedVersionFile));
    const QString diff = gitOut(m_remote, {"diff", "-U0", "main~1", "main"});
    QVERIFY(diff.contains("\n-      version: 2.31.0-rc1   # Spinnaker version to deploy\n"
                          "+      version: 2.31.1   # Spinnaker version to deploy"));
    const ProcessRun fsck = git(m_remote, {"fsck", "--strict"});
    QVERIFY2(fsck.exitCode == 0, fsck.err.constData());
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
    committedTreeBuildsWithKubectl(outcome.commitId);
    if (hasKubectl()) {
        const KubectlBuild red = kubectlKustomize(checkoutOfRemote(outcome.commitId)
                                                  + "/customers/acme/red");
        QVERIFY2(red.ok, qPrintable(red.error));
        QCOMPARE(kubectlServiceValue(red, kVersionKey), QString("2.31.1"));
    }
}

void TestChangePush::invalidFleetIsRefusedWithProblems()
{
    ChangeService service;
    service.setRepository(m_work);
    QSignalSpy refused(&service, &ChangeService::refused);
    QSignalSpy committed(&service, &ChangeService::committed);
    CommitRequest request;
    request.files = {FileText{"fleet.yaml", "apiVersion: quarterdeck/v1\ncustomers: [oops\n"}};
    request.subject = "Break the fleet";
    service.commit(request);
    QVERIFY(refused.wait(60000));
    QCOMPARE(committed.size(), 0);
    const auto problems = refused.at(0).at(1).value<Diagnostics>();
    QVERIFY(!problems.isEmpty());
    QCOMPARE(problems.at(0).location.file, QString("fleet.yaml"));
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
    QCOMPARE(gitOut(m_work, {"rev-parse", "HEAD"}), gitOut(m_remote, {"rev-parse", "main"}));
}

void TestChangePush::reviewBranch()
{
    auto engine = ChangeEngine::open(m_work);
    QVERIFY2(engine.ok(), qPrintable(engine.errorMessage()));
    CommitRequest request;
    request.edits = {ValueEdit{"acme", ZoneKind::Green, kVersionKey, "2.31.0"}};
    request.subject = "Promote acme green";
    request.branch = reviewBranchName("ada", "promote acme");
    request.push = PushAfterCommit::Push;
    const ChangeAttempt attempt = engine->commit(request);
    QVERIFY2(attempt.outcome.pushed, qPrintable(attempt.refusal + attempt.outcome.pushMessage));
    QCOMPARE(attempt.outcome.branch, QString("quarterdeck/ada/promote-acme"));
    QCOMPARE(gitOut(m_remote, {"rev-parse", "quarterdeck/ada/promote-acme"}),
             attempt.outcome.commitId);
    QVERIFY(gitOut(m_remote, {"rev-parse", "main"}) != attempt.outcome.commitId);
    QCOMPARE(gitOut(m_work, {"rev-parse", "--abbrev-ref", "@{upstream}"}),
             QString("origin/quarterdeck/ada/promote-acme"));
    QCOMPARE(git(m_work, {"checkout", "-q", "main"}).exitCode, 0);
}

void TestChangePush::remoteMovedOnIsReplayed()
{
    otherClonePushes("customers/acme/green/patch-storage.yml", "bucket: acme-spinnaker-green",
                     "bucket: acme-spinnaker-green2");
    const QString theirHead = gitOut(m_remote, {"rev-parse", "main"});

    ChangeService service;
    service.setRepository(m_work);
    QSignalSpy pushed(&service, &ChangeService::pushFinished);
    const CommitRequest request = redVersionPush("2.31.2", "Bump acme red to 2.31.2");
    service.commit(request);
    QVERIFY(pushed.wait(60000));
    const auto outcome = pushed.at(0).at(0).value<CommitOutcome>();
    QVERIFY2(outcome.pushed, qPrintable(outcome.pushMessage));
    QCOMPARE(outcome.replays, 1);
    // Both changes are on the remote, ours on top of theirs, still one line.
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main~1"}), theirHead);
    QCOMPARE(gitOut(m_remote, {"diff", "--numstat", "main~1", "main"}),
             QString("1\t1\t" + kRedVersionFile));
    QVERIFY(remoteFile("customers/acme/green/patch-storage.yml").contains("acme-spinnaker-green2"));
    QVERIFY(remoteFile(kRedVersionFile).contains("version: 2.31.2   # Spinnaker"));
    QCOMPARE(gitOut(m_remote, {"log", "-1", "--format=%s", "main"}), request.subject);
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
    committedTreeBuildsWithKubectl(outcome.commitId); // the replayed commit, on their head
}

// Found by the soak: another push lands while the server receives ours (after it advertised the
// old head), so receive-pack cannot lock the branch. That is the remote moving on, not a refusal:
// the change is replayed on the new head and pushed. A pre-receive hook makes the race happen
// once, by moving main to a commit pushed beforehand to a side branch.
void TestChangePush::pushRacingAnotherPushIsReplayed()
{
    const QString clone = m_dir.filePath("racer");
    QCOMPARE(git(m_dir.path(), {"clone", "-q", m_daemon.url("remote.git"), clone}).exitCode, 0);
    QVERIFY(replaceInFile(clone + "/customers/acme/green/patch-storage.yml",
                          "bucket: acme-spinnaker-green", "bucket: acme-spinnaker-raced"));
    QCOMPARE(git(clone, {"commit", "-qam", "the push that wins the race"}).exitCode, 0);
    QCOMPARE(git(clone, {"push", "-q", "origin", "HEAD:refs/heads/side"}).exitCode, 0);
    const QString winner = gitOut(m_remote, {"rev-parse", "side"});

    const QString hook = m_remote + "/hooks/pre-receive";
    QFile file(hook);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("#!/bin/sh\n"
               "if [ ! -e raced ]; then\n"
               "  touch raced\n"
               "  unset GIT_QUARANTINE_PATH\n"
               "  git update-ref refs/heads/main " + winner.toUtf8() + "\n"
               "fi\n");
    file.close();
    file.setPermissions(file.permissions() | QFileDevice::ExeOwner);

    // A clone of its own, level with the remote whatever the tests before left in m_work.
    const QString console = m_dir.filePath("racing-console");
    QCOMPARE(git(m_dir.path(), {"clone", "-q", m_daemon.url("remote.git"), console}).exitCode, 0);
    QCOMPARE(git(console, {"config", "user.name", "Racing Console"}).exitCode, 0);
    QCOMPARE(git(console, {"config", "user.email", "console@example.org"}).exitCode, 0);
    auto engine = ChangeEngine::open(console);
    QVERIFY(engine.ok());
    const CommitRequest request = redVersionPush("2.31.6", "Pushed while another push lands");
    const ChangeAttempt attempt = engine->commit(request);
    QFile::remove(hook);
    QFile::remove(m_remote + "/raced");
    git(m_remote, {"branch", "-D", "side"});
    QVERIFY2(attempt.committed, qPrintable(attempt.refusal));
    QVERIFY2(attempt.outcome.pushed, qPrintable(attempt.outcome.pushMessage));
    QCOMPARE(attempt.outcome.replays, 1);
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main~1"}), winner);
    QCOMPARE(gitOut(m_remote, {"log", "-1", "--format=%s", "main"}), request.subject);
    QVERIFY(remoteFile("customers/acme/green/patch-storage.yml").contains("acme-spinnaker-raced"));
    QCOMPARE(gitOut(console, {"status", "--porcelain"}), QString());
}

// Issue 14's first report: a value set only in the shared base, changed for one zone whose
// overlay has its own `namespace:`. The patch Quarterdeck writes must reach the service as
// Kustomize sees it there, so that kubectl builds the commit and gives the new value to that
// zone only.
void TestChangePush::baseValueOfANamespacedZoneBuildsWithKubectl()
{
    if (!hasKubectl())
        QSKIP("kubectl is not installed: the commit cannot be built by it");
    const QString kustomization = m_work + "/customers/acme/green/kustomization.yml";
    QVERIFY(replaceInFile(kustomization, "resources:\n", "namespace: spinnaker\nresources:\n"));
    QCOMPARE(git(m_work, {"commit", "-qam", "acme green names its namespace"}).exitCode, 0);
    QCOMPARE(git(m_work, {"push", "-q", "origin", "HEAD"}).exitCode, 0);

    const QString sizeKey = "spec.spinnakerConfig.config.deploymentEnvironment.size";
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    CommitRequest request;
    request.edits = {ValueEdit{"acme", ZoneKind::Green, sizeKey, "MEDIUM"}};
    request.subject = "acme green to MEDIUM";
    request.push = PushAfterCommit::Push;
    const ChangeAttempt attempt = engine->commit(request);
    QVERIFY2(attempt.committed, qPrintable(attempt.refusal));
    QVERIFY2(attempt.outcome.pushed, qPrintable(attempt.outcome.pushMessage));
    committedTreeBuildsWithKubectl(attempt.outcome.commitId);
    const QString checkout = checkoutOfRemote(attempt.outcome.commitId);
    QVERIFY(!checkout.isEmpty());
    const KubectlBuild green = kubectlKustomize(checkout + "/customers/acme/green");
    QVERIFY2(green.ok, qPrintable(green.error));
    QCOMPARE(kubectlServiceValue(green, sizeKey), QString("MEDIUM"));
    const KubectlBuild red = kubectlKustomize(checkout + "/customers/acme/red");
    QVERIFY2(red.ok, qPrintable(red.error));
    QCOMPARE(kubectlServiceValue(red, sizeKey), QString("SMALL")); // the base, untouched
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
}

void TestChangePush::sameValueChangedRemotelyIsAConflict()
{
    otherClonePushes(kRedVersionFile, "version: 2.31.2 ", "version: 2.31.3 ");
    ChangeService service;
    service.setRepository(m_work);
    QSignalSpy conflict(&service, &ChangeService::conflict);
    QSignalSpy pushed(&service, &ChangeService::pushFinished);
    const CommitRequest request = redVersionPush("2.31.4", "Bump acme red to 2.31.4");
    service.commit(request);
    QVERIFY(pushed.wait(60000));
    QCOMPARE(conflict.size(), 1);
    const auto conflicts = conflict.at(0).at(0).value<QList<ValueConflict>>();
    QCOMPARE(conflicts.size(), 1);
    QCOMPARE(conflicts.at(0).edit.value, QString("2.31.4"));
    QCOMPARE(conflicts.at(0).theirValue, QString("2.31.3"));
    QCOMPARE(conflicts.at(0).baseValue, QString("2.31.2"));
    auto outcome = pushed.at(0).at(0).value<CommitOutcome>();
    QVERIFY(!outcome.pushed);
    QCOMPARE(outcome.push, PushResult::Conflict);
    // Nothing lost: our commit is still the local head.
    QVERIFY(gitOut(m_work, {"show", "HEAD:" + kRedVersionFile}).contains("2.31.4"));

    // The user keeps ours.
    service.resolveConflicts({conflicts.at(0).edit});
    QVERIFY(pushed.wait(60000));
    outcome = pushed.at(1).at(0).value<CommitOutcome>();
    QVERIFY2(outcome.pushed, qPrintable(outcome.pushMessage));
    QVERIFY(remoteFile(kRedVersionFile).contains("version: 2.31.4   # Spinnaker"));
    QCOMPARE(gitOut(m_remote, {"log", "-2", "--format=%s", "main"}),
             QString("Bump acme red to 2.31.4\nchange by someone else"));
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
}

void TestChangePush::hookRefusalIsReported()
{
    const QString hook = m_remote + "/hooks/pre-receive";
    QFile file(hook);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("#!/bin/sh\necho 'change freeze until Monday' >&2\nexit 1\n");
    file.close();
    file.setPermissions(file.permissions() | QFileDevice::ExeOwner);

    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    const CommitRequest request = redVersionPush("2.31.5", "During the freeze");
    const ChangeAttempt attempt = engine->commit(request);
    QFile::remove(hook);
    QVERIFY(attempt.committed);
    QVERIFY(!attempt.outcome.pushed);
    QCOMPARE(attempt.outcome.push, PushResult::RefusedByServer);
    QVERIFY2(attempt.outcome.pushMessage.contains("refused by the server"),
             qPrintable(attempt.outcome.pushMessage));
    // Why, in the hook's own words (sent on the sideband).
    QVERIFY2(attempt.outcome.pushMessage.contains("the server said: change freeze until Monday"),
             qPrintable(attempt.outcome.pushMessage));
    QCOMPARE(engine->unpushedCommits()->size(), 1);

    // After the freeze: pushed on request.
    const ChangeAttempt later = engine->push();
    QVERIFY2(later.outcome.pushed, qPrintable(later.outcome.pushMessage));
    QCOMPARE(engine->unpushedCommits()->size(), 0);
}

void TestChangePush::denyNonFastForwardsIsReported()
{
    // libgit2 refuses a plain non-fast-forward itself; only a forced update reaches the server,
    // whose refusal comes back through push_update_reference alone.
    QCOMPARE(git(m_remote, {"config", "receive.denyNonFastForwards", "true"}).exitCode, 0);
    QCOMPARE(git(m_work, {"branch", "-f", "rewound", "HEAD~1"}).exitCode, 0);
    auto repo = GitRepository::open(m_work);
    QVERIFY(repo.ok());
    const TransportReport report =
            pushRefspecs(repo->get(), "origin", {"+refs/heads/rewound:refs/heads/main"}, {});
    QCOMPARE(report.status, TransportStatus::RefusedByServer);
    QVERIFY2(report.message.contains("refused by the server"), qPrintable(report.message));
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main"}), gitOut(m_work, {"rev-parse", "main"}));
    QCOMPARE(git(m_work, {"branch", "-D", "rewound"}).exitCode, 0);
    QCOMPARE(git(m_remote, {"config", "--unset", "receive.denyNonFastForwards"}).exitCode, 0);
}

void TestChangePush::networkDownKeepsTheCommitLocal()
{
    const quint16 port = m_daemon.port();
    m_daemon.stop();
    ChangeService service;
    service.setRepository(m_work);
    QSignalSpy pushed(&service, &ChangeService::pushFinished);
    QSignalSpy unpushed(&service, &ChangeService::unpushedCommits);
    const CommitRequest request = redVersionPush("2.31.6", "While the network is down");
    service.commit(request);
    QVERIFY(pushed.wait(60000));
    auto outcome = pushed.at(0).at(0).value<CommitOutcome>();
    QVERIFY(!outcome.pushed);
    QCOMPARE(outcome.push, PushResult::NetworkFailure);
    QCOMPARE(pushResultText(outcome.push), QString("network failure"));
    // The last report of unpushed commits follows the push's outcome.
    QTRY_COMPARE(unpushed.last().at(0).toStringList().size(), 1);
    const auto pending = unpushed.last().at(0).toStringList();
    QVERIFY(pending.at(0).endsWith("While the network is down"));

    QVERIFY2(m_daemon.start(m_dir.path(), port), qPrintable(m_daemon.error()));
    service.push();
    QVERIFY(pushed.wait(60000));
    outcome = pushed.at(1).at(0).value<CommitOutcome>();
    QVERIFY2(outcome.pushed, qPrintable(outcome.pushMessage));
    QCOMPARE(gitOut(m_remote, {"log", "-1", "--format=%s", "main"}), request.subject);
    QTRY_COMPARE(unpushed.last().at(0).toStringList(), QStringList());
}

void TestChangePush::gitCliInTheSameCloneBetweenTwoCommits()
{
    // The console keeps its repository open from one change to the next (one ChangeService, as
    // the window holds it); between two of its changes the user commits and pushes the same file
    // with the git CLI in the same working clone. The second change starts from the CLI's file,
    // index and HEAD, not from what the console remembered.
    ChangeService service;
    service.setRepository(m_work);
    QSignalSpy pushed(&service, &ChangeService::pushFinished);
    const CommitRequest request = redVersionPush("2.31.7", "Bump acme red to 2.31.7");
    service.commit(request);
    QVERIFY(pushed.wait(60000));
    QVERIFY2(pushed.at(0).at(0).value<CommitOutcome>().pushed,
             qPrintable(pushed.at(0).at(0).value<CommitOutcome>().pushMessage));

    QVERIFY(replaceInFile(m_work + "/" + kRedVersionFile, "version: 2.31.7 ", "version: 2.31.8 "));
    QCOMPARE(git(m_work, {"commit", "-qam", "Bump acme red to 2.31.8 by hand"}).exitCode, 0);
    const ProcessRun push = git(m_work, {"push", "-q", "origin", "main"});
    QVERIFY2(push.exitCode == 0, push.err.constData());

    const CommitRequest second = redVersionPush("2.31.9", "Bump acme red to 2.31.9");
    service.commit(second);
    QVERIFY(pushed.wait(60000));
    const auto outcome = pushed.at(1).at(0).value<CommitOutcome>();
    QVERIFY2(outcome.pushed, qPrintable(outcome.pushMessage));
    QCOMPARE(outcome.replays, 0);
    QCOMPARE(gitOut(m_remote, {"log", "-3", "--format=%s", "main"}),
             QString("Bump acme red to 2.31.9\nBump acme red to 2.31.8 by hand\n"
                     "Bump acme red to 2.31.7"));
    const QString diff = gitOut(m_remote, {"diff", "-U0", "main~1", "main"});
    QVERIFY2(diff.contains("\n-      version: 2.31.8   # Spinnaker version to deploy\n"
                           "+      version: 2.31.9   # Spinnaker version to deploy"),
             qPrintable(diff));
    QCOMPARE(gitOut(m_remote, {"diff", "--numstat", "main~1", "main"}),
             QString("1\t1\t" + kRedVersionFile));
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
    const ProcessRun fsck = git(m_remote, {"fsck", "--strict"});
    QVERIFY2(fsck.exitCode == 0, fsck.err.constData());
}

void TestChangePush::cliSetPushesAndReportsConflicts()
{
    const QString binary = QStringLiteral(QD_BINARY_DIR "/quarterdeck");
    ProcessRun run = runProgram(binary, {"set", "--repo", m_work, "--customer", "acme", "--zone",
                                         "red", kVersionKey + "=2.32.0", "-m", "CLI bump",
                                         "--change-request", "CR-9", "--push"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("pushed main"));
    QCOMPARE(gitOut(m_remote, {"log", "-1", "--format=%(trailers:only,unfold)", "main"}),
             QString("Customer: acme\nZone: red\nChange-Request: CR-9"));

    otherClonePushes(kRedVersionFile, "version: 2.32.0 ", "version: 2.32.1 ");
    run = runProgram(binary, {"set", "--repo", m_work, "--customer", "acme", "--zone", "red",
                              kVersionKey + "=2.32.2", "-m", "CLI conflicting bump", "--push"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("ours 2.32.2, theirs 2.32.1 (was 2.32.0)"), run.err.constData());
    QVERIFY(run.err.contains("not pushed"));

    // Usage errors exit 2.
    run = runProgram(binary, {"set", "--repo", m_work, "--customer", "acme", "--zone", "blue",
                              kVersionKey + "=1", "-m", "x"});
    QCOMPARE(run.exitCode, 2);
    // A value that is already set: refused, nothing committed.
    run = runProgram(binary, {"set", "--repo", m_work, "--customer", "acme", "--zone", "red",
                              kVersionKey + "=2.32.2", "-m", "no-op"});
    QCOMPARE(run.exitCode, 1);
}

QTEST_GUILESS_MAIN(TestChangePush)
#include "tst_changepush.moc"
