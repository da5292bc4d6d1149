// The git token lives in the OS keychain only. Run by tests/support/run-in-keyring.sh inside a
// D-Bus session with gnome-keyring: a token written through SecretStore is read back by
// `secret-tool`, appears in no file under HOME, and is what a push over HTTP authenticates with.
#include "services/changes/ChangeService.h"
#include "services/secrets/SecretStore.h"
#include "support/GitServers.h"

#include <QDirIterator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::test;

class TestKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tokenIsInTheKeychainOnly();
    void pushAuthenticatesWithTheKeychainToken();
    void queuedCallsWaitForThePush();

private:
    QTemporaryDir m_dir;
    GitHttpServer m_http;
    QString m_work;
    QString m_remote;
};

void TestKeychain::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (qEnvironmentVariableIsEmpty("QD_KEYRING_HOME"))
        QSKIP("run through tests/support/run-in-keyring.sh (ctest does)");
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(makeDemoClone(m_dir.filePath("fleet"), &m_work, &m_remote, &error), qPrintable(error));
    QCOMPARE(git(m_remote, {"config", "http.receivepack", "true"}).exitCode, 0);
    QVERIFY2(m_http.start(m_dir.filePath("fleet"), m_dir.filePath("http"), "ada",
                          "tok-7f3a9c1e-keychain-only"),
             qPrintable(m_http.error()));
    QCOMPARE(git(m_work, {"remote", "set-url", "origin", m_http.url("remote.git")}).exitCode, 0);
}

void TestKeychain::tokenIsInTheKeychainOnly()
{
    const QString token = "tok-7f3a9c1e-keychain-only";
    const QString key = "git/" + m_http.url("remote.git");
    SecretStore store;
    const auto written = store.writeBlocking(key, token);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));

    const ProcessRun lookup =
            runProgram("secret-tool", {"lookup", "server", "Quarterdeck", "user", key});
    QVERIFY2(lookup.exitCode == 0, lookup.err.constData());
    QCOMPARE(QString::fromUtf8(lookup.out).trimmed(), token);

    // Nowhere in a file under HOME (the keyring's own file is encrypted).
    const QString home = qEnvironmentVariable("QD_KEYRING_HOME");
    QDirIterator files(home, QDir::Files | QDir::Hidden | QDir::NoSymLinks,
                       QDirIterator::Subdirectories);
    int scanned = 0;
    while (files.hasNext()) {
        QFile file(files.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        ++scanned;
        QVERIFY2(!file.readAll().contains(token.toUtf8()), qPrintable(file.fileName()));
    }
    QVERIFY(scanned > 0); // the keyring file at least
}

void TestKeychain::pushAuthenticatesWithTheKeychainToken()
{
    QSettings().setValue("git/httpsUser", "ada");
    ChangeService service;
    service.setRepository(m_work);
    QSignalSpy pushed(&service, &ChangeService::pushFinished);
    CommitRequest request;
    request.edits = {
            ValueEdit{"acme", ZoneKind::Red, "spec.spinnakerConfig.config.version", "2.33.0"}};
    request.subject = "Bump acme red over HTTPS";
    request.push = PushAfterCommit::Push;
    service.commit(request);
    QVERIFY(pushed.wait(60000));
    const auto outcome = pushed.at(0).at(0).value<CommitOutcome>();
    QVERIFY2(outcome.pushed, qPrintable(outcome.pushMessage));
    QCOMPARE(QString::fromUtf8(git(m_remote, {"rev-parse", "main"}).out).trimmed(),
             outcome.commitId);
    // The settings file holds the user name, never the token.
    QFile settings(QSettings().fileName());
    if (settings.open(QIODevice::ReadOnly))
        QVERIFY(!settings.readAll().contains("tok-7f3a9c1e"));
}

void TestKeychain::queuedCallsWaitForThePush()
{
    // While a push waits for the keychain, what the user does next (reopen the repo, preview
    // another edit) is queued behind it: nothing runs in the middle of the transfer, where
    // reopening would free the repository the push is using.
    ChangeService service;
    service.setRepository(m_work);
    QStringList order;
    connect(&service, &ChangeService::pushFinished, this, [&] { order.append("pushed"); });
    connect(&service, &ChangeService::previewReady, this, [&] { order.append("preview"); });
    QSignalSpy pushed(&service, &ChangeService::pushFinished);
    QSignalSpy previewed(&service, &ChangeService::previewReady);
    CommitRequest request;
    request.edits = {
            ValueEdit{"acme", ZoneKind::Red, "spec.spinnakerConfig.config.version", "2.33.1"}};
    request.subject = "Bump acme red while the user keeps working";
    request.push = PushAfterCommit::Push;
    service.commit(request);
    service.setRepository(m_work);
    service.previewEdits(
            {ValueEdit{"acme", ZoneKind::Red, "spec.spinnakerConfig.config.version", "2.33.2"}});
    QVERIFY(pushed.wait(60000));
    const auto outcome = pushed.at(0).at(0).value<CommitOutcome>();
    QVERIFY2(outcome.pushed, qPrintable(outcome.pushMessage));
    QCOMPARE(QString::fromUtf8(git(m_remote, {"rev-parse", "main"}).out).trimmed(),
             outcome.commitId);
    QVERIFY(previewed.count() == 1 || previewed.wait(30000));
    QCOMPARE(order, QStringList({"pushed", "preview"}));
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
