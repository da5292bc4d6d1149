// The post-upgrade verification: each check passes and fails on its own, unknown inputs fail
// with "unknown: ...", and the verdict is pending only while the rollout is under way or within
// its grace time. Times and counts are worked out here from the case's own numbers.
#include "models/UpgradeVerification.h"

#include <QTest>

#include <functional>

using namespace qd;

namespace {

// Green of acme went to 2.32.0; the new version has run with OK for 45 minutes.
const QDateTime kNow = QDateTime(QDate(2026, 12, 6), QTime(12, 0), QTimeZone::utc());
const QDateTime kSeenRunning = kNow.addSecs(-45 * 60);
const QStringList kAllChecks = {"running-matches", "operator-ok", "services-ready",
                                "checks-green", "no-new-alerts"};

// probe_success of the last 30 minutes, every minute up to now: 31 samples of 1.
slo::SampleSeries greenChecks()
{
    slo::SampleSeries series;
    series.start = kNow.toSecsSinceEpoch() - 30 * 60;
    series.values.assign(31, 1.0f);
    return series;
}

Incident alert(const QString &zone, const QDateTime &opened)
{
    Incident i;
    i.id = "acme/" + zone + "/GateDown";
    i.customer = "acme";
    i.zone = zone;
    i.priority = Priority::P1;
    i.openedAt = opened;
    return i;
}

VerificationInputs verified()
{
    VerificationInputs in;
    in.customer = "acme";
    in.zone = ZoneKind::Green;
    in.desired = "2.32.0";
    in.live.known = true;
    in.live.running = "2.32.0";
    in.live.status = OperatorStatus::Ok;
    in.live.since = kSeenRunning;
    in.live.source = "info{cluster=\"acme-green\"}";
    in.replicas = QList<DeploymentReplicas>{{"spin-gate", 2, 2}, {"spin-orca", 3, 3}};
    in.checks = greenChecks();
    // An alert that started before the change does not count against it.
    in.incidents = QList<Incident>{alert("green", kSeenRunning.addSecs(-60))};
    in.now = kNow;
    return in;
}

struct Case
{
    const char *name;
    std::function<void(VerificationInputs &)> change;
    QStringList failing;
    VerificationVerdict verdict;
    QString evidence = {}; // the first failing check says this (a substring)
};

} // namespace

class TestUpgradeVerification : public QObject
{
    Q_OBJECT

private slots:
    void everyCheckAndTheVerdict();
    void pendingEndsWithTheGraceTime();
};

void TestUpgradeVerification::everyCheckAndTheVerdict()
{
    using V = VerificationVerdict;
    const QList<Case> cases = {
            {"verified", [](auto &) {}, {}, V::Pass},
            {"still the old version, operator idle", [](auto &in) { in.live.running = "2.31.2"; },
             {"running-matches", "no-new-alerts"}, V::Fail, "runs 2.31.2 since 2026-12-06T11:15:00Z; the repo asks for 2.32.0"},
            {"rolling out", [](auto &in) { in.live.running = "2.31.2"; in.live.status = OperatorStatus::Updating; },
             {"running-matches", "operator-ok", "no-new-alerts"}, V::Pending},
            {"operator failed", [](auto &in) { in.live.status = OperatorStatus::Failure; in.live.since = kNow.addSecs(-60); },
             {"operator-ok"}, V::Fail, "operator status Failure"},
            {"a deployment short of replicas", [](auto &in) { (*in.replicas)[1].available = 2; },
             {"services-ready"}, V::Fail, "spin-orca 2/3"},
            {"no deployment", [](auto &in) { in.replicas->clear(); },
             {"services-ready"}, V::Fail, "unknown: no Spinnaker deployment"},
            {"replicas unknown", [](auto &in) { in.replicas.reset(); },
             {"services-ready"}, V::Fail, "unknown: no replica counts"},
            // Minutes 10 and 11 of the window failed (one probe of two at 11: mean 0.5).
            {"two failed check minutes", [](auto &in) { in.checks->values[10] = 0; in.checks->values[11] = 0.5f; },
             {"checks-green"}, V::Fail, "probe_success < 1 in 2 of 31 samples of the last 30 min, first at 2026-12-06T11:40:00Z"},
            {"no data minutes are not failures", [](auto &in) { in.checks->values[3] = slo::SampleSeries::noData(); }, {}, V::Pass},
            {"no check sample", [](auto &in) { in.checks->values.assign(31, slo::SampleSeries::noData()); },
             {"checks-green"}, V::Fail, "unknown: no probe_success sample in the last 30 min"},
            {"checks unknown", [](auto &in) { in.checks.reset(); },
             {"checks-green"}, V::Fail, "unknown: no synthetic checks"},
            {"an alert since the change", [](auto &in) { in.incidents->append(alert("green", kSeenRunning.addSecs(600))); },
             {"no-new-alerts"}, V::Fail, "acme/green/GateDown (P1, since 2026-12-06T11:25:00Z)"},
            {"an alert of the other zone", [](auto &in) { in.incidents->append(alert("red", kSeenRunning.addSecs(600))); }, {}, V::Pass},
            {"alerts unknown", [](auto &in) { in.incidents.reset(); in.incidentsSource = "http://am:9093"; },
             {"no-new-alerts"}, V::Fail, "unknown: no alerts (http://am:9093)"},
            {"live state unknown", [](auto &in) { in.live.known = false; in.live.unknownReason = "no sample"; },
             {"running-matches", "operator-ok", "no-new-alerts"}, V::Fail, "unknown: no sample of the zone's SpinnakerService (no sample;"},
    };
    for (const Case &c : cases) {
        VerificationInputs in = verified();
        c.change(in);
        const VerificationResult result = verifyUpgrade(in);
        QStringList ids;
        QStringList failing;
        QString firstEvidence;
        for (const VerificationCheck &check : result.checks) {
            ids.append(check.id);
            if (!check.passed) {
                if (failing.isEmpty())
                    firstEvidence = check.evidence;
                failing.append(check.id);
            }
        }
        QCOMPARE(ids, kAllChecks);
        QVERIFY2(failing == c.failing, qPrintable(QString(c.name) + ": " + failing.join(',')));
        QVERIFY2(result.verdict == c.verdict,
                 qPrintable(QString(c.name) + ": " + verificationVerdictName(result.verdict)));
        QVERIFY2(firstEvidence.contains(c.evidence),
                 qPrintable(QString(c.name) + ": " + firstEvidence));
        QCOMPARE(result.version, QString("2.32.0"));
    }
}

void TestUpgradeVerification::pendingEndsWithTheGraceTime()
{
    // A failed check minute 20 minutes after the new version was first seen: pending until the
    // 30-minute grace ends, 10 minutes from now; a fail at that instant and after.
    VerificationInputs in = verified();
    in.live.since = kNow.addSecs(-20 * 60);
    in.checks->values[25] = 0;
    VerificationResult result = verifyUpgrade(in);
    QCOMPARE(result.verdict, VerificationVerdict::Pending);
    QCOMPARE(result.pendingUntil, kNow.addSecs(10 * 60));

    in.now = kNow.addSecs(10 * 60);
    in.checks->start += 10 * 60;
    result = verifyUpgrade(in);
    QCOMPARE(result.verdict, VerificationVerdict::Fail);

    // A longer grace keeps it pending.
    in.grace = 45 * 60;
    QCOMPARE(verifyUpgrade(in).verdict, VerificationVerdict::Pending);
    // Every check passing within the grace is already a pass.
    in.checks = greenChecks();
    QCOMPARE(verifyUpgrade(in).verdict, VerificationVerdict::Pass);
}

QTEST_APPLESS_MAIN(TestUpgradeVerification)
#include "tst_upgradeverification.moc"
