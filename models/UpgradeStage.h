#pragma once

#include "models/PromotionGate.h"
#include "models/UpgradeVerification.h"
#include "models/ZoneLiveState.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace qd {

// Where a customer stands in the Red → Green upgrade, for the Upgrades board.
enum class UpgradeStage {
    InSync,          // Red and Green ask for and run the same version
    RedRollingOut,   // the operator is rolling Red out
    RedSoaking,      // Red runs a newer version than Green; the gate does not pass yet
    ReadyToPromote,  // the gate passes
    GreenRollingOut, // the operator is rolling Green out
    Verifying,       // Green runs the version it was promoted to, not verified yet
    Done,            // the post-upgrade verification of Green's version passed
    Failed,          // an operator reports Failure or Unavailable, or Green's verification failed
    Drifted,         // a zone runs another version than the repo asks for, or Green is ahead
    Unknown,         // a desired version or a live state is not known
};

// "in sync", "Red rolling out", "Red soaking", "ready to promote", "Green rolling out",
// "verifying", "done", "failed", "drifted", "unknown"
QString upgradeStageName(UpgradeStage stage);
// Every stage, in board order.
QList<UpgradeStage> allUpgradeStages();

struct UpgradeStageInputs
{
    QString redDesired; // empty: unknown
    QString greenDesired;
    ZoneLiveState red;
    ZoneLiveState green;
    GateVerdict gate; // evaluated for the customer
    // The last verification recorded for Green at greenDesired, if any.
    std::optional<VerificationResult> greenVerification;
    // A Green state younger than this, with no verification recorded, is still being verified:
    // the verification's grace time and its checks' window (30 + 30 min by default).
    qint64 verifyWithinSeconds = 60 * 60;
    QDateTime now;
};

struct UpgradeStageResult
{
    UpgradeStage stage = UpgradeStage::Unknown;
    QString reason; // one line, naming what decided the stage
};

// The stage of one customer (a pure function). Decided in this order: unknown inputs, a failed
// operator or verification, drift, a rollout under way, then the versions: Red ahead of Green is
// soaking or ready to promote as the gate says; the same version is done once verified,
// verifying while recent, else in sync; Green ahead of Red counts as drifted.
UpgradeStageResult classifyUpgradeStage(const UpgradeStageInputs &inputs);

// One customer's row of the Upgrades board: what the gate looked at, its verdict, and the stage.
struct UpgradeRow
{
    PromotionGateInputs inputs; // the customer, desired and live states of both zones
    GateVerdict gate;
    UpgradeStageResult stage;
};

} // namespace qd
