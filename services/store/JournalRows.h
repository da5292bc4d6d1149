#pragma once

// Shared by the journal's translation units: how an Incident maps to a row.
#include "models/Incident.h"

#include <QSqlQuery>
#include <QVariant>

namespace qd::journal {

inline QVariant timeValue(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

inline QDateTime timeFrom(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), QTimeZone::utc());
}

constexpr const char *kColumns =
        "id, source, customer, zone, alertname, priority, title, opened_at, acknowledged_at, "
        "acknowledged_by, acknowledge_comment, resolved_at, response_due_at, last_seen_at, "
        "last_ends_at, silence_id";

inline void bindIncident(QSqlQuery &q, const Incident &i, const QString &source,
                         const QDateTime &lastSeen)
{
    q.addBindValue(i.id);
    q.addBindValue(source);
    q.addBindValue(i.customer);
    q.addBindValue(i.zone);
    q.addBindValue(i.alertName);
    q.addBindValue(priorityName(i.priority));
    q.addBindValue(i.title);
    q.addBindValue(timeValue(i.openedAt));
    q.addBindValue(timeValue(i.acknowledgedAt));
    q.addBindValue(i.acknowledgedBy);
    q.addBindValue(i.acknowledgeComment);
    q.addBindValue(timeValue(i.resolvedAt));
    q.addBindValue(timeValue(i.responseDueAt));
    q.addBindValue(timeValue(lastSeen));
    q.addBindValue(timeValue(i.lastEndsAt));
    q.addBindValue(i.silenceId);
}

// Reads the columns of kColumns, starting at `first`.
inline Incident incidentFrom(const QSqlQuery &q, int first = 0)
{
    Incident i;
    i.id = q.value(first + 0).toString();
    i.customer = q.value(first + 2).toString();
    i.zone = q.value(first + 3).toString();
    i.alertName = q.value(first + 4).toString();
    i.priority = priorityFromName(q.value(first + 5).toString()).value_or(Priority::P2);
    i.title = q.value(first + 6).toString();
    i.openedAt = timeFrom(q.value(first + 7));
    i.acknowledgedAt = timeFrom(q.value(first + 8));
    i.acknowledgedBy = q.value(first + 9).toString();
    i.acknowledgeComment = q.value(first + 10).toString();
    i.resolvedAt = timeFrom(q.value(first + 11));
    i.responseDueAt = timeFrom(q.value(first + 12));
    i.lastEndsAt = timeFrom(q.value(first + 14));
    i.silenceId = q.value(first + 15).toString();
    i.state = i.resolvedAt.isValid()        ? IncidentState::Resolved
              : i.acknowledgedAt.isValid() ? IncidentState::Acknowledged
                                           : IncidentState::Open;
    return i;
}

} // namespace qd::journal
