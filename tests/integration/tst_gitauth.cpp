// Pushing over authenticated transports, for real on loopback: smart HTTP with Basic auth
// (lighttpd + git-http-backend), the same over HTTPS with a throwaway CA (lighttpd's
// mod_openssl), and SSH (sshd with its own host key, an ed25519 user key, known_hosts). An
// unknown host key or an untrusted certificate is never accepted silently; bad credentials end,
// not loop.
#include "models/ChangeRequest.h"
#include "services/changes/ChangeEngine.h"
#include "services/git/GitHandles.h"
#include "support/GitServers.h"
#include "support/TestCertificates.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace qd;
using namespace qd::test;

namespace {

const QString kVersionKey = QStringLiteral("spec.spinnakerConfig.config.version");

CommitRequest bump(const QString &version)
{
    CommitRequest request;
    request.edits = {ValueEdit{"acme", ZoneKind::Red, kVersionKey, version}};
    request.subject = "Bump acme red to " + version;
    request.push = PushAfterCommit::Push;
    return request;
}

// What the git CLI, trusting only `caFile`, sees of refs/heads/main over https://.
QString
lsRemoteMain(const QString &url, const QString &user, const QString &token, const QString &caFile)
{
    QUrl withCredentials(url);
    withCredentials.setUserName(user);
    withCredentials.setPassword(token);
    QProcessEnvironment environment = gitEnvironment();
    environment.insert("GIT_SSL_CAINFO", caFile); // overrides http.sslCAInfo and the system's
    const ProcessRun run =
            runProgram("git", {"ls-remote", withCredentials.toString(), "refs/heads/main"},
                       QString(), environment);
    if (run.exitCode != 0)
        return "git ls-remote failed: " + QString::fromUtf8(run.err);
    return QString::fromUtf8(run.out).section('\t', 0, 0).trimmed();
}

} // namespace

class TestGitAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void httpTokenPushes();
    void wrongTokenFailsWithoutLooping();
    void missingTokenNamesTheKeychainKey();
    void cancelledPushKeepsTheCommit();
    void httpsWithTheCustomCaPushes();
    void httpsUntrustedCertificateIsRefused_data();
    void httpsUntrustedCertificateIsRefused();
    void httpsWrongTokenIsAnAuthenticationFailure();
    void httpsUnusableCaFileIsNamed();
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
    GitHttpServer m_https;
    TestPki m_pki;      // the CA that signed m_https's certificate
    TestPki m_otherPki; // a CA that did not
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

void TestGitAuth::httpTokenPushes()
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
    QCOMPARE(askedFor, QStringList{m_http.url("remote.git")}); // once; the key is git/<this>
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
    QCOMPARE(asked, 1); // read once; libgit2's retries offer the same token
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

void TestGitAuth::httpsWithTheCustomCaPushes()
{
    QString error;
    // A certificate for "localhost" only: libgit2's mbedTLS does not match IP addresses, and a
    // URL with 127.0.0.1 then makes a name mismatch to test.
    QVERIFY2(makeTestPki(m_dir.filePath("pki"), {"localhost"}, {}, &m_pki, &error),
             qPrintable(error));
    QVERIFY2(makeTestPki(m_dir.filePath("other-pki"), {"localhost"}, {}, &m_otherPki, &error),
             qPrintable(error));
    QVERIFY2(m_https.start(m_dir.filePath("fleet"), m_dir.filePath("https"), "ada", "tok-tls-456",
                           {m_pki.certFile, m_pki.keyFile}),
             qPrintable(m_https.error()));
    QVERIFY(m_https.url("remote.git").startsWith("https://localhost:"));
    useRemote(m_https.url("remote.git"));
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    QStringList askedFor;
    engine->transport().httpsUser = "ada";
    engine->transport().caFile = m_pki.caFile;
    engine->transport().tokenForUrl = [&](const QString &url) {
        askedFor.append(url);
        return QString("tok-tls-456");
    };
    const ChangeAttempt attempt = engine->commit(bump("2.42.0"));
    QVERIFY2(attempt.outcome.pushed, qPrintable(attempt.refusal + attempt.outcome.pushMessage));
    QCOMPARE(askedFor, QStringList{m_https.url("remote.git")}); // once; the key is git/<this>
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main"}), attempt.outcome.commitId);
    QCOMPARE(git(m_remote, {"fsck", "--strict"}).exitCode, 0);
    // The git CLI, over the same TLS server and trusting the same CA, sees the pushed commit.
    QCOMPARE(lsRemoteMain(m_https.url("remote.git"), "ada", "tok-tls-456", m_pki.caFile),
             attempt.outcome.commitId);
}

void TestGitAuth::httpsUntrustedCertificateIsRefused_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("caFile"); // "other": a CA that did not sign the certificate
    QTest::addColumn<QString>("version");
    // Right after a push that trusted the test CA: it must not stay trusted once unset.
    QTest::newRow("system CAs only") << "localhost" << QString() << "2.42.1";
    QTest::newRow("another private CA") << "localhost"
                                        << "other"
                                        << "2.42.2";
    QTest::newRow("name mismatch") << "127.0.0.1"
                                   << "pki"
                                   << "2.42.3";
}

void TestGitAuth::httpsUntrustedCertificateIsRefused()
{
    QFETCH(QString, host);
    QFETCH(QString, caFile);
    QFETCH(QString, version);
    useRemote(m_https.url("remote.git", host));
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    int asked = 0;
    engine->transport().httpsUser = "ada";
    engine->transport().caFile = caFile == "other" ? m_otherPki.caFile
                                 : caFile == "pki" ? m_pki.caFile
                                                   : QString();
    engine->transport().tokenForUrl = [&](const QString &) {
        ++asked;
        return QString("tok-tls-456");
    };
    const QString before = gitOut(m_remote, {"rev-parse", "main"});
    const ChangeAttempt attempt = engine->commit(bump(version));
    QVERIFY(attempt.committed);
    QVERIFY(!attempt.outcome.pushed);
    QCOMPARE(attempt.outcome.push, PushResult::HostKeyRejected);
    const QString message = attempt.outcome.pushMessage;
    QVERIFY2(message.contains("TLS certificate of " + host + " is not trusted"),
             qPrintable(message));
    QVERIFY2(message.contains("git/caFile"), qPrintable(message));
    QVERIFY(attempt.unknownHost.isEmpty()); // not an SSH host key to offer for acceptance
    QCOMPARE(asked, 0);                     // the token never went to the untrusted server
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main"}), before);
    useRemote(m_https.url("remote.git"));
}

void TestGitAuth::httpsWrongTokenIsAnAuthenticationFailure()
{
    auto engine = ChangeEngine::open(m_work);
    QVERIFY(engine.ok());
    int asked = 0;
    engine->transport().httpsUser = "ada";
    engine->transport().caFile = m_pki.caFile;
    engine->transport().tokenForUrl = [&](const QString &) {
        ++asked;
        return QString("tok-wrong");
    };
    const QString before = gitOut(m_remote, {"rev-parse", "main"});
    const ChangeAttempt attempt = engine->commit(bump("2.42.4"));
    QVERIFY(attempt.committed);
    QVERIFY(!attempt.outcome.pushed);
    QCOMPARE(attempt.outcome.push, PushResult::AuthenticationFailed);
    QCOMPARE(asked, 1); // read once; libgit2's retries offer the same token
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main"}), before);
    // The right token pushes this commit and the ones refused above, checked by the git CLI.
    engine->transport().tokenForUrl = [](const QString &) {
        return QString("tok-tls-456");
    };
    const ChangeAttempt retry = engine->push();
    QVERIFY2(retry.outcome.pushed, qPrintable(retry.outcome.pushMessage));
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main"}), gitOut(m_work, {"rev-parse", "main"}));
    QCOMPARE(gitOut(m_remote, {"log", "-1", "--format=%s", "main"}),
             QString("Bump acme red to 2.42.4"));
    QCOMPARE(lsRemoteMain(m_https.url("remote.git"), "ada", "tok-tls-456", m_pki.caFile),
             gitOut(m_work, {"rev-parse", "main"}));
}

void TestGitAuth::httpsUnusableCaFileIsNamed()
{
    const QString missing = m_dir.filePath("no-such-ca.pem");
    const QString garbage = m_dir.filePath("garbage-ca.pem");
    QFile file(garbage);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    file.close();
    int patch = 5;
    for (const QString &caFile : {missing, garbage}) {
        auto engine = ChangeEngine::open(m_work);
        QVERIFY(engine.ok());
        engine->transport().httpsUser = "ada";
        engine->transport().caFile = caFile;
        engine->transport().tokenForUrl = [](const QString &) {
            return QString("tok-tls-456");
        };
        const ChangeAttempt attempt = engine->commit(bump(QString("2.42.%1").arg(patch++)));
        QVERIFY(attempt.committed);
        QCOMPARE(attempt.outcome.push, PushResult::Failed);
        QVERIFY2(attempt.outcome.pushMessage.contains(caFile),
                 qPrintable(attempt.outcome.pushMessage));
        QVERIFY2(gitOut(m_remote, {"rev-parse", "main"}) != attempt.outcome.commitId,
                 qPrintable(caFile));
    }
    m_https.stop();
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
    int asked = 0;
    engine->transport().tokenForUrl = [&](const QString &) {
        ++asked;
        return QString("tok-123");
    };
    const ChangeAttempt attempt = engine->commit(bump("2.41.1"));
    QVERIFY2(attempt.outcome.pushed, qPrintable(attempt.outcome.pushMessage));
    QCOMPARE(asked, 0); // an ssh:// remote never asks the keychain for a token
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
