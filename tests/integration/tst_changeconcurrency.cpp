// The console and the git CLI push to the same remote 200 times in alternation, half of the
// rounds changing the very value the other side just changed. Every intended change must end in
// the remote's history, the console's chosen value must win its conflicts, and fsck stays clean.
#include "models/ChangeRequest.h"
#include "services/changes/ChangeEngine.h"
#include "support/GitServers.h"
#include "support/TestRepo.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::test;

namespace {

const QString kVersionKey = QStringLiteral("spec.spinnakerConfig.config.version");
const QString kRedVersion = QStringLiteral("customers/acme/red/patch-version.yml");
const QString kGreenBucket = QStringLiteral("customers/acme/green/patch-storage.yml");

} // namespace

class TestChangeConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void consoleAndGitCliAlternate();
};

void TestChangeConcurrency::consoleAndGitCliAlternate()
{
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString work;
    QString remote;
    QString error;
    QVERIFY2(makeDemoClone(dir.path(), &work, &remote, &error), qPrintable(error));
    GitDaemon daemon;
    QVERIFY2(daemon.start(dir.path()), qPrintable(daemon.error()));
    QCOMPARE(git(work, {"remote", "set-url", "origin", daemon.url("remote.git")}).exitCode, 0);
    const QString cli = dir.filePath("cli");
    QCOMPARE(git(dir.path(), {"clone", "-q", daemon.url("remote.git"), cli}).exitCode, 0);

    auto engine = ChangeEngine::open(work);
    QVERIFY2(engine.ok(), qPrintable(engine.errorMessage()));
    const QRegularExpression versionLine(R"(version: [0-9][^ \n]*)");
    const QRegularExpression bucketLine(R"(bucket: [^ \n]+)");

    QStringList intended; // every commit subject that must reach the remote
    int conflicts = 0;
    constexpr int kRounds = 100; // 100 CLI pushes + 100 console pushes
    for (int round = 0; round < kRounds; ++round) {
        // The git CLI's turn: catch up, change a value, push.
        const ProcessRun pull = git(cli, {"pull", "-q", "--rebase", "origin", "main"});
        QVERIFY2(pull.exitCode == 0, pull.err.constData());
        const bool sameValue = round % 2 == 0;
        const QString cliFile = sameValue ? kRedVersion : kGreenBucket;
        QVERIFY(replaceInFile(cli + "/" + cliFile, sameValue ? versionLine : bucketLine,
                              sameValue ? QString("version: 2.50.%1").arg(round)
                                        : QString("bucket: acme-green-%1").arg(round)));
        const QString cliSubject = QString("cli round %1").arg(round);
        QCOMPARE(git(cli, {"commit", "-qam", cliSubject}).exitCode, 0);
        const ProcessRun push = git(cli, {"push", "-q", "origin", "main"});
        QVERIFY2(push.exitCode == 0, push.err.constData());
        intended.append(cliSubject);

        // The console's turn, on a clone that is now behind: replayed, or a conflict when the
        // CLI changed the same value; the user keeps the console's value.
        const QString ours = QString("2.60.%1").arg(round);
        CommitRequest request;
        request.edits = {ValueEdit{"acme", ZoneKind::Red, kVersionKey, ours}};
        request.subject = QString("console round %1").arg(round);
        request.push = PushAfterCommit::Push;
        ChangeAttempt attempt = engine->commit(request);
        QVERIFY2(attempt.committed, qPrintable(attempt.refusal));
        if (!attempt.conflicts.isEmpty()) {
            QVERIFY(sameValue);
            QCOMPARE(attempt.conflicts.at(0).theirValue, QString("2.50.%1").arg(round));
            ++conflicts;
            attempt = engine->resolveConflicts({attempt.conflicts.at(0).edit});
        }
        QVERIFY2(attempt.outcome.pushed,
                 qPrintable(QString("round %1: %2").arg(round).arg(attempt.outcome.pushMessage)));
        intended.append(request.subject);
        QVERIFY(gitOut(remote, {"show", "main:" + kRedVersion}).contains("version: " + ours + " "));
    }

    const QStringList history = gitOut(remote, {"log", "--format=%s", "main"}).split('\n');
    for (const QString &subject : intended)
        QVERIFY2(history.contains(subject), qPrintable(subject + " is missing from the remote"));
    QCOMPARE(conflicts, kRounds / 2);
    QVERIFY(gitOut(remote, {"show", "main:" + kGreenBucket})
                    .contains(QString("bucket: acme-green-%1").arg(kRounds - 1)));
    const ProcessRun fsck = git(remote, {"fsck", "--strict"});
    QVERIFY2(fsck.exitCode == 0, fsck.err.constData());
    QCOMPARE(gitOut(work, {"status", "--porcelain"}), QString());
}

QTEST_GUILESS_MAIN(TestChangeConcurrency)
#include "tst_changeconcurrency.moc"
