#pragma once

#include "models/Fleet.h"
#include "models/Incident.h"
#include "models/PromotionGate.h"
#include "models/Slo.h"
#include "models/ZoneLiveState.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace qd {

// One Spinnaker deployment of a cluster: kube_deployment_status_replicas_available and
// kube_deployment_spec_replicas at one instant.
struct DeploymentReplicas
{
    QString deployment;
    double available = 0; // 0 when the metric has no series for it
    double desired = 0;
};

// Everything a post-upgrade verification looks at, gathered by the caller. An unset optional
// is "unknown": its check fails with "unknown: ..." as evidence.
struct VerificationInputs
{
    QString customer;
    ZoneKind zone = ZoneKind::Green;
    QString desired; // the zone's desired version in the repo
    ZoneLiveState live;
    std::optional<QList<DeploymentReplicas>> replicas;
    QString replicasSource;
    std::optional<slo::SampleSeries> checks; // probe_success over the last checksWindow
    QString checksSource;
    std::optional<QList<Incident>> incidents; // what Alertmanager reports
    QString incidentsSource;
    qint64 checksWindow = 30 * 60; // seconds
    qint64 grace = 30 * 60; // seconds after the version was first seen running
    QDateTime now;
};

enum class VerificationVerdict { Pass, Fail, Pending };
QString verificationVerdictName(VerificationVerdict verdict); // "pass", "fail", "pending"

// A check of the verification has the shape of a gate rule: id, passed, evidence.
using VerificationCheck = GateRule;

struct VerificationResult
{
    QString customer;
    ZoneKind zone = ZoneKind::Green;
    QString version; // the desired version verified
    VerificationVerdict verdict = VerificationVerdict::Fail;
    QList<VerificationCheck> checks; // running-matches, operator-ok, services-ready,
                                     // checks-green, no-new-alerts
    QDateTime at;           // when it was evaluated (UTC)
    QDateTime pendingUntil; // when Pending: the end of the grace time, if known
};

// The post-upgrade verification of one zone (a pure function). Pass when every check passes;
// Pending when one does not yet but the rollout is still under way (the operator is Updating)
// or the zone runs the desired version, the operator has not failed, and it is within `grace` of
// when that state was first seen (ZoneLiveState::since); Fail otherwise — also when the zone
// still runs another version and the operator is not rolling out.
VerificationResult verifyUpgrade(const VerificationInputs &inputs);

} // namespace qd
