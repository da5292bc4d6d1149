#pragma once

#include "models/Diagnostic.h"
#include "models/Incident.h"
#include "models/PromotionPolicy.h"
#include "models/Release.h"
#include "models/ZoneLiveState.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace qd {

// A zone's desired version, as the config repo resolves it, and where it is set.
struct DesiredVersion
{
    QString version; // empty: unknown (the zone does not resolve)
    SourceLocation at;
};

// Everything the Red → Green gate looks at, gathered by the caller (services read the repo,
// Prometheus and Alertmanager). An optional that is unset means "unknown": its rule fails.
struct PromotionGateInputs
{
    QString customer;
    DesiredVersion redDesired; // the candidate
    DesiredVersion greenDesired;
    std::optional<ReleaseCatalog> catalog; // unset: releases.yaml missing or unreadable
    PromotionPolicy policy;
    ZoneLiveState red;
    ZoneLiveState green;
    std::optional<double> redAvailability; // percent, probe_success over the soak period
    QString availabilitySource;            // the query
    std::optional<QList<Incident>> incidents; // what Alertmanager has for the fleet
    QString incidentsSource;
    std::optional<bool> greenVersionFileEdited; // an uncommitted edit of the file setting it
    QDateTime now;
};

// One rule of the gate: its id (stable, for --json), verdict and the evidence it rests on.
struct GateRule
{
    QString id;
    bool passed = false;
    QString evidence;
};

struct GateVerdict
{
    bool passed = false; // every rule passed
    QString candidate;
    QList<GateRule> rules; // in the order of the table
    // When the soak ends (for a countdown); invalid when Red does not run the candidate.
    QDateTime soakEndsAt;

    QStringList failedRuleIds() const;
};

// The Red → Green promotion gate (a pure function): candidate-newer, candidate-released,
// red-running, red-soaked, red-available, no-open-incidents, green-clean.
GateVerdict evaluatePromotionGate(const PromotionGateInputs &inputs);

// "26h 05m", for evidence: whole minutes, rounded down.
QString gateDuration(qint64 seconds);

} // namespace qd
