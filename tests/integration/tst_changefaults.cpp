// Faults a change must survive with nothing lost and nothing half-written: `quarterdeck set
// --push` killed with SIGKILL at random points against a real `git daemon`, an interrupted
// commit found and undone by the next change, a full disk (a small tmpfs) and a read-only repo
// (a read-only bind mount). Mounting needs root; without it those two are skipped, saying so.
#include "models/ChangeRequest.h"
#include "services/changes/ChangeEngine.h"
#include "services/changes/ChangeJournal.h"
#include "services/changes/ChangeService.h"
#include "services/git/GitRepository.h"
#include "support/GitServers.h"
#include "support/TestRepo.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileSystemWatcher>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStorageInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace qd;
using namespace qd::test;

namespace {

const QString kVersionKey = QStringLiteral("spec.spinnakerConfig.config.version");
const QString kRedVersionFile = QStringLiteral("customers/acme/red/patch-version.yml");
const QString kJournal = QStringLiteral(".git/quarterdeck/change-in-progress");
// From its change record to its exit, `set --push` writes, commits and pushes in about this
// long (under ASan, to a git daemon on loopback).
constexpr qint64 kLateSpanMs = 30;

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

CommitRequest redVersion(const QString &version, const QString &subject)
{
    CommitRequest request;
    request.edits = {ValueEdit{"acme", ZoneKind::Red, kVersionKey, version}};
    request.subject = subject;
    return request;
}

// Mounts and unmounts with mount(8); a test that cannot mount is skipped.
struct Mount
{
    QString target;
    ~Mount()
    {
        if (!target.isEmpty())
            runProgram(QStringLiteral("umount"), {QStringLiteral("-l"), target});
    }
};

// Fills the file system holding `dir` up to `leave` bytes free (in 4 KiB steps).
bool fillDisk(const QString &dir, qint64 leave)
{
    QFile::remove(dir + QStringLiteral("/filler"));
    const qint64 free = QStorageInfo(dir).bytesAvailable();
    QFile filler(dir + QStringLiteral("/filler"));
    if (!filler.open(QIODevice::WriteOnly))
        return false;
    const QByteArray block(4096, 'x');
    qint64 written = 0;
    while (written + block.size() <= free - leave && filler.write(block) == block.size())
        written += block.size();
    filler.close();
    QStorageInfo after(dir);
    after.refresh();
    return after.bytesAvailable() <= leave + 4096;
}

} // namespace

class TestChangeFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void interruptedCommitIsUndoneAndMadeOnce();
    void consoleOpeningTheRepoPutsItBack();
    void setPushKilledAtRandomPointsLosesNothing();
    void fullDiskIsRefusedAndLeavesNothingHalfWritten();
    void readOnlyRepoIsRefusedButPreviews();

private:
    // The remote's commits on main since `since` whose subject is `subject`.
    int remoteCommitsWithSubject(const QString &since, const QString &subject);
    void expectCleanRepos();
    // The new bytes of acme's Red version file, as a killed change left them (empty: failed).
    QByteArray leaveInterruptedChange(const QString &version);

    QTemporaryDir m_dir;
    QString m_work;
    QString m_remote;
    GitDaemon m_daemon;
};

void TestChangeFaults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(makeServedDemoClone(m_dir.path(), m_daemon, &m_work, &m_remote, &error),
             qPrintable(error));
}

int TestChangeFaults::remoteCommitsWithSubject(const QString &since, const QString &subject)
{
    const QStringList subjects =
            gitOut(m_remote, {"log", "--format=%s", since + "..main"}).split('\n', Qt::SkipEmptyParts);
    return int(subjects.count(subject));
}

void TestChangeFaults::expectCleanRepos()
{
    QVERIFY2(m_daemon.waitUntilIdle(), "git daemon still serving after 10 s");
    for (const QString &repo : {m_work, m_remote}) {
        const ProcessRun fsck = git(repo, {"fsck", "--strict", "--no-progress"});
        QVERIFY2(fsck.exitCode == 0, (repo + ": " + fsck.out + fsck.err).toUtf8().constData());
    }
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
    QVERIFY(!QFile::exists(m_work + "/" + kJournal));
    QVERIFY(!QFile::exists(m_work + "/.git/index.lock"));
}

QByteArray TestChangeFaults::leaveInterruptedChange(const QString &version)
{
    // What a change killed between writing the working tree and committing leaves: its record,
    // the new bytes, the index staging them and git's lock, by a process that is gone.
    const QString head = gitOut(m_work, {"rev-parse", "HEAD"});
    const QByteArray before = bytesOf(m_work + "/" + kRedVersionFile);
    QString text = QString::fromUtf8(before);
    text.replace(QRegularExpression(QStringLiteral("(?m)^      version: [^ \\n]+")),
                 QStringLiteral("      version: ") + version);
    const QByteArray after = text.toUtf8();
    if (after == before)
        return {};
    {
        auto repo = GitRepository::open(m_work);
        if (!repo || !ChangeJournal(repo->get()).begin(head, "main", {{kRedVersionFile, after}},
                                                        {{kRedVersionFile, before}}))
            return {};
    }
    QProcess gone;
    gone.start(QStringLiteral("sleep"), {QStringLiteral("0.1")});
    gone.waitForStarted();
    const qint64 deadPid = gone.processId();
    gone.waitForFinished();
    QByteArray record = bytesOf(m_work + "/" + kJournal);
    const QByteArray ownPid = "\"pid\":" + QByteArray::number(QCoreApplication::applicationPid());
    if (!record.contains(ownPid))
        return {};
    record.replace(ownPid, "\"pid\":" + QByteArray::number(deadPid));
    if (!writeFile(m_work, kJournal, record) || !writeFile(m_work, kRedVersionFile, after)
        || git(m_work, {"add", kRedVersionFile}).exitCode != 0
        || !writeFile(m_work, ".git/index.lock", ""))
        return {};
    return after;
}

void TestChangeFaults::interruptedCommitIsUndoneAndMadeOnce()
{
    auto engine = ChangeEngine::open(m_work);
    QVERIFY2(engine, qPrintable(engine.errorMessage()));
    const QString head = gitOut(m_work, {"rev-parse", "HEAD"});
    const QByteArray after = leaveInterruptedChange("2.31.9");
    QVERIFY(!after.isEmpty());

    // The same change again: undone first, then made once.
    ChangeAttempt attempt = engine->commit(redVersion("2.31.9", "Interrupted bump"));
    QVERIFY2(attempt.committed, qPrintable(attempt.refusal));
    QVERIFY2(attempt.recovered.contains("was undone"), qPrintable(attempt.recovered));
    QVERIFY2(attempt.recovered.contains(kRedVersionFile), qPrintable(attempt.recovered));
    QVERIFY2(attempt.recovered.contains("index.lock"), qPrintable(attempt.recovered));
    QCOMPARE(gitOut(m_work, {"rev-list", "--count", head + "..HEAD"}), QString("1"));
    QCOMPARE(gitOut(m_work, {"show", "HEAD:" + kRedVersionFile}).toUtf8() + "\n", after);
    QCOMPARE(bytesOf(m_work + "/" + kRedVersionFile), after);
    attempt = engine->push();
    QVERIFY2(attempt.outcome.pushed, qPrintable(attempt.outcome.pushMessage));
    expectCleanRepos();
}

void TestChangeFaults::consoleOpeningTheRepoPutsItBack()
{
    const QByteArray before = bytesOf(m_work + "/" + kRedVersionFile);
    QVERIFY(!leaveInterruptedChange("2.31.6").isEmpty());
    ChangeService service;
    QSignalSpy recovered(&service, &ChangeService::recovered);
    service.setRepository(m_work);
    QVERIFY(recovered.wait(30000));
    const QString said = recovered.at(0).at(0).toString();
    QVERIFY2(said.contains("was undone") && said.contains(kRedVersionFile), qPrintable(said));
    QCOMPARE(bytesOf(m_work + "/" + kRedVersionFile), before);
    expectCleanRepos();
}

void TestChangeFaults::setPushKilledAtRandomPointsLosesNothing()
{
    const QString binary = QStringLiteral(QD_BINARY_DIR "/quarterdeck");
    const int runs = envInt("QD_KILL_RUNS", 40);
    QRandomGenerator random(quint32(envInt("QD_KILL_SEED", 1)));
    const auto arguments = [&](int run) {
        return QStringList{"set", "--repo", m_work, "--customer", "acme", "--zone", "red",
                           kVersionKey + QStringLiteral("=2.40.%1").arg(run), "-m",
                           QStringLiteral("Kill run %1").arg(run), "--push"};
    };
    // How long an uninterrupted run takes: the kills land anywhere within it.
    QElapsedTimer timer;
    timer.start();
    ProcessRun whole = runProgram(binary, arguments(runs));
    const qint64 span = timer.elapsed();
    QVERIFY2(whole.exitCode == 0, whole.err.constData());

    QMap<QString, int> states; // where the kill left the change, for the summary
    for (int run = 0; run < runs; ++run) {
        const QString remoteBefore = gitOut(m_remote, {"rev-parse", "main"});
        const QString subject = QStringLiteral("Kill run %1").arg(run);
        // Every other run is killed anywhere in its whole life, the rest within the moments
        // after its change record appears: writing the tree, committing, pushing.
        const bool late = run % 2 == 1;
        const int delay = int(random.bounded((late ? kLateSpanMs : span) + 1));
        QProcess killed;
        QFileSystemWatcher records({m_work + "/.git/quarterdeck"});
        QEventLoop recorded;
        if (late) {
            connect(&records, &QFileSystemWatcher::directoryChanged, &recorded, &QEventLoop::quit);
            connect(&killed, &QProcess::finished, &recorded, &QEventLoop::quit);
            QTimer::singleShot(60000, &recorded, &QEventLoop::quit);
        }
        killed.start(binary, arguments(run));
        QVERIFY(killed.waitForStarted());
        if (late)
            recorded.exec();
        if (!killed.waitForFinished(delay)) {
            killed.kill(); // SIGKILL
            QVERIFY(killed.waitForFinished());
        }
        // Whatever the moment: both repositories are sound, and a changed working tree is
        // recorded for the next change to undo. The remote is checked once its receive-pack,
        // which the kill does not reach, has finished with it.
        QVERIFY2(m_daemon.waitUntilIdle(),
                 qPrintable(QStringLiteral("run %1: git daemon still serving after 10 s").arg(run)));
        for (const QString &repo : {m_work, m_remote}) {
            const ProcessRun fsck = git(repo, {"fsck", "--strict", "--no-progress"});
            QVERIFY2(fsck.exitCode == 0,
                     qPrintable(QStringLiteral("run %1 (killed after %2 ms): %3: %4%5")
                                        .arg(run).arg(delay).arg(repo, QString::fromUtf8(fsck.out),
                                                                 QString::fromUtf8(fsck.err))));
        }
        const QString dirty = gitOut(m_work, {"status", "--porcelain", "--untracked-files=all"});
        const bool journal = QFile::exists(m_work + "/" + kJournal);
        QVERIFY2(dirty.isEmpty() || journal,
                 qPrintable(QStringLiteral("run %1: changed with no record: %2").arg(run).arg(dirty)));
        const bool onRemote = remoteCommitsWithSubject(remoteBefore, subject) == 1;
        const bool local = gitOut(m_work, {"log", "-1", "--format=%s"}) == subject;
        ++states[onRemote ? "pushed" : local ? "committed, not pushed"
                          : !dirty.isEmpty() ? "written, not committed"
                          : journal ? "recorded, nothing written" : "nothing done"];

        // The same command again finishes the change, exactly once.
        const ProcessRun again = runProgram(binary, arguments(run));
        const bool alreadyDone = again.exitCode == 1 && again.err.contains("already set") && onRemote;
        QVERIFY2(again.exitCode == 0 || alreadyDone,
                 qPrintable(QStringLiteral("run %1 again: exit %2: %3")
                                    .arg(run).arg(again.exitCode).arg(QString::fromUtf8(again.err))));
        QCOMPARE(remoteCommitsWithSubject(remoteBefore, subject), 1);
        QCOMPARE(gitOut(m_remote, {"rev-list", "--count", remoteBefore + "..main"}), QString("1"));
        QCOMPARE(gitOut(m_work, {"rev-parse", "HEAD"}), gitOut(m_remote, {"rev-parse", "main"}));
        QVERIFY(gitOut(m_remote, {"show", "main:" + kRedVersionFile})
                        .contains(QStringLiteral("version: 2.40.%1").arg(run)));
        QCOMPARE(gitOut(m_work, {"status", "--porcelain", "--untracked-files=all"}), QString());
        QVERIFY(!QFile::exists(m_work + "/" + kJournal));
    }
    QStringList summary;
    for (auto it = states.cbegin(); it != states.cend(); ++it)
        summary.append(QStringLiteral("%1: %2").arg(it.key()).arg(it.value()));
    qInfo("%d runs killed within %lld ms or %lld ms after recording the change: %s", runs, span, kLateSpanMs, qPrintable(summary.join(", ")));
    expectCleanRepos();
}

void TestChangeFaults::fullDiskIsRefusedAndLeavesNothingHalfWritten()
{
    Mount disk{m_dir.filePath("disk")};
    QVERIFY(QDir().mkpath(disk.target));
    const ProcessRun mounted = runProgram(
            "mount", {"-t", "tmpfs", "-o", "size=8m", "quarterdeck-test", disk.target});
    if (mounted.exitCode != 0) {
        disk.target.clear();
        QSKIP(qPrintable("cannot mount a tmpfs here (needs root): " + mounted.err));
    }
    const QString work = disk.target + "/work";
    // Shallow: the remote has grown by the kill runs, the disk stays small.
    const ProcessRun cloned =
            git(m_dir.path(), {"clone", "-q", "--depth", "1", "file://" + m_remote, work});
    QVERIFY2(cloned.exitCode == 0, cloned.err.constData());
    QCOMPARE(git(work, {"config", "user.name", "Quarterdeck Test"}).exitCode, 0);
    QCOMPARE(git(work, {"config", "user.email", "qd@example.com"}).exitCode, 0);
    const QString head = gitOut(work, {"rev-parse", "HEAD"});
    const QByteArray before = bytesOf(work + "/" + kRedVersionFile);

    // From no room at all to enough, one page at a time: every failure is refused with the
    // cause, and leaves the tree and the repository as they were.
    bool committed = false;
    QString firstRefusal;
    int putBackLater = 0;
    for (qint64 leave = 0; leave <= 64 * 1024 && !committed; leave += 4096) {
        QVERIFY(fillDisk(disk.target, leave));
        auto engine = ChangeEngine::open(work);
        QVERIFY2(engine, qPrintable(engine.errorMessage()));
        const ChangeAttempt attempt = engine->commit(redVersion("2.31.7", "Bump on a full disk"));
        const ProcessRun fsck = git(work, {"fsck", "--strict", "--no-progress"});
        QVERIFY2(fsck.exitCode == 0, fsck.err.constData());
        QFile::remove(disk.target + "/filler");
        if (attempt.committed) {
            committed = true;
            QCOMPARE(gitOut(work, {"rev-list", "--count", head + "..HEAD"}), QString("1"));
            QVERIFY(gitOut(work, {"show", "HEAD:" + kRedVersionFile}).contains("version: 2.31.7"));
        } else {
            if (firstRefusal.isEmpty())
                firstRefusal = attempt.refusal;
            QVERIFY2(attempt.refusal.contains("No space left on device"),
                     qPrintable(attempt.refusal));
            QCOMPARE(gitOut(work, {"rev-parse", "HEAD"}), head);
            // Put back at once, or (when even that found no room) as soon as there is room.
            const bool keptForLater = attempt.refusal.contains("put back before the next change");
            if (keptForLater) {
                ++putBackLater;
                QVERIFY(QFile::exists(work + "/" + kJournal));
                const auto recovered = engine->recover();
                QVERIFY2(recovered && recovered->contains("undone"),
                         qPrintable(recovered ? *recovered : recovered.errorMessage()));
            }
            QVERIFY2(bytesOf(work + "/" + kRedVersionFile) == before,
                     qPrintable(QStringLiteral("%1 bytes free: %2").arg(leave).arg(attempt.refusal)));
        }
        QCOMPARE(gitOut(work, {"status", "--porcelain", "--untracked-files=all"}), QString());
        QVERIFY(!QFile::exists(work + "/" + kJournal));
    }
    QVERIFY2(!firstRefusal.isEmpty(), "the disk was never full enough to refuse");
    QVERIFY2(committed, "64 KiB free was never enough to commit");
    qInfo("first refusal: %s; %d refusals put back only once there was room", qPrintable(firstRefusal),
          putBackLater);
}

void TestChangeFaults::readOnlyRepoIsRefusedButPreviews()
{
    Mount view{m_dir.filePath("read-only")};
    QVERIFY(QDir().mkpath(view.target));
    const ProcessRun bound = runProgram("mount", {"--bind", m_work, view.target});
    if (bound.exitCode != 0) {
        view.target.clear();
        QSKIP(qPrintable("cannot bind-mount here (needs root): " + bound.err));
    }
    const ProcessRun readOnly =
            runProgram("mount", {"-o", "remount,bind,ro", view.target});
    QVERIFY2(readOnly.exitCode == 0, readOnly.err.constData());
    const QString head = gitOut(m_work, {"rev-parse", "HEAD"});
    auto engine = ChangeEngine::open(view.target);
    QVERIFY2(engine, qPrintable(engine.errorMessage()));

    // Previews are computed in memory: a read-only clone still shows the diff and validates.
    const auto preview = engine->previewEdits({ValueEdit{"acme", ZoneKind::Red, kVersionKey, "2.31.8"}});
    QVERIFY2(preview, qPrintable(preview.errorMessage()));
    QCOMPARE(preview->files, QStringList{kRedVersionFile});
    QVERIFY(preview->unifiedDiff.contains("+      version: 2.31.8"));

    const ChangeAttempt attempt = engine->commit(redVersion("2.31.8", "Bump on a read-only disk"));
    QVERIFY(!attempt.committed);
    QVERIFY2(attempt.refusal.contains("Read-only file system"), qPrintable(attempt.refusal));
    QCOMPARE(gitOut(m_work, {"rev-parse", "HEAD"}), head);
    expectCleanRepos();
}

QTEST_GUILESS_MAIN(TestChangeFaults)
#include "tst_changefaults.moc"
