#pragma once

#include "services/config/InputStamp.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>

#include <memory>

namespace qd {

// Change notification for the folders of a working tree, so that the next look at what a fleet
// load read need not stat() every input again (InputCheck). Linux: inotify on each folder an
// input lies in. Elsewhere, and on file systems another machine may write to (NFS, SMB, FUSE),
// start() gives nullptr and callers look at every input themselves.
//
// Marks order what the watch knows: each catchUp() that reads events, each cover() that adds a
// folder and each loss of events moves the mark on. A path may have changed since mark M when an
// event after M named it (or, for a folder, one of its entries), when events were lost after M,
// or when its folder was not watched yet at M. Thread-safe.
class TreeWatch
{
public:
    // nullptr when this platform or the file system at absoluteRoot has no usable notification.
    static std::shared_ptr<TreeWatch> start(const QString &absoluteRoot);
    ~TreeWatch();
    TreeWatch(const TreeWatch &) = delete;
    TreeWatch &operator=(const TreeWatch &) = delete;

    // Unique in the process: marks mean something only to the watch that gave them.
    quint64 id() const { return m_id; }

    // Reads every event queued so far; returns the mark after them. A write that returned before
    // this call is seen by it.
    quint64 catchUp();

    struct Changes
    {
        bool everything = false; // events were lost: nothing can be vouched for
        QSet<QString> paths;     // repo-relative files and folders named by an event
    };
    // What may have changed after `mark`, as of the last catchUp().
    Changes changesSince(quint64 mark) const;

    // Watches the folder each input (repo-relative) lies in, every folder above it, and each
    // input that is a folder. Returns the inputs that were not watched at `mark` that way, or
    // that are (or lie under) a symbolic link: what a link points to changes without an event.
    QSet<QString> cover(const QHash<QString, InputStamp> &inputs, quint64 mark);

    struct Private;

private:
    explicit TreeWatch(std::unique_ptr<Private> d);

    const quint64 m_id;
    mutable QMutex m_mutex;
    std::unique_ptr<Private> d;
};

} // namespace qd
