// The SLO figures against a real Prometheus backfilled with known history, through the
// `quarterdeck slo --json` binary and through SloService; failing sources from a tiny server.
#include "services/telemetry/PrometheusClient.h"
#include "services/telemetry/SloService.h"
#include "support/PrometheusServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace qd;
using namespace qd::test;

namespace {

constexpr qint64 M = 60;
constexpr qint64 kMinutes = 2880; // two days of history, F .. F + 2879 min

// The history, minute by minute from F, for two probes "a" and "b" of acme-green:
//   0..9       both down, but inside the maintenance window [F - 1 h, F + 30 min): excluded
//   100..109   outage, both down:                         10 bad minutes
//   500..519   flapping, both down on even minutes:       10 bad minutes
//   1000..1029 no samples at all (scrape gap):            30 minutes of no data
//   1500..1509 probe b down, a up: mean 0.5:              5 bad minutes
//   2000..2059 both down, inside the window [F + 2000 min, F + 2120 min): excluded
//   2875..2879 both down, the last five minutes:          5 bad minutes
// Instants F .. F + 2879 min: 2,880. Maintenance: 30 + 120 = 150. No data: 30.
// Eligible: 2,880 - 150 - 30 = 2,700. Bad: 10 + 10 + 5 + 5 = 30. Availability 2,670 / 2,700.
// Budget 0.001 x 2,700 x 60 s = 162 s; consumed 30 x 60 = 1,800 s; remaining -1,638 s;
// remaining ratio -1,638 / 162 = -10.111...
// Burn rates at F + 2879 min: 5m 5/5 -> 1000x; 30m 5/30 -> 166.67x; 1h 5/60 -> 83.33x;
// 6h 5/360 -> 13.89x; 3d (no data before F) 30/2,700 -> 11.11x. Every alert pair fires.
double probeValue(qint64 minute, char probe)
{
    if (minute < 10 || (minute >= 100 && minute < 110) || (minute >= 2000 && minute < 2060)
        || minute >= 2875)
        return 0;
    if (minute >= 500 && minute < 520 && minute % 2 == 0)
        return 0;
    if (probe == 'b' && minute >= 1500 && minute < 1510)
        return 0;
    return 1;
}

QByteArray history(qint64 f)
{
    QList<OpenMetricsSeries> series;
    for (const char probe : {'a', 'b'}) {
        OpenMetricsSeries s;
        s.labels = {{QStringLiteral("cluster"), QStringLiteral("acme-green")},
                    {QStringLiteral("probe"), QString(QLatin1Char(probe))}};
        for (qint64 m = 0; m < kMinutes; ++m) {
            if (m >= 1000 && m < 1030)
                continue;
            s.samples.append({f + m * M, probeValue(m, probe)});
        }
        series.append(s);
    }
    // Another cluster, always up: must not leak into acme's figures.
    OpenMetricsSeries other;
    other.labels = {{QStringLiteral("cluster"), QStringLiteral("globex-green")}};
    for (qint64 m = 0; m < kMinutes; ++m)
        other.samples.append({f + m * M, 1});
    series.append(other);
    return openMetricsGauge(QStringLiteral("probe_success"), series);
}

QString iso(qint64 t)
{
    return QDateTime::fromSecsSinceEpoch(t, QTimeZone::utc()).toString(Qt::ISODate);
}

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

} // namespace

class TestPrometheus : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cliGivesTheHandComputedFigures();
    void cliUsageAndDownSource();
    void serviceGivesTheSameFiguresAndRecovers();
    void queryRangeSplitsIntoChunks();
    void badSources_data();
    void badSources();
    void failingSourceIsAskedOncePerRefresh();
    void unreachableServerIsAskedOnce();

private:
    QTemporaryDir m_dir;
    PrometheusServer m_prometheus;
    qint64 m_from = 0;
    QString m_repo;
};

void TestPrometheus::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (PrometheusServer::program().isEmpty())
        QSKIP("prometheus and promtool are not installed");
    QVERIFY(m_dir.isValid());
    // 20 days ago, on a day boundary: inside every range the service offers but the day.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    m_from = (now / 86400 - 20) * 86400;
    QVERIFY2(m_prometheus.start(m_dir.filePath(QStringLiteral("prom")), history(m_from)),
             qPrintable(m_prometheus.error()));

    m_repo = m_dir.filePath(QStringLiteral("repo"));
    QVERIFY(QDir().mkpath(m_repo));
    writeFile(m_repo + QStringLiteral("/fleet.yaml"),
              "apiVersion: quarterdeck/v1\ncustomers:\n"
              "  - id: acme\n    name: ACME Corp\n"
              "    calendar: {timezone: America/New_York}\n    slo: {target: 99.9}\n"
              "    zones:\n"
              "      green: {overlay: customers/acme/green, cluster: acme-green}\n");
    writeFile(m_repo + QStringLiteral("/maintenance.yaml"),
              QStringLiteral("windows:\n"
                             "  - {customer: acme, zone: green, start: \"%1\", end: \"%2\", "
                             "reason: before and into the range}\n"
                             "  - {customer: acme, zone: green, start: \"%3\", end: \"%4\", "
                             "reason: upgrade}\n")
                      .arg(iso(m_from - 3600), iso(m_from + 30 * M), iso(m_from + 2000 * M),
                           iso(m_from + 2120 * M))
                      .toUtf8());
}

void TestPrometheus::cliGivesTheHandComputedFigures()
{
    const ProcessRun run = runProgram(
            QStringLiteral(QD_BINARY_DIR "/quarterdeck"),
            {QStringLiteral("slo"), QStringLiteral("--repo"), m_repo, QStringLiteral("--prometheus"),
             m_prometheus.url().toString(), QStringLiteral("--customer"), QStringLiteral("acme"),
             QStringLiteral("--from"), iso(m_from), QStringLiteral("--to"),
             iso(m_from + (kMinutes - 1) * M), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(o.value("customer").toString(), "acme");
    QCOMPARE(o.value("zone").toString(), "green");
    QCOMPARE(o.value("cluster").toString(), "acme-green");
    QCOMPARE(o.value("from").toString(), iso(m_from));
    QCOMPARE(o.value("target").toDouble(), 99.9);
    QCOMPARE(o.value("availability").toDouble(), 2670.0 / 2700.0);
    QCOMPARE(o.value("maintenanceExcludedSeconds").toInteger(), 150 * 60);
    QCOMPARE(o.value("noDataSeconds").toInteger(), 30 * 60);
    QCOMPARE(o.value("errorBudgetRemainingSeconds").toDouble(), -1638.0);
    QVERIFY(qAbs(o.value("errorBudgetRemainingRatio").toDouble() + 1638.0 / 162.0) < 1e-9);
    const QJsonArray rates = o.value("burnRates").toArray();
    QCOMPARE(rates.size(), 5);
    const double expected[] = {1000, 1000.0 / 6, 1000.0 / 12, 1000.0 / 72, 30000.0 / 2700};
    const char *names[] = {"5m", "30m", "1h", "6h", "3d"};
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(rates.at(i)["window"].toString(), QString::fromLatin1(names[i]));
        QVERIFY2(qAbs(rates.at(i)["rate"].toDouble() - expected[i]) < 1e-6, names[i]);
    }
    for (const QJsonValue &alert : o.value("alerts").toArray())
        QVERIFY(alert["firing"].toBool());
}

void TestPrometheus::cliUsageAndDownSource()
{
    const QString binary = QStringLiteral(QD_BINARY_DIR "/quarterdeck");
    // Bad times are a usage error.
    ProcessRun run = runProgram(binary, {"slo", "--repo", m_repo, "--prometheus",
                                         m_prometheus.url().toString(), "--customer", "acme",
                                         "--from", "yesterday", "--to", iso(m_from)});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("usage"));
    // An unknown customer is refused.
    run = runProgram(binary, {"slo", "--repo", m_repo, "--prometheus",
                              m_prometheus.url().toString(), "--customer", "nobody", "--from",
                              iso(m_from), "--to", iso(m_from + 3600)});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("nobody"));
    // Nobody listening: an I/O error naming the server.
    const QString down = QStringLiteral("http://127.0.0.1:%1").arg(freeTcpPort());
    run = runProgram(binary, {"slo", "--repo", m_repo, "--prometheus", down, "--customer", "acme",
                              "--from", iso(m_from), "--to", iso(m_from + 3600)});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("127.0.0.1") && run.err.toLower().contains("refused"),
             run.err.constData());
}

void TestPrometheus::serviceGivesTheSameFiguresAndRecovers()
{
    FleetSnapshot fleet;
    Customer acme;
    acme.id = QStringLiteral("acme");
    acme.name = QStringLiteral("ACME Corp");
    acme.calendar.timezone = QStringLiteral("America/New_York");
    Zone green;
    green.kind = ZoneKind::Green;
    green.cluster = QStringLiteral("acme-green");
    acme.green = green;
    fleet.customers.append(acme);
    fleet.maintenance = {
            {QStringLiteral("acme"), ZoneKind::Green, slo::fromEpoch(m_from - 3600),
             slo::fromEpoch(m_from + 30 * M), QStringLiteral("before")},
            {QStringLiteral("acme"), ZoneKind::Green, slo::fromEpoch(m_from + 2000 * M),
             slo::fromEpoch(m_from + 2120 * M), QStringLiteral("upgrade")}};

    SloService service(m_dir.filePath(QStringLiteral("service/telemetry.sqlite")));
    service.setRange(SloRange::Month);
    PrometheusSettings settings;
    settings.url = m_prometheus.url();
    settings.timeoutMs = 3000;
    service.setPrometheus(settings);
    QSignalSpy snapshots(&service, &SloService::snapshotChanged);
    service.setFleet(fleet);
    QTRY_COMPARE_WITH_TIMEOUT(service.sourceState().health, SourceHealth::Ok, 30000);
    QTRY_VERIFY(!snapshots.isEmpty() && service.snapshot().source.health == SourceHealth::Ok);
    SloSnapshot snap = service.snapshot();
    QCOMPARE(snap.zones.size(), 1);
    const ZoneSlo &zone = snap.zones.first();
    QCOMPARE(zone.cluster, "acme-green");
    QVERIFY(zone.summary.availability);
    QCOMPARE(*zone.summary.availability, 2670.0 / 2700.0);
    // The 30-day range holds both windows whole, the hour before F too: 60 + 30 + 120 minutes.
    QCOMPARE(zone.summary.maintenanceExcludedSeconds, 210 * 60);
    // The range is 43,200 instants: 2,700 eligible, the rest without data.
    QCOMPARE(zone.summary.counts.samples, 43200);
    QCOMPARE(zone.summary.noDataSeconds, (43200 - 210 - 2700) * 60);
    QCOMPARE(zone.dataUntil, slo::fromEpoch(m_from + (kMinutes - 1) * M));
    QVERIFY(!zone.stale);
    QVERIFY(zone.availability.pointCount() > 2000);

    // Prometheus goes away: the figures stay (from the store), marked stale with the reason.
    m_prometheus.stop();
    QSignalSpy states(&service, &SloService::sourceStateChanged);
    service.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(service.sourceState().health, SourceHealth::Stale, 15000);
    snap = service.snapshot();
    QVERIFY2(snap.source.reason.contains(QLatin1String("refused"), Qt::CaseInsensitive),
             qPrintable(snap.source.reason));
    QVERIFY(snap.source.staleSince.isValid());
    QCOMPARE(snap.zones.size(), 1);
    QVERIFY(snap.zones.first().stale);
    QCOMPARE(*snap.zones.first().summary.availability, 2670.0 / 2700.0);
    QVERIFY(!states.isEmpty());

    // Back again: the service retries by itself (5 s backoff) and recovers.
    QVERIFY2(m_prometheus.restart(), qPrintable(m_prometheus.error()));
    QTRY_COMPARE_WITH_TIMEOUT(service.sourceState().health, SourceHealth::Ok, 30000);
    QVERIFY(!service.snapshot().zones.first().stale);
    QCOMPARE(*service.snapshot().zones.first().summary.availability, 2670.0 / 2700.0);
}

void TestPrometheus::queryRangeSplitsIntoChunks()
{
    // 2 days at 10 s is 17,280 points: Prometheus alone refuses this (11,000 at most).
    PrometheusClient client(m_prometheus.url());
    const qint64 to = m_from + 2 * 86400 - 10;
    std::optional<Result<QList<PromSeries>>> answer;
    client.queryRange(QStringLiteral("probe_success{cluster=\"globex-green\"}"), m_from, to, 10,
                      this, [&answer](Result<QList<PromSeries>> r) { answer = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 20000);
    QVERIFY2(answer->ok(), qPrintable(answer->errorMessage()));
    QCOMPARE(answer->value().size(), 1);
    const PromSeries &s = answer->value().first();
    // Samples are a minute apart and the lookback is 30 s: 4 of every 6 steps see one, so
    // 17,280 x 4 / 6 = 11,520 points, the last at F + 2,879 min + 30 s.
    QCOMPARE(s.times.size(), size_t(11520));
    QCOMPARE(s.times.front(), m_from);
    QCOMPARE(s.times.back(), m_from + (kMinutes - 1) * M + 30);
    QVERIFY(std::is_sorted(s.times.begin(), s.times.end()));
    QVERIFY(std::adjacent_find(s.times.begin(), s.times.end()) == s.times.end());

    // Prometheus's own refusal comes back in its words.
    answer.reset();
    client.query(QStringLiteral("probe_success{"), m_from, this,
                 [&answer](Result<QList<PromSeries>> r) { answer = std::move(r); });
    QTRY_VERIFY(answer.has_value());
    QVERIFY(!answer->ok());
    QVERIFY2(answer->errorMessage().contains(QLatin1String("bad_data")),
             qPrintable(answer->errorMessage()));
}

void TestPrometheus::badSources_data()
{
    QTest::addColumn<QByteArray>("response"); // empty: accept and never answer
    QTest::addColumn<QString>("expected");

    QTest::newRow("garbage") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Content-Length: 9\r\n\r\n{not json")
                             << "not a Prometheus API response";
    QTest::newRow("html") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                        "Content-Length: 13\r\n\r\n<html></html>")
                          << "not a Prometheus API response";
    QTest::newRow("truncated") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 60\r\n\r\n"
                                             "{\"status\":\"success\",\"data\":{\"resultType\":"
                                             "\"matrix\",\"result\":[{\"metric\":{")
                               << "not a Prometheus API response";
    QTest::newRow("server error") << QByteArray("HTTP/1.1 503 Service Unavailable\r\n"
                                                "Content-Length: 0\r\n\r\n")
                                  << "Service Unavailable";
    QTest::newRow("stalled") << QByteArray() << "no answer within 1 s";
}

void TestPrometheus::badSources()
{
    QFETCH(QByteArray, response);
    QFETCH(QString, expected);

    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> held; // stalled connections stay open until the test ends
    connect(&server, &QTcpServer::newConnection, this, [&server, &held, response] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            held.append(socket);
            connect(socket, &QTcpSocket::readyRead, socket, [socket, response] {
                socket->readAll();
                if (!response.isEmpty()) {
                    socket->write(response);
                    socket->disconnectFromHost();
                }
            });
        }
    });
    PrometheusClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort())));
    client.setTimeout(1000);
    std::optional<Result<QList<PromSeries>>> answer;
    client.queryRange(QStringLiteral("up"), 0, 600, 60, this,
                      [&answer](Result<QList<PromSeries>> r) { answer = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
    QVERIFY(!answer->ok());
    QVERIFY2(answer->errorMessage().contains(expected), qPrintable(answer->errorMessage()));
    QVERIFY(answer->errorMessage().contains(QStringLiteral("127.0.0.1")));

    // Cancelled requests never call back.
    bool called = false;
    const auto id = client.queryRange(QStringLiteral("up"), 0, 600, 60, this,
                                      [&called](Result<QList<PromSeries>>) { called = true; });
    client.cancel(id);
    answer.reset();
    client.query(QStringLiteral("up"), 0, this,
                 [&answer](Result<QList<PromSeries>> r) { answer = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
    QVERIFY(!called);
    qDeleteAll(held);
}

// A refresh asks for every Green zone; once Prometheus fails one, the rest are not asked: a
// console on a 1,000-customer fleet must not hammer (and log) a failing Prometheus 1,000 times
// per refresh. The server answers 503 to every request and counts them.
void TestPrometheus::failingSourceIsAskedOncePerRefresh()
{
    constexpr int Zones = 300;
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    int requests = 0;
    connect(&server, &QTcpServer::newConnection, this, [&server, &requests] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket, &requests] {
                if (!socket->readAll().contains("/api/v1/query_range"))
                    return;
                ++requests;
                socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                              "Connection: close\r\n\r\n");
                socket->disconnectFromHost();
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    FleetSnapshot fleet;
    for (int i = 0; i < Zones; ++i) {
        Customer customer;
        customer.id = QStringLiteral("c%1").arg(i);
        customer.name = customer.id;
        Zone green;
        green.kind = ZoneKind::Green;
        green.cluster = customer.id + QStringLiteral("-green");
        customer.green = green;
        fleet.customers.append(customer);
    }
    SloService service(m_dir.filePath(QStringLiteral("failing/telemetry.sqlite")));
    PrometheusSettings settings;
    settings.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()));
    service.setPrometheus(settings);
    service.setFleet(fleet);
    QTRY_VERIFY_WITH_TIMEOUT(service.sourceState().health != SourceHealth::Ok
                                     && !service.sourceState().reason.isEmpty(),
                             30000);
    QVERIFY2(service.sourceState().reason.contains(QLatin1String("Service Unavailable")),
             qPrintable(service.sourceState().reason));
    QTest::qWait(1000); // requests already on their way would arrive by now
    // At most the few a QNetworkAccessManager sends at once to one host (6), not one per zone.
    QVERIFY2(requests >= 1 && requests <= 6, qPrintable(QString::number(requests)));
}

// Lines the console logged in the telemetry category while `during` ran.
QStringList telemetryLog(const std::function<void()> &during)
{
    static QStringList *lines = nullptr;
    static QtMessageHandler previous = nullptr;
    QStringList collected;
    lines = &collected;
    previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &message) {
                if (QByteArray(context.category) == "quarterdeck.telemetry")
                    lines->append(message);
                previous(type, context, message);
            });
    during();
    qInstallMessageHandler(previous);
    return collected;
}

// A server that refuses, or accepts and never answers: the first failure fails every request
// waiting for it, with one line in the log, and requests made in the next two seconds fail at
// once without a connection. A fleet-wide refresh asks once per zone.
void TestPrometheus::unreachableServerIsAskedOnce()
{
    {
        PrometheusClient refused(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(freeTcpPort())));
        int answered = 0;
        const QStringList log = telemetryLog([&] {
            for (int i = 0; i < 300; ++i)
                refused.query(QStringLiteral("up"), 0, this,
                              [&answered](Result<QList<PromSeries>> r) { answered += !r.ok(); });
            QTRY_COMPARE_WITH_TIMEOUT(answered, 300, 10000);
        });
        QVERIFY2(log.size() <= 3, qPrintable(log.join(QLatin1Char('\n'))));
    }

    constexpr int Requests = 60;
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    int asked = 0;
    QList<QTcpSocket *> held;
    connect(&server, &QTcpServer::newConnection, this, [&server, &held, &asked] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            held.append(socket);
            connect(socket, &QTcpSocket::readyRead, socket, [socket, &asked] {
                if (socket->readAll().startsWith("POST "))
                    ++asked;
            });
        }
    });
    PrometheusClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort())));
    client.setTimeout(1000);
    QStringList errors;
    for (int i = 0; i < Requests; ++i) {
        client.query(QStringLiteral("up"), 0, this, [&errors](Result<QList<PromSeries>> r) {
            errors << (r.ok() ? QStringLiteral("answered") : r.errorMessage());
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), Requests, 5000);
    QCOMPARE(errors.count(QStringLiteral("Prometheus at http://127.0.0.1:%1: no answer within 1 s")
                                 .arg(server.serverPort())),
             Requests);
    QVERIFY2(asked >= 1 && asked <= 6, qPrintable(QString::number(asked)));

    // Asked again while it is still held unreachable: failed at once, without a connection.
    errors.clear();
    const int before = asked;
    client.query(QStringLiteral("up"), 0, this, [&errors](Result<QList<PromSeries>> r) {
        errors << (r.ok() ? QStringLiteral("answered") : r.errorMessage());
    });
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 500);
    QTest::qWait(100);
    QCOMPARE(asked, before);
    // Once the hold is over it is asked again.
    QTest::qWait(PrometheusClient::kUnreachableHoldMs);
    client.query(QStringLiteral("up"), 0, this, [](Result<QList<PromSeries>>) {});
    QTRY_COMPARE_WITH_TIMEOUT(asked, before + 1, 3000);
    qDeleteAll(held);
}

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
