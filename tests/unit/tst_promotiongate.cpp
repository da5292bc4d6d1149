// The Red → Green promotion gate: each rule passes and fails on its own, at its boundaries, and
// an unknown input fails its rule with "unknown: ..." evidence. Times, ages and percentages are
// worked out here from the case's own numbers, not taken from the gate.
#include "models/PromotionGate.h"

#include <QTest>

#include <functional>

using namespace qd;
using namespace std::chrono_literals;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 12, 6), QTime(12, 0), QTimeZone::utc());
const QStringList kAllRules = {"candidate-newer",  "candidate-released", "red-running",
                               "red-soaked",       "red-available",      "no-open-incidents",
                               "green-clean"};

Incident incident(const QString &customer, Priority priority, IncidentState state)
{
    Incident i;
    i.id = customer + "/green/SyntheticCheckFailing";
    i.customer = customer;
    i.zone = "green";
    i.priority = priority;
    i.state = state;
    i.openedAt = kNow.addSecs(-3600);
    return i;
}

// acme, ready to promote 2.32.0: every rule passes.
PromotionGateInputs ready()
{
    PromotionGateInputs in;
    in.customer = "acme";
    in.redDesired = {"2.32.0", {"overlays/acme/red/kustomization.yaml", 12, 9}};
    in.greenDesired = {"2.31.2", {"overlays/acme/green/kustomization.yaml", 14, 9}};
    ReleaseCatalog catalog;
    catalog.file = "releases.yaml";
    catalog.releases = {{Version::parse("2.31.2"), QDate(2026, 9, 1), {}, {}, {"releases.yaml", 3, 5}},
                        {Version::parse("2.32.0"), QDate(2026, 11, 1), {}, {}, {"releases.yaml", 5, 5}}};
    in.catalog = catalog;
    in.red = {true, "2.32.0", OperatorStatus::Ok, kNow.addSecs(-30 * 3600), "info{cluster=\"acme-red\"}"};
    in.green = {true, "2.31.2", OperatorStatus::Ok, kNow.addDays(-40), "info{cluster=\"acme-green\"}"};
    in.redAvailability = 99.95;
    in.availabilitySource = "avg_over_time(probe_success{cluster=\"acme-red\"}[24h])";
    in.incidents = QList<Incident>{};
    in.greenVersionFileEdited = false;
    in.now = kNow;
    return in;
}

struct Case
{
    const char *name;
    std::function<void(PromotionGateInputs &)> change;
    QStringList failing;      // exactly these rules fail
    QString evidence = {};    // and the first of them says this (a substring)
};

const GateRule *ruleOf(const GateVerdict &verdict, const QString &id)
{
    for (const GateRule &rule : verdict.rules) {
        if (rule.id == id)
            return &rule;
    }
    return nullptr;
}

} // namespace

class TestPromotionGate : public QObject
{
    Q_OBJECT

private slots:
    void everyRulePassesWhenReady();
    void eachRuleFailsOnItsOwn();
    void soakEndsExactlySoakAfterTheStateBegan();
    void durationsReadAsHoursAndMinutes();
};

void TestPromotionGate::everyRulePassesWhenReady()
{
    const GateVerdict verdict = evaluatePromotionGate(ready());
    QStringList ids;
    for (const GateRule &rule : verdict.rules) {
        ids.append(rule.id);
        QVERIFY2(rule.passed, qPrintable(rule.id + ": " + rule.evidence));
        QVERIFY2(!rule.evidence.isEmpty(), qPrintable(rule.id));
    }
    QCOMPARE(ids, kAllRules);
    QVERIFY(verdict.passed);
    QCOMPARE(verdict.candidate, QString("2.32.0"));
    // Red has run the candidate for 30 hours, 6 more than the 24 h soak.
    QVERIFY2(ruleOf(verdict, "red-soaked")->evidence.contains("30h 00m of 24h 00m"),
             qPrintable(ruleOf(verdict, "red-soaked")->evidence));
    // Released 2026-11-01: 30 days in November plus 5 in December before the 6th = 35 days.
    QVERIFY2(ruleOf(verdict, "candidate-released")->evidence.contains("35 days ago"),
             qPrintable(ruleOf(verdict, "candidate-released")->evidence));
    QVERIFY(ruleOf(verdict, "candidate-newer")->evidence.contains(
            "overlays/acme/red/kustomization.yaml:12"));
}

void TestPromotionGate::eachRuleFailsOnItsOwn()
{
    const QList<Case> cases = {
            // candidate-newer
            {"same version", [](auto &in) { in.greenDesired.version = "2.32.0"; in.green.running = "2.32.0"; },
             {"candidate-newer"}, "the same version"},
            {"downgrade", [](auto &in) { in.greenDesired.version = "2.33.0"; in.green.running = "2.33.0"; },
             {"candidate-newer"}, "a downgrade"},
            {"rc of the same release is older", [](auto &in) {
                 in.redDesired.version = "2.31.2-rc1"; in.red.running = "2.31.2-rc1";
                 in.catalog->releases.append({Version::parse("2.31.2-rc1"), QDate(2026, 8, 1), {}, {}, {}});
             }, {"candidate-newer"}, "a downgrade"},
            {"red does not resolve", [](auto &in) { in.redDesired.version.clear(); },
             {"candidate-newer", "candidate-released", "red-running", "red-soaked"}, "unknown:"},
            // candidate-released
            {"not in the catalog", [](auto &in) { in.catalog->releases.removeLast(); },
             {"candidate-released"}, "2.32.0 is not in releases.yaml"},
            {"withdrawn", [](auto &in) { in.catalog->releases.last().withdrawn = "CVE-2026-1234"; },
             {"candidate-released"}, "withdrawn: CVE-2026-1234 (releases.yaml:5)"},
            // 2026-11-23 is 13 days before 2026-12-06; 14 are needed.
            {"released 13 days ago", [](auto &in) { in.catalog->releases.last().date = QDate(2026, 11, 23); },
             {"candidate-released"}, "13 days ago (at least 14 needed)"},
            {"released exactly 14 days ago", [](auto &in) { in.catalog->releases.last().date = QDate(2026, 11, 22); },
             {}},
            {"a longer release age", [](auto &in) { in.policy.releaseAge = std::chrono::days(36); },
             {"candidate-released"}, "35 days ago (at least 36 needed)"},
            {"no catalog", [](auto &in) { in.catalog.reset(); },
             {"candidate-released"}, "unknown: no release catalog"},
            // red-running, red-soaked
            {"red still runs the old version", [](auto &in) { in.red.running = "2.31.2"; },
             {"red-running", "red-soaked"}, "Red runs 2.31.2 with operator status OK"},
            {"red updating", [](auto &in) { in.red.status = OperatorStatus::Updating; },
             {"red-running", "red-soaked"}, "operator status Updating"},
            {"red failing", [](auto &in) { in.red.status = OperatorStatus::Failure; },
             {"red-running", "red-soaked"}, "operator status Failure"},
            {"red unknown", [](auto &in) { in.red.known = false; },
             {"red-running", "red-soaked"}, "unknown: no sample of Red's SpinnakerService"},
            // Since 03:00 today: 9 hours at 12:00, soaked at 03:00 tomorrow.
            {"soaked 9 hours of 24", [](auto &in) { in.red.since = QDateTime(QDate(2026, 12, 6), QTime(3, 0), QTimeZone::utc()); },
             {"red-soaked"}, "9h 00m of 24h 00m (soaked at 2026-12-07T03:00:00Z)"},
            {"a 48 hour soak", [](auto &in) { in.policy.soak = 48h; },
             {"red-soaked"}, "30h 00m of 48h 00m"},
            // red-available
            {"availability under the bar", [](auto &in) { in.redAvailability = 98.999; },
             {"red-available"}, "98.999% over the soak period (at least 99.000% needed)"},
            {"availability exactly the bar", [](auto &in) { in.redAvailability = 99.0; }, {}},
            {"a stricter bar", [](auto &in) { in.policy.redAvailability = 99.99; },
             {"red-available"}, "99.950%"},
            {"availability unknown", [](auto &in) { in.redAvailability.reset(); },
             {"red-available"}, "unknown: no probe_success samples for Red from avg_over_time"},
            // no-open-incidents
            {"open P0", [](auto &in) { in.incidents->append(incident("acme", Priority::P0, IncidentState::Open)); },
             {"no-open-incidents"}, "P0 acme/green/SyntheticCheckFailing (open, open since 2026-12-06T11:00:00Z)"},
            {"acknowledged P1 is still open", [](auto &in) { in.incidents->append(incident("acme", Priority::P1, IncidentState::Acknowledged)); },
             {"no-open-incidents"}, "P1 acme/green/SyntheticCheckFailing (acknowledged"},
            {"open P2 does not block", [](auto &in) { in.incidents->append(incident("acme", Priority::P2, IncidentState::Open)); }, {}},
            {"resolved P0 does not block", [](auto &in) { in.incidents->append(incident("acme", Priority::P0, IncidentState::Resolved)); }, {}},
            {"another customer's P0 does not block", [](auto &in) { in.incidents->append(incident("globex", Priority::P0, IncidentState::Open)); }, {}},
            {"alertmanager unknown", [](auto &in) { in.incidents.reset(); in.incidentsSource = "http://am:9093"; },
             {"no-open-incidents"}, "unknown: Alertmanager did not answer (http://am:9093)"},
            // green-clean
            {"green drifted", [](auto &in) { in.green.running = "2.30.0"; },
             {"green-clean"}, "Green drifted: it runs 2.30.0 (operator OK), the repo asks for 2.31.2"},
            {"green rolling out is not drift", [](auto &in) { in.green.running = "2.30.0"; in.green.status = OperatorStatus::Updating; }, {}},
            {"green unknown", [](auto &in) { in.green.known = false; },
             {"green-clean"}, "unknown: no sample of Green's SpinnakerService"},
            {"green file edited", [](auto &in) { in.greenVersionFileEdited = true; },
             {"green-clean"}, "overlays/acme/green/kustomization.yaml (which sets Green's version) has an uncommitted edit"},
            {"green file state unknown", [](auto &in) { in.greenVersionFileEdited.reset(); },
             {"green-clean"}, "unknown: cannot tell"},
    };
    for (const Case &c : cases) {
        PromotionGateInputs in = ready();
        c.change(in);
        const GateVerdict verdict = evaluatePromotionGate(in);
        QCOMPARE(verdict.rules.size(), kAllRules.size());
        QVERIFY2(verdict.failedRuleIds() == c.failing,
                 qPrintable(QString("%1: failing %2, expected %3")
                                    .arg(c.name, verdict.failedRuleIds().join(","),
                                         c.failing.join(","))));
        QCOMPARE(verdict.passed, c.failing.isEmpty());
        if (!c.failing.isEmpty()) {
            const GateRule *rule = ruleOf(verdict, c.failing.first());
            QVERIFY2(rule->evidence.contains(c.evidence),
                     qPrintable(QString("%1: %2").arg(c.name, rule->evidence)));
        }
    }
}

void TestPromotionGate::soakEndsExactlySoakAfterTheStateBegan()
{
    PromotionGateInputs in = ready();
    const qint64 soakSeconds = 24 * 3600;
    in.red.since = kNow.addSecs(-soakSeconds); // exactly the soak: passes
    GateVerdict verdict = evaluatePromotionGate(in);
    QVERIFY(ruleOf(verdict, "red-soaked")->passed);
    QCOMPARE(verdict.soakEndsAt, kNow);
    in.red.since = kNow.addSecs(-soakSeconds + 1); // one second short: fails
    verdict = evaluatePromotionGate(in);
    QVERIFY(!ruleOf(verdict, "red-soaked")->passed);
    QCOMPARE(verdict.soakEndsAt, kNow.addSecs(1));
    QVERIFY(!verdict.passed);
    // A state that began in the future (clock skew) has soaked nothing.
    in.red.since = kNow.addSecs(600);
    verdict = evaluatePromotionGate(in);
    QVERIFY(ruleOf(verdict, "red-soaked")->evidence.contains("0h 00m of 24h 00m"));
    // Not running the candidate: no soak to count down.
    in.red.running = "2.31.2";
    verdict = evaluatePromotionGate(in);
    QVERIFY(!verdict.soakEndsAt.isValid());
}

void TestPromotionGate::durationsReadAsHoursAndMinutes()
{
    QCOMPARE(gateDuration(0), QString("0h 00m"));
    QCOMPARE(gateDuration(59), QString("0h 00m"));
    QCOMPARE(gateDuration(61 * 60 + 59), QString("1h 01m"));
    QCOMPARE(gateDuration(3 * 86400 + 5 * 60), QString("72h 05m"));
    QCOMPARE(gateDuration(-30), QString("0h 00m"));
}

QTEST_GUILESS_MAIN(TestPromotionGate)
#include "tst_promotiongate.moc"
