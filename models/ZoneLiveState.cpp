#include "models/ZoneLiveState.h"

#include <QMap>
#include <QTimeZone>

#include <algorithm>

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
    case OperatorStatus::Unavailable:
        return QStringLiteral("Unavailable");
    case OperatorStatus::NotAvailable:
        return QStringLiteral("N/A");
    case OperatorStatus::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

OperatorStatus operatorStatusFromName(const QString &name)
{
    for (OperatorStatus status : {OperatorStatus::Ok, OperatorStatus::Updating,
                                  OperatorStatus::Failure, OperatorStatus::Unavailable,
                                  OperatorStatus::NotAvailable}) {
        if (name.compare(operatorStatusName(status), Qt::CaseInsensitive) == 0)
            return status;
    }
    return OperatorStatus::Unknown;
}

std::optional<bool> isDrifted(const QString &desired, const ZoneLiveState &live)
{
    if (!live.known || desired.isEmpty())
        return std::nullopt;
    if (live.status == OperatorStatus::Updating)
        return false; // a rollout in progress is not drift
    if (live.running == desired)
        return false;
    if (live.status == OperatorStatus::Unknown)
        return std::nullopt; // it may be rolling out: the operator's word is missing
    return true;
}

ZoneLiveState liveStateFromSamples(const QList<InfoSample> &samples, qint64 step, qint64 now,
                                   qint64 staleAfter)
{
    ZoneLiveState live;
    const auto iso = [](qint64 time) {
        return QDateTime::fromSecsSinceEpoch(time, QTimeZone::utc()).toString(Qt::ISODate);
    };
    if (samples.isEmpty()) {
        live.unknownReason = QStringLiteral("no sample");
        return live;
    }
    qint64 last = samples.first().time;
    for (const InfoSample &sample : samples)
        last = std::max(last, sample.time);
    if (now - last > staleAfter) {
        live.unknownReason = QStringLiteral("no sample since %1").arg(iso(last));
        return live;
    }
    // The state at each instant; two different ones at one instant cannot be told apart.
    QMap<qint64, InfoSample> at;
    for (const InfoSample &sample : samples) {
        const auto seen = at.constFind(sample.time);
        if (seen != at.cend()
            && (seen->version != sample.version || seen->status != sample.status)) {
            if (sample.time == last) {
                live.unknownReason = QStringLiteral("two states at %1: %2 %3 and %4 %5")
                                             .arg(iso(last), seen->version,
                                                  operatorStatusName(seen->status), sample.version,
                                                  operatorStatusName(sample.status));
                return live;
            }
            at.insert(sample.time, InfoSample{sample.time, QString(), OperatorStatus::Unknown});
            continue;
        }
        at.insert(sample.time, sample);
    }
    const InfoSample current = at.value(last);
    qint64 since = last;
    // Back from the last instant while the previous grid point holds the same state.
    for (auto it = at.find(last); it != at.begin();) {
        --it;
        if (since - it.key() > step || it->version != current.version
            || it->status != current.status)
            break;
        since = it.key();
    }
    live.known = true;
    live.running = current.version;
    live.status = current.status;
    live.since = QDateTime::fromSecsSinceEpoch(since, QTimeZone::utc());
    live.sinceIsLookbackStart = since == at.firstKey();
    return live;
}

} // namespace qd
