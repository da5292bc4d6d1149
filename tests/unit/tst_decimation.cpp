// A chart draws at most about two points per pixel column, and what it leaves out must not hide
// an outage: a single bad minute in a month still has to show.
#include "models/Decimation.h"

#include <QTest>

#include <cmath>

using namespace qd;

namespace {

constexpr qsizetype MinutesIn30Days = 30 * 24 * 60; // 43,200

// Per-minute availability: 1 everywhere except the minutes listed, which are 0.
QList<QPointF> minutes(qsizetype count, const QList<qsizetype> &badMinutes = {})
{
    QList<QPointF> points;
    points.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        points.append(QPointF(double(i) * 60.0, badMinutes.contains(i) ? 0.0 : 1.0));
    return points;
}

} // namespace

class TestDecimation : public QObject
{
    Q_OBJECT

private slots:
    void sizeBound_data();
    void sizeBound();
    void singleBadMinuteSurvives_data();
    void singleBadMinuteSurvives();
    void keepsOrderAndOnlyInputPoints();
    void sineKeepsPeaks();
    void budgetFollowsWidth_data();
    void budgetFollowsWidth();
};

void TestDecimation::sizeBound_data()
{
    QTest::addColumn<qsizetype>("count");
    QTest::addColumn<qsizetype>("maxPoints");
    QTest::addColumn<qsizetype>("expected");
    QTest::newRow("empty") << qsizetype(0) << qsizetype(100) << qsizetype(0);
    QTest::newRow("one point") << qsizetype(1) << qsizetype(100) << qsizetype(1);
    QTest::newRow("fits: unchanged") << qsizetype(50) << qsizetype(100) << qsizetype(50);
    QTest::newRow("exactly the budget") << qsizetype(100) << qsizetype(100) << qsizetype(100);
    QTest::newRow("one over") << qsizetype(101) << qsizetype(100) << qsizetype(100);
    QTest::newRow("30 days into 800 px") << MinutesIn30Days << qsizetype(1600) << qsizetype(1600);
    QTest::newRow("30 days into 3") << MinutesIn30Days << qsizetype(3) << qsizetype(3);
    QTest::newRow("budget 2: the ends") << qsizetype(10) << qsizetype(2) << qsizetype(2);
    QTest::newRow("budget 1") << qsizetype(10) << qsizetype(1) << qsizetype(1);
    QTest::newRow("quarter into 1000")
            << qsizetype(92 * 24 * 60) << qsizetype(1000) << qsizetype(1000);
}

void TestDecimation::sizeBound()
{
    QFETCH(qsizetype, count);
    QFETCH(qsizetype, maxPoints);
    QFETCH(qsizetype, expected);
    QList<QPointF> input;
    for (qsizetype i = 0; i < count; ++i)
        input.append(QPointF(double(i), std::sin(double(i) / 7.0)));

    const QList<QPointF> output = decimateLttb(input, maxPoints);
    QCOMPARE(output.size(), expected);
    if (!input.isEmpty()) {
        QCOMPARE(output.first(), input.first());
        if (maxPoints >= 2)
            QCOMPARE(output.last(), input.last());
    }
}

void TestDecimation::singleBadMinuteSurvives_data()
{
    QTest::addColumn<qsizetype>("badMinute");
    QTest::addColumn<qsizetype>("maxPoints");
    QTest::newRow("second minute") << qsizetype(1) << qsizetype(1600);
    QTest::newRow("middle of the month") << qsizetype(21'617) << qsizetype(1600);
    QTest::newRow("bucket boundary") << qsizetype(27) << qsizetype(1600);
    QTest::newRow("last but one") << MinutesIn30Days - 2 << qsizetype(1600);
    QTest::newRow("first minute") << qsizetype(0) << qsizetype(1600);
    QTest::newRow("last minute") << MinutesIn30Days - 1 << qsizetype(1600);
    QTest::newRow("narrow chart, 200 px") << qsizetype(30'001) << qsizetype(400);
    QTest::newRow("tiny chart, 20 px") << qsizetype(12'345) << qsizetype(40);
}

void TestDecimation::singleBadMinuteSurvives()
{
    QFETCH(qsizetype, badMinute);
    QFETCH(qsizetype, maxPoints);
    const QList<QPointF> input = minutes(MinutesIn30Days, {badMinute});

    const QList<QPointF> output = decimateLttb(input, maxPoints);
    QVERIFY(output.size() <= maxPoints);
    QVERIFY2(output.contains(QPointF(double(badMinute) * 60.0, 0.0)),
             "the one bad minute of the month is no longer drawn");
}

void TestDecimation::keepsOrderAndOnlyInputPoints()
{
    const QList<QPointF> input = minutes(10'000, {10, 11, 12, 5000, 9990});
    const QList<QPointF> output = decimateLttb(input, 300);
    QCOMPARE(output.size(), 300);
    for (qsizetype i = 1; i < output.size(); ++i)
        QVERIFY(output.at(i - 1).x() < output.at(i).x());
    for (const QPointF &p : output)
        QCOMPARE(input.at(qsizetype(p.x() / 60.0)), p);
    // Each separate outage keeps at least one of its minutes.
    const auto hasBadNear = [&output](double fromMinute, double toMinute) {
        return std::any_of(output.cbegin(), output.cend(), [=](const QPointF &p) {
            return p.y() == 0.0 && p.x() >= fromMinute * 60 && p.x() <= toMinute * 60;
        });
    };
    QVERIFY(hasBadNear(10, 12));
    QVERIFY(hasBadNear(5000, 5000));
    QVERIFY(hasBadNear(9990, 9990));
}

void TestDecimation::sineKeepsPeaks()
{
    // 20 periods of a sine in 20,000 points, down to 400: every crest and trough stays near ±1.
    QList<QPointF> input;
    for (int i = 0; i < 20'000; ++i)
        input.append(QPointF(i, std::sin(2 * M_PI * i / 1000.0)));
    const QList<QPointF> output = decimateLttb(input, 400);
    const auto [low, high] =
            std::minmax_element(output.cbegin(), output.cend(),
                                [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); });
    QVERIFY(high->y() > 0.999);
    QVERIFY(low->y() < -0.999);
}

void TestDecimation::budgetFollowsWidth_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<qsizetype>("budget");
    QTest::newRow("800 px") << 800 << qsizetype(1600);
    QTest::newRow("1 px") << 1 << qsizetype(3);
    QTest::newRow("hidden, 0 px") << 0 << qsizetype(3);
    QTest::newRow("negative") << -5 << qsizetype(3);
}

void TestDecimation::budgetFollowsWidth()
{
    QFETCH(int, width);
    QFETCH(qsizetype, budget);
    QCOMPARE(chartPointBudget(width), budget);
}

QTEST_GUILESS_MAIN(TestDecimation)
#include "tst_decimation.moc"
