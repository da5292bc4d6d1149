#include "services/config/InputCheck.h"

#include <QFileInfo>
#include <QThread>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

namespace qd {

namespace {

// rootPath is absolute and clean, relative is clean: as QDir::filePath() joins them.
QString absoluteOf(const QString &rootPath, const QString &relative)
{
    if (relative.isEmpty() || relative == QLatin1String("."))
        return rootPath;
    return rootPath.endsWith(QLatin1Char('/')) ? rootPath + relative
                                               : rootPath + QLatin1Char('/') + relative;
}

bool isUnder(const QString &path, const QString &dir)
{
    return path == dir || (path.startsWith(dir) && path.size() > dir.size() &&
                           path.at(dir.size()) == QLatin1Char('/'));
}

} // namespace

InputCheck InputCheck::ofCache(const QString &repoPath)
{
    // Named as loadFleet and applyValueEdits name it: absolute, clean.
    const QDir root(QFileInfo(repoPath).absoluteFilePath());
    const auto cache = FleetLoadCache::forRepo(root.path());
    return InputCheck(root, cache->state(), cache->watch());
}

InputCheck::InputCheck(const QDir &root, FleetLoadState state, std::shared_ptr<TreeWatch> watch)
    : m_root(root)
    , m_state(std::move(state))
    , m_watch(std::move(watch))
{
    if (!m_watch)
        return;
    m_startMark = m_watch->catchUp();
    if (m_state.watchMark == 0 || m_state.watchId != m_watch->id())
        return;
    TreeWatch::Changes changes = m_watch->changesSince(m_state.watchMark);
    m_vouching = !changes.everything;
    m_changed = std::move(changes.paths);
}

bool InputCheck::vouchedFor(const QString &input) const
{
    return m_vouching && !m_changed.contains(input) && !m_state.unwatched.contains(input)
           && m_state.stamps.contains(input);
}

bool InputCheck::unchanged(const QString &input)
{
    // An input the watch vouches for was never looked at (m_changed only grows), so asking the
    // watch first saves a lookup for nearly every input of a large fleet.
    if (vouchedFor(input))
        return true;
    auto it = m_checked.find(input);
    if (it == m_checked.end()) {
        const auto stamp = m_state.stamps.constFind(input);
        it = m_checked.insert(input, stamp == m_state.stamps.cend()
                                             ? std::nullopt
                                             : checkInput(absoluteOf(m_root.path(), input), *stamp));
    }
    return it->has_value();
}

void InputCheck::lookAtAll()
{
    QStringList pending;
    if (m_vouching) {
        // The watch vouches for every remembered input but those it named and those it cannot
        // watch: only they need a look, not the ten thousand inputs of a large fleet.
        const auto consider = [this, &pending](const QString &input) {
            if (m_state.stamps.contains(input) && !m_checked.contains(input))
                pending << input;
        };
        for (const QString &input : std::as_const(m_changed))
            consider(input);
        for (const QString &input : std::as_const(m_state.unwatched)) {
            if (!m_changed.contains(input))
                consider(input);
        }
    } else {
        pending.reserve(m_state.stamps.size());
        for (auto it = m_state.stamps.cbegin(); it != m_state.stamps.cend(); ++it) {
            if (!m_checked.contains(it.key()))
                pending << it.key();
        }
    }
    // Below a few hundred inputs a thread costs more than it saves.
    constexpr qsizetype kInputsPerLane = 512;
    const auto lanes = std::clamp<qsizetype>(pending.size() / kInputsPerLane, 1,
                                             std::max(1, QThread::idealThreadCount()));
    std::vector<std::optional<InputStamp>> fresh(static_cast<size_t>(pending.size()));
    // The lanes only read the state and the root path, and write their own slots of `fresh`.
    const FleetLoadState &state = m_state;
    const QString rootPath = m_root.path();
    const auto lookAtLane = [&](qsizetype lane) {
        const qsizetype begin = pending.size() * lane / lanes;
        const qsizetype end = pending.size() * (lane + 1) / lanes;
        for (qsizetype i = begin; i < end; ++i) {
            const QString &input = pending.at(i);
            fresh[size_t(i)] = checkInput(absoluteOf(rootPath, input), *state.stamps.constFind(input));
        }
    };
    std::vector<qsizetype> laneIds(static_cast<size_t>(lanes));
    std::iota(laneIds.begin(), laneIds.end(), 0);
    if (lanes == 1)
        lookAtLane(0);
    else
        QtConcurrent::blockingMap(laneIds, lookAtLane);
    for (qsizetype i = 0; i < pending.size(); ++i)
        m_checked.insert(pending.at(i), std::move(fresh[size_t(i)]));
}

void InputCheck::forget(const QStringList &written)
{
    for (const QString &path : written) {
        QString at = QDir::cleanPath(path);
        m_checked.remove(at);
        m_changed.insert(at);
        while (at.contains(QLatin1Char('/'))) {
            at = at.section(QLatin1Char('/'), 0, -2);
            m_checked.remove(at);
            m_changed.insert(at);
        }
        m_checked.remove(QStringLiteral("."));
        m_checked.remove(QString());
    }
}

std::optional<QSet<QString>> InputCheck::overlaysReading(const QStringList &allOverlays,
                                                         const QStringList &overlays,
                                                         int maxUnknown)
{
    if (m_state.isEmpty())
        return std::nullopt;
    lookAtAll();
    // The cache names overlays as fleet.yaml writes them; the caller may have cleaned them.
    // Looked up as given first: cleaning 2,000 paths twice shows in a change's time.
    std::optional<QHash<QString, const CleanZone *>> byCleanPath;
    const auto remembered = [this, &byCleanPath](const QString &overlay) -> const CleanZone * {
        if (const auto it = m_state.zones.constFind(overlay); it != m_state.zones.cend())
            return &*it;
        if (!byCleanPath) {
            byCleanPath.emplace();
            for (auto it = m_state.zones.cbegin(); it != m_state.zones.cend(); ++it)
                byCleanPath->insert(QDir::cleanPath(it.key()), &*it);
        }
        return byCleanPath->value(QDir::cleanPath(overlay));
    };
    QSet<QString> readers(overlays.begin(), overlays.end());
    int unknown = 0;
    for (const QString &overlay : allOverlays) {
        if (readers.contains(overlay))
            continue;
        const CleanZone *zone = remembered(overlay);
        // A zone whose inputs all hold reads exactly what it read last time.
        const bool known = zone && std::all_of(zone->inputs.cbegin(), zone->inputs.cend(),
                                               [this](const QString &in) { return unchanged(in); });
        if (!known) {
            if (++unknown > maxUnknown)
                return std::nullopt;
            readers.insert(overlay);
            continue;
        }
        const bool reads =
                std::any_of(zone->inputs.cbegin(), zone->inputs.cend(), [&](const QString &input) {
                    return std::any_of(
                            overlays.cbegin(), overlays.cend(),
                            [&](const QString &edited) { return isUnder(input, edited); });
                });
        if (reads)
            readers.insert(overlay);
    }
    return readers;
}

} // namespace qd
