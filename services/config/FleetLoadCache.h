#pragma once

#include "models/Fleet.h"
#include "services/config/FleetFileReader.h"
#include "services/config/InputStamp.h"

#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace qd {

// A zone whose overlay built without a problem, with every file and directory the build read.
// Its resolution depends on nothing else: while every input holds what its stamp recorded, a
// new build would give the same result.
struct CleanZone
{
    ZoneResolution resolution;
    QStringList inputs; // repo-relative paths of files and directories
};

// What the last load of a repo found, keyed by the content of what it read.
struct FleetLoadState
{
    InputStamp fleetStamp;
    FleetFile fleet; // fleet.yaml as parsed (zones not resolved)
    InputStamp maintenanceStamp;
    MaintenanceFile maintenance;
    QHash<QString, InputStamp> stamps; // every input of every zone in `zones`
    QHash<QString, CleanZone> zones;   // by overlay, as fleet.yaml names it

    bool isEmpty() const { return !fleetStamp.exists; }
};

// One per repository working tree in the process, shared by every load of it (the fleet pane's,
// the change workflow's). Thread-safe: a load copies the state out (Qt containers share their
// data until written) and stores its own when done; the last load to finish wins, and every
// stored state is consistent in itself.
class FleetLoadCache
{
public:
    static std::shared_ptr<FleetLoadCache> forRepo(const QString &absoluteRoot);
    // Forgets every repo's state (tests, and "reload from scratch").
    static void clearAll();

    FleetLoadState state() const;
    void store(FleetLoadState state);

private:
    mutable QMutex m_mutex;
    FleetLoadState m_state;
};

// Whether the input at root/relative still holds what `stamp` recorded: nullopt when it changed,
// else a stamp to keep (fresher than `stamp` when the stat data had to be looked past).
std::optional<InputStamp> checkInput(const QString &absolutePath, const InputStamp &stamp);

} // namespace qd
