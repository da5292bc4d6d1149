#pragma once

#include "services/config/FleetLoadCache.h"

#include <QDir>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace qd {

// One look at the inputs a remembered fleet load read (FleetLoadState), shared by everyone who
// asks in a row: a change's edit asks which zones read the files it will write, the validation
// right after it asks which zones must be built again. Each input is stat-ed at most once (and
// hashed only when its stat data cannot decide); files written since are forgotten() and looked
// at again. Not thread-safe: one check belongs to one thread.
class InputCheck
{
public:
    // Starts from what the FleetLoadCache of the repo at repoPath remembers now.
    static InputCheck ofCache(const QString &repoPath);
    // Nothing remembered: every zone counts as changed.
    explicit InputCheck(const QDir &root, FleetLoadState state = {});

    const QDir &root() const { return m_root; }
    const FleetLoadState &state() const { return m_state; }

    // Whether the input (repo-relative) holds what the state recorded; false when not recorded.
    bool unchanged(const QString &input);
    // Looks at every remembered input not looked at yet, on every core: a check's time is
    // mostly one stat() system call per input (git spreads its index's lstat() calls over
    // threads the same way, core.preloadIndex). unchanged() then answers from memory.
    void lookAtAll();
    // The fresh stamp of every input looked at so far (nullopt: it changed).
    const QHash<QString, std::optional<InputStamp>> &results() const { return m_checked; }
    // Files written since they were looked at (repo-relative): look at them and their folders
    // again (a new file, or a file replaced by rename, changes its folder too).
    void forget(const QStringList &written);

    // The overlays (as given) whose zones may read a file under one of `overlays`: the overlays
    // themselves, every remembered zone one of whose inputs lies under them, and every zone this
    // check cannot vouch for (not remembered, or an input changed since). nullopt when nothing
    // is remembered or more than `maxUnknown` zones are unknown: walk the kustomizations then.
    std::optional<QSet<QString>> overlaysReading(const QStringList &allOverlays,
                                                 const QStringList &overlays,
                                                 int maxUnknown = 64);

private:
    QDir m_root;
    FleetLoadState m_state;
    QHash<QString, std::optional<InputStamp>> m_checked;
};

} // namespace qd
