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

    KustomizeResolver resolver(root.path());
    QSet<QString> reported; // a shared base's problem is reported once, not once per overlay
    for (const Diagnostic &d : std::as_const(snapshot.diagnostics))
        reported.insert(d.toString());
    for (Customer &customer : snapshot.customers) {
        for (auto *zone : {&customer.red, &customer.green}) {
            if (!*zone)
                continue;
            resolveZone(**zone, resolver, root);
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
