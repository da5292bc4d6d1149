#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace qd {

// The Spinnaker Operator's status of a SpinnakerService, as kube_customresource_spinnakerservice_info
// reports it in its `status` label (DESIGN.md).
enum class OperatorStatus { Ok, Updating, Failure, NotAvailable };

QString operatorStatusName(OperatorStatus status); // "OK", "Updating", "Failure", "N/A"
std::optional<OperatorStatus> operatorStatusFromName(const QString &name);

// What a zone really runs, from its last sample; `known` is false when there is no sample (the
// metric is absent, or Prometheus did not answer), and then nothing else may be trusted.
struct ZoneLiveState
{
    bool known = false;
    QString running; // the version label
    OperatorStatus status = OperatorStatus::NotAvailable;
    QDateTime since;  // UTC: the first sample of this running version with this status
    QString source;   // the query (or store) it came from, for evidence
};

// Drift: the zone runs something other than the repo asks for while the operator is not
// rolling out. nullopt: unknown (no sample, or no desired version).
std::optional<bool> isDrifted(const QString &desired, const ZoneLiveState &live);

} // namespace qd
