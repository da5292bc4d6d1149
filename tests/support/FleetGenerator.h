#pragma once

#include "models/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace qd::test {

enum class GitHistory {
    None,         // plain files, no repository
    SingleCommit, // `git init` and one commit, like a working clone of the config repo
};

struct FleetShape
{
    int customers = 1000;
    // Fixed, so every run measures the same files.
    quint32 seed = 20261103;
    GitHistory git = GitHistory::SingleCommit;
};

// What the generator put where, so a benchmark can check that the loader found the same.
struct ExpectedZone
{
    QString customerId;
    QString zone;        // "red" or "green"
    QString overlay;     // relative to the root
    QString version;     // the effective spec.spinnakerConfig.config.version
    QString versionFile; // relative to the root: the last file that sets it
    int versionLine = 0; // counted from 1
    bool perCustomerBase = false;
    bool usesPatchesField = false; // `patches: - path:` rather than patchesStrategicMerge
};

struct GeneratedFleet
{
    QString root;
    QStringList yamlFiles; // absolute paths of every .yml/.yaml file written, sorted
    QList<ExpectedZone> zones;
    qint64 totalBytes = 0;
};

// Writes a config repo in the style of real Operator repos (shared base, a patch per concern,
// comments beside values, commented-out old versions, some customers mid-upgrade) into root,
// which must be empty or absent. Deterministic for a given shape.
Result<GeneratedFleet> generateFleet(const QString &root, const FleetShape &shape);

// Every .yml/.yaml file under root, .git excluded, sorted.
QStringList yamlFilesUnder(const QString &root);

} // namespace qd::test
