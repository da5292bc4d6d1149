#pragma once

#include "models/Fleet.h"
#include "services/config/FleetFileReader.h"
#include "services/config/InputStamp.h"
#include "services/config/ReleaseFileReader.h"
#include "services/config/TreeWatch.h"

#include <QHash>
#include <QMutex>
#include <QSet>
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
    InputStamp releasesStamp;
    std::optional<ReleaseFile> releases; // unset: the repo has no releases.yaml
    QHash<QString, InputStamp> stamps; // every input of every zone in `zones`
    QHash<QString, CleanZone> zones;   // by overlay, as fleet.yaml names it
    // With change notification (TreeWatch): every stamp held at this mark of the watch `watchId`,
    // or an event after it names the input, except the inputs in `unwatched`. 0: no watch.
    quint64 watchId = 0;
    quint64 watchMark = 0;
    QSet<QString> unwatched;

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

    explicit FleetLoadCache(QString absoluteRoot);

    FleetLoadState state() const;
    void store(FleetLoadState state);
    // The repo's change notification; nullptr where there is none, and until a state is stored
    // (a repo read once, as by a command, is not watched). Only the repo asked for last keeps
    // its watch (inotify watches are a per-user budget other programs need too); the others
    // start a new one when asked again.
    std::shared_ptr<TreeWatch> watch();
    void releaseWatch();

private:
    const QString m_root;
    mutable QMutex m_mutex;
    FleetLoadState m_state;
    bool m_watchStarted = false;
    std::shared_ptr<TreeWatch> m_watch;
};

// Whether the input at root/relative still holds what `stamp` recorded: nullopt when it changed,
// else a stamp to keep (fresher than `stamp` when the stat data had to be looked past).
std::optional<InputStamp> checkInput(const QString &absolutePath, const InputStamp &stamp);

} // namespace qd
