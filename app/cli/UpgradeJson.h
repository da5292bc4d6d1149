#pragma once

#include "models/PromotionGate.h"
#include "models/ZoneLiveState.h"

#include <QJsonArray>
#include <QJsonObject>

namespace qd::cli {

// The upgrade commands' shared JSON (promote, verify, upgrades).

// [{"id", "passed", "evidence"}]: a gate's rules, or a verification's checks.
QJsonArray ruleListJson(const QList<GateRule> &rules);

// {"desired", "running", "status", "drift", "since"}: null for whatever is unknown.
QJsonObject zoneStateJson(const QString &desired, const ZoneLiveState &live);

} // namespace qd::cli
