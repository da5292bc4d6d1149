// What each zone really runs, read from a real Prometheus whose history of
// kube_customresource_spinnakerservice_info is backfilled with promtool: the running version,
// the operator's status and since when, and "unknown" with its reason when the metric is stale,
// absent, or Prometheus does not answer. Expected times are worked out from the history below.
#include "services/telemetry/ZoneLiveQuery.h"
#include "support/PrometheusServer.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace qd;
using namespace qd::test;

namespace {

constexpr qint64 M = 60;

OpenMetricsSeries info(const QString &cluster, const QString &version, const QString &status,
                       qint64 from, int firstMinute, int lastMinute)
{
    OpenMetricsSeries series;
    series.labels = {{"cluster", cluster}, {"version", version}, {"status", status}};
    for (int minute = firstMinute; minute <= lastMinute; ++minute)
        series.samples.append({from + minute * M, 1.0});
    return series;
}

} // namespace

class TestZoneLive : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runningVersionStatusAndSince();
    void staleAbsentAndUnreachableAreUnknown();

private:
    ZoneLiveState read(PrometheusClient &client, const QString &cluster, qint64 now);

    QTemporaryDir m_dir;
    PrometheusServer m_prometheus;
    qint64 m_from = 0;
};

void TestZoneLive::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (PrometheusServer::program().isEmpty())
        QSKIP("prometheus and promtool are not installed");
    QVERIFY(m_dir.isValid());
    m_from = (QDateTime::currentSecsSinceEpoch() / 86400 - 3) * 86400;
    // acme-red: 2.31.2 OK for an hour, Updating to 2.32.0 for 5 minutes, 2.32.0 OK for 55.
    // globex-red: its exporter stopped after half an hour.
    const QByteArray history = openMetricsGauge(
            "kube_customresource_spinnakerservice_info",
            {info("acme-red", "2.31.2", "OK", m_from, 0, 59),
             info("acme-red", "2.32.0", "Updating", m_from, 60, 64),
             info("acme-red", "2.32.0", "OK", m_from, 65, 119),
             info("globex-red", "2.31.2", "OK", m_from, 0, 30)});
    QVERIFY2(m_prometheus.start(m_dir.filePath("prom"), history), qPrintable(m_prometheus.error()));
}

ZoneLiveState TestZoneLive::read(PrometheusClient &client, const QString &cluster, qint64 now)
{
    std::optional<ZoneLiveState> result;
    readZoneLiveState(client, cluster, now, 3 * 3600, this,
                      [&](const ZoneLiveState &live) { result = live; });
    static_cast<void>(QTest::qWaitFor([&] { return result.has_value(); }, 30000)); // checked below
    if (!result) {
        ZoneLiveState none;
        none.unknownReason = "the test got no answer in 30 s";
        return none;
    }
    return *result;
}

void TestZoneLive::runningVersionStatusAndSince()
{
    PrometheusClient client(m_prometheus.url());
    const qint64 now = m_from + 119 * M + 30; // half a minute after the last sample
    const ZoneLiveState live = read(client, "acme-red", now);
    QVERIFY2(live.known, qPrintable(live.unknownReason));
    QCOMPARE(live.running, QString("2.32.0"));
    QCOMPARE(live.status, OperatorStatus::Ok);
    QCOMPARE(live.since, QDateTime::fromSecsSinceEpoch(m_from + 65 * M, QTimeZone::utc()));
    QVERIFY(!live.sinceIsLookbackStart);
    QCOMPARE(live.source, QString("kube_customresource_spinnakerservice_info{cluster=\"acme-red\"}"));

    // During the rollout, 62 minutes in: Updating since minute 60.
    const ZoneLiveState rolling = read(client, "acme-red", m_from + 62 * M);
    QVERIFY2(rolling.known, qPrintable(rolling.unknownReason));
    QCOMPARE(rolling.status, OperatorStatus::Updating);
    QCOMPARE(rolling.since, QDateTime::fromSecsSinceEpoch(m_from + 60 * M, QTimeZone::utc()));
}

void TestZoneLive::staleAbsentAndUnreachableAreUnknown()
{
    PrometheusClient client(m_prometheus.url());
    const qint64 now = m_from + 119 * M;
    // globex-red's last sample is at minute 30, far more than five minutes ago.
    ZoneLiveState live = read(client, "globex-red", now);
    QVERIFY(!live.known);
    QVERIFY2(live.unknownReason.startsWith("no sample since "
                                           + QDateTime::fromSecsSinceEpoch(m_from + 30 * M,
                                                                           QTimeZone::utc())
                                                     .toString(Qt::ISODate)),
             qPrintable(live.unknownReason));
    live = read(client, "initech-red", now);
    QVERIFY(!live.known);
    QCOMPARE(live.unknownReason, QString("no sample"));

    m_prometheus.stop();
    live = read(client, "acme-red", now);
    QVERIFY(!live.known);
    QVERIFY2(live.unknownReason.contains("127.0.0.1"), qPrintable(live.unknownReason));
}

QTEST_GUILESS_MAIN(TestZoneLive)
#include "tst_zonelive.moc"
