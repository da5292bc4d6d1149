#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace qd {

// What a file or directory a Kustomize build looked at was like when it looked, so that a later
// load can tell whether it changed without parsing it again. Like git's index: the stat data
// decide when they can, the content hash when they cannot (the stat data changed, or the file
// was modified so shortly before it was stamped that a second change could keep the same times).
struct InputStamp
{
    bool exists = false;
    bool isDir = false;
    qint64 size = 0;
    qint64 mtimeNs = 0;
    qint64 ctimeNs = 0;
    quint64 inode = 0;
    bool racy = false;      // modified within the file system's timestamp granularity of stamping
    QByteArray contentHash; // files only, set by whoever reads the bytes (contentHashOf)

    // Stat data only. Take it before reading the bytes: a change after the stamp then shows.
    static InputStamp take(const QString &absolutePath);

    bool sameStat(const InputStamp &other) const
    {
        return exists == other.exists && isDir == other.isDir && size == other.size
               && mtimeNs == other.mtimeNs && ctimeNs == other.ctimeNs && inode == other.inode;
    }
    // Whether two stamps say the input held the same thing.
    bool sameInput(const InputStamp &other) const
    {
        if (exists != other.exists || isDir != other.isDir)
            return false;
        if (!isDir && !contentHash.isEmpty() && !other.contentHash.isEmpty())
            return contentHash == other.contentHash;
        return sameStat(other) && !racy && !other.racy;
    }
};

QByteArray contentHashOf(QByteArrayView bytes);

} // namespace qd
