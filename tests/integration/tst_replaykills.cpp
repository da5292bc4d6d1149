// A change killed while it replays itself onto a remote head that moved on: before each run a
// second clone pushes a commit (a new file and an edit of a shared one) to the real git daemon,
// so `quarterdeck set --push` is refused as non-fast-forward, fetches, moves its branch to the
// new remote head and makes its change again there. It is sent SIGKILL at a random moment of
// that replay (caught by its record appearing). Afterwards both repositories are sound, and the
// same command run again finishes the change exactly once on top of the other clone's commit,
// leaving the working tree clean: no file of a checkout cut short is left behind.
#include "services/changes/ChangeEngine.h"
#include "support/GitServers.h"
#include "support/TestRepo.h"

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileSystemWatcher>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace qd::test;

namespace {

const QString kVersionKey = QStringLiteral("spec.spinnakerConfig.config.version");
const QString kRedVersionFile = QStringLiteral("customers/acme/red/patch-version.yml");
const QString kReplayRecord = QStringLiteral(".git/quarterdeck/replay-in-progress");
const QString kChangeRecord = QStringLiteral(".git/quarterdeck/change-in-progress");
// From its replay record to its push, a replay moves the branch, checks out, edits, validates
// the fleet and commits: about this long under ASan. Kills land anywhere within it.
constexpr int kReplaySpanMs = 150;

} // namespace

class TestReplayKills : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void interruptedReplayIsPutBack_data();
    void interruptedReplayIsPutBack();
    void replayKilledAtRandomPointsLosesNothing();

private:
    // Pushes a commit from the other clone: a new file and a line added to a shared one.
    bool otherClonePushes(int run);

    QTemporaryDir m_dir;
    QString m_work;
    QString m_remote;
    QString m_other;
    GitDaemon m_daemon;
};

void TestReplayKills::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(makeServedDemoClone(m_dir.path(), m_daemon, &m_work, &m_remote, &error), qPrintable(error));
    m_other = m_dir.filePath(QStringLiteral("other"));
    const ProcessRun cloned = git(m_dir.path(), {"clone", "-q", m_remote, m_other});
    QVERIFY2(cloned.exitCode == 0, cloned.err.constData());
}

bool TestReplayKills::otherClonePushes(int run)
{
    if (git(m_other, {"pull", "-q", "--ff-only"}).exitCode != 0)
        return false;
    QFile shared(m_other + QStringLiteral("/maintenance.yaml"));
    if (!shared.open(QIODevice::Append))
        return false;
    shared.write(QByteArray("# reviewed in run ") + QByteArray::number(run) + '\n');
    shared.close();
    return writeFile(m_other, QStringLiteral("notes/run-%1.md").arg(run), "Another SRE's note.\n")
           && git(m_other, {"add", "-A"}).exitCode == 0
           && git(m_other, {"commit", "-q", "-m", QStringLiteral("Other clone %1").arg(run)}).exitCode == 0
           && git(m_other, {"push", "-q", "origin", "HEAD:main"}).exitCode == 0;
}

void TestReplayKills::interruptedReplayIsPutBack_data()
{
    QTest::addColumn<bool>("branchMoved");
    // Killed inside the checkout of the remote head: its files half written, the branch not moved.
    QTest::newRow("checkout cut short") << false;
    // Killed after the branch moved to the remote head, before the change was made again there.
    QTest::newRow("branch on the remote head") << true;
}

void TestReplayKills::interruptedReplayIsPutBack()
{
    QFETCH(bool, branchMoved);
    const QString binary = QStringLiteral(QD_BINARY_DIR "/quarterdeck");
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    const QString subject = QStringLiteral("Bump before the replay (%1)").arg(tag);
    const QString version = branchMoved ? QStringLiteral("2.49.2") : QStringLiteral("2.49.1");
    const QStringList arguments{"set", "--repo", m_work, "--customer", "acme", "--zone", "red",
                                kVersionKey + QLatin1Char('=') + version, "-m", subject};
    const ProcessRun committed = runProgram(binary, arguments);
    QVERIFY2(committed.exitCode == 0, committed.err.constData());
    const QString ours = gitOut(m_work, {"rev-parse", "HEAD"});
    QVERIFY(otherClonePushes(branchMoved ? 1001 : 1000));
    QCOMPARE(git(m_work, {"fetch", "-q", "origin"}).exitCode, 0);
    const QString remote = gitOut(m_work, {"rev-parse", "origin/main"});

    // What the killed replay left, by a process that is gone.
    QProcess gone;
    gone.start(QStringLiteral("true"), {});
    QVERIFY(gone.waitForFinished());
    const QByteArray record = QStringLiteral(R"({"pid":%1,"startedAt":"%2","ours":"%3","remote":"%4","branch":"main"})")
                                      .arg(gone.processId())
                                      .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), ours, remote)
                                      .toUtf8();
    QVERIFY(writeFile(m_work, kReplayRecord, record));
    if (branchMoved) {
        QCOMPARE(git(m_work, {"reset", "-q", "--hard", remote}).exitCode, 0);
    } else {
        const int run = 1000;
        QVERIFY(writeFile(m_work, QStringLiteral("notes/run-%1.md").arg(run), "Another SRE's note.\n"));
        QVERIFY(writeFile(m_work, QStringLiteral("maintenance.yaml"),
                          gitOut(m_work, {"show", remote + ":maintenance.yaml"}).toUtf8() + '\n'));
    }
    QVERIFY(!gitOut(m_work, {"status", "--porcelain", "--untracked-files=all"}).isEmpty()
            || gitOut(m_work, {"rev-parse", "HEAD"}) != ours);

    auto engine = qd::ChangeEngine::open(m_work);
    QVERIFY2(engine, qPrintable(engine.errorMessage()));
    const auto recovered = engine->recover();
    QVERIFY2(recovered, qPrintable(recovered.errorMessage()));
    QVERIFY2(recovered->contains(QLatin1String("was put back")), qPrintable(*recovered));
    QCOMPARE(gitOut(m_work, {"rev-parse", "HEAD"}), ours);
    QCOMPARE(gitOut(m_work, {"status", "--porcelain", "--untracked-files=all"}), QString());
    QVERIFY(!QFile::exists(m_work + QLatin1Char('/') + kReplayRecord));

    // The same change with --push: our commit, replayed once on the other clone's.
    const ProcessRun pushed = runProgram(binary, arguments + QStringList{"--push"});
    QVERIFY2(pushed.exitCode == 0, pushed.err.constData());
    QCOMPARE(gitOut(m_remote, {"log", "--format=%s", remote + "..main"}), subject);
    QCOMPARE(gitOut(m_work, {"rev-parse", "HEAD"}), gitOut(m_remote, {"rev-parse", "main"}));
    QCOMPARE(gitOut(m_work, {"status", "--porcelain", "--untracked-files=all"}), QString());
}

void TestReplayKills::replayKilledAtRandomPointsLosesNothing()
{
    const QString binary = QStringLiteral(QD_BINARY_DIR "/quarterdeck");
    const int runs = envInt("QD_REPLAY_KILL_RUNS", 12);
    QRandomGenerator random(quint32(envInt("QD_KILL_SEED", 1)));
    QMap<QString, int> states;
    int replaysKilled = 0;
    for (int run = 0; run < runs; ++run) {
        // Our clone is one commit behind when the change starts: its push must replay.
        QVERIFY2(otherClonePushes(run), qPrintable(QStringLiteral("run %1: the other clone's push").arg(run)));
        const QString remoteBefore = gitOut(m_remote, {"rev-parse", "main"});
        const QString subject = QStringLiteral("Replay kill %1").arg(run);
        const QStringList arguments{"set", "--repo", m_work, "--customer", "acme", "--zone", "red",
                                    kVersionKey + QStringLiteral("=2.50.%1").arg(run), "-m", subject,
                                    "--push"};
        const int delay = int(random.bounded(kReplaySpanMs + 1));
        QProcess killed;
        QFileSystemWatcher records({m_work + QStringLiteral("/.git/quarterdeck")});
        QEventLoop replaying;
        connect(&records, &QFileSystemWatcher::directoryChanged, &replaying, [&] {
            if (QFile::exists(m_work + QLatin1Char('/') + kReplayRecord))
                replaying.quit();
        });
        connect(&killed, &QProcess::finished, &replaying, &QEventLoop::quit);
        QTimer::singleShot(60000, &replaying, &QEventLoop::quit);
        killed.start(binary, arguments);
        QVERIFY(killed.waitForStarted());
        replaying.exec();
        if (killed.state() != QProcess::NotRunning && !killed.waitForFinished(delay)) {
            killed.kill(); // SIGKILL
            QVERIFY(killed.waitForFinished());
            ++replaysKilled;
        } else {
            QVERIFY2(killed.exitStatus() == QProcess::NormalExit && killed.exitCode() == 0,
                     qPrintable(QStringLiteral("run %1 ended on its own: exit %2: %3")
                                        .arg(run).arg(killed.exitCode())
                                        .arg(QString::fromUtf8(killed.readAllStandardError()))));
        }
        QVERIFY2(m_daemon.waitUntilIdle(), "git daemon still serving after 10 s");
        for (const QString &repo : {m_work, m_remote}) {
            const ProcessRun fsck = git(repo, {"fsck", "--strict", "--no-progress"});
            QVERIFY2(fsck.exitCode == 0, qPrintable(QStringLiteral("run %1 (killed %2 ms into the replay): %3: %4")
                                                            .arg(run).arg(delay).arg(repo, QString::fromUtf8(fsck.err))));
        }
        const bool onRemote = gitOut(m_remote, {"log", "--format=%s", remoteBefore + "..main"}) == subject;
        const bool recorded = QFile::exists(m_work + QLatin1Char('/') + kReplayRecord);
        ++states[onRemote ? "pushed" : recorded ? "replay interrupted" : "replay finished, not pushed"];

        // The same command again finishes the change, exactly once, on the other clone's commit.
        const ProcessRun again = runProgram(binary, arguments);
        const bool alreadyDone = again.exitCode == 1 && again.err.contains("already set") && onRemote;
        QVERIFY2(again.exitCode == 0 || alreadyDone,
                 qPrintable(QStringLiteral("run %1 again: exit %2: %3")
                                    .arg(run).arg(again.exitCode).arg(QString::fromUtf8(again.err))));
        QCOMPARE(gitOut(m_remote, {"log", "--format=%s", remoteBefore + "..main"}), subject);
        QCOMPARE(gitOut(m_remote, {"log", "-1", "--format=%s", "main~1"}), QStringLiteral("Other clone %1").arg(run));
        QCOMPARE(gitOut(m_work, {"rev-parse", "HEAD"}), gitOut(m_remote, {"rev-parse", "main"}));
        QVERIFY(gitOut(m_remote, {"show", "main:" + kRedVersionFile}).contains(QStringLiteral("version: 2.50.%1").arg(run)));
        QVERIFY(gitOut(m_remote, {"show", "main:maintenance.yaml"}).contains(QStringLiteral("# reviewed in run %1").arg(run)));
        QCOMPARE(gitOut(m_work, {"status", "--porcelain", "--untracked-files=all"}), QString());
        QVERIFY(!QFile::exists(m_work + QLatin1Char('/') + kReplayRecord));
        QVERIFY(!QFile::exists(m_work + QLatin1Char('/') + kChangeRecord));
    }
    QStringList summary;
    for (auto it = states.cbegin(); it != states.cend(); ++it)
        summary.append(QStringLiteral("%1: %2").arg(it.key()).arg(it.value()));
    qInfo("%d runs, %d killed within %d ms of their replay record: %s", runs, replaysKilled, kReplaySpanMs,
          qPrintable(summary.join(QStringLiteral(", "))));
    QVERIFY2(states.value("replay interrupted") > 0, "no kill landed inside a replay: the test proved nothing");
}

QTEST_GUILESS_MAIN(TestReplayKills)
#include "tst_replaykills.moc"
