#pragma once

#include "services/config/FleetLoadCache.h"
#include "services/config/TreeWatch.h"

#include <QDir>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace qd {

// One look at the inputs a remembered fleet load read (FleetLoadState), shared by everyone who
// asks in a row: a change's edit asks which zones read the files it will write, the validation
// right after it asks which zones must be built again. With the repo's change notification
// (TreeWatch) an input no event named since the state's mark holds what it held; any other input
// is stat-ed at most once (and hashed only when its stat data cannot decide). Files written since
// are forgotten() and looked at again. Not thread-safe: one check belongs to one thread.
class InputCheck
{
public:
    // Starts from what the FleetLoadCache of the repo at repoPath remembers now.
    static InputCheck ofCache(const QString &repoPath);
    // Nothing remembered: every zone counts as changed. With a watch, what it has seen so far is
    // read first: whatever this check then reads or stats, a later change shows as an event.
    explicit InputCheck(const QDir &root,
                        FleetLoadState state = {},
                        std::shared_ptr<TreeWatch> watch = nullptr);

    const QDir &root() const { return m_root; }
    const FleetLoadState &state() const { return m_state; }
    // The watch (nullptr: none) and its mark when this check began: a state built from this
    // check's look holds at that mark.
    const std::shared_ptr<TreeWatch> &watch() const { return m_watch; }
    quint64 startMark() const { return m_startMark; }
    // Whether the watch vouches that the input holds what the state's stamp recorded.
    bool vouchedFor(const QString &input) const;

    // Whether the input (repo-relative) holds what the state recorded; false when not recorded.
    bool unchanged(const QString &input);
    // Looks at every remembered input not looked at yet and not vouched for, on every core: a
    // check's time without a watch is mostly one stat() system call per input (git spreads its index's lstat() calls over
    // threads the same way, core.preloadIndex). unchanged() then answers from memory.
    void lookAtAll();
    // The fresh stamp of every input stat-ed so far (nullopt: it changed).
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
    std::shared_ptr<TreeWatch> m_watch;
    quint64 m_startMark = 0;
    bool m_vouching = false;   // the state holds at a mark of m_watch, and no event was lost
    QSet<QString> m_changed; // named by an event since the state's mark, or written since
};

} // namespace qd
