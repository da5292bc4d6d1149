#include "services/config/FleetLoader.h"

#include "services/Logging.h"
#include "services/config/FleetFileReader.h"
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
#include <numeric>

namespace qd {

namespace {

constexpr std::string_view kVersionPath = "spec.spinnakerConfig.config.version";

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    return file.readAll();
}

void resolveZone(Zone &zone, KustomizeResolver &resolver, const QDir &root)
{
    if (zone.overlay.isEmpty())
        return;
    if (!QFileInfo(root.absoluteFilePath(zone.overlay)).isDir()) {
        zone.problems.append({zone.overlayAt,
                              QStringLiteral("overlay '%1' does not exist").arg(zone.overlay)});
        return;
    }
    KustomizeBuild build = resolver.build(zone.overlay);
    zone.resolution.files = build.files;
    zone.problems += build.problems;
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
}

// Overlays are independent: resolve them on every core, each worker with its own resolver (a
// resolver and its file cache belong to one thread). Customers are dealt round-robin so that
// large and small ones spread evenly; the result does not depend on the number of workers.
void resolveZones(QList<Customer> &customers, const QDir &root)
{
    const int workers = std::clamp(QThread::idealThreadCount(), 1, 8);
    std::vector<int> lanes(size_t(std::min<qsizetype>(workers, std::max<qsizetype>(customers.size(), 1))));
    std::iota(lanes.begin(), lanes.end(), 0);
    // Detach once here: the workers then touch disjoint elements of an unshared array.
    Customer *all = customers.data();
    const qsizetype count = customers.size();
    const auto resolveLane = [all, count, &root, stride = int(lanes.size())](int lane) {
        KustomizeResolver resolver(root.path());
        for (qsizetype i = lane; i < count; i += stride) {
            Customer &customer = all[i];
            for (auto *zone : {&customer.red, &customer.green}) {
                if (*zone)
                    resolveZone(**zone, resolver, root);
            }
        }
    };
    if (lanes.size() == 1)
        resolveLane(0);
    else
        QtConcurrent::blockingMap(lanes, resolveLane);
}

} // namespace

Result<FleetSnapshot> loadFleet(const QString &repoPath)
{
    QElapsedTimer timer;
    timer.start();
    const QDir root(QFileInfo(repoPath).absoluteFilePath());
    if (!root.exists())
        return Error{QStringLiteral("config repo '%1' does not exist").arg(repoPath)};
    const QString fleetPath = root.filePath(QStringLiteral("fleet.yaml"));
    if (!QFileInfo::exists(fleetPath))
        return Error{QStringLiteral("'%1' is not a Quarterdeck config repo: it has no fleet.yaml")
                             .arg(QDir::toNativeSeparators(root.path()))};
    const auto fleetText = readFile(fleetPath);
    if (!fleetText)
        return fleetText.error();

    FleetSnapshot snapshot;
    snapshot.repoPath = root.path();
    FleetFile fleet = parseFleetFile(*fleetText, QStringLiteral("fleet.yaml"));
    snapshot.diagnostics = fleet.problems;
    snapshot.customers = std::move(fleet.customers);

    const QString maintenancePath = root.filePath(QStringLiteral("maintenance.yaml"));
    if (QFileInfo::exists(maintenancePath)) {
        const auto text = readFile(maintenancePath);
        if (!text)
            return text.error();
        MaintenanceFile maintenance = parseMaintenanceFile(*text, QStringLiteral("maintenance.yaml"),
                                                           snapshot.customers);
        snapshot.maintenance = std::move(maintenance.windows);
        snapshot.diagnostics += maintenance.problems;
    }

    resolveZones(snapshot.customers, root);
    QSet<QString> reported; // a shared base's problem is reported once, not once per overlay
    for (const Diagnostic &d : std::as_const(snapshot.diagnostics))
        reported.insert(d.toString());
    for (const Customer &customer : std::as_const(snapshot.customers)) {
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
    sortDiagnostics(snapshot.diagnostics);

    if (auto repo = GitRepository::open(root.path()))
        snapshot.repo = repo->status();
    else
        qCDebug(lcConfig) << "not reading git state:" << repo.errorMessage();
    snapshot.repo.path = root.path();
    qCDebug(lcConfig) << "loaded" << snapshot.customers.size() << "customers from" << root.path()
                      << "in" << timer.elapsed() << "ms";
    return snapshot;
}

} // namespace qd
