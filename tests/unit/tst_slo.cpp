// SLO rules against figures worked out by hand (the comment beside each row shows the sum).
#include "models/Slo.h"

#include <QTest>

using namespace qd;
using namespace qd::slo;

namespace {

// 2026-11-02T00:00:00Z, a Monday with no DST change in UTC.
const qint64 F = QDateTime(QDate(2026, 11, 2), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch();
constexpr qint64 M = 60;

SampleSeries goodSeries(qint64 start, qint64 minutes)
{
    SampleSeries s;
    s.start = start;
    s.values.assign(size_t(minutes), 1.0f);
    return s;
}

void setMinutes(SampleSeries &s, qint64 first, qint64 count, float value)
{
    for (qint64 i = first; i < first + count; ++i)
        s.values[size_t(i)] = value;
}

// A change to a series, as a table row can describe it.
struct Edit
{
    qint64 minute;
    qint64 count;
    float value;
};

} // namespace

Q_DECLARE_METATYPE(QList<Interval>)
Q_DECLARE_METATYPE(QList<Edit>)

class TestSlo : public QObject
{
    Q_OBJECT
private slots:
    void availability_data();
    void availability();
    void burnRates_data();
    void burnRates();
    void monthlySlaFollowsTheCustomersTimezone_data();
    void monthlySlaFollowsTheCustomersTimezone();
    void chartSeries();
    void meanOfProbes();
};

void TestSlo::availability_data()
{
    QTest::addColumn<qint64>("seriesMinutes"); // the series starts at F
    QTest::addColumn<QList<Edit>>("edits");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<QList<Interval>>("maintenance");
    QTest::addColumn<qint64>("eligible");
    QTest::addColumn<double>("good");
    QTest::addColumn<qint64>("maintenanceSeconds");
    QTest::addColumn<qint64>("noDataSeconds");
    QTest::addColumn<double>("remainingSeconds");

    const qint64 day = 1440;
    const qint64 lastOfDay = F + (day - 1) * M; // 1,440 instants F .. F + 1439 min

    // 1,440 good minutes: budget 0.1% x 86,400 s = 86.4 s, all left.
    QTest::newRow("all good") << day << QList<Edit>{} << lastOfDay << QList<Interval>{}
                              << day << 1440.0 << qint64(0) << qint64(0) << 86.4;
    // "to" is inclusive: F .. F + 24 h is 1,441 instants; budget 86.46 s.
    QTest::newRow("to is inclusive") << day + 1 << QList<Edit>{} << F + day * M
                                     << QList<Interval>{} << day + 1 << 1441.0 << qint64(0)
                                     << qint64(0) << 86.46;
    // A 3-minute outage: 1,437 / 1,440; consumed 180 s of 86.4 s: -93.6 s left.
    QTest::newRow("3 min outage") << day << QList<Edit>{{100, 3, 0.f}} << lastOfDay
                                  << QList<Interval>{} << day << 1437.0 << qint64(0) << qint64(0)
                                  << -93.6;
    // Flapping: minutes 0, 2, ..., 18 down (10 of the first 20): 1,430 / 1,440; 86.4 - 600.
    QList<Edit> flaps;
    for (int i = 0; i < 20; i += 2)
        flaps.append({i, 1, 0.f});
    QTest::newRow("flapping") << day << flaps << lastOfDay << QList<Interval>{} << day << 1430.0
                              << qint64(0) << qint64(0) << -513.6;
    // Half the probes fail for 10 minutes: 10 x 0.5 bad = 5 minutes = 300 s consumed.
    QTest::newRow("partial") << day << QList<Edit>{{600, 10, 0.5f}} << lastOfDay
                             << QList<Interval>{} << day << 1435.0 << qint64(0) << qint64(0)
                             << 86.4 - 300.0;
    // A 30-minute gap is neither good nor bad: 1,410 eligible, 1 bad among them.
    // Budget 0.001 x 1,410 x 60 = 84.6 s, minus 60 s = 24.6 s.
    QTest::newRow("data gap") << day << QList<Edit>{{500, 30, SampleSeries::noData()}, {900, 1, 0.f}}
                              << lastOfDay << QList<Interval>{} << qint64(1410) << 1409.0
                              << qint64(0) << qint64(1800) << 24.6;
    // The series ends at noon: the afternoon's 720 instants have no data.
    QTest::newRow("series shorter than range") << day / 2 << QList<Edit>{} << lastOfDay
                                               << QList<Interval>{} << qint64(720) << 720.0
                                               << qint64(0) << qint64(720 * 60) << 43.2;
    // A window from the day before to F + 10 min covers instants 0..9; the bad minute 5 is
    // inside it and does not count, minute 20 does: 1,429 / 1,430; 85.8 - 60 = 25.8 s.
    QTest::newRow("window over the start")
            << day << QList<Edit>{{5, 1, 0.f}, {20, 1, 0.f}} << lastOfDay
            << QList<Interval>{{F - 3600, F + 10 * M}} << qint64(1430) << 1429.0 << qint64(600)
            << qint64(0) << 25.8;
    // A window from minute 1,430 into the next day covers instants 1430..1439.
    QTest::newRow("window over the end")
            << day << QList<Edit>{{1435, 2, 0.f}} << lastOfDay
            << QList<Interval>{{F + 1430 * M, F + 2000 * M}} << qint64(1430) << 1430.0
            << qint64(600) << qint64(0) << 85.8;
    // start <= t < end: [F+60, F+120) holds exactly the instant F+60.
    QTest::newRow("window start inclusive, end exclusive")
            << day << QList<Edit>{{1, 1, 0.f}, {2, 1, 0.f}} << lastOfDay
            << QList<Interval>{{F + M, F + 2 * M}} << qint64(1439) << 1438.0 << qint64(60)
            << qint64(0) << 86.34 - 60.0;
    // [F+61, F+120) holds no instant at all.
    QTest::newRow("window between instants")
            << day << QList<Edit>{} << lastOfDay << QList<Interval>{{F + 61, F + 2 * M}} << day
            << 1440.0 << qint64(0) << qint64(0) << 86.4;
    // Overlapping windows [0, 10 min) and [5 min, 15 min) exclude 15 instants, not 20.
    QTest::newRow("overlapping windows")
            << day << QList<Edit>{} << lastOfDay
            << QList<Interval>{{F, F + 10 * M}, {F + 5 * M, F + 15 * M}} << qint64(1425) << 1425.0
            << qint64(900) << qint64(0) << 85.5;
    // A gap inside a maintenance window counts as maintenance, not as "no data".
    QTest::newRow("gap inside maintenance")
            << day << QList<Edit>{{60, 30, SampleSeries::noData()}} << lastOfDay
            << QList<Interval>{{F + 60 * M, F + 120 * M}} << qint64(1380) << 1380.0
            << qint64(3600) << qint64(0) << 82.8;
}

void TestSlo::availability()
{
    QFETCH(qint64, seriesMinutes);
    QFETCH(QList<Edit>, edits);
    QFETCH(qint64, to);
    QFETCH(QList<Interval>, maintenance);
    QFETCH(qint64, eligible);
    QFETCH(double, good);
    QFETCH(qint64, maintenanceSeconds);
    QFETCH(qint64, noDataSeconds);
    QFETCH(double, remainingSeconds);

    SampleSeries series = goodSeries(F, seriesMinutes);
    for (const Edit &e : edits)
        setMinutes(series, e.minute, e.count, e.value);
    const SloSummary s = computeSlo(series, F, to, 99.9, maintenance);

    QCOMPARE(s.counts.eligible, eligible);
    QCOMPARE(s.counts.good, good);
    QCOMPARE(s.counts.samples, (to - F) / M + 1);
    QCOMPARE(s.counts.eligible + s.counts.maintenance + s.counts.noData, s.counts.samples);
    QVERIFY(s.availability);
    QCOMPARE(*s.availability, good / double(eligible));
    QCOMPARE(s.maintenanceExcludedSeconds, maintenanceSeconds);
    QCOMPARE(s.noDataSeconds, noDataSeconds);
    QVERIFY2(qAbs(s.errorBudgetRemainingSeconds - remainingSeconds) < 1e-6,
             qPrintable(QString::number(s.errorBudgetRemainingSeconds)));
    QVERIFY(s.errorBudgetRemainingRatio);
    QVERIFY(qAbs(*s.errorBudgetRemainingRatio - remainingSeconds / s.errorBudgetSeconds) < 1e-9);
    QCOMPARE(s.meetsTarget(), remainingSeconds >= 0);
}

void TestSlo::burnRates_data()
{
    QTest::addColumn<QList<Edit>>("edits"); // on 4 days of good minutes, ending at `to`
    QTest::addColumn<QList<double>>("rates"); // 5m, 30m, 1h, 6h, 3d
    QTest::addColumn<QList<bool>>("firing");  // fast page, slow page, ticket

    const qint64 last = 4 * 1440 - 1;
    // The last 10 minutes down: 5m 5/5 = 1 -> 1000x; 30m 10/30 -> 333.3x; 1h 10/60 -> 166.7x;
    // 6h 10/360 -> 27.8x; 3d 10/4320 -> 2.31x. Every pair burns faster than its factor.
    QTest::newRow("outage now") << QList<Edit>{{last - 9, 10, 0.f}}
                                << QList<double>{1000, 1000.0 / 3, 1000.0 / 6, 1000.0 / 36,
                                                 10.0 / 4.32}
                                << QList<bool>{true, true, true};
    // One bad minute 2 h ago: only 6h (1/360 -> 2.78x) and 3d (1/4320 -> 0.23x) see it.
    QTest::newRow("old blip") << QList<Edit>{{last - 120, 1, 0.f}}
                              << QList<double>{0, 0, 0, 1000.0 / 360, 1000.0 / 4320}
                              << QList<bool>{false, false, false};
    // 5 bad minutes 4 h ago: 6h 5/360 -> 13.9x, 3d 5/4320 -> 1.157x: a ticket, no page (30m
    // is clean).
    QTest::newRow("slow burn ticket") << QList<Edit>{{last - 240, 5, 0.f}}
                                      << QList<double>{0, 0, 0, 5000.0 / 360, 5000.0 / 4320}
                                      << QList<bool>{false, false, true};
    // 1 bad minute in the last 5: 5m 1/5 -> 200x, 1h 1/60 -> 16.7x > 14.4: the fast page;
    // 6h 1/360 -> 2.78x < 6 (no slow page) and 3d 0.23x < 1 (no ticket).
    QTest::newRow("fast page") << QList<Edit>{{last - 2, 1, 0.f}}
                               << QList<double>{200, 1000.0 / 30, 1000.0 / 60, 1000.0 / 360,
                                                1000.0 / 4320}
                               << QList<bool>{true, false, false};
}

void TestSlo::burnRates()
{
    QFETCH(QList<Edit>, edits);
    QFETCH(QList<double>, rates);
    QFETCH(QList<bool>, firing);

    SampleSeries series = goodSeries(F, 4 * 1440);
    for (const Edit &e : edits)
        setMinutes(series, e.minute, e.count, e.value);
    const qint64 to = F + (4 * 1440 - 1) * M;
    const SloSummary s = computeSlo(series, to - 86400 + M, to, 99.9, {});
    QCOMPARE(s.burnRates.size(), 5);
    const QStringList names{"5m", "30m", "1h", "6h", "3d"};
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(burnWindowName(s.burnRates.at(i).window), names.at(i));
        QVERIFY(s.burnRates.at(i).rate);
        QVERIFY2(qAbs(*s.burnRates.at(i).rate - rates.at(i)) < 1e-6,
                 qPrintable(names.at(i) + QString::number(*s.burnRates.at(i).rate)));
    }
    QCOMPARE(s.alerts.size(), 3);
    QCOMPARE(s.alerts.at(0).factor, 14.4);
    QCOMPARE(s.alerts.at(1).factor, 6.0);
    QCOMPARE(s.alerts.at(2).factor, 1.0);
    for (int i = 0; i < 3; ++i)
        QVERIFY2(s.alerts.at(i).firing == firing.at(i), qPrintable(s.alerts.at(i).name));
}

void TestSlo::monthlySlaFollowsTheCustomersTimezone_data()
{
    QTest::addColumn<QString>("zoneName");
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<QDateTime>("monthStart");
    QTest::addColumn<qint64>("minutes");

    const auto utc = [](int y, int mo, int d, int h) {
        return QDateTime(QDate(y, mo, d), QTime(h, 0), QTimeZone::utc());
    };
    // New York leaves DST on Sun 1 Nov 2026: November runs from 00:00 EDT (04:00Z) to
    // 1 Dec 00:00 EST (05:00Z): 30 days + 1 h = 721 h = 43,260 minutes.
    QTest::newRow("New York, November (DST ends)")
            << "America/New_York" << 2026 << 11 << utc(2026, 11, 1, 4) << qint64(43260);
    // October: 1 Oct 04:00Z .. 1 Nov 04:00Z, 31 days = 44,640 minutes.
    QTest::newRow("New York, October") << "America/New_York" << 2026 << 10 << utc(2026, 10, 1, 4)
                                       << qint64(44640);
    // DST starts Sun 8 Mar 2026: 1 Mar 05:00Z .. 1 Apr 04:00Z, 31 days - 1 h = 44,580 minutes.
    QTest::newRow("New York, March (DST starts)")
            << "America/New_York" << 2026 << 3 << utc(2026, 3, 1, 5) << qint64(44580);
    // Berlin leaves DST on 25 Oct 2026: 30 Sep 22:00Z .. 31 Oct 23:00Z = 31 d + 1 h = 44,700.
    QTest::newRow("Berlin, October (DST ends)")
            << "Europe/Berlin" << 2026 << 10 << utc(2026, 9, 30, 22) << qint64(44700);
    QTest::newRow("UTC, February") << "UTC" << 2026 << 2 << utc(2026, 2, 1, 0) << qint64(40320);
}

void TestSlo::monthlySlaFollowsTheCustomersTimezone()
{
    QFETCH(QString, zoneName);
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(QDateTime, monthStart);
    QFETCH(qint64, minutes);

    const QTimeZone zone(zoneName.toUtf8());
    QVERIFY(zone.isValid());
    const qint64 start = monthStart.toSecsSinceEpoch();
    // Good data from 10 days before to 10 days after the month, then:
    // the minute just before the month starts (the previous month's) and the first minute of
    // the month are bad, and 42 more inside: 43 bad minutes.
    const qint64 before = 10 * 1440;
    SampleSeries series = goodSeries(start - before * M, before + minutes + 10 * 1440);
    setMinutes(series, before - 1, 2, 0.f);
    setMinutes(series, before + 1000, 42, 0.f);

    const QList<MonthlySla> months = monthlySla(series, zone, start, start + 3600, 99.9, {});
    QCOMPARE(months.size(), 1);
    const MonthlySla &m = months.first();
    QCOMPARE(m.year, year);
    QCOMPARE(m.month, month);
    QCOMPARE(m.start, start);
    QCOMPARE(m.end - m.start, minutes * M);
    QCOMPARE(m.counts.eligible, minutes);
    QCOMPARE(m.counts.bad(), 43.0);
    // 99.9% allows 0.001 x minutes bad minutes: 43,260 -> 43.26 (met with 43);
    // 40,320 -> 40.32 (missed with 43).
    QCOMPARE(m.met, 43.0 <= 0.001 * double(minutes));

    // Two more bad minutes (45) break the SLA of every month here: the longest allows 44.7.
    setMinutes(series, before + 2000, 2, 0.f);
    const MonthlySla worse = monthlySla(series, zone, start, start + 3600, 99.9, {}).first();
    QCOMPARE(worse.counts.bad(), 45.0);
    QCOMPARE(worse.met, 45.0 <= 0.001 * double(minutes));
    QVERIFY(!worse.met);
}

void TestSlo::chartSeries()
{
    // One day; minutes 120..179 (hour 2) missing, minutes 300..329 (hour 5) down, hour 8 in
    // maintenance. Hourly buckets: 24 - 2 = 22 points in 3 segments ([0,1], [3..7], [9..23]).
    SampleSeries series = goodSeries(F, 1440);
    setMinutes(series, 120, 60, SampleSeries::noData());
    setMinutes(series, 300, 30, 0.f);
    const QList<Interval> maintenance{{F + 8 * 3600, F + 9 * 3600}};
    const qint64 to = F + 1439 * M;
    const TimeSeries a = availabilitySeries(series, F, to, 3600, maintenance);
    QCOMPARE(a.segments.size(), 3);
    QCOMPARE(a.pointCount(), 22);
    QCOMPARE(a.segments.at(1).at(2).y(), 0.5); // hour 5: 30 of 60
    QCOMPARE(a.segments.at(1).at(2).x(), double(F + 5 * 3600) * 1000.0);

    // Burn-down: budget 0.001 x 1,320 eligible minutes = 1.32 minutes; 30 bad minutes spend it
    // 30 / 1.32 times over: ends at 1 - 22.727 = -21.727.
    const TimeSeries b = budgetBurnDownSeries(series, F, to, 3600, 99.9, maintenance);
    QCOMPARE(b.segments.size(), 1);
    QCOMPARE(b.segments.first().first().y(), 1.0);
    QCOMPARE(b.segments.first().at(5).y(), 1.0); // end of hour 4: nothing spent yet
    QVERIFY(qAbs(b.segments.first().last().y() - (1.0 - 30.0 / 1.32)) < 1e-9);
    QCOMPARE(availabilitySeries(series, F, to, 60, {}).pointCount(), 1440 - 60);
}

void TestSlo::meanOfProbes()
{
    // Two probes of one cluster: where both report the mean counts, where one is missing the
    // other alone counts, where both are missing there is no data.
    SampleSeries a = goodSeries(F, 3);
    SampleSeries b = goodSeries(F, 3);
    a.values = {1.f, 0.f, SampleSeries::noData()};
    b.values = {0.f, SampleSeries::noData(), SampleSeries::noData()};
    const SampleSeries m = meanOf({a, b});
    QCOMPARE(m.values.size(), size_t(3));
    QCOMPARE(m.values[0], 0.5f);
    QCOMPARE(m.values[1], 0.f);
    QVERIFY(SampleSeries::isNoData(m.values[2]));
}

QTEST_GUILESS_MAIN(TestSlo)
#include "tst_slo.moc"
