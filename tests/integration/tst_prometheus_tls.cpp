// Prometheus over HTTPS with Basic auth (`--web.config.file`), with a throwaway CA: verification
// is always on, a custom CA makes a private certificate trusted, and anything else fails with a
// TLS error that names the certificate and marks the source stale, never silently accepted.
// Run by tests/support/run-in-keyring.sh (ctest does): the password then comes from a real
// keychain, as in the app; without a keychain the keychain cases skip and the rest still runs.
#include "services/secrets/SecretStore.h"
#include "services/telemetry/PrometheusClient.h"
#include "services/telemetry/SloService.h"
#include "support/CliConfig.h"
#include "support/PrometheusServer.h"
#include "support/TlsRefusals.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace qd;
using namespace qd::test;

namespace {

constexpr qint64 M = 60;
constexpr qint64 kMinutes = 1440; // one day of history from F
const QString kUser = QStringLiteral("prom");
const QString kPassword = QStringLiteral("s3cret-pass");
// bcrypt of kPassword at cost 4 (`htpasswd -nbB -C 4 prom s3cret-pass`): cheap to check.
const QByteArray kPasswordHash = "$2y$04$jue9xg0pNNuGBtU6JeRlAe0IBVm1n9YSDdMA8kX2eWB1kiuPcUu.m";

// Up every minute but 100..109: availability 1,430 / 1,440 over the day.
QByteArray history(qint64 f)
{
    OpenMetricsSeries s;
    s.labels = {{QStringLiteral("cluster"), QStringLiteral("acme-green")}};
    for (qint64 m = 0; m < kMinutes; ++m)
        s.samples.append({f + m * M, m >= 100 && m < 110 ? 0.0 : 1.0});
    return openMetricsGauge(QStringLiteral("probe_success"), {s});
}

QString iso(qint64 t)
{
    return QDateTime::fromSecsSinceEpoch(t, QTimeZone::utc()).toString(Qt::ISODate);
}

bool inKeyring()
{
    return !qEnvironmentVariableIsEmpty("QD_KEYRING_HOME");
}

} // namespace

class TestPrometheusTls : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void trustedCaAndCredentialsQuery();
    void refused_data();
    void refused();
    void caFileWithoutCertificateIsNamed();
    void serviceMarksAnUntrustedServerStaleThenRecovers();
    void cliUsesTheCaSettingAndTheKeychain();

private:
    Result<QList<PromSeries>> queryOnce(PrometheusClient &client, qint64 time);

    QTemporaryDir m_dir;
    TlsRefusalPkis m_pkis;
    PrometheusServer m_prometheus;
    qint64 m_from = 0;
};

void TestPrometheusTls::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (PrometheusServer::program().isEmpty())
        QSKIP("prometheus and promtool are not installed");
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_pkis.make(m_dir.path(), &error), qPrintable(error));
    m_from = (QDateTime::currentSecsSinceEpoch() / 86400 - 3) * 86400;
    m_prometheus.setWebConfig(
            {m_pkis.pki.certFile, m_pkis.pki.keyFile, m_pkis.pki.caFile, kUser, kPassword, kPasswordHash});
    QVERIFY2(m_prometheus.start(m_dir.filePath("prom"), history(m_from)),
             qPrintable(m_prometheus.error()));
    QCOMPARE(m_prometheus.url().scheme(), QString("https"));
}

Result<QList<PromSeries>> TestPrometheusTls::queryOnce(PrometheusClient &client, qint64 time)
{
    std::optional<Result<QList<PromSeries>>> answer;
    client.query("probe_success{cluster=\"acme-green\"}", time, this,
                 [&answer](Result<QList<PromSeries>> r) { answer = std::move(r); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 15000))
        return Error{"no callback within 15 s"};
    return *answer;
}

void TestPrometheusTls::trustedCaAndCredentialsQuery()
{
    PrometheusClient client(m_prometheus.url());
    QVERIFY(client.setCaFile(m_pkis.pki.caFile).ok());
    client.setCredentials(PrometheusClient::Auth::Basic, kUser, kPassword);
    for (const auto &[minute, value] : {std::pair{105, 0.0}, std::pair{200, 1.0}}) {
        const auto answer = queryOnce(client, m_from + minute * M);
        QVERIFY2(answer.ok(), qPrintable(answer.errorMessage()));
        QCOMPARE(answer.value().size(), 1);
        QCOMPARE(answer.value().first().labels.value("cluster"), QString("acme-green"));
        QCOMPARE(answer.value().first().values.size(), size_t(1));
        QCOMPARE(answer.value().first().values.front(), value);
    }
}

void TestPrometheusTls::refused_data()
{
    addTlsRefusalRows(kPassword, {"refused the credentials", "HTTP 401"});
}

void TestPrometheusTls::refused()
{
    QFETCH(QString, caFile);
    QFETCH(QString, password);
    QFETCH(QString, scheme);
    QFETCH(QStringList, expected);
    QUrl url = m_prometheus.url();
    url.setScheme(scheme);
    PrometheusClient client(url);
    client.setTimeout(5000);
    if (!caFile.isEmpty())
        QVERIFY(client.setCaFile(m_pkis.caFileOf(caFile)).ok());
    if (!password.isEmpty())
        client.setCredentials(PrometheusClient::Auth::Basic, kUser, password);
    const auto answer = queryOnce(client, m_from + 200 * M);
    QVERIFY(!answer.ok());
    const QString message = answer.errorMessage();
    QVERIFY2(message.contains(url.toDisplayString()), qPrintable(message));
    for (const QString &part : expected)
        QVERIFY2(message.contains(part, Qt::CaseInsensitive), qPrintable(message));
}

void TestPrometheusTls::caFileWithoutCertificateIsNamed()
{
    const QString notPem = m_dir.filePath("not-a-ca.pem");
    QFile file(notPem);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a certificate\n");
    file.close();
    PrometheusClient client(m_prometheus.url());
    for (const QString &path : {notPem, m_dir.filePath("missing.pem")}) {
        const Result<void> added = client.setCaFile(path);
        QVERIFY(!added.ok());
        QVERIFY2(added.errorMessage().contains(path), qPrintable(added.errorMessage()));
    }
}

void TestPrometheusTls::serviceMarksAnUntrustedServerStaleThenRecovers()
{
    if (!inKeyring())
        QSKIP("needs a keychain: run through tests/support/run-in-keyring.sh (ctest does)");
    const QString key = "prometheus/" + m_prometheus.url().toString();
    SecretStore secrets;
    const auto written = secrets.writeBlocking(key, kPassword);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));

    FleetSnapshot fleet;
    Customer acme;
    acme.id = "acme";
    acme.name = "ACME Corp";
    acme.calendar.timezone = "America/New_York";
    Zone green;
    green.kind = ZoneKind::Green;
    green.cluster = "acme-green";
    acme.green = green;
    fleet.customers.append(acme);

    SloService service(m_dir.filePath("service/telemetry.sqlite"));
    service.setRefreshInterval(0);
    service.setRange(SloRange::Week);
    PrometheusSettings settings;
    settings.url = m_prometheus.url();
    settings.auth = PrometheusSettings::Auth::Basic;
    settings.username = kUser;
    settings.secretKey = key;
    settings.timeoutMs = 5000;
    // No CA: the server's certificate is not trusted. A source failure with the reason, no data.
    service.setPrometheus(settings);
    service.setFleet(fleet);
    QTRY_COMPARE_WITH_TIMEOUT(service.sourceState().health, SourceHealth::Stale, 15000);
    const SourceState failed = service.sourceState();
    QVERIFY2(failed.reason.contains("certificate", Qt::CaseInsensitive), qPrintable(failed.reason));
    QVERIFY2(failed.reason.contains(m_prometheus.url().toDisplayString()),
             qPrintable(failed.reason));
    QVERIFY(failed.staleSince.isValid());
    for (const ZoneSlo &zone : service.snapshot().zones)
        QVERIFY(!zone.summary.availability || zone.stale);

    // With the CA named, the password from the keychain gets the hand-computed figure.
    settings.caFile = m_pkis.pki.caFile;
    service.setPrometheus(settings);
    QTRY_COMPARE_WITH_TIMEOUT(service.sourceState().health, SourceHealth::Ok, 30000);
    const SloSnapshot recovered = service.snapshot(); // a copy: zone refers into it
    QCOMPARE(recovered.zones.size(), 1);
    const ZoneSlo &zone = recovered.zones.first();
    QVERIFY(!zone.stale);
    QVERIFY(zone.summary.availability);
    QCOMPARE(*zone.summary.availability, 1430.0 / 1440.0);
}

void TestPrometheusTls::cliUsesTheCaSettingAndTheKeychain()
{
    if (!inKeyring())
        QSKIP("needs a keychain: run through tests/support/run-in-keyring.sh (ctest does)");
    SecretStore secrets;
    QVERIFY(secrets.writeBlocking("prometheus/" + m_prometheus.url().toString(), kPassword).ok());
    const QString repo = m_dir.filePath("repo");
    QVERIFY(writeOneCustomerFleet(repo));
    const CliConfig config(m_dir.filePath("cli-config"));
    config.set("telemetry/prometheus/auth", "basic");
    config.set("telemetry/prometheus/username", kUser);
    const QStringList arguments{"slo",
                                "--repo",
                                repo,
                                "--prometheus",
                                m_prometheus.url().toString(),
                                "--customer",
                                "acme",
                                "--from",
                                iso(m_from),
                                "--to",
                                iso(m_from + (kMinutes - 1) * M),
                                "--json"};
    const QString binary = QStringLiteral(QD_BINARY_DIR "/quarterdeck");

    config.set("telemetry/prometheus/caFile", QString());
    ProcessRun run = runProgram(binary, arguments, QString(), config.environment());
    QVERIFY2(run.exitCode == 2, run.err.constData());
    QVERIFY2(run.err.contains("127.0.0.1") && run.err.toLower().contains("certificate"),
             run.err.constData());

    config.set("telemetry/prometheus/caFile", m_pkis.pki.caFile);
    run = runProgram(binary, arguments, QString(), config.environment());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(o.value("availability").toDouble(), 1430.0 / 1440.0);
}

QTEST_GUILESS_MAIN(TestPrometheusTls)
#include "tst_prometheus_tls.moc"
