#include "services/config/FleetLoader.h"
#include "services/config/KustomizeNumbers.h"

#include "services/Logging.h"
#include "services/config/FleetFileReader.h"
#include "services/config/FileOverlay.h"
#include "services/config/FleetLoadCache.h"
#include "services/config/InputCheck.h"
#include "services/config/KustomizeResolver.h"
#include "services/git/GitRepository.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QThread>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <array>
#include <numeric>

namespace qd {

namespace {

constexpr std::string_view kVersionPath = "spec.spinnakerConfig.config.version";
// Below this many zones to build, starting threads costs more than it saves.
constexpr size_t kParallelFrom = 32;
// Read by every load besides the zones' overlays.
constexpr std::array<const char *, 3> kOwnFiles = {"fleet.yaml", "maintenance.yaml", "releases.yaml"};

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    return file.readAll();
}

// One of the repo's own files (fleet.yaml, maintenance.yaml, releases.yaml) read afresh, with its
// stamp taken first; nullopt when it does not exist. A change's proposed bytes are never stamped
// as the working tree's.
Result<std::optional<QByteArray>>
readStamped(const QString &path, InputStamp &stamp, const FileOverlay *proposed)
{
    if (const QByteArray *bytes = proposed ? proposed->find(path) : nullptr) {
        stamp = InputStamp{};
        stamp.exists = true;
        return std::optional<QByteArray>(*bytes);
    }
    stamp = InputStamp::take(path);
    if (!stamp.exists)
        return std::optional<QByteArray>();
    auto text = readFile(path);
    if (!text)
        return text.error();
    stamp.contentHash = contentHashOf(*text);
    return std::optional<QByteArray>(*text);
}

// The stamp of what `old` read, when the file still holds it and no change proposes new bytes.
std::optional<InputStamp> sameAsBefore(const QString &path, const FleetLoadState &old,
                                       const InputStamp &stamp, const FileOverlay *proposed)
{
    if (old.isEmpty() || (proposed && proposed->find(path)))
        return std::nullopt;
    return checkInput(path, stamp);
}

// One zone to build, and what its build read.
struct ZoneJob
{
    qsizetype customer = 0; // a customer's zones share files: one worker builds both
    Zone *zone = nullptr;
    QStringList inputs;
};

void resolveZone(ZoneJob &job, KustomizeResolver &resolver, const QDir &root,
                 const FileOverlay *proposed)
{
    Zone &zone = *job.zone;
    const QString overlayDir = root.absoluteFilePath(zone.overlay);
    if (proposed ? !proposed->dirExists(overlayDir) : !QFileInfo(overlayDir).isDir()) {
        zone.problems.append({zone.overlayAt,
                              QStringLiteral("overlay '%1' does not exist").arg(zone.overlay)});
        return;
    }
    KustomizeBuild build = resolver.build(zone.overlay);
    job.inputs = build.files + build.dirs;
    zone.resolution.files = build.files;
    zone.problems += build.problems;
    zone.problems += build.warnings;
    const ManifestNode *service = build.firstOfKind("SpinnakerService");
    if (!service) {
        if (build.problems.isEmpty())
            zone.problems.append({zone.overlayAt, QStringLiteral("overlay '%1' produces no "
                                                                 "SpinnakerService")
                                                          .arg(zone.overlay)});
        return;
    }
    zone.resolution.resolved = build.problems.isEmpty();
    const ManifestNode *version = service->at(kVersionPath);
    if (!version || !version->isScalar() || version->text().empty()) {
        zone.problems.append({zone.overlayAt,
                              QStringLiteral("the %1 zone's SpinnakerService has no version (%2)")
                                      .arg(zoneKindName(zone.kind),
                                           QString::fromLatin1(kVersionPath.data(),
                                                               qsizetype(kVersionPath.size())))});
        return;
    }
    zone.resolution.version = QString::fromStdString(version->text());
    zone.resolution.versionLocation = resolver.locationOf(version->origin());
    if (kustomize::isBuiltNumber(*version)) {
        // The operator would be given a number: "2.30" reaches the cluster as 2.3.
        zone.problems.append({zone.resolution.versionLocation,
                              QStringLiteral("the version is a YAML number, which Kustomize builds "
                                             "as %1: write it in quotes")
                                      .arg(zone.resolution.version)});
    }
}

// The stamps of everything the builds read. A path two workers stamped differently changed
// while the load ran: no zone that read it is remembered.
struct BuiltInputs
{
    QHash<QString, InputStamp> stamps;
    QSet<QString> conflicted;
};

// Overlays are independent: build them on every core, each worker with its own resolver (a
// resolver and its file cache belong to one thread). Customers are dealt round-robin so that
// large and small ones spread evenly; the result does not depend on the number of workers.
BuiltInputs resolveZones(std::vector<ZoneJob> &jobs, const QDir &root, const FileOverlay *proposed)
{
    const int workers = jobs.size() < kParallelFrom
                                ? 1
                                : std::clamp(QThread::idealThreadCount(), 1, 8);
    std::vector<int> lanes(static_cast<size_t>(workers));
    std::iota(lanes.begin(), lanes.end(), 0);
    std::vector<QHash<QString, InputStamp>> laneStamps(lanes.size());
    // The workers touch disjoint jobs (and zones) and their own slot of laneStamps.
    const auto resolveLane = [&jobs, &laneStamps, &root, proposed, stride = workers](int lane) {
        KustomizeResolver resolver(root.path());
        resolver.readThrough(proposed);
        for (ZoneJob &job : jobs) {
            if (job.customer % stride == lane)
                resolveZone(job, resolver, root, proposed);
        }
        laneStamps[size_t(lane)] = resolver.inputStamps();
    };
    if (lanes.size() == 1)
        resolveLane(0);
    else
        QtConcurrent::blockingMap(lanes, resolveLane);

    BuiltInputs built;
    built.stamps = laneStamps.front();
    for (size_t lane = 1; lane < laneStamps.size(); ++lane) {
        for (auto it = laneStamps[lane].cbegin(); it != laneStamps[lane].cend(); ++it) {
            const auto seen = built.stamps.constFind(it.key());
            if (seen == built.stamps.cend())
                built.stamps.insert(it.key(), it.value());
            else if (!seen->sameInput(it.value()))
                built.conflicted.insert(it.key());
        }
    }
    return built;
}

// Reads releases.yaml again unless it holds what `old` read.
Result<void> readReleaseFile(const QDir &root, const FleetLoadState &old, FleetLoadState &next,
                             const FileOverlay *proposed)
{
    const QString path = root.filePath(QStringLiteral("releases.yaml"));
    if (const auto same = sameAsBefore(path, old, old.releasesStamp, proposed)) {
        next.releasesStamp = *same;
        next.releases = old.releases;
        return {};
    }
    const auto text = readStamped(path, next.releasesStamp, proposed);
    if (!text)
        return text.error();
    if (*text)
        next.releases = parseReleaseFile(**text, QStringLiteral("releases.yaml"));
    return {};
}

// A zone that desires a version the release catalog does not list, where the version is set.
void reportUnknownVersions(const QList<Customer> &customers, const ReleaseCatalog &catalog,
                           Diagnostics &problems)
{
    for (const Customer &customer : customers) {
        for (const auto *zone : {&customer.red, &customer.green}) {
            if (!*zone || !(*zone)->resolution.resolved || (*zone)->resolution.version.isEmpty())
                continue;
            const ZoneResolution &resolution = (*zone)->resolution;
            const Version version = Version::parse(resolution.version);
            if (version.isValid() && catalog.find(version))
                continue;
            const SourceLocation at = resolution.versionLocation.isValid()
                                              ? resolution.versionLocation
                                              : (*zone)->overlayAt;
            problems.append({at, QStringLiteral("%1 %2 desires version %3, which %4 does not list")
                                         .arg(customer.id, zoneKindName((*zone)->kind),
                                              resolution.version, catalog.file)});
        }
    }
}

// Reads fleet.yaml and maintenance.yaml again unless both hold what `old` read.
Result<void> readFleetFiles(const QDir &root, const FleetLoadState &old, FleetLoadState &next,
                            const FileOverlay *proposed)
{
    const QString fleetPath = root.filePath(QStringLiteral("fleet.yaml"));
    const auto sameFleet = sameAsBefore(fleetPath, old, old.fleetStamp, proposed);
    if (sameFleet) {
        next.fleetStamp = *sameFleet;
        next.fleet = old.fleet;
    } else {
        const auto text = readStamped(fleetPath, next.fleetStamp, proposed);
        if (!text)
            return text.error();
        if (!*text)
            return Error{QStringLiteral("'%1' is not a Quarterdeck config repo: it has no "
                                        "fleet.yaml")
                                 .arg(QDir::toNativeSeparators(root.path()))};
        next.fleet = parseFleetFile(**text, QStringLiteral("fleet.yaml"));
    }
    // Its checks name customers: read again when fleet.yaml was.
    const QString maintenancePath = root.filePath(QStringLiteral("maintenance.yaml"));
    const auto sameMaintenance =
            sameFleet ? sameAsBefore(maintenancePath, old, old.maintenanceStamp, proposed)
                      : std::nullopt;
    if (sameMaintenance) {
        next.maintenanceStamp = *sameMaintenance;
        next.maintenance = old.maintenance;
        return {};
    }
    const auto text = readStamped(maintenancePath, next.maintenanceStamp, proposed);
    if (!text)
        return text.error();
    if (*text)
        next.maintenance = parseMaintenanceFile(**text, QStringLiteral("maintenance.yaml"),
                                                next.fleet.customers);
    return {};
}

enum class ZoneReuse { Nothing, UnchangedInputs };

// Which of the next state's stamps the repo's watch can vouch for from the mark at which `check`
// began: those it vouched for already, and those this load stamped or stat-ed unchanged whose
// folders were watched by then. Every other input is looked at next time (and its folder is
// watched from now on).
void markWatched(FleetLoadState &next, const InputCheck &check, const QSet<QString> &stampedNow)
{
    next.watchId = check.watch()->id();
    next.watchMark = check.startMark();
    next.unwatched.clear();
    const QHash<QString, std::optional<InputStamp>> &looked = check.results();
    QHash<QString, InputStamp> fresh;
    for (auto it = next.stamps.cbegin(); it != next.stamps.cend(); ++it) {
        const QString &input = it.key();
        if (check.vouchedFor(input))
            continue;
        const auto seen = looked.constFind(input);
        if (stampedNow.contains(input) || (seen != looked.cend() && seen->has_value()))
            fresh.insert(input, *it);
        else
            next.unwatched.insert(input);
    }
    next.unwatched.unite(check.watch()->cover(fresh, next.watchMark));
}

// fleet.yaml, maintenance.yaml and every zone, without the git status.
// With `proposed`, the files a change would write are read from it: zones that read them are
// built and never remembered, and nothing is remembered when it writes fleet.yaml,
// maintenance.yaml or releases.yaml.
Result<FleetSnapshot> loadFleetFiles(const QString &repoPath,
                                     ZoneReuse reuse,
                                     FleetValidation *counts = nullptr,
                                     InputCheck *given = nullptr,
                                     const FileOverlay *proposed = nullptr)
{
    QElapsedTimer timer;
    timer.start();
    const QDir root(QFileInfo(repoPath).absoluteFilePath());
    if (!root.exists())
        return Error{QStringLiteral("config repo '%1' does not exist").arg(repoPath)};
    const auto cache = FleetLoadCache::forRepo(root.path());
    // Which remembered zones still hold: every input looked at once, however many zones read it
    // (and not again when the caller's check already looked at it).
    std::optional<InputCheck> own;
    InputCheck *check = reuse == ZoneReuse::UnchangedInputs && given
                                        && given->root().path() == root.path()
                                ? given
                                : nullptr;
    if (!check) {
        own.emplace(root, reuse == ZoneReuse::UnchangedInputs ? cache->state() : FleetLoadState(),
                    cache->watch());
        check = &*own;
    }
    check->lookAtAll();
    const FleetLoadState &old = check->state();
    FleetLoadState next;
    if (proposed && proposed->isEmpty())
        proposed = nullptr;
    if (proposed && proposed->root().path() != root.path())
        return Error{QStringLiteral("the proposed files are not of the repo %1").arg(root.path())};
    if (auto read = readFleetFiles(root, old, next, proposed); !read)
        return read.error();
    if (auto read = readReleaseFile(root, old, next, proposed); !read)
        return read.error();

    FleetSnapshot snapshot;
    snapshot.repoPath = root.path();
    snapshot.customers = next.fleet.customers;
    snapshot.diagnostics = next.fleet.problems + next.maintenance.problems;
    snapshot.maintenance = next.maintenance.windows;
    if (next.releases) {
        // An unreadable catalog is reported as such, not as every zone's version being unlisted.
        if (next.releases->readable)
            snapshot.releases = next.releases->catalog;
        snapshot.diagnostics += next.releases->problems;
    }

    const auto proposedInput = [proposed](const QString &input) {
        return proposed && proposed->touches(input);
    };
    const auto unchanged = [&](const QString &input) {
        return !proposedInput(input) && check->unchanged(input);
    };
    std::vector<ZoneJob> jobs;
    std::vector<std::pair<Zone *, const CleanZone *>> reused;
    // Built only because they read a proposed file: what is remembered of them still holds for
    // the working tree.
    QSet<QString> stillRemembered;
    Customer *customers = snapshot.customers.data(); // detach once: the pointers stay valid
    for (qsizetype i = 0; i < snapshot.customers.size(); ++i) {
        for (auto *zone : {&customers[i].red, &customers[i].green}) {
            if (!*zone || (*zone)->overlay.isEmpty())
                continue;
            const auto clean = old.zones.constFind((*zone)->overlay);
            if (clean != old.zones.cend()
                && std::all_of(clean->inputs.cbegin(), clean->inputs.cend(), unchanged)) {
                (*zone)->resolution = clean->resolution;
                reused.emplace_back(&**zone, &*clean);
                continue;
            }
            if (clean != old.zones.cend()
                && std::all_of(clean->inputs.cbegin(), clean->inputs.cend(),
                               [check](const QString &input) { return check->unchanged(input); }))
                stillRemembered.insert((*zone)->overlay);
            jobs.push_back({i, &**zone, {}});
        }
    }
    const BuiltInputs built = resolveZones(jobs, root, proposed);

    // Start from what was remembered: the reused zones and their stamps stay, the zones built
    // again replace theirs. A zone whose input changed while this load ran (two workers, or the
    // check above and a worker, saw it differently) is forgotten.
    next.zones = old.zones;
    next.stamps = old.stamps;
    const QHash<QString, std::optional<InputStamp>> &checked = check->results();
    for (auto it = checked.cbegin(); it != checked.cend(); ++it) {
        const auto was = next.stamps.constFind(it.key());
        if (it->has_value() && was != next.stamps.cend()
            && (!(*it)->sameStat(*was) || (*it)->racy != was->racy))
            next.stamps.insert(it.key(), **it); // looked past a racy stamp: keep the fresh one
    }
    QSet<QString> unstable = built.conflicted;
    QSet<QString> stampedNow; // by this load's builds
    for (const ZoneJob &job : jobs) {
        if (!stillRemembered.contains(job.zone->overlay))
            next.zones.remove(job.zone->overlay);
    }
    for (const ZoneJob &job : jobs) {
        if (!job.zone->problems.isEmpty() || !job.zone->resolution.resolved)
            continue;
        const bool stable = std::all_of(job.inputs.cbegin(), job.inputs.cend(), [&](const QString &input) {
            const auto fresh = built.stamps.constFind(input);
            if (fresh == built.stamps.cend() || unstable.contains(input) || proposedInput(input))
                return false;
            const auto seen = checked.constFind(input);
            if (seen != checked.cend() && seen->has_value() && !fresh->sameInput(**seen)) {
                unstable.insert(input);
                return false;
            }
            return true;
        });
        if (!stable)
            continue;
        next.zones.insert(job.zone->overlay, CleanZone{job.zone->resolution, job.inputs});
        for (const QString &input : job.inputs) {
            next.stamps.insert(input, built.stamps.value(input));
            stampedNow.insert(input);
        }
    }
    if (!unstable.isEmpty()) {
        for (const auto &[zone, clean] : reused) {
            if (std::any_of(clean->inputs.cbegin(), clean->inputs.cend(),
                            [&](const QString &input) { return unstable.contains(input); }))
                next.zones.remove(zone->overlay);
        }
    }

    // A duplicate entry is built apart and never remembered: its overlay may be another
    // customer's, whose clean state it must not replace.
    QList<Customer> duplicates = next.fleet.duplicates;
    std::vector<ZoneJob> duplicateJobs;
    for (qsizetype i = 0; i < duplicates.size(); ++i) {
        for (auto *zone : {&duplicates[i].red, &duplicates[i].green}) {
            if (*zone && !(*zone)->overlay.isEmpty())
                duplicateJobs.push_back({i, &**zone, {}});
        }
    }
    resolveZones(duplicateJobs, root, proposed);

    QSet<QString> reported; // a shared base's problem is reported once, not once per overlay
    for (const Diagnostic &d : std::as_const(snapshot.diagnostics))
        reported.insert(d.toString());
    const auto reportZones = [&](const QList<Customer> &list) {
        for (const Customer &customer : list) {
            for (const auto *zone : {&customer.red, &customer.green}) {
                if (!*zone)
                    continue;
                for (const Diagnostic &d : std::as_const((*zone)->problems)) {
                    if (!reported.contains(d.toString())) {
                        reported.insert(d.toString());
                        snapshot.diagnostics.append(d);
                    }
                }
            }
        }
    };
    reportZones(snapshot.customers);
    reportZones(duplicates);
    if (snapshot.releases)
        reportUnknownVersions(snapshot.customers, *snapshot.releases, snapshot.diagnostics);
    sortDiagnostics(snapshot.diagnostics);
    const bool proposesOwnFiles =
            proposed
            && std::any_of(kOwnFiles.begin(), kOwnFiles.end(),
                           [&](const char *file) { return proposed->touches(QLatin1String(file)); });
    if (!proposesOwnFiles) {
        if (check->watch())
            markWatched(next, *check, stampedNow);
        cache->store(std::move(next));
    }
    if (counts) {
        counts->zonesBuilt = int(jobs.size());
        counts->zonesReused = int(reused.size());
    }
    qCDebug(lcConfig) << "read" << snapshot.customers.size() << "customers from" << root.path()
                      << "in" << timer.elapsed() << "ms:" << jobs.size() << "zones built,"
                      << reused.size() << "unchanged";
    return snapshot;
}

// The fleet's files, and where the working clone stands in git.
Result<FleetSnapshot> readFleet(const QString &repoPath, ZoneReuse reuse)
{
    auto snapshot = loadFleetFiles(repoPath, reuse);
    if (!snapshot)
        return snapshot;
    if (auto repo = GitRepository::open(snapshot->repoPath))
        snapshot->repo = repo->status();
    else
        qCDebug(lcConfig) << "not reading git state:" << repo.errorMessage();
    snapshot->repo.path = snapshot->repoPath;
    return snapshot;
}

} // namespace

Result<FleetSnapshot> loadFleet(const QString &repoPath)
{
    return readFleet(repoPath, ZoneReuse::Nothing);
}

Result<FleetSnapshot> refreshFleet(const QString &repoPath)
{
    return readFleet(repoPath, ZoneReuse::UnchangedInputs);
}

Result<FleetValidation>
validateFleet(const QString &repoPath, InputCheck *inputs, const FileOverlay *proposed)
{
    FleetValidation validation;
    auto snapshot =
            loadFleetFiles(repoPath, ZoneReuse::UnchangedInputs, &validation, inputs, proposed);
    if (!snapshot)
        return snapshot.error();
    validation.problems = std::move(snapshot->diagnostics);
    return validation;
}

} // namespace qd
