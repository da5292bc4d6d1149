// The stage of a customer on the Upgrades board: every stage reached, and the order in which
// the rules decide when several hold at once (a failure before drift, drift before a rollout,
// a rollout before the versions). Times are written out from the case's own numbers.
#include "models/UpgradeStage.h"

#include <QTest>

#include <functional>

using namespace qd;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 12, 6), QTime(12, 0), QTimeZone::utc());

ZoneLiveState live(const QString &running, OperatorStatus status, qint64 secondsAgo)
{
    ZoneLiveState state;
    state.known = true;
    state.running = running;
    state.status = status;
    state.since = kNow.addSecs(-secondsAgo);
    return state;
}

// acme after a promotion long ago: both zones ask for and run 2.31.2.
UpgradeStageInputs settled()
{
    UpgradeStageInputs in;
    in.redDesired = "2.31.2";
    in.greenDesired = "2.31.2";
    in.red = live("2.31.2", OperatorStatus::Ok, 40 * 86400);
    in.green = live("2.31.2", OperatorStatus::Ok, 30 * 86400);
    in.gate.candidate = "2.31.2";
    in.gate.rules = {{"candidate-newer", false, "2.31.2 is Green's version"}};
    in.now = kNow;
    return in;
}

VerificationResult verification(const QString &version, VerificationVerdict verdict)
{
    VerificationResult result;
    result.customer = "acme";
    result.zone = ZoneKind::Green;
    result.version = version;
    result.verdict = verdict;
    result.at = kNow.addSecs(-600);
    return result;
}

// Red on 2.32.0, running it OK for 30 hours: what the gate then says decides.
void redAhead(UpgradeStageInputs &in)
{
    in.redDesired = "2.32.0";
    in.red = live("2.32.0", OperatorStatus::Ok, 30 * 3600);
    in.gate.candidate = "2.32.0";
}

struct Case
{
    const char *name;
    std::function<void(UpgradeStageInputs &)> change;
    UpgradeStage stage;
    QString reason; // a substring of the reason
};

} // namespace

class TestUpgradeStage : public QObject
{
    Q_OBJECT
private slots:
    void stages();
    void namesAreTheBoardsWords();
};

namespace {

const QList<Case> &allCases()
{
    static const QList<Case> cases = {
            {"both run the same version, long since", [](auto &) {}, UpgradeStage::InSync,
             "Red and Green run 2.31.2"},
            {"Green changed 59 minutes ago, not verified", [](auto &in) {
                 in.green.since = kNow.addSecs(-59 * 60);
             }, UpgradeStage::Verifying, "since 2026-12-06T11:01:00Z"},
            {"Green changed 61 minutes ago, not verified", [](auto &in) {
                 in.green.since = kNow.addSecs(-61 * 60);
             }, UpgradeStage::InSync, "run 2.31.2"},
            {"recent by the look-back's start only: older than the look-back", [](auto &in) {
                 in.green.since = kNow.addSecs(-600);
                 in.green.sinceIsLookbackStart = true;
             }, UpgradeStage::InSync, "run 2.31.2"},
            {"Green's verification passed", [](auto &in) {
                 in.green.since = kNow.addSecs(-600);
                 in.greenVerification = verification("2.31.2", VerificationVerdict::Pass);
             }, UpgradeStage::Done, "passed at 2026-12-06T11:50:00Z"},
            {"a passed verification of an older version does not count", [](auto &in) {
                 in.green.since = kNow.addSecs(-600);
                 in.greenVerification = verification("2.31.0", VerificationVerdict::Pass);
             }, UpgradeStage::Verifying, "not verified yet"},
            {"Green's verification failed", [](auto &in) {
                 in.greenVerification = verification("2.31.2", VerificationVerdict::Fail);
             }, UpgradeStage::Failed, "verification of 2.31.2 failed"},
            {"a pending verification is still verifying", [](auto &in) {
                 in.green.since = kNow.addSecs(-600);
                 in.greenVerification = verification("2.31.2", VerificationVerdict::Pending);
             }, UpgradeStage::Verifying, "not verified yet"},
            {"Red ahead, gate failing on the soak", [](auto &in) {
                 redAhead(in);
                 in.gate.rules = {{"candidate-newer", true, ""}, {"red-soaked", false, "12h"}};
             }, UpgradeStage::RedSoaking, "waits on red-soaked"},
            {"Red ahead, gate passing", [](auto &in) {
                 redAhead(in);
                 in.gate.passed = true;
                 in.gate.rules = {{"candidate-newer", true, ""}};
             }, UpgradeStage::ReadyToPromote, "gate passes"},
            {"Red's operator rolling out the new version", [](auto &in) {
                 redAhead(in);
                 in.red = live("2.31.2", OperatorStatus::Updating, 120);
             }, UpgradeStage::RedRollingOut, "rolling out 2.32.0 (running 2.31.2)"},
            {"Green's operator rolling out", [](auto &in) {
                 in.greenDesired = "2.32.0";
                 in.redDesired = "2.32.0";
                 in.red = live("2.32.0", OperatorStatus::Ok, 2 * 86400);
                 in.green = live("2.31.2", OperatorStatus::Updating, 60);
             }, UpgradeStage::GreenRollingOut, "Green's operator is rolling out 2.32.0"},
            {"both rolling out: Green first", [](auto &in) {
                 in.red = live("2.31.2", OperatorStatus::Updating, 60);
                 in.green = live("2.31.2", OperatorStatus::Updating, 60);
             }, UpgradeStage::GreenRollingOut, "Green"},
            {"Green runs another version, not rolling out", [](auto &in) {
                 in.green = live("2.30.4", OperatorStatus::Ok, 3600);
             }, UpgradeStage::Drifted, "Green runs 2.30.4, the repo asks for 2.31.2"},
            {"drift outranks a rollout of the other zone", [](auto &in) {
                 in.red = live("2.31.2", OperatorStatus::Updating, 60);
                 in.green = live("2.30.4", OperatorStatus::Ok, 3600);
             }, UpgradeStage::Drifted, "Green runs 2.30.4"},
            {"Green asks for a newer version than Red", [](auto &in) {
                 in.greenDesired = "2.32.0";
                 in.green = live("2.32.0", OperatorStatus::Ok, 86400);
             }, UpgradeStage::Drifted, "ahead of Red's 2.31.2"},
            {"Red's operator failed", [](auto &in) {
                 in.red = live("2.32.0", OperatorStatus::Failure, 60);
             }, UpgradeStage::Failed, "Red's operator reports Failure"},
            {"a failure outranks drift", [](auto &in) {
                 in.red = live("2.30.0", OperatorStatus::Ok, 60);
                 in.green = live("2.31.2", OperatorStatus::Unavailable, 60);
             }, UpgradeStage::Failed, "Green's operator reports Unavailable"},
            {"no sample for Green", [](auto &in) {
                 in.green = {};
                 in.green.unknownReason = "no sample since 11:00";
             }, UpgradeStage::Unknown, "Green's running version is unknown: no sample since 11:00"},
            {"unknown outranks failure", [](auto &in) {
                 in.red = live("2.31.2", OperatorStatus::Failure, 60);
                 in.green = {};
             }, UpgradeStage::Unknown, "Green's running version is unknown: no sample"},
            {"Red does not resolve", [](auto &in) { in.redDesired.clear(); },
             UpgradeStage::Unknown, "Red's desired version is unknown"},
            {"operator status N/A on a settled zone", [](auto &in) {
                 in.red.status = OperatorStatus::NotAvailable;
             }, UpgradeStage::Unknown, "Red N/A, Green OK"},
            {"versions that cannot be ordered", [](auto &in) {
                 in.redDesired = "latest";
                 in.red = live("latest", OperatorStatus::Ok, 86400);
             }, UpgradeStage::Unknown, "cannot order the versions latest (Red)"},
    };
    return cases;
}

} // namespace

void TestUpgradeStage::stages()
{
    QSet<int> reached;
    for (const Case &c : allCases()) {
        UpgradeStageInputs in = settled();
        c.change(in);
        const UpgradeStageResult result = classifyUpgradeStage(in);
        const QByteArray what = QByteArray(c.name) + ": got " + upgradeStageName(result.stage).toUtf8()
                                + " (" + result.reason.toUtf8() + ")";
        QVERIFY2(result.stage == c.stage, what.constData());
        QVERIFY2(result.reason.contains(c.reason), what.constData());
        reached.insert(int(result.stage));
    }
    // Every stage of the board is reached by some case.
    for (UpgradeStage stage : allUpgradeStages())
        QVERIFY2(reached.contains(int(stage)), qPrintable(upgradeStageName(stage)));
}

void TestUpgradeStage::namesAreTheBoardsWords()
{
    QStringList names;
    for (UpgradeStage stage : allUpgradeStages())
        names << upgradeStageName(stage);
    QCOMPARE(names, (QStringList{"in sync", "Red rolling out", "Red soaking", "ready to promote",
                                 "Green rolling out", "verifying", "done", "failed", "drifted",
                                 "unknown"}));
}

QTEST_APPLESS_MAIN(TestUpgradeStage)
#include "tst_upgradestage.moc"
