#pragma once

#include "Diagnostic.h"
#include "PromotionPolicy.h"
#include "Release.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace qd {

enum class ZoneKind { Red, Green };

QString zoneKindName(ZoneKind kind); // "red" / "green"
std::optional<ZoneKind> zoneKindFromName(const QString &name);

// When and how a customer's team works; feeds the response-SLA clocks.
struct BusinessCalendar
{
    QString timezone = QStringLiteral("UTC");
    QString businessHours = QStringLiteral("09:00-17:00");
    QStringList workdays = {QStringLiteral("Mon"), QStringLiteral("Tue"), QStringLiteral("Wed"),
                            QStringLiteral("Thu"), QStringLiteral("Fri")};
    QList<QDate> holidays;
};

// What the config repo's SpinnakerService resolves to for one zone.
struct ZoneResolution
{
    bool resolved = false;          // the overlay could be built
    QString version;                // spec.spinnakerConfig.config.version, empty when not set
    SourceLocation versionLocation; // the file and line that sets the effective version
    QStringList files;              // every file of the overlay, in the order Kustomize reads them
};

// One zone of a customer: as declared in fleet.yaml, and as resolved from its overlay.
struct Zone
{
    ZoneKind kind = ZoneKind::Red;
    QString overlay; // directory relative to the repo root
    QString cluster;
    QString cloud;
    QString region;
    QUrl deck;
    QUrl gate;
    SourceLocation declaredAt; // where fleet.yaml declares the zone
    SourceLocation overlayAt;  // where fleet.yaml names the overlay
    ZoneResolution resolution;
    Diagnostics problems; // problems found in this zone's overlay
};

enum class UpgradeState {
    Unknown,    // a version is missing
    InSync,     // Red and Green desire the same version
    RedAhead,   // an upgrade is being proven out in Red
    GreenAhead, // Green desires a newer version than Red: unusual, worth a look
};

struct Customer
{
    QString id;
    QString name;
    BusinessCalendar calendar;
    double sloTarget = 99.9; // percent
    PromotionPolicy promotion;
    std::optional<Zone> red;
    std::optional<Zone> green;
    SourceLocation declaredAt;

    const Zone *zone(ZoneKind kind) const;
    UpgradeState upgradeState() const;
};

struct MaintenanceWindow
{
    QString customer;
    ZoneKind zone = ZoneKind::Green;
    QDateTime start; // UTC, inclusive
    QDateTime end;   // UTC, exclusive
    QString reason;
};

// Where the working clone stands, for the status bar.
struct RepoStatus
{
    QString path;
    QString branch;       // empty when HEAD is detached
    QString headCommit;   // abbreviated id, empty in an empty repository
    QString headSummary;
    std::optional<int> ahead;  // unset when the branch has no upstream
    std::optional<int> behind;
};

// Everything read from the config repo at one moment: what the panes show.
struct FleetSnapshot
{
    QString repoPath;
    RepoStatus repo;
    QList<Customer> customers;
    QList<MaintenanceWindow> maintenance;
    std::optional<ReleaseCatalog> releases; // releases.yaml; unset when absent or unreadable
    Diagnostics diagnostics; // every problem in the repo, the zones' problems included

    const Customer *customer(const QString &id) const;
};

} // namespace qd
