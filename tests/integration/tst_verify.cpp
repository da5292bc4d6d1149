// `quarterdeck verify` after an upgrade, against a real Prometheus (info metric, deployment
// replicas and probe_success backfilled with promtool around the current time) and a real
// Alertmanager: a pass, a fail with its evidence, pending within the grace time and while the
// operator rolls out; completed verifications are in the store, pending ones are not. The
// expected times and counts are worked out here from the history.
#include "services/store/TelemetryStore.h"
#include "support/AlertmanagerServer.h"
#include "support/CliConfig.h"
#include "support/EvidenceJson.h"
#include "support/GitServers.h"
#include "support/PrometheusServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::test;

namespace {

constexpr qint64 M = 60;
constexpr qint64 H = 3600;

// One series of a gauge: `value` every `step` seconds of [from, to].
OpenMetricsSeries series(const QMap<QString, QString> &labels, qint64 from, qint64 to,
                         double value = 1.0, qint64 step = M)
{
    OpenMetricsSeries s;
    s.labels = labels;
    for (qint64 t = from; t <= to; t += step)
        s.samples.append({t, value});
    return s;
}

OpenMetricsSeries info(const QString &cluster, const QString &version, const QString &status,
                       qint64 from, qint64 to)
{
    return series({{"cluster", cluster}, {"version", version}, {"status", status}}, from, to);
}

// Dense enough (15 s) for an instant query with the fixture's 30 s lookback at any second.
OpenMetricsSeries replicas(const QString &cluster, const QString &deployment, double value,
                           qint64 from, qint64 to)
{
    return series({{"cluster", cluster}, {"namespace", "spinnaker"}, {"deployment", deployment}},
                  from, to, value, 15);
}

QByteArray families(const QList<QByteArray> &gauges)
{
    QByteArray text;
    for (const QByteArray &gauge : gauges)
        text += gauge.chopped(6); // each ends with "# EOF\n"; one goes at the very end
    return text + "# EOF\n";
}

} // namespace

class TestVerify : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void steadyZonePassesAndIsRecorded();
    void failingChecksFailWithEvidence();
    void withinTheGraceTimeIsPendingAndNotRecorded();
    void rollingOutIsPending();
    void usageErrors();

private:
    ProcessRun verify(const QString &customer, const QStringList &more = {});
    QList<VerificationResult> recorded(const QString &customer);

    QTemporaryDir m_dir;
    QString m_work;
    QString m_store;
    PrometheusServer m_prometheus;
    AlertmanagerServer m_alertmanager;
    std::unique_ptr<CliConfig> m_config;
    qint64 m_now = 0;
};

void TestVerify::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (PrometheusServer::program().isEmpty())
        QSKIP("prometheus and promtool are not installed");
    if (AlertmanagerServer::program().isEmpty())
        QSKIP("prometheus-alertmanager is not installed");
    QVERIFY(m_dir.isValid());
    m_config = std::make_unique<CliConfig>(m_dir.filePath("config"));
    m_store = m_dir.filePath("store/telemetry.sqlite");
    QString remote;
    QString error;
    QVERIFY2(makeDemoClone(m_dir.path(), &m_work, &remote, &error), qPrintable(error));

    m_now = QDateTime::currentSecsSinceEpoch() / M * M;
    const qint64 end = m_now + 20 * M; // the history goes on past the test's runs
    const qint64 start = m_now - 26 * H;
    // The demo's Green zones desire: coralbay 2.31.2, globex 2.31.2, fjord 2.30.1, lumen 2.31.2.
    // coralbay: steady for a day. globex: upgraded 3 h ago. fjord: upgraded 10 min ago.
    // lumen: the operator has been rolling out 2.31.2 for 4 minutes.
    const QByteArray infos = openMetricsGauge(
            "kube_customresource_spinnakerservice_info",
            {info("coralbay-green", "2.31.2", "OK", start, end),
             info("globex-green", "2.31.0", "OK", start, m_now - 3 * H - M),
             info("globex-green", "2.31.2", "OK", m_now - 3 * H, end),
             info("fjord-green", "2.30.0", "OK", start, m_now - 11 * M),
             info("fjord-green", "2.30.1", "OK", m_now - 10 * M, end),
             info("lumen-green", "2.31.0", "OK", start, m_now - 5 * M),
             info("lumen-green", "2.31.2", "Updating", m_now - 4 * M, end)});
    const qint64 from = m_now - H;
    QList<OpenMetricsSeries> available;
    QList<OpenMetricsSeries> desired;
    for (const QString cluster : {"coralbay-green", "globex-green", "fjord-green", "lumen-green"}) {
        desired << replicas(cluster, "spin-gate", 2, from, end)
                << replicas(cluster, "spin-orca", 3, from, end);
        available << replicas(cluster, "spin-gate", 2, from, end);
        // globex's Orca is one replica short; the others are all there.
        available << replicas(cluster, "spin-orca", cluster == "globex-green" ? 2 : 3, from, end);
    }
    // probe_success, every minute: globex fails 10 minutes ago, fjord 5 minutes ago.
    const auto probes = [&](const QString &cluster, qint64 bad) {
        OpenMetricsSeries s = series({{"cluster", cluster}}, start, end);
        for (auto &[t, v] : s.samples)
            v = t == bad ? 0.0 : 1.0;
        return s;
    };
    const QByteArray probe = openMetricsGauge(
            "probe_success", {probes("coralbay-green", 0), probes("globex-green", m_now - 10 * M),
                              probes("fjord-green", m_now - 5 * M), probes("lumen-green", 0)});
    const QByteArray history = families(
            {infos, openMetricsGauge("kube_deployment_status_replicas_available", available),
             openMetricsGauge("kube_deployment_spec_replicas", desired), probe});
    QVERIFY2(m_prometheus.start(m_dir.filePath("prom"), history), qPrintable(m_prometheus.error()));

    QVERIFY2(m_alertmanager.start(m_dir.filePath("am")), qPrintable(m_alertmanager.error()));
    QCOMPARE(m_alertmanager.postAlerts(
                     {// After globex's upgrade (3 h ago): it counts against it.
                      AlertmanagerServer::alert({{"alertname", "GateErrors"},
                                                 {"cluster", "globex-green"}, {"priority", "P1"}},
                                                QDateTime::fromSecsSinceEpoch(m_now - H, Qt::UTC),
                                                {}, "Gate 5xx"),
                      // Another zone of coralbay: does not.
                      AlertmanagerServer::alert({{"alertname", "DeckSlow"},
                                                 {"cluster", "coralbay-red"}, {"priority", "P2"}},
                                                QDateTime::fromSecsSinceEpoch(m_now - H, Qt::UTC),
                                                {}, "Deck is slow")}),
             200);
}

ProcessRun TestVerify::verify(const QString &customer, const QStringList &more)
{
    return runProgram(QStringLiteral(QD_BINARY_DIR) + "/quarterdeck",
                      QStringList{"verify", "--repo", m_work, "--customer", customer, "--zone",
                                  "green", "--prometheus", m_prometheus.url().toString(),
                                  "--alertmanager", m_alertmanager.url().toString(), "--store",
                                  m_store, "--json"}
                              + more,
                      m_work, m_config->environment());
}

QList<VerificationResult> TestVerify::recorded(const QString &customer)
{
    auto store = TelemetryStore::open(m_store);
    if (!store)
        return {};
    auto results = store->verifications(customer);
    return results ? results.value() : QList<VerificationResult>{};
}

void TestVerify::steadyZonePassesAndIsRecorded()
{
    const ProcessRun run = verify("coralbay");
    QVERIFY2(run.exitCode == 0, run.out + run.err);
    const QJsonObject result = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(result["customer"].toString(), QString("coralbay"));
    QCOMPARE(result["zone"].toString(), QString("green"));
    QCOMPARE(result["version"].toString(), QString("2.31.2"));
    QCOMPARE(result["verdict"].toString(), QString("pass"));
    QCOMPARE(result["checks"].toArray().size(), 5);
    QCOMPARE(failedIds(result["checks"].toArray()), QStringList());
    QVERIFY(entryWithId(result["checks"].toArray(), "services-ready")["evidence"].toString().startsWith("2 deployments"));
    // The last 30 minutes on the minute grid, both ends included: 31 samples.
    QVERIFY2(entryWithId(result["checks"].toArray(), "checks-green")["evidence"].toString().contains("all 31 samples"),
             qPrintable(entryWithId(result["checks"].toArray(), "checks-green")["evidence"].toString()));

    const QList<VerificationResult> records = recorded("coralbay");
    QCOMPARE(records.size(), 1);
    QCOMPARE(records[0].verdict, VerificationVerdict::Pass);
    QCOMPARE(records[0].version, QString("2.31.2"));
    QCOMPARE(records[0].checks.size(), 5);
    QVERIFY(qAbs(records[0].at.toSecsSinceEpoch() - QDateTime::currentSecsSinceEpoch()) < 120);
}

void TestVerify::failingChecksFailWithEvidence()
{
    const ProcessRun run = verify("globex");
    QCOMPARE(run.exitCode, 1);
    const QJsonObject result = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(result["verdict"].toString(), QString("fail"));
    QVERIFY(result["pendingUntil"].isNull());
    QCOMPARE(failedIds(result["checks"].toArray()), (QStringList{"services-ready", "checks-green", "no-new-alerts"}));
    QVERIFY(entryWithId(result["checks"].toArray(), "services-ready")["evidence"].toString().contains("spin-orca 2/3"));
    QVERIFY2(entryWithId(result["checks"].toArray(), "checks-green")["evidence"].toString().contains(
                     "in 1 of 31 samples of the last 30 min, first at " + isoUtc(m_now - 10 * M)),
             qPrintable(entryWithId(result["checks"].toArray(), "checks-green")["evidence"].toString()));
    const QString alerts = entryWithId(result["checks"].toArray(), "no-new-alerts")["evidence"].toString();
    QVERIFY2(alerts.contains("started since " + isoUtc(m_now - 3 * H))
                     && alerts.contains("globex/green/GateErrors (P1, since " + isoUtc(m_now - H)),
             qPrintable(alerts));
    QCOMPARE(recorded("globex").size(), 1);
    QCOMPARE(recorded("globex")[0].verdict, VerificationVerdict::Fail);

    // With a 5-minute window the failed minute is out of it, and 6 samples are looked at.
    const ProcessRun shorter = verify("globex", {"--checks-window", "5"});
    const QJsonObject again = QJsonDocument::fromJson(shorter.out).object();
    QVERIFY2(entryWithId(again["checks"].toArray(), "checks-green")["evidence"].toString().contains("all 6 samples of the last 5 min"),
             qPrintable(entryWithId(again["checks"].toArray(), "checks-green")["evidence"].toString()));
}

void TestVerify::withinTheGraceTimeIsPendingAndNotRecorded()
{
    // fjord's 2.30.1 was first seen 10 minutes ago and one check failed since: pending until the
    // 30-minute grace ends.
    const ProcessRun run = verify("fjord");
    QCOMPARE(run.exitCode, 1);
    const QJsonObject result = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(result["verdict"].toString(), QString("pending"));
    QCOMPARE(failedIds(result["checks"].toArray()), QStringList{"checks-green"});
    QCOMPARE(result["pendingUntil"].toString(), isoUtc(m_now - 10 * M + 30 * M));
    QVERIFY(recorded("fjord").isEmpty());

    // A 5-minute grace has passed: the same failure is a fail, and recorded.
    const ProcessRun late = verify("fjord", {"--grace", "5"});
    QCOMPARE(late.exitCode, 1);
    QCOMPARE(QJsonDocument::fromJson(late.out).object()["verdict"].toString(), QString("fail"));
    QCOMPARE(recorded("fjord").size(), 1);
}

void TestVerify::rollingOutIsPending()
{
    const ProcessRun run = verify("lumen");
    QCOMPARE(run.exitCode, 1);
    const QJsonObject result = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(result["verdict"].toString(), QString("pending"));
    QCOMPARE(failedIds(result["checks"].toArray()), QStringList{"operator-ok"});
    QVERIFY(entryWithId(result["checks"].toArray(), "operator-ok")["evidence"].toString().contains(
            "operator status Updating since " + isoUtc(m_now - 4 * M)));
    QVERIFY(recorded("lumen").isEmpty());

    // Text output: each check and the verdict.
    QStringList text = {"verify", "--repo", m_work, "--customer", "lumen", "--zone", "green",
                        "--prometheus", m_prometheus.url().toString(), "--store", m_store};
    const ProcessRun plain = runProgram(QStringLiteral(QD_BINARY_DIR) + "/quarterdeck", text,
                                        m_work, m_config->environment());
    QVERIFY2(plain.out.contains("FAIL  operator-ok") && plain.out.contains("lumen green 2.31.2: pending"),
             plain.out.constData());
}

void TestVerify::usageErrors()
{
    const QString binary = QStringLiteral(QD_BINARY_DIR) + "/quarterdeck";
    const QProcessEnvironment env = m_config->environment();
    QCOMPARE(runProgram(binary, {"verify", "--repo", m_work, "--customer", "fjord", "--zone", "green"},
                        m_work, env).exitCode, 2); // no --prometheus
    QCOMPARE(runProgram(binary, {"verify", "--repo", m_work, "--customer", "fjord", "--zone",
                                 "blue", "--prometheus", m_prometheus.url().toString()},
                        m_work, env).exitCode, 2);
    QCOMPARE(verify("fjord", {"--grace", "soon"}).exitCode, 2);
    const ProcessRun nobody = verify("nobody");
    QCOMPARE(nobody.exitCode, 2);
    QVERIFY(nobody.err.contains("no customer 'nobody'"));
}

QTEST_GUILESS_MAIN(TestVerify)
#include "tst_verify.moc"
