#pragma once

#include "models/Diagnostic.h"
#include "models/Fleet.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace qd {

struct FleetFile
{
    QList<Customer> customers; // zones declared, not yet resolved
    // Entries whose id an earlier entry already took: reported, not shown, but their zones are
    // validated all the same so that the duplicate hides none of its own problems.
    QList<Customer> duplicates;
    Diagnostics problems;
};

struct MaintenanceFile
{
    QList<MaintenanceWindow> windows;
    Diagnostics problems;
};

// Parse fleet.yaml / maintenance.yaml text (pure functions: the caller reads the file). Every
// problem names the file, line and column: unknown keys, unknown zones, duplicate ids, bad values.
FleetFile parseFleetFile(const QByteArray &text, const QString &displayName);
MaintenanceFile parseMaintenanceFile(const QByteArray &text, const QString &displayName,
                                     const QList<Customer> &customers);

} // namespace qd
