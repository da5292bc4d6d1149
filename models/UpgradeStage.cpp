#include "models/UpgradeStage.h"

#include "models/Version.h"

namespace qd {

QString upgradeStageName(UpgradeStage stage)
{
    switch (stage) {
    case UpgradeStage::InSync:
        return QStringLiteral("in sync");
    case UpgradeStage::RedRollingOut:
        return QStringLiteral("Red rolling out");
    case UpgradeStage::RedSoaking:
        return QStringLiteral("Red soaking");
    case UpgradeStage::ReadyToPromote:
        return QStringLiteral("ready to promote");
    case UpgradeStage::GreenRollingOut:
        return QStringLiteral("Green rolling out");
    case UpgradeStage::Verifying:
        return QStringLiteral("verifying");
    case UpgradeStage::Done:
        return QStringLiteral("done");
    case UpgradeStage::Failed:
        return QStringLiteral("failed");
    case UpgradeStage::Drifted:
        return QStringLiteral("drifted");
    case UpgradeStage::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QList<UpgradeStage> allUpgradeStages()
{
    return {UpgradeStage::InSync,         UpgradeStage::RedRollingOut,   UpgradeStage::RedSoaking,
            UpgradeStage::ReadyToPromote, UpgradeStage::GreenRollingOut, UpgradeStage::Verifying,
            UpgradeStage::Done,           UpgradeStage::Failed,          UpgradeStage::Drifted,
            UpgradeStage::Unknown};
}

namespace {

bool hasFailed(OperatorStatus status)
{
    return status == OperatorStatus::Failure || status == OperatorStatus::Unavailable;
}

QString unknownLive(const char *zone, const ZoneLiveState &live)
{
    return QStringLiteral("%1's running version is unknown: %2")
            .arg(QLatin1String(zone),
                 live.unknownReason.isEmpty() ? QStringLiteral("no sample") : live.unknownReason);
}

} // namespace

UpgradeStageResult classifyUpgradeStage(const UpgradeStageInputs &in)
{
    using enum UpgradeStage;
    if (in.redDesired.isEmpty() || in.greenDesired.isEmpty())
        return {Unknown, QStringLiteral("%1's desired version is unknown (the zone does not resolve)")
                                 .arg(in.redDesired.isEmpty() ? QStringLiteral("Red")
                                                              : QStringLiteral("Green"))};
    if (!in.red.known)
        return {Unknown, unknownLive("Red", in.red)};
    if (!in.green.known)
        return {Unknown, unknownLive("Green", in.green)};
    for (const auto &[zone, live] : {std::pair{"Red", &in.red}, std::pair{"Green", &in.green}}) {
        if (hasFailed(live->status))
            return {Failed, QStringLiteral("%1's operator reports %2 (running %3)")
                                    .arg(QLatin1String(zone), operatorStatusName(live->status),
                                         live->running)};
    }
    const bool greenVerified = in.greenVerification && in.greenVerification->version == in.greenDesired;
    if (greenVerified && in.greenVerification->verdict == VerificationVerdict::Fail)
        return {Failed, QStringLiteral("Green's verification of %1 failed at %2")
                                .arg(in.greenDesired,
                                     in.greenVerification->at.toUTC().toString(Qt::ISODate))};
    for (const auto &[zone, desired, live] :
         {std::tuple{"Red", &in.redDesired, &in.red}, std::tuple{"Green", &in.greenDesired, &in.green}}) {
        if (isDrifted(*desired, *live).value_or(false))
            return {Drifted, QStringLiteral("%1 runs %2, the repo asks for %3")
                                     .arg(QLatin1String(zone), live->running, *desired)};
    }
    if (in.green.status == OperatorStatus::Updating)
        return {GreenRollingOut, QStringLiteral("Green's operator is rolling out %1 (running %2)")
                                         .arg(in.greenDesired, in.green.running)};
    if (in.red.status == OperatorStatus::Updating)
        return {RedRollingOut, QStringLiteral("Red's operator is rolling out %1 (running %2)")
                                       .arg(in.redDesired, in.red.running)};
    if (in.red.status != OperatorStatus::Ok || in.green.status != OperatorStatus::Ok)
        return {Unknown, QStringLiteral("the operator status is Red %1, Green %2")
                                 .arg(operatorStatusName(in.red.status),
                                      operatorStatusName(in.green.status))};

    const Version red = Version::parse(in.redDesired);
    const Version green = Version::parse(in.greenDesired);
    if (!red.isValid() || !green.isValid())
        return {Unknown, QStringLiteral("cannot order the versions %1 (Red) and %2 (Green)")
                                 .arg(in.redDesired, in.greenDesired)};
    if (red > green) {
        if (in.gate.passed)
            return {ReadyToPromote, QStringLiteral("Red runs %1 and the gate passes")
                                            .arg(in.redDesired)};
        return {RedSoaking, QStringLiteral("Red runs %1; the gate waits on %2")
                                    .arg(in.redDesired, in.gate.failedRuleIds().join(QStringLiteral(", ")))};
    }
    if (red < green)
        return {Drifted, QStringLiteral("Green asks for %1, ahead of Red's %2")
                                 .arg(in.greenDesired, in.redDesired)};
    if (greenVerified && in.greenVerification->verdict == VerificationVerdict::Pass)
        return {Done, QStringLiteral("Green's verification of %1 passed at %2")
                              .arg(in.greenDesired, in.greenVerification->at.toUTC().toString(Qt::ISODate))};
    // A state seen since the look-back began is older than the look-back, so not recent.
    const bool recent = in.green.since.isValid() && !in.green.sinceIsLookbackStart
                        && in.green.since.secsTo(in.now) < in.verifyWithinSeconds;
    if (recent)
        return {Verifying, QStringLiteral("Green runs %1 since %2, not verified yet")
                                   .arg(in.greenDesired, in.green.since.toUTC().toString(Qt::ISODate))};
    return {InSync, QStringLiteral("Red and Green run %1").arg(in.greenDesired)};
}

} // namespace qd
