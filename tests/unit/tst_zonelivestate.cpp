// What a zone really runs, from the info metric's samples: the state at the last instant, since
// when it has held without a change or a gap, drift, and "unknown" (with why) rather than a guess.
#include "models/ZoneLiveState.h"

#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace qd;

namespace {

constexpr qint64 kStep = 60;
constexpr qint64 kT0 = 1'796'000'400; // a whole minute; samples follow minute by minute
constexpr OperatorStatus OK = OperatorStatus::Ok;
constexpr OperatorStatus Updating = OperatorStatus::Updating;

// One sample a minute for minutes [first, last] of kT0.
QList<InfoSample> run(int first, int last, const QString &version, OperatorStatus status)
{
    QList<InfoSample> samples;
    for (int minute = first; minute <= last; ++minute)
        samples.append({kT0 + minute * kStep, version, status});
    return samples;
}

QDateTime utc(qint64 time)
{
    return QDateTime::fromSecsSinceEpoch(time, QTimeZone::utc());
}

} // namespace

class TestZoneLiveState : public QObject
{
    Q_OBJECT

private slots:
    void statusNames();
    void sinceIsTheFirstSampleOfTheCurrentState();
    void aGapStartsTheStateAgain();
    void heldSinceTheLookbackStarted();
    void unknownWithAReason();
    void drift();
};

void TestZoneLiveState::statusNames()
{
    QCOMPARE(operatorStatusFromName("OK"), OperatorStatus::Ok);
    QCOMPARE(operatorStatusFromName("Updating"), OperatorStatus::Updating);
    QCOMPARE(operatorStatusFromName("Unavailable"), OperatorStatus::Unavailable);
    QCOMPARE(operatorStatusFromName("Failure"), OperatorStatus::Failure);
    QCOMPARE(operatorStatusFromName("N/A"), OperatorStatus::NotAvailable);
    QCOMPARE(operatorStatusFromName("Rolling"), OperatorStatus::Unknown);
    QCOMPARE(operatorStatusFromName(""), OperatorStatus::Unknown);
}

void TestZoneLiveState::sinceIsTheFirstSampleOfTheCurrentState()
{
    // 2.31.2 OK for an hour, Updating to 2.32.0 for 5 minutes, then 2.32.0 OK for 55 minutes.
    const QList<InfoSample> samples = run(0, 59, "2.31.2", OK) + run(60, 64, "2.32.0", Updating)
                                      + run(65, 119, "2.32.0", OK);
    const qint64 now = kT0 + 119 * kStep + 20;
    const ZoneLiveState live = liveStateFromSamples(samples, kStep, now, 300);
    QVERIFY(live.known);
    QCOMPARE(live.running, QString("2.32.0"));
    QCOMPARE(live.status, OK);
    QCOMPARE(live.since, utc(kT0 + 65 * 60)); // 65 minutes after the first sample
    QVERIFY(!live.sinceIsLookbackStart);
    // While the operator was still rolling out: Updating since minute 60.
    const ZoneLiveState rolling =
            liveStateFromSamples(samples.mid(0, 64), kStep, kT0 + 63 * kStep, 300);
    QCOMPARE(rolling.status, Updating);
    QCOMPARE(rolling.since, utc(kT0 + 60 * 60));
}

void TestZoneLiveState::aGapStartsTheStateAgain()
{
    // The same state before and after a three-minute hole (minutes 30-32 missing): continuity
    // is what the soak counts, so the state holds only since minute 33.
    const QList<InfoSample> samples = run(0, 29, "2.32.0", OK) + run(33, 90, "2.32.0", OK);
    const ZoneLiveState live = liveStateFromSamples(samples, kStep, kT0 + 90 * kStep, 300);
    QCOMPARE(live.since, utc(kT0 + 33 * 60));
    // Samples out of order, and the same state twice at one instant, change nothing.
    QList<InfoSample> shuffled = samples;
    std::reverse(shuffled.begin(), shuffled.end());
    shuffled.append({kT0 + 50 * kStep, "2.32.0", OK});
    QCOMPARE(liveStateFromSamples(shuffled, kStep, kT0 + 90 * kStep, 300).since,
             utc(kT0 + 33 * 60));
    // Two different states at minute 40 (two operators report): the run starts after it.
    QList<InfoSample> twice = samples;
    twice.append({kT0 + 40 * kStep, "2.31.2", OK});
    QCOMPARE(liveStateFromSamples(twice, kStep, kT0 + 90 * kStep, 300).since, utc(kT0 + 41 * 60));
}

void TestZoneLiveState::heldSinceTheLookbackStarted()
{
    const ZoneLiveState live =
            liveStateFromSamples(run(0, 10, "2.30.0", OK), kStep, kT0 + 10 * kStep, 300);
    QCOMPARE(live.since, utc(kT0));
    QVERIFY(live.sinceIsLookbackStart); // it may have begun earlier
}

void TestZoneLiveState::unknownWithAReason()
{
    ZoneLiveState live = liveStateFromSamples({}, kStep, kT0, 300);
    QVERIFY(!live.known);
    QCOMPARE(live.unknownReason, QString("no sample"));
    // The last sample is 301 s old with a 300 s limit: stale, so unknown.
    live = liveStateFromSamples(run(0, 10, "2.32.0", OK), kStep, kT0 + 10 * kStep + 301, 300);
    QVERIFY(!live.known);
    QCOMPARE(live.unknownReason,
             "no sample since " + utc(kT0 + 600).toString(Qt::ISODate));
    // 300 s old is still current.
    QVERIFY(liveStateFromSamples(run(0, 10, "2.32.0", OK), kStep, kT0 + 10 * kStep + 300, 300)
                    .known);
    // Two states at the last instant: which one runs cannot be told.
    QList<InfoSample> two = run(0, 10, "2.32.0", OK);
    two.append({kT0 + 10 * kStep, "2.31.2", Updating});
    live = liveStateFromSamples(two, kStep, kT0 + 10 * kStep, 300);
    QVERIFY(!live.known);
    QVERIFY2(live.unknownReason.startsWith("two states at"), qPrintable(live.unknownReason));
}

void TestZoneLiveState::drift()
{
    ZoneLiveState live{true, "2.31.2", OK, utc(kT0), {}, false, {}};
    QCOMPARE(isDrifted("2.31.2", live), std::optional<bool>(false));
    QCOMPARE(isDrifted("2.32.0", live), std::optional<bool>(true));
    live.status = Updating; // rolling out to what the repo asks: not drift
    QCOMPARE(isDrifted("2.32.0", live), std::optional<bool>(false));
    live.status = OperatorStatus::Unknown; // cannot tell whether it is rolling out
    QCOMPARE(isDrifted("2.32.0", live), std::optional<bool>());
    live.status = OperatorStatus::Failure;
    QCOMPARE(isDrifted("2.32.0", live), std::optional<bool>(true));
    live.known = false;
    QCOMPARE(isDrifted("2.32.0", live), std::optional<bool>());
    QCOMPARE(isDrifted("", ZoneLiveState{true, "2.31.2", OK, {}, {}, false, {}}),
             std::optional<bool>());
}

QTEST_GUILESS_MAIN(TestZoneLiveState)
#include "tst_zonelivestate.moc"
