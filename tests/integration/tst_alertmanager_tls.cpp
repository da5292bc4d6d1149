// Alertmanager over HTTPS with Basic auth (`--web.config.file`), with a throwaway CA, as
// tst_prometheus_tls does for Prometheus: verification is always on, a custom CA makes a private
// certificate trusted, and anything else fails with a message that names the server and says
// why. Run by tests/support/run-in-keyring.sh (ctest does): the CLI's credentials then come from
// a real keychain; without one that case skips and the rest still runs.
#include "services/secrets/SecretStore.h"
#include "services/telemetry/AlertmanagerClient.h"
#include "support/AlertmanagerServer.h"
#include "support/CliConfig.h"
#include "support/ServerProcess.h"
#include "support/TlsRefusals.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::test;

namespace {

const QString kUser = QStringLiteral("am");
const QString kPassword = QStringLiteral("s3cret-pass");
// bcrypt of kPassword at cost 4 (as `htpasswd -nbB -C 4` makes it): cheap to check.
const QByteArray kPasswordHash = "$2y$04$jue9xg0pNNuGBtU6JeRlAe0IBVm1n9YSDdMA8kX2eWB1kiuPcUu.m";

QString basic(const QString &user, const QString &password)
{
    return QStringLiteral("Basic ")
           + QString::fromLatin1((user + QLatin1Char(':') + password).toUtf8().toBase64());
}

bool inKeyring()
{
    return !qEnvironmentVariableIsEmpty("QD_KEYRING_HOME");
}

} // namespace

class TestAlertmanagerTls : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void trustedCaAndCredentialsFetch();
    void refused_data();
    void refused();
    void caFileWithoutCertificateIsNamed();
    void cliUsesTheCaSettingAndTheKeychain();

private:
    Result<QList<Alert>> fetchOnce(AlertmanagerClient &client);

    QTemporaryDir m_dir;
    TlsRefusalPkis m_pkis;
    AlertmanagerServer m_server;
};

void TestAlertmanagerTls::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (AlertmanagerServer::program().isEmpty())
        QSKIP("Alertmanager is not installed");
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_pkis.make(m_dir.path(), &error), qPrintable(error));
    m_server.setWebConfig(
            {m_pkis.pki.certFile, m_pkis.pki.keyFile, m_pkis.pki.caFile, kUser, kPassword, kPasswordHash});
    QVERIFY2(m_server.start(m_dir.filePath("am")), qPrintable(m_server.error()));
    QCOMPARE(m_server.url().scheme(), QString("https"));
    // Through the server's own client (trusting the CA, with the password), not Quarterdeck's.
    QCOMPARE(m_server.postAlerts({AlertmanagerServer::alert(
                     {{"alertname", "GateDown"}, {"customer", "acme"}, {"zone", "green"},
                      {"severity", "critical"}},
                     QDateTime::currentDateTimeUtc().addSecs(-600), {}, "Gate is not serving")}),
             200);
}

Result<QList<Alert>> TestAlertmanagerTls::fetchOnce(AlertmanagerClient &client)
{
    std::optional<Result<QList<Alert>>> answer;
    client.fetchAlerts({}, this, [&answer](Result<QList<Alert>> r) { answer = std::move(r); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 15000))
        return Error{"no callback within 15 s"};
    return *answer;
}

void TestAlertmanagerTls::trustedCaAndCredentialsFetch()
{
    AlertmanagerClient client;
    client.setBaseUrl(m_server.url());
    QVERIFY(client.setCaFile(m_pkis.pki.caFile).ok());
    client.setAuthorization(basic(kUser, kPassword));
    const auto alerts = fetchOnce(client);
    QVERIFY2(alerts.ok(), qPrintable(alerts.errorMessage()));
    QCOMPARE(alerts.value().size(), 1);
    QCOMPARE(alerts.value().first().labels.value("alertname"), QString("GateDown"));
}

void TestAlertmanagerTls::refused_data()
{
    addTlsRefusalRows(kPassword, {"refused the credentials", "HTTP 401"});
}

void TestAlertmanagerTls::refused()
{
    QFETCH(QString, caFile);
    QFETCH(QString, password);
    QFETCH(QString, scheme);
    QFETCH(QStringList, expected);
    QUrl url = m_server.url();
    url.setScheme(scheme);
    AlertmanagerClient client;
    client.setBaseUrl(url);
    client.setTimeout(std::chrono::seconds(5));
    if (!caFile.isEmpty())
        QVERIFY(client.setCaFile(m_pkis.caFileOf(caFile)).ok());
    if (!password.isEmpty())
        client.setAuthorization(basic(kUser, password));
    const auto alerts = fetchOnce(client);
    QVERIFY(!alerts.ok());
    const QString message = alerts.errorMessage();
    QVERIFY2(message.contains(url.toString(QUrl::RemovePath)), qPrintable(message));
    for (const QString &part : expected)
        QVERIFY2(message.contains(part, Qt::CaseInsensitive), qPrintable(message));
}

void TestAlertmanagerTls::caFileWithoutCertificateIsNamed()
{
    const QString notPem = m_dir.filePath("not-a-ca.pem");
    QFile file(notPem);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a certificate\n");
    file.close();
    AlertmanagerClient client;
    for (const QString &path : {notPem, m_dir.filePath("missing.pem")}) {
        const Result<void> added = client.setCaFile(path);
        QVERIFY(!added.ok());
        QVERIFY2(added.errorMessage().contains(path), qPrintable(added.errorMessage()));
    }
}

void TestAlertmanagerTls::cliUsesTheCaSettingAndTheKeychain()
{
    if (!inKeyring())
        QSKIP("needs a keychain: run through tests/support/run-in-keyring.sh (ctest does)");
    // The password in the keychain; the kind of authentication and the user are settings.
    SecretStore secrets;
    QVERIFY(secrets.writeBlocking(AlertmanagerClient::secretKey(m_server.url()), kPassword).ok());
    const QString repo = m_dir.filePath("repo");
    QVERIFY(writeOneCustomerFleet(repo));
    const CliConfig config(m_dir.filePath("cli-config"));
    config.set("alertmanager/auth", "basic");
    config.set("alertmanager/username", kUser);
    const QStringList arguments{"incidents", "--repo", repo, "--alertmanager",
                                m_server.url().toString(), "--json"};
    const QString binary = QStringLiteral(QD_BINARY_DIR "/quarterdeck");

    config.set("alertmanager/caFile", QString());
    ProcessRun run = runProgram(binary, arguments, QString(), config.environment());
    QVERIFY2(run.exitCode == 2, run.err.constData());
    QVERIFY2(run.err.contains("127.0.0.1") && run.err.toLower().contains("certificate"),
             run.err.constData());

    config.set("alertmanager/caFile", m_pkis.pki.caFile);
    run = runProgram(binary, arguments, QString(), config.environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray incidents = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(incidents.size(), 1);
    QCOMPARE(incidents.first().toObject().value("customer").toString(), QString("acme"));
    QCOMPARE(incidents.first().toObject().value("priority").toString(), QString("P0"));
}

QTEST_GUILESS_MAIN(TestAlertmanagerTls)
#include "tst_alertmanager_tls.moc"
