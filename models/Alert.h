#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace qd {

// One alert as Alertmanager's API v2 reports it (GET /api/v2/alerts).
struct Alert
{
    QString fingerprint;
    QMap<QString, QString> labels;
    QMap<QString, QString> annotations;
    QDateTime startsAt; // UTC
    QDateTime endsAt;   // UTC; Alertmanager's guess while firing, the real end once resolved
    QDateTime updatedAt;
    QString state;          // "active", "suppressed" or "unprocessed"
    QStringList silencedBy; // silence ids
    QStringList inhibitedBy;
};

// One group of alerts as GET /api/v2/alerts/groups reports it.
struct AlertGroup
{
    QMap<QString, QString> labels; // the route's group_by labels
    QString receiver;
    QList<Alert> alerts;
};

struct SilenceMatcher
{
    QString name;
    QString value;
    bool isRegex = false;
    bool isEqual = true;

    bool matches(const QMap<QString, QString> &labels) const;
};

// A silence (GET /api/v2/silences); acknowledging an incident creates one.
struct Silence
{
    QString id;
    QList<SilenceMatcher> matchers;
    QDateTime startsAt;
    QDateTime endsAt;
    QDateTime updatedAt;
    QString createdBy;
    QString comment;
    QString state; // "active", "pending" or "expired"

    // All matchers match (Alertmanager's rule).
    bool matches(const QMap<QString, QString> &labels) const;
};

} // namespace qd
