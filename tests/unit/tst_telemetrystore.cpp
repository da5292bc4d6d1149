// The local telemetry store: WAL, schema version, samples across days, reopen, stale marking.
#include "services/store/TelemetryStore.h"
#include "services/telemetry/DemoTelemetry.h"
#include "services/telemetry/PrometheusClient.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;

class TestTelemetryStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void walSchemaAndReopen();
    void partialDaysKeepTheirOtherMinutes();
    void staleMarking();
    void refusesANewerSchema();
    void schemaOneIsMigratedKeepingItsSamples();
    void verificationsAreKeptAcrossReopen();
    void parsesPrometheusResponses_data();
    void parsesPrometheusResponses();
    void demoSeedHasOneSlaBreaker();
};

void TestTelemetryStore::walSchemaAndReopen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/telemetry.sqlite"));
    // 2026-11-01T23:00Z for 3 hours: across a UTC midnight, with a gap and an outage.
    const qint64 start = QDateTime(QDate(2026, 11, 1), QTime(23, 0), QTimeZone::utc())
                                 .toSecsSinceEpoch();
    slo::SampleSeries series;
    series.start = start;
    series.values.assign(180, 1.0f);
    series.values[70] = 0.0f;
    series.values[100] = slo::SampleSeries::noData();
    {
        auto store = TelemetryStore::open(path);
        QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
        QCOMPARE(store->journalMode(), QStringLiteral("wal"));
        QCOMPARE(store->schemaVersion(), TelemetryStore::kSchemaVersion);
        QVERIFY(store->writeSamples(QStringLiteral("acme-green"), series).ok());
    }
    auto store = TelemetryStore::open(path);
    QVERIFY(store.ok());
    QCOMPARE(store->schemaVersion(), TelemetryStore::kSchemaVersion);
    const auto back = store->readSamples(QStringLiteral("acme-green"), start - 600, start + 200 * 60);
    QVERIFY(back.ok());
    QCOMPARE(back->start, start - 600);
    QCOMPARE(back->values.size(), size_t(10 + 201));
    // Before and after the series: no data. Inside: what was written, across midnight.
    QVERIFY(slo::SampleSeries::isNoData(back->values[0]));
    QCOMPARE(back->valueAt(start), 1.0f);
    QCOMPARE(back->valueAt(start + 70 * 60), 0.0f);
    QVERIFY(slo::SampleSeries::isNoData(back->valueAt(start + 100 * 60)));
    QCOMPARE(back->valueAt(start + 179 * 60), 1.0f);
    QVERIFY(slo::SampleSeries::isNoData(back->valueAt(start + 180 * 60)));
    const slo::SampleCounts counts = slo::countSamples(*back, start, start + 179 * 60, {});
    QCOMPARE(counts.eligible, 179);
    QCOMPARE(counts.good, 178.0);
    QCOMPARE(store->newestSample(QStringLiteral("acme-green")), start + 179 * 60);
    QVERIFY(!store->newestSample(QStringLiteral("nobody")));
    QVERIFY(!store->writeSamples(QStringLiteral("x"), slo::SampleSeries{start + 1, 60, {1.f}}).ok());
}

void TestTelemetryStore::partialDaysKeepTheirOtherMinutes()
{
    QTemporaryDir dir;
    auto store = TelemetryStore::open(dir.filePath(QStringLiteral("t.sqlite")));
    QVERIFY(store.ok());
    const qint64 day = QDateTime(QDate(2026, 11, 2), QTime(0, 0), QTimeZone::utc())
                               .toSecsSinceEpoch();
    slo::SampleSeries morning{day, 60, std::vector<float>(60, 1.0f)};
    slo::SampleSeries late{day + 30 * 60, 60, std::vector<float>(60, 0.0f)}; // 00:30..01:29
    QVERIFY(store->writeSamples(QStringLiteral("c"), morning).ok());
    QVERIFY(store->writeSamples(QStringLiteral("c"), late).ok());
    const auto back = store->readSamples(QStringLiteral("c"), day, day + 89 * 60);
    QVERIFY(back.ok());
    const slo::SampleCounts counts = slo::countSamples(*back, day, day + 89 * 60, {});
    QCOMPARE(counts.eligible, 90);
    QCOMPARE(counts.good, 30.0); // 00:00..00:29 kept, 00:30..01:29 replaced by the outage
    QVERIFY(store->prune(day + 40 * 86400, 30).ok());
    QCOMPARE(slo::countSamples(*store->readSamples(QStringLiteral("c"), day, day + 3600), day,
                               day + 3600, {}).eligible, 0);
}

void TestTelemetryStore::staleMarking()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.sqlite"));
    const QDateTime t0 = QDateTime(QDate(2026, 11, 2), QTime(10, 0), QTimeZone::utc());
    {
        auto store = TelemetryStore::open(path);
        QVERIFY(store.ok());
        QVERIFY(store->markSourceOk(QStringLiteral("prometheus"), t0).ok());
        QVERIFY(store->markSourceFailed(QStringLiteral("prometheus"), t0.addSecs(60),
                                        QStringLiteral("Connection refused")).ok());
        // A later failure keeps the first failure as "stale since", with the newest reason.
        QVERIFY(store->markSourceFailed(QStringLiteral("prometheus"), t0.addSecs(120),
                                        QStringLiteral("timed out")).ok());
    }
    auto store = TelemetryStore::open(path);
    QVERIFY(store.ok());
    TelemetryStore::SourceRecord r = store->sourceRecord(QStringLiteral("prometheus"));
    QCOMPARE(r.lastSuccess, t0);
    QCOMPARE(r.staleSince, t0.addSecs(60));
    QCOMPARE(r.reason, QStringLiteral("timed out"));
    QVERIFY(store->markSourceOk(QStringLiteral("prometheus"), t0.addSecs(180)).ok());
    r = store->sourceRecord(QStringLiteral("prometheus"));
    QVERIFY(!r.staleSince.isValid());
    QCOMPARE(r.lastSuccess, t0.addSecs(180));
}

void TestTelemetryStore::refusesANewerSchema()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version=99"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    const auto store = TelemetryStore::open(path);
    QVERIFY(!store.ok());
    QVERIFY(store.errorMessage().contains(QStringLiteral("newer")));
}

void TestTelemetryStore::schemaOneIsMigratedKeepingItsSamples()
{
    // A store as the first release wrote it: schema 1, one day of acme-green all good.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.sqlite"));
    const qint64 day = QDateTime(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec("CREATE TABLE sli_day (cluster TEXT NOT NULL, day INTEGER NOT NULL, "
                       "samples BLOB NOT NULL, PRIMARY KEY (cluster, day)) WITHOUT ROWID"));
        QVERIFY(q.exec("CREATE TABLE source_state (source TEXT PRIMARY KEY, last_success INTEGER,"
                       " stale_since INTEGER, reason TEXT)"));
        const std::vector<float> good(1440, 1.0f);
        q.prepare("INSERT INTO sli_day VALUES ('acme-green', ?, ?)");
        q.addBindValue(day);
        q.addBindValue(QByteArray(reinterpret_cast<const char *>(good.data()), 1440 * 4));
        QVERIFY(q.exec());
        QVERIFY(q.exec("PRAGMA user_version=1"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    auto store = TelemetryStore::open(path);
    QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
    QCOMPARE(store->schemaVersion(), 2);
    const auto back = store->readSamples(QStringLiteral("acme-green"), day, day + 1439 * 60);
    QVERIFY(back.ok());
    QCOMPARE(back->values, std::vector<float>(1440, 1.0f));
    QVERIFY(store->verifications(QStringLiteral("acme"))->isEmpty());
}

void TestTelemetryStore::verificationsAreKeptAcrossReopen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.sqlite"));
    VerificationResult failed;
    failed.customer = QStringLiteral("acme");
    failed.zone = ZoneKind::Green;
    failed.version = QStringLiteral("2.32.0");
    failed.verdict = VerificationVerdict::Fail;
    failed.at = QDateTime(QDate(2026, 12, 6), QTime(12, 0), QTimeZone::utc());
    failed.checks = {{QStringLiteral("running-matches"), true, QStringLiteral("runs 2.32.0")},
                     {QStringLiteral("checks-green"), false, QStringLiteral("probe_success < 1")}};
    VerificationResult passed = failed;
    passed.verdict = VerificationVerdict::Pass;
    passed.at = failed.at.addSecs(3600);
    passed.checks[1].passed = true;
    {
        auto store = TelemetryStore::open(path);
        QVERIFY(store.ok());
        QVERIFY(store->recordVerification(passed).ok());
        QVERIFY(store->recordVerification(failed).ok());
        VerificationResult other = passed;
        other.customer = QStringLiteral("globex");
        QVERIFY(store->recordVerification(other).ok());
    }
    auto store = TelemetryStore::open(path);
    QVERIFY(store.ok());
    const auto back = store->verifications(QStringLiteral("acme"));
    QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
    QCOMPARE(back->size(), 2);
    // Oldest first, whatever the order they were recorded in.
    QCOMPARE(back->at(0).verdict, VerificationVerdict::Fail);
    QCOMPARE(back->at(0).at, failed.at);
    QCOMPARE(back->at(0).version, QStringLiteral("2.32.0"));
    QCOMPARE(back->at(0).zone, ZoneKind::Green);
    QCOMPARE(back->at(0).checks.size(), 2);
    QCOMPARE(back->at(0).checks[1].id, QStringLiteral("checks-green"));
    QCOMPARE(back->at(0).checks[1].passed, false);
    QCOMPARE(back->at(0).checks[1].evidence, QStringLiteral("probe_success < 1"));
    QCOMPARE(back->at(1).verdict, VerificationVerdict::Pass);
}

void TestTelemetryStore::parsesPrometheusResponses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("series"); // -1: an error
    QTest::addColumn<QString>("error");

    QTest::newRow("matrix") << QByteArray(R"({"status":"success","data":{"resultType":"matrix",
        "result":[{"metric":{"cluster":"a\"b","probe":"x"},"values":[[1700000000,"1"],
        [1700000060.000,"0.5"],[1700000120,"NaN"]]},{"metric":{},"values":[]}]}})")
                            << 2 << QString();
    QTest::newRow("vector") << QByteArray(R"({"status":"success","data":{"resultType":"vector",
        "result":[{"metric":{"__name__":"up"},"value":[1700000000.5,"+Inf"]}]},"warnings":["w"]})")
                            << 1 << QString();
    QTest::newRow("error") << QByteArray(R"({"status":"error","errorType":"bad_data",
        "error":"parse error at char 15"})") << -1 << "bad_data: parse error at char 15";
    QTest::newRow("scalar") << QByteArray(R"({"status":"success","data":{"resultType":"scalar",
        "result":[1700000000,"1"]}})") << -1 << "only matrix and vector";
    QTest::newRow("empty") << QByteArray() << -1 << "not a Prometheus API response";
    QTest::newRow("bad value") << QByteArray(R"({"status":"success","data":{"resultType":"matrix",
        "result":[{"metric":{},"values":[[1,"one"]]}]}})") << -1 << "expected a sample value";
    QTest::newRow("no status") << QByteArray(R"({"data":{}})") << -1 << "no \"status\"";
    QTest::newRow("deep") << QByteArray(200, '[') << -1 << "not a Prometheus API response";
    // Found by tests/fuzz/fuzz_prometheus_json: \u escapes are UTF-16, so a pair is one character.
    QTest::newRow("escapes") << QByteArray(R"({"status":"success","data":{"resultType":"vector",
        "result":[{"metric":{"cluster":"caf\u00e9 \ud83d\ude00 \u003c\/\\"},"value":[1,"1"]}]}})")
                             << 1 << "";
    QTest::newRow("bad \\u escape") << QByteArray(R"({"status":"success","data":{"resultType":"vector",
        "result":[{"metric":{"cluster":"\u00zz"},"value":[1,"1"]}]}})")
                                    << -1 << "bad \\u escape";
}

void TestTelemetryStore::parsesPrometheusResponses()
{
    QFETCH(QByteArray, body);
    QFETCH(int, series);
    QFETCH(QString, error);
    const auto parsed = parsePrometheusResponse(body);
    if (series < 0) {
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.errorMessage().contains(error), qPrintable(parsed.errorMessage()));
        return;
    }
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    QCOMPARE(parsed->size(), series);
    if (QTest::currentDataTag() == QByteArray("escapes")) {
        QCOMPARE(parsed->first().labels.value(QStringLiteral("cluster")),
                 QString::fromUtf8("caf\xc3\xa9 \xf0\x9f\x98\x80 </\\"));
    }
    if (QTest::currentDataTag() == QByteArray("matrix")) {
        const PromSeries &s = parsed->first();
        QCOMPARE(s.labels.value(QStringLiteral("cluster")), QStringLiteral("a\"b"));
        QCOMPARE(s.times, (std::vector<qint64>{1700000000, 1700000060, 1700000120}));
        QCOMPARE(s.values[1], 0.5);
        QVERIFY(std::isnan(s.values[2]));
        const slo::SampleSeries grid = toSampleSeries(*parsed, 1700000000, 1700000180, 60);
        QCOMPARE(grid.values.size(), size_t(4));
        QCOMPARE(grid.values[1], 0.5f);
        QVERIFY(slo::SampleSeries::isNoData(grid.values[2]));
        QVERIFY(slo::SampleSeries::isNoData(grid.values[3]));
    }
}

void TestTelemetryStore::demoSeedHasOneSlaBreaker()
{
    FleetSnapshot fleet;
    const QStringList ids{"acme", "globex", "initech", "umbrella", "hooli", "stark"};
    for (const QString &id : ids) {
        Customer c;
        c.id = id;
        c.calendar.timezone = QStringLiteral("America/New_York");
        Zone red;
        red.cluster = id + QStringLiteral("-red");
        Zone green;
        green.kind = ZoneKind::Green;
        green.cluster = id + QStringLiteral("-green");
        c.red = red;
        c.green = green;
        fleet.customers.append(c);
    }
    const QDateTime now(QDate(2026, 11, 22), QTime(10, 30), QTimeZone::utc());
    fleet.maintenance.append({QStringLiteral("acme"), ZoneKind::Green, now.addDays(-10),
                              now.addDays(-10).addSecs(7200), QStringLiteral("upgrade")});
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.sqlite"));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(seedDemoTelemetry(fleet, path, now).ok());
    QVERIFY2(timer.elapsed() < 5000, "seeding 12 zones x 90 days must be fast");
    QCOMPARE(demoSlaBreakerId(fleet), QStringLiteral("initech"));

    auto store = TelemetryStore::open(path);
    QVERIFY(store.ok());
    const qint64 to = now.toSecsSinceEpoch() / 60 * 60;
    const qint64 from = to - 89 * 86400;
    const QTimeZone ny("America/New_York");
    for (const Customer &c : std::as_const(fleet.customers)) {
        const auto series = store->readSamples(c.green->cluster, from - 31 * 86400, to);
        QVERIFY(series.ok());
        // Data up to "now" and none after it.
        QCOMPARE(store->newestSample(c.green->cluster), to);
        const auto months = slo::monthlySla(*series, ny, from, to, 99.9,
                                            slo::maintenanceIntervals(fleet.maintenance, c.id,
                                                                      ZoneKind::Green));
        bool missed = false;
        for (const slo::MonthlySla &m : months)
            missed = missed || (m.availability && !m.met);
        // Only initech breaks its SLA (its 200-minute outage); the others stay within 99.9%.
        QVERIFY2(missed == (c.id == QLatin1String("initech")), qPrintable(c.id));
    }
    // Maintenance downtime is in the data but excluded from the SLA.
    const auto acme = store->readSamples(QStringLiteral("acme-green"), to - 10 * 86400,
                                         to - 10 * 86400 + 3600);
    QCOMPARE(acme->values.front(), 0.0f);
    // Seeding again reproduces the same past.
    QVERIFY(seedDemoTelemetry(fleet, path, now.addSecs(3600)).ok());
    const auto again = store->readSamples(QStringLiteral("acme-green"), to - 10 * 86400,
                                          to - 10 * 86400 + 3600);
    QCOMPARE(again->values, acme->values);
}

QTEST_GUILESS_MAIN(TestTelemetryStore)
#include "tst_telemetrystore.moc"
