#include "models/Incident.h"

#include <QMap>

#include <algorithm>

namespace qd {

QString incidentStateName(IncidentState state)
{
    switch (state) {
    case IncidentState::Open:
        return QStringLiteral("open");
    case IncidentState::Acknowledged:
        return QStringLiteral("acknowledged");
    case IncidentState::Resolved:
        break;
    }
    return QStringLiteral("resolved");
}

std::optional<IncidentState> incidentStateFromName(const QString &name)
{
    for (IncidentState s :
         {IncidentState::Open, IncidentState::Acknowledged, IncidentState::Resolved}) {
        if (incidentStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

QDateTime Incident::respondedAt() const
{
    if (acknowledgedAt.isValid())
        return acknowledgedAt;
    return resolvedAt;
}

bool Incident::isBreached(const QDateTime &now) const
{
    if (!responseDueAt.isValid())
        return false;
    const QDateTime responded = respondedAt();
    return (responded.isValid() ? responded : now) > responseDueAt;
}

qint64 Incident::secondsLeft(const QDateTime &now) const
{
    if (respondedAt().isValid() || !responseDueAt.isValid())
        return 0;
    return now.secsTo(responseDueAt);
}

Priority IncidentRules::priorityFor(const QMap<QString, QString> &labels) const
{
    if (const auto p = priorityFromName(labels.value(QStringLiteral("priority"))))
        return *p;
    const QString severity = labels.value(QStringLiteral("severity")).trimmed().toLower();
    return severityPriority.value(severity, unmappedPriority);
}

AlertOwner alertOwner(const QMap<QString, QString> &labels, const FleetSnapshot &fleet)
{
    AlertOwner owner{labels.value(QStringLiteral("customer")),
                     labels.value(QStringLiteral("zone")).toLower()};
    if (!owner.customer.isEmpty() && !owner.zone.isEmpty())
        return owner;
    const QString cluster = labels.value(QStringLiteral("cluster"));
    if (cluster.isEmpty())
        return owner;
    for (const Customer &customer : fleet.customers) {
        for (const Zone *zone : {customer.zone(ZoneKind::Red), customer.zone(ZoneKind::Green)}) {
            if (zone && zone->cluster == cluster) {
                if (owner.customer.isEmpty())
                    owner.customer = customer.id;
                if (owner.zone.isEmpty())
                    owner.zone = zoneKindName(zone->kind);
                return owner;
            }
        }
    }
    return owner;
}

QString incidentId(const QString &customer, const QString &zone, const QString &alertName)
{
    return customer + QLatin1Char('/') + zone + QLatin1Char('/') + alertName;
}

BusinessClock clockFor(const QString &customer, const FleetSnapshot &fleet)
{
    if (const Customer *c = fleet.customer(customer)) {
        auto clock = BusinessClock::fromCalendar(c->calendar);
        if (clock)
            return clock.value();
    }
    return BusinessClock();
}

QList<Incident> incidentsFromAlerts(const QList<Alert> &alerts, const QList<Silence> &silences,
                                    const FleetSnapshot &fleet, const IncidentRules &rules)
{
    QMap<QString, Incident> byId; // sorted ids keep the output stable
    QMap<QString, QList<const Alert *>> members;
    for (const Alert &alert : alerts) {
        const AlertOwner owner = alertOwner(alert.labels, fleet);
        if (owner.customer.isEmpty())
            continue; // not about a customer's zone: no response SLA applies
        const QString alertName = alert.labels.value(QStringLiteral("alertname"));
        const QString id = incidentId(owner.customer, owner.zone, alertName);
        auto it = byId.find(id);
        if (it == byId.end()) {
            Incident incident;
            incident.id = id;
            incident.customer = owner.customer;
            incident.zone = owner.zone;
            incident.alertName = alertName;
            incident.priority = rules.priorityFor(alert.labels);
            incident.openedAt = alert.startsAt.toUTC();
            it = byId.insert(id, incident);
        }
        Incident &incident = it.value();
        incident.priority = std::min(incident.priority, rules.priorityFor(alert.labels));
        const QDateTime startsAt = alert.startsAt.toUTC();
        if (startsAt.isValid() && (startsAt <= incident.openedAt || incident.title.isEmpty())) {
            incident.openedAt = std::min(startsAt, incident.openedAt.isValid()
                                                           ? incident.openedAt
                                                           : startsAt);
            const QString summary = alert.annotations.value(QStringLiteral("summary"));
            incident.title = summary.isEmpty() ? alertName : summary;
        }
        if (alert.endsAt.isValid())
            incident.lastEndsAt = std::max(incident.lastEndsAt.isValid() ? incident.lastEndsAt
                                                                         : alert.endsAt.toUTC(),
                                           alert.endsAt.toUTC());
        incident.fingerprints.append(alert.fingerprint);
        members[id].append(&alert);
    }

    QList<Incident> result;
    result.reserve(byId.size());
    for (auto it = byId.begin(); it != byId.end(); ++it) {
        Incident &incident = it.value();
        // The first silence that covered the incident while it was open acknowledges it; one
        // that ended before it opened belongs to an earlier incident of the same alert.
        const Silence *first = nullptr;
        for (const Silence &silence : silences) {
            if (silence.endsAt.isValid() && silence.endsAt <= incident.openedAt)
                continue;
            const auto &group = members.value(it.key());
            const bool covers = std::any_of(group.cbegin(), group.cend(),
                                            [&silence](const Alert *a) {
                                                return a->silencedBy.contains(silence.id)
                                                       || silence.matches(a->labels);
                                            });
            if (covers && (!first || silence.startsAt < first->startsAt))
                first = &silence;
        }
        if (first) {
            incident.acknowledgedAt = std::max(first->startsAt.toUTC(), incident.openedAt);
            incident.acknowledgedBy = first->createdBy;
            incident.acknowledgeComment = first->comment;
            incident.silenceId = first->id;
            incident.state = IncidentState::Acknowledged;
        }
        incident.responseDueAt = clockFor(incident.customer, fleet)
                                         .responseDue(incident.openedAt, incident.priority);
        result.append(incident);
    }
    return result;
}

} // namespace qd
