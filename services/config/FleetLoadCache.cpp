#include "services/config/FleetLoadCache.h"

#include <QFile>
#include <QMutexLocker>

#include <map>
#include <utility>

namespace qd {

namespace {

// A desktop session works on one config repo, tests on many small ones: keep a few.
constexpr size_t kMaxRepos = 4;

struct Registry
{
    QMutex mutex;
    std::map<QString, std::shared_ptr<FleetLoadCache>> caches;
    QStringList order; // least recently asked for first
};

Registry &registry()
{
    static Registry instance;
    return instance;
}

} // namespace

std::shared_ptr<FleetLoadCache> FleetLoadCache::forRepo(const QString &absoluteRoot)
{
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    r.order.removeOne(absoluteRoot);
    r.order.append(absoluteRoot);
    auto &slot = r.caches[absoluteRoot];
    if (!slot)
        slot = std::make_shared<FleetLoadCache>(absoluteRoot);
    while (r.caches.size() > kMaxRepos) {
        r.caches.erase(r.order.first());
        r.order.removeFirst();
    }
    for (auto &[root, cache] : r.caches) {
        if (root != absoluteRoot)
            cache->releaseWatch();
    }
    return r.caches.at(absoluteRoot);
}

void FleetLoadCache::clearAll()
{
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    r.caches.clear();
    r.order.clear();
}

FleetLoadCache::FleetLoadCache(QString absoluteRoot)
    : m_root(std::move(absoluteRoot))
{}

FleetLoadState FleetLoadCache::state() const
{
    QMutexLocker lock(&m_mutex);
    return m_state;
}

void FleetLoadCache::store(FleetLoadState state)
{
    QMutexLocker lock(&m_mutex);
    m_state = std::move(state);
}

std::shared_ptr<TreeWatch> FleetLoadCache::watch()
{
    QMutexLocker lock(&m_mutex);
    // A repo read once (a command line run) is not worth the watches: the second read starts
    // them, on the folders of what the first one read.
    if (m_state.isEmpty())
        return nullptr;
    if (!m_watchStarted) {
        m_watchStarted = true;
        m_watch = TreeWatch::start(m_root);
        if (m_watch)
            m_watch->cover(m_state.stamps, 0);
    }
    return m_watch;
}

void FleetLoadCache::releaseWatch()
{
    QMutexLocker lock(&m_mutex);
    // A check under way keeps the old watch alive; the states it stores name that watch and so
    // vouch for nothing once a new one has started.
    m_watch.reset();
    m_watchStarted = false;
}

std::optional<InputStamp> checkInput(const QString &absolutePath, const InputStamp &stamp)
{
    InputStamp now = InputStamp::take(absolutePath);
    if (now.exists != stamp.exists || now.isDir != stamp.isDir)
        return std::nullopt;
    if (!now.exists)
        return stamp;
    if (now.sameStat(stamp) && !stamp.racy)
        return stamp;
    // A directory's entries are not hashed: any change to it (or a racy stamp) counts.
    if (stamp.isDir || stamp.contentHash.isEmpty())
        return std::nullopt;
    QFile file(absolutePath);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    now.contentHash = contentHashOf(file.readAll()); // read after the stat: `now` is valid
    if (now.contentHash != stamp.contentHash)
        return std::nullopt;
    return now;
}

} // namespace qd
