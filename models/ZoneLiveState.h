#pragma once

#include <QDateTime>
#include <QString>

#include <QList>

#include <optional>

namespace qd {

// The Spinnaker Operator's status of a SpinnakerService, as kube_customresource_spinnakerservice_info
// reports it in its `status` label (DESIGN.md). Every value but OK is not OK; a value the operator
// is not known to use is Unknown.
enum class OperatorStatus { Ok, Updating, Failure, Unavailable, NotAvailable, Unknown };

// "OK", "Updating", "Failure", "Unavailable", "N/A", "unknown"
QString operatorStatusName(OperatorStatus status);
OperatorStatus operatorStatusFromName(const QString &name); // Unknown for any other text

// One sample of the info metric: what the zone ran at `time` (epoch seconds).
struct InfoSample
{
    qint64 time = 0;
    QString version;
    OperatorStatus status = OperatorStatus::Unknown;
};

// What a zone really runs, from its last sample; `known` is false when there is no sample (the
// metric is absent, or Prometheus did not answer), and then nothing else may be trusted.
struct ZoneLiveState
{
    bool known = false;
    QString running; // the version label
    OperatorStatus status = OperatorStatus::NotAvailable;
    QDateTime since;  // UTC: the first sample of this running version with this status
    QString source;   // the query (or store) it came from, for evidence
    // The state already held at the first sample looked at: it began at `since` or earlier.
    bool sinceIsLookbackStart = false;
    QString unknownReason; // when !known: why ("no sample since ...", "two states at ...")
};

// The zone's state from the info metric's samples on a grid of `step` seconds (ascending, any
// number per instant): the state at the last instant with a sample, and since when it has held
// without a gap or a change. Unknown when that last instant is more than `staleAfter` seconds
// before `now`, when there is no sample, or when one instant has two different states.
ZoneLiveState liveStateFromSamples(const QList<InfoSample> &samples, qint64 step, qint64 now,
                                   qint64 staleAfter);

// Drift: the zone runs something other than the repo asks for while the operator is not
// rolling out. nullopt: unknown (no sample, or no desired version).
std::optional<bool> isDrifted(const QString &desired, const ZoneLiveState &live);

} // namespace qd
