// Pushing over authenticated transports, for real on loopback: smart HTTP with Basic auth
// (lighttpd + git-http-backend) and SSH (sshd with its own host key, an ed25519 user key,
// known_hosts). An unknown host key is never accepted silently; bad credentials end, not loop.
#include "models/ChangeRequest.h"
#include "services/changes/ChangeEngine.h"
#include "services/git/GitHandles.h"
#include "support/GitServers.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::test;

namespace {

const QString kVersionKey = QStringLiteral("spec.spinnakerConfig.config.version");

QString gitOut(const QString &dir, const QStringList &args)
{
    const ProcessRun run = git(dir, args);
    return QString::fromUtf8(run.out + run.err).trimmed();
}

CommitRequest bump(const QString &version)
{
    CommitRequest request;
    request.edits = {ValueEdit{"acme", ZoneKind::Red, kVersionKey, version}};
    request.subject = "Bump acme red to " + version;
    request.push = PushAfterCommit::Push;
    return request;
}

} // namespace

class TestGitAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void httpsTokenPushes();
    void wrongTokenFailsWithoutLooping();
    void missingTokenNamesTheKeychainKey();
    void cancelledPushKeepsTheCommit();
    void sshUnknownHostKeyIsRefusedThenAccepted();
    void sshKnownHostKeyPushes();
    void sshChangedHostKeyIsRefused();

private:
    void useRemote(const QString &url);

    QTemporaryDir m_dir;
    QString m_home;
    QString m_work;
    QString m_remote;
    GitHttpServer m_http;
    GitSshServer m_ssh;
    int m_version = 0;
};

void TestGitAuth::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // libgit2 reads ~/.ssh/known_hosts from the HOME it sees at init: a scratch one, first.
    m_home = m_dir.filePath("home");
    QVERIFY(QDir().mkpath(m_home + "/.ssh"));
    qputenv("HOME", m_home.toUtf8());
    QStandardPaths::setTestModeEnabled(true);
    ensureLibgit2();
    QString error;
    QVERIFY2(makeDemoClone(m_dir.filePath("fleet"), &m_work, &m_remote, &error), qPrintable(error));
    QCOMPARE(git(m_remote, {"config", "http.receivepack", "true"}).exitCode, 0);
}

void TestGitAuth::useRemote(const QString &url)
{
    QCOMPARE(git(m_work, {"remote", "set-url", "origin", url}).exitCode, 0);
}

void TestGitAuth::httpsTokenPushes()
{
    QVERIFY2(m_http.start(m_dir.filePath("fleet"), m_dir.filePath("http"), "ada", "tok-123"),
             qPrintable(m_http.error()));
    useRemote(m_http.url("remote.git"));
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    QStringList askedFor;
    engine->transport().httpsUser = "ada";
    engine->transport().tokenForUrl = [&](const QString &url) {
        askedFor.append(url);
        return QString("tok-123");
    };
    const ChangeAttempt attempt = engine->commit(bump("2.40.1"));
    QVERIFY2(attempt.outcome.pushed, qPrintable(attempt.refusal + attempt.outcome.pushMessage));
    QVERIFY(!askedFor.isEmpty());
    QCOMPARE(askedFor.first(), m_http.url("remote.git")); // the keychain key is git/<this>
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main"}), attempt.outcome.commitId);
    QCOMPARE(git(m_remote, {"fsck", "--strict"}).exitCode, 0);
}

void TestGitAuth::wrongTokenFailsWithoutLooping()
{
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    int asked = 0;
    engine->transport().httpsUser = "ada";
    engine->transport().tokenForUrl = [&](const QString &) {
        ++asked;
        return QString("wrong");
    };
    const ChangeAttempt attempt = engine->commit(bump("2.40.2"));
    QVERIFY(attempt.committed);
    QVERIFY(!attempt.outcome.pushed);
    QCOMPARE(attempt.outcome.push, PushResult::AuthenticationFailed);
    QVERIFY(asked >= 1 && asked <= 3);
    // Pushed later, with the right token.
    engine->transport().tokenForUrl = [](const QString &) {
        return QString("tok-123");
    };
    QVERIFY(engine->push().outcome.pushed);
}

void TestGitAuth::missingTokenNamesTheKeychainKey()
{
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    engine->transport().httpsUser = "ada";
    engine->transport().tokenForUrl = [](const QString &) {
        return QString();
    };
    const ChangeAttempt attempt = engine->commit(bump("2.40.3"));
    QCOMPARE(attempt.outcome.push, PushResult::AuthenticationFailed);
    QVERIFY2(attempt.outcome.pushMessage.contains("git/" + m_http.url("remote.git")),
             qPrintable(attempt.outcome.pushMessage));
    engine->transport().tokenForUrl = [](const QString &) {
        return QString("tok-123");
    };
    QVERIFY(engine->push().outcome.pushed);
}

void TestGitAuth::cancelledPushKeepsTheCommit()
{
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    std::atomic_bool cancelled = true; // the user pressed Cancel as the transfer began
    engine->transport().cancelled = &cancelled;
    engine->transport().httpsUser = "ada";
    engine->transport().tokenForUrl = [](const QString &) {
        return QString("tok-123");
    };
    const ChangeAttempt attempt = engine->commit(bump("2.40.4"));
    QVERIFY(attempt.committed);
    QCOMPARE(attempt.outcome.push, PushResult::Cancelled);
    QVERIFY(gitOut(m_remote, {"rev-parse", "main"}) != attempt.outcome.commitId);
    cancelled = false;
    QVERIFY(engine->push().outcome.pushed);
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main"}), gitOut(m_work, {"rev-parse", "main"}));
}

void TestGitAuth::sshUnknownHostKeyIsRefusedThenAccepted()
{
    QVERIFY2(m_ssh.start(m_dir.filePath("ssh")), qPrintable(m_ssh.error()));
    useRemote(m_ssh.url(m_remote));
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    engine->transport().sshKeyFile = m_ssh.userKeyFile();
    ChangeAttempt attempt = engine->commit(bump("2.41.0"));
    QVERIFY(attempt.committed);
    QCOMPARE(attempt.outcome.push, PushResult::HostKeyRejected);
    QCOMPARE(attempt.unknownHost, QString("127.0.0.1"));
    QCOMPARE(attempt.unknownFingerprint, m_ssh.hostKeyFingerprint());
    QVERIFY(gitOut(m_remote, {"rev-parse", "main"}) != attempt.outcome.commitId);

    engine->transport().acceptedHostKeys = {attempt.unknownFingerprint};
    attempt = engine->push();
    QVERIFY2(attempt.outcome.pushed, qPrintable(attempt.outcome.pushMessage));
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main"}), attempt.outcome.commitId);
}

void TestGitAuth::sshKnownHostKeyPushes()
{
    QFile knownHosts(m_home + "/.ssh/known_hosts");
    QVERIFY(knownHosts.open(QIODevice::WriteOnly | QIODevice::Truncate));
    knownHosts.write(m_ssh.knownHostsLine().toUtf8() + "\n");
    knownHosts.close();
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    engine->transport().sshKeyFile = m_ssh.userKeyFile();
    const ChangeAttempt attempt = engine->commit(bump("2.41.1"));
    QVERIFY2(attempt.outcome.pushed, qPrintable(attempt.outcome.pushMessage));
    QCOMPARE(gitOut(m_remote, {"log", "-1", "--format=%s", "main"}),
             QString("Bump acme red to 2.41.1"));
    QCOMPARE(git(m_remote, {"fsck", "--strict"}).exitCode, 0);
}

void TestGitAuth::sshChangedHostKeyIsRefused()
{
    // known_hosts names another key for this host and port: a man in the middle, refused.
    const QString other = m_dir.filePath("other_host_key");
    QCOMPARE(runProgram("ssh-keygen", {"-q", "-t", "ed25519", "-N", "", "-f", other}).exitCode, 0);
    QFile pub(other + ".pub");
    QVERIFY(pub.open(QIODevice::ReadOnly));
    const QList<QByteArray> parts = pub.readAll().trimmed().split(' ');
    const QString line =
            m_ssh.knownHostsLine().section(' ', 0, 0) + " " + parts.value(0) + " " + parts.value(1);
    QFile knownHosts(m_home + "/.ssh/known_hosts");
    QVERIFY(knownHosts.open(QIODevice::WriteOnly | QIODevice::Truncate));
    knownHosts.write(line.toUtf8() + "\n");
    knownHosts.close();
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    engine->transport().sshKeyFile = m_ssh.userKeyFile();
    const ChangeAttempt attempt = engine->commit(bump("2.41.2"));
    QVERIFY(attempt.committed);
    QVERIFY(!attempt.outcome.pushed);
    QCOMPARE(attempt.outcome.push, PushResult::HostKeyRejected);
}

QTEST_GUILESS_MAIN(TestGitAuth)
#include "tst_gitauth.moc"
