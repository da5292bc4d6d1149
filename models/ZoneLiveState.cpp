#include "models/ZoneLiveState.h"

namespace qd {

QString operatorStatusName(OperatorStatus status)
{
    switch (status) {
    case OperatorStatus::Ok:
        return QStringLiteral("OK");
    case OperatorStatus::Updating:
        return QStringLiteral("Updating");
    case OperatorStatus::Failure:
        return QStringLiteral("Failure");
    case OperatorStatus::NotAvailable:
        break;
    }
    return QStringLiteral("N/A");
}

std::optional<OperatorStatus> operatorStatusFromName(const QString &name)
{
    for (OperatorStatus status : {OperatorStatus::Ok, OperatorStatus::Updating,
                                  OperatorStatus::Failure, OperatorStatus::NotAvailable}) {
        if (name.compare(operatorStatusName(status), Qt::CaseInsensitive) == 0)
            return status;
    }
    return std::nullopt;
}

std::optional<bool> isDrifted(const QString &desired, const ZoneLiveState &live)
{
    if (!live.known || desired.isEmpty())
        return std::nullopt;
    if (live.status == OperatorStatus::Updating)
        return false; // a rollout in progress is not drift
    return live.running != desired;
}

} // namespace qd
