#include "services/upgrades/UpgradeService.h"

#include "services/Logging.h"
#include "services/git/GitDiff.h"
#include "services/git/GitRepository.h"
#include "services/incidents/IncidentService.h"
#include "services/secrets/SecretStore.h"
#include "services/store/TelemetryStore.h"
#include "services/telemetry/PrometheusClient.h"
#include "services/telemetry/PrometheusSetup.h"
#include "services/upgrades/UpgradeBoardGatherer.h"
#include "services/upgrades/UpgradeSources.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace qd {

namespace {

constexpr int kRefreshMs = 60 * 1000;

// What the board reads from disk, on the thread pool.
struct DiskState
{
    std::optional<QStringList> dirty;
    QHash<QString, VerificationResult> verified;
    QStringList problems;
};

DiskState readDisk(const FleetSnapshot &fleet, const QString &storePath)
{
    DiskState disk;
    if (auto repo = GitRepository::open(fleet.repoPath)) {
        if (auto paths = dirtyPaths(repo->get()))
            disk.dirty = paths.value();
        else
            disk.problems << paths.errorMessage();
    } else {
        disk.problems << repo.errorMessage();
    }
    if (auto store = TelemetryStore::open(storePath)) {
        if (auto verified = lastGreenVerifications(store.value(), fleet))
            disk.verified = verified.value();
        else
            disk.problems << verified.errorMessage();
    } else {
        disk.problems << store.errorMessage();
    }
    return disk;
}

} // namespace

struct UpgradeService::Private
{
    IncidentService *incidents = nullptr;
    QString storePath;
    SecretStore *secrets = nullptr;
    PrometheusClient *prometheus = nullptr;
    UpgradeBoardGatherer *gatherer = nullptr;
    QFutureWatcher<DiskState> disk;
    QTimer timer;
    FleetSnapshot fleet;
    QList<UpgradeRow> rows;
    bool hasBoard = false;
    bool gathering = false;
    bool again = false; // asked for while gathering
};

UpgradeService::UpgradeService(IncidentService *incidents, const QString &storePath,
                               QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->incidents = incidents;
    d->storePath = storePath;
    d->secrets = new SecretStore(QStringLiteral("Quarterdeck"), this);
    d->timer.setInterval(kRefreshMs);
    connect(&d->timer, &QTimer::timeout, this, &UpgradeService::refresh);
    connect(&d->disk, &QFutureWatcher<DiskState>::finished, this, [this] {
        const DiskState disk = d->disk.result();
        if (!disk.problems.isEmpty())
            emit problem(disk.problems.join(QStringLiteral("; ")));
        delete d->gatherer; // a new one for every gather, with the current sources
        d->gatherer = new UpgradeBoardGatherer(d->prometheus, nullptr, this);
        // The Incidents tab's last poll, not a poll of its own: the board never changes what
        // that tab shows, nor polls before its credentials are read.
        if (!d->incidents) {
            d->gatherer->useIncidents(std::nullopt, QStringLiteral("no Alertmanager"));
        } else {
            const IncidentSnapshot lastPoll = d->incidents->snapshot();
            if (lastPoll.source.health == SourceHealth::Ok)
                d->gatherer->useIncidents(
                        lastPoll.incidents,
                        QStringLiteral("Alertmanager at %1")
                                .arg(lastPoll.takenAt.toUTC().toString(Qt::ISODate)));
            else
                d->gatherer->useIncidents(std::nullopt, lastPoll.source.text());
        }
        connect(d->gatherer, &UpgradeBoardGatherer::gathered, this,
                [this](const QList<UpgradeRow> &rows) {
                    d->rows = rows;
                    d->hasBoard = true;
                    d->gathering = false;
                    emit boardChanged(d->rows);
                    if (std::exchange(d->again, false))
                        startGather();
                });
        d->gatherer->gather(d->fleet, disk.dirty, disk.verified, QDateTime::currentDateTimeUtc());
    });
}

// A disk read still running is not waited for: it works on copies of the fleet and the store
// path, and its result is dropped with the watcher.
UpgradeService::~UpgradeService() = default;

void UpgradeService::setPrometheus(const PrometheusSettings &settings)
{
    // A gather asking the old client is dropped with it (its callbacks go with the gatherer)
    // and starts again; one still reading the disk goes on to ask the new client.
    delete d->gatherer;
    d->gatherer = nullptr;
    delete d->prometheus;
    d->prometheus = makePrometheusClient(settings, d->secrets, this);
    if (d->gathering && !d->disk.isRunning())
        d->gathering = false;
    refresh();
}

void UpgradeService::setFleet(const FleetSnapshot &fleet)
{
    d->fleet = fleet;
    d->hasBoard = false;
    d->timer.start();
    refresh();
}

void UpgradeService::refresh()
{
    if (d->fleet.repoPath.isEmpty())
        return;
    if (d->gathering) {
        d->again = true;
        return;
    }
    startGather();
}

void UpgradeService::startGather()
{
    d->gathering = true;
    d->disk.setFuture(QtConcurrent::run(readDisk, d->fleet, d->storePath));
}

const QList<UpgradeRow> &UpgradeService::rows() const
{
    return d->rows;
}

bool UpgradeService::hasBoard() const
{
    return d->hasBoard;
}

} // namespace qd
