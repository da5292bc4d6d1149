#include "services/config/InputStamp.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#if defined(Q_OS_UNIX)
#include <sys/stat.h>
#endif

namespace qd {

namespace {

// Coarse enough for every file system a config repo lives on (FAT keeps 2 s); a stamp this close
// to its file's last change is checked by content next time.
constexpr qint64 kRacyWindowNs = 2'000'000'000;

qint64 nowNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1'000'000;
}

} // namespace

InputStamp InputStamp::take(const QString &absolutePath)
{
    InputStamp stamp;
    const qint64 now = nowNs();
#if defined(Q_OS_UNIX)
    struct stat info;
    if (::stat(QFile::encodeName(absolutePath).constData(), &info) != 0)
        return stamp;
    stamp.exists = true;
    stamp.isDir = S_ISDIR(info.st_mode);
    stamp.size = qint64(info.st_size);
    stamp.inode = quint64(info.st_ino);
#if defined(Q_OS_MACOS)
    stamp.mtimeNs = qint64(info.st_mtimespec.tv_sec) * 1'000'000'000 + info.st_mtimespec.tv_nsec;
    stamp.ctimeNs = qint64(info.st_ctimespec.tv_sec) * 1'000'000'000 + info.st_ctimespec.tv_nsec;
#else
    stamp.mtimeNs = qint64(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    stamp.ctimeNs = qint64(info.st_ctim.tv_sec) * 1'000'000'000 + info.st_ctim.tv_nsec;
#endif
#else
    const QFileInfo info(absolutePath);
    if (!info.exists())
        return stamp;
    stamp.exists = true;
    stamp.isDir = info.isDir();
    stamp.size = info.size();
    stamp.mtimeNs = info.lastModified().toMSecsSinceEpoch() * 1'000'000;
    stamp.ctimeNs = info.metadataChangeTime().toMSecsSinceEpoch() * 1'000'000;
#endif
    // A write after this stamp sets the mtime to its own time: only a recent mtime can repeat.
    stamp.racy = now - stamp.mtimeNs < kRacyWindowNs;
    return stamp;
}

QByteArray contentHashOf(QByteArrayView bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha1);
}

} // namespace qd
