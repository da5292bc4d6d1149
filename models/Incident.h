#pragma once

#include "models/Alert.h"
#include "models/BusinessCalendar.h"
#include "models/Fleet.h"
#include "models/Priority.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace qd {

enum class IncidentState { Open, Acknowledged, Resolved };
QString incidentStateName(IncidentState state); // "open", "acknowledged", "resolved"
std::optional<IncidentState> incidentStateFromName(const QString &name);

// Where an acknowledgement made in this console stands with Alertmanager.
enum class AckSync {
    None,      // not acknowledged here (or confirmed long ago: same as Confirmed)
    Pending,   // shown at once, the silence is being created
    Confirmed, // Alertmanager has the silence
};

// One incident = one alert group (customer, zone, alertname).
struct Incident
{
    QString id; // "customer/zone/alertname" for live incidents; the portal's id for imported ones
    QString customer;
    QString zone; // "red" / "green", or the raw label when it names no known zone
    QString alertName;
    Priority priority = Priority::P2;
    QString title; // the summary annotation, else the alert name
    QDateTime openedAt;       // UTC: the earliest startsAt of the group
    QDateTime acknowledgedAt; // UTC, invalid when not acknowledged: the first silence for it
    QString acknowledgedBy;
    QString acknowledgeComment;
    QDateTime resolvedAt;    // UTC, invalid while any alert of the group fires
    QDateTime responseDueAt; // UTC
    QDateTime lastEndsAt;    // UTC: the latest endsAt Alertmanager gave for the group's alerts
    IncidentState state = IncidentState::Open;
    AckSync ackSync = AckSync::None;
    QStringList fingerprints; // the group's alerts
    QString silenceId;        // the acknowledging silence, when known

    // The response: the first acknowledgement; an incident resolved without one counts as
    // answered when it resolved. Invalid while neither happened.
    QDateTime respondedAt() const;
    // Responded after the due time, or not yet responded and `now` is past it.
    bool isBreached(const QDateTime &now) const;
    // Seconds until responseDueAt (negative once past); 0 once responded.
    qint64 secondsLeft(const QDateTime &now) const;
};

// How alert labels become incidents; configurable in settings.
struct IncidentRules
{
    // severity label (lower case) -> priority, used when there is no `priority` label.
    QHash<QString, Priority> severityPriority = {
            {QStringLiteral("critical"), Priority::P0},
            {QStringLiteral("error"), Priority::P1},
            {QStringLiteral("warning"), Priority::P1},
            {QStringLiteral("info"), Priority::P2},
    };
    Priority unmappedPriority = Priority::P2; // neither label tells

    Priority priorityFor(const QMap<QString, QString> &labels) const;
};

// Which customer and zone an alert is about: its `customer` and `zone` labels, else its
// `cluster` label looked up in the fleet. Empty customer when neither tells.
struct AlertOwner
{
    QString customer;
    QString zone;
};
AlertOwner alertOwner(const QMap<QString, QString> &labels, const FleetSnapshot &fleet);

QString incidentId(const QString &customer, const QString &zone, const QString &alertName);

// Groups the alerts Alertmanager reports now into incidents, with due times from each customer's
// calendar (UTC 09:00-17:00 Mon-Fri for customers not in the fleet). A silence acknowledges an
// incident when it matches one of its alerts; the earliest such silence (by startsAt) counts.
// None of the returned incidents is resolved: Alertmanager only reports what is firing.
QList<Incident> incidentsFromAlerts(const QList<Alert> &alerts, const QList<Silence> &silences,
                                    const FleetSnapshot &fleet, const IncidentRules &rules);

// The clock of one customer: from the fleet when known and valid, else the default.
BusinessClock clockFor(const QString &customer, const FleetSnapshot &fleet);

} // namespace qd
