#include "services/config/TreeWatch.h"

#include "services/Logging.h"

#include <QFile>
#include <QMutexLocker>

#include <algorithm>
#include <atomic>

#if defined(Q_OS_LINUX)
#include <dirent.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#endif

struct inotify_event;

namespace qd {

namespace {

QString folderOf(const QString &relative)
{
    const qsizetype slash = relative.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QStringLiteral(".") : relative.left(slash);
}

QString joined(const QString &folder, const QString &name)
{
    return folder == QLatin1String(".") ? name : folder + QLatin1Char('/') + name;
}

quint64 nextWatchId()
{
    static std::atomic<quint64> last{0};
    return ++last;
}

// Beyond this many remembered event paths the watch starts over (a checkout of another branch,
// a generated tree): every input is looked at once more, and memory stays bounded.
constexpr qsizetype kMaxEventPaths = 20000;

} // namespace

struct TreeWatch::Private
{
    QString root;
    int fd = -1;
    bool full = false;   // the system's limit on watches was reached: add no more
    quint64 mark = 1;
    quint64 lastLoss = 0;
    QHash<int, QStringList> foldersByWatch; // one watch serves every name of the same folder
    QHash<QString, quint64> watchedSince;   // folder -> mark from which its watch counts
    QHash<QString, quint64> lastChange;     // path -> mark of the last event that named it
    QSet<QString> links;                    // symbolic links in watched folders

    // Whether the folder, and every folder above it up to the root, was watched at mark `at`
    // and is no symbolic link; watches the ones not watched yet, counting from mark `since`.
    bool chainWatched(const QString &folder, quint64 at, quint64 since,
                      QHash<QString, bool> &known);

    QString absolute(const QString &folder) const
    {
        return folder == QLatin1String(".") ? root : root + QLatin1Char('/') + folder;
    }
    bool open();
    void startOver();
    quint64 watch(const QString &folder, quint64 since);
    void noteEvent(const QString &folder, const inotify_event &event, bool &lost);
};

#if defined(Q_OS_LINUX)

namespace {

// Local file systems, where every write goes through this kernel and so reaches inotify.
bool notifiesEveryWrite(const QString &path)
{
    struct statfs info;
    if (::statfs(QFile::encodeName(path).constData(), &info) != 0)
        return false;
    constexpr std::array<unsigned long, 10> kLocal = {
            0xEF53,     // ext2/3/4
            0x58465342, // xfs
            0x9123683E, // btrfs
            0x01021994, // tmpfs
            0x794C7630, // overlayfs
            0xF2F52010, // f2fs
            0x2FC12FC1, // zfs
            0x52654973, // reiserfs
            0x3153464A, // jfs
            0xCA451A4E, // bcachefs
    };
    const auto type = static_cast<unsigned long>(info.f_type);
    return std::find(kLocal.cbegin(), kLocal.cend(), type) != kLocal.cend();
}

bool isSymlink(const QString &absolutePath)
{
    struct stat info;
    return ::lstat(QFile::encodeName(absolutePath).constData(), &info) == 0
           && S_ISLNK(info.st_mode);
}

// The names of the symbolic links in a folder: what they point to changes without an event here.
QStringList symlinksIn(const QString &absoluteFolder)
{
    QStringList links;
    DIR *dir = ::opendir(QFile::encodeName(absoluteFolder).constData());
    if (!dir)
        return links;
    while (const dirent *entry = ::readdir(dir)) {
        const QString name = QFile::decodeName(entry->d_name);
        if (entry->d_type == DT_LNK
            || (entry->d_type == DT_UNKNOWN
                && isSymlink(absoluteFolder + QLatin1Char('/') + name)))
            links.append(name);
    }
    ::closedir(dir);
    return links;
}

constexpr uint32_t kMask = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
                           | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
constexpr uint32_t kEntriesChanged = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
// The watch itself is gone or moved, or the kernel dropped events: nothing can be vouched for.
constexpr uint32_t kLost = IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT;

} // namespace

bool TreeWatch::Private::open()
{
    fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        qCDebug(lcConfig) << "no change notification:" << std::strerror(errno);
    return fd >= 0;
}

void TreeWatch::Private::startOver()
{
    if (fd >= 0)
        ::close(fd);
    open();
    full = false;
    foldersByWatch.clear();
    watchedSince.clear();
    lastChange.clear();
    links.clear();
    lastLoss = ++mark;
}

quint64 TreeWatch::Private::watch(const QString &folder, quint64 since)
{
    if (const auto it = watchedSince.constFind(folder); it != watchedSince.cend())
        return *it;
    if (fd < 0 || full)
        return 0;
    const QString path = absolute(folder);
    const int wd = ::inotify_add_watch(fd, QFile::encodeName(path).constData(), kMask);
    if (wd < 0) {
        if (errno == ENOSPC) {
            qCInfo(lcConfig) << "the system's inotify watch limit is reached: inputs under"
                             << root << "are looked at one by one";
            full = true;
        }
        return 0; // not there (yet): tried again next time
    }
    // Listed after the watch is in place: a link made after this shows as an event.
    for (const QString &name : symlinksIn(path))
        links.insert(joined(folder, name));
    foldersByWatch[wd].append(folder);
    watchedSince.insert(folder, since);
    return since;
}

bool TreeWatch::Private::chainWatched(const QString &folder, quint64 at, quint64 since,
                                      QHash<QString, bool> &known)
{
    if (const auto it = known.constFind(folder); it != known.cend())
        return *it;
    // From the root down: a folder's links are known once its parent is watched.
    const bool above = folder == QLatin1String(".")
                       || chainWatched(folderOf(folder), at, since, known);
    const quint64 from = watch(folder, since);
    const bool watched = above && from != 0 && from <= at && !links.contains(folder);
    known.insert(folder, watched);
    return watched;
}

void TreeWatch::Private::noteEvent(const QString &folder, const inotify_event &event, bool &lost)
{
    if (event.len == 0) { // the folder itself (its attributes)
        lastChange.insert(folder, mark);
        return;
    }
    const QString path = joined(folder, QFile::decodeName(event.name));
    lastChange.insert(path, mark);
    if (!(event.mask & kEntriesChanged))
        return;
    lastChange.insert(folder, mark);
    // A watched folder replaced under its name (a link swapped, a folder moved in): the watch
    // follows the old one, and nothing below the name can be vouched for.
    if (watchedSince.contains(path))
        lost = true;
    if (event.mask & (IN_CREATE | IN_MOVED_TO)) {
        if (isSymlink(absolute(path)))
            links.insert(path);
    } else {
        links.remove(path);
    }
}

std::shared_ptr<TreeWatch> TreeWatch::start(const QString &absoluteRoot)
{
    if (!notifiesEveryWrite(absoluteRoot))
        return nullptr;
    auto d = std::make_unique<Private>();
    d->root = absoluteRoot;
    if (!d->open())
        return nullptr;
    return std::shared_ptr<TreeWatch>(new TreeWatch(std::move(d)));
}

TreeWatch::~TreeWatch()
{
    if (d->fd >= 0)
        ::close(d->fd);
}

quint64 TreeWatch::catchUp()
{
    QMutexLocker lock(&m_mutex);
    if (d->fd < 0)
        return d->mark;
    alignas(inotify_event) std::array<char, 64 * 1024> buffer;
    bool read = false;
    bool lost = false;
    for (;;) {
        const ssize_t length = ::read(d->fd, buffer.data(), buffer.size());
        if (length < 0 && errno == EINTR)
            continue;
        if (length <= 0)
            break; // EAGAIN: nothing more queued
        if (!read) {
            ++d->mark;
            read = true;
        }
        for (ssize_t at = 0; at < length;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer.data() + at);
            at += ssize_t(sizeof(inotify_event) + event->len);
            if (event->mask & kLost) {
                lost = true;
                continue;
            }
            for (const QString &folder : d->foldersByWatch.value(event->wd))
                d->noteEvent(folder, *event, lost);
        }
    }
    if (lost || d->lastChange.size() > kMaxEventPaths) {
        qCDebug(lcConfig) << "change notification for" << d->root << "starts over";
        d->startOver();
    }
    return d->mark;
}

QSet<QString> TreeWatch::cover(const QHash<QString, InputStamp> &inputs, quint64 mark)
{
    QMutexLocker lock(&m_mutex);
    const quint64 since = d->mark + 1; // later than every mark handed out so far
    const qsizetype watchesBefore = d->watchedSince.size();
    QHash<QString, bool> known;
    QSet<QString> unwatched;
    for (auto it = inputs.cbegin(); it != inputs.cend(); ++it) {
        const QString &input = it.key();
        const bool watched = d->chainWatched(folderOf(input), mark, since, known)
                             && !d->links.contains(input)
                             && (!it->isDir || d->chainWatched(input, mark, since, known));
        if (!watched)
            unwatched.insert(input);
    }
    if (d->watchedSince.size() != watchesBefore)
        d->mark = since;
    return unwatched;
}

#else // no change notification on this platform yet

bool TreeWatch::Private::open()
{
    return false;
}

void TreeWatch::Private::startOver() {}

quint64 TreeWatch::Private::watch(const QString &, quint64)
{
    return 0;
}

bool TreeWatch::Private::chainWatched(const QString &, quint64, quint64, QHash<QString, bool> &)
{
    return false;
}

std::shared_ptr<TreeWatch> TreeWatch::start(const QString &)
{
    return nullptr;
}

TreeWatch::~TreeWatch() = default;

quint64 TreeWatch::catchUp()
{
    return d->mark;
}

QSet<QString> TreeWatch::cover(const QHash<QString, InputStamp> &inputs, quint64)
{
    const auto keys = inputs.keys();
    return QSet<QString>(keys.cbegin(), keys.cend());
}

#endif

TreeWatch::TreeWatch(std::unique_ptr<Private> state)
    : m_id(nextWatchId())
    , d(std::move(state))
{}

TreeWatch::Changes TreeWatch::changesSince(quint64 mark) const
{
    QMutexLocker lock(&m_mutex);
    Changes changes;
    changes.everything = d->lastLoss > mark;
    if (changes.everything)
        return changes;
    for (auto it = d->lastChange.cbegin(); it != d->lastChange.cend(); ++it) {
        if (*it > mark)
            changes.paths.insert(it.key());
    }
    return changes;
}

} // namespace qd
