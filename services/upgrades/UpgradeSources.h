#pragma once

#include "models/Incident.h"
#include "models/UpgradeVerification.h"
#include "services/telemetry/PrometheusClient.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace qd {

class IncidentService;
class TelemetryStore;

// What the upgrade workflow reads from the live sources, for the gate and the verification.

// One poll of `service` (whose fleet the caller has set): the incidents when Alertmanager
// answered, else nullopt; `source` says which, or why not. Runs `done` once, on context's thread.
void readIncidentsOnce(IncidentService &service, QObject *context,
                       std::function<void(std::optional<QList<Incident>>, QString source)> done);

// kube_deployment_status_replicas_available and kube_deployment_spec_replicas (Settings'
// "replicasAvailable" and "replicasDesired") paired by their `deployment` label: a deployment
// with no available series has 0 available.
QList<DeploymentReplicas> pairReplicas(const QList<PromSeries> &available,
                                       const QList<PromSeries> &desired);

// The last verification recorded in `store` for each customer's Green zone (blocking: SQLite).
Result<QHash<QString, VerificationResult>> lastGreenVerifications(const TelemetryStore &store,
                                                                 const FleetSnapshot &fleet);

} // namespace qd
