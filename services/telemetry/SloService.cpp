#include "services/telemetry/SloService.h"

#include "services/Async.h"
#include "services/Logging.h"
#include "services/secrets/SecretStore.h"
#include "services/store/TelemetryStore.h"
#include "services/telemetry/PrometheusClient.h"
#include "services/telemetry/PrometheusSetup.h"

#include <QFuture>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace qd {

namespace {

const QString kSource = QStringLiteral("prometheus");
constexpr int kInitialBackoffMs = 5000;
constexpr int kMaxBackoffMs = 5 * 60 * 1000;
constexpr qint64 kBurnLookback = 3 * 86400; // the longest burn-rate window
constexpr qint64 kLateSamples = 5 * 60;     // refetch the last minutes: scrapes land late

struct Fetched
{
    QString cluster;
    qint64 from = 0;
    qint64 to = 0;
    QList<PromSeries> series;
};

struct Batch
{
    int pending = 0;
    QList<Fetched> fetched;
    QString error;
    // The first error ends the batch: the queries not answered yet are cancelled, so a
    // Prometheus that is down is asked once per refresh rather than once per zone.
    QList<PrometheusClient::RequestId> requests;
    bool ended = false;
};

struct Job
{
    QString storePath;
    FleetSnapshot fleet;
    SloRange range = SloRange::Month;
    qint64 from = 0;
    qint64 to = 0;
    bool live = false; // a Prometheus is configured
    std::shared_ptr<Batch> batch; // null when nothing was fetched
    QDateTime now;
};

qint64 bucketFor(SloRange range)
{
    // Minutes up to 30 days (the chart decimates); ten minutes for a quarter.
    return range == SloRange::Quarter ? 600 : slo::kStepSeconds;
}

ZoneSlo zoneSlo(const TelemetryStore &store, const Job &job, const Customer &customer,
                const Zone &zone, qint64 bucket)
{
    ZoneSlo z;
    z.customerId = customer.id;
    z.customerName = customer.name;
    z.zone = zone.kind;
    z.cluster = zone.cluster;
    z.timezone = customer.calendar.timezone;
    QTimeZone tz(customer.calendar.timezone.toUtf8());
    if (!tz.isValid())
        tz = QTimeZone::utc();
    const QDate firstDay = slo::fromEpoch(job.from).toTimeZone(tz).date();
    const qint64 monthStart =
            QDateTime(QDate(firstDay.year(), firstDay.month(), 1), QTime(0, 0), tz)
                    .toSecsSinceEpoch();
    const qint64 readFrom = std::min({job.from, job.to - kBurnLookback, monthStart});
    const auto series = store.readSamples(zone.cluster, readFrom, job.to);
    if (!series.ok()) {
        qCWarning(lcTelemetry) << series.errorMessage();
        return z;
    }
    const QList<slo::Interval> maintenance =
            slo::maintenanceIntervals(job.fleet.maintenance, customer.id, zone.kind);
    z.summary = slo::computeSlo(*series, job.from, job.to, customer.sloTarget, maintenance);
    z.availability = slo::availabilitySeries(*series, job.from, job.to, bucket, maintenance);
    z.budgetBurnDown = slo::budgetBurnDownSeries(*series, job.from, job.to, bucket,
                                                 customer.sloTarget, maintenance);
    for (const slo::Interval &w : maintenance) {
        if (w.end > job.from && w.start <= job.to)
            z.maintenance.append(w);
    }
    z.months = slo::monthlySla(*series, tz, job.from, job.to + slo::kStepSeconds,
                               customer.sloTarget, maintenance);
    for (qsizetype i = qsizetype(series->values.size()) - 1; i >= 0; --i) {
        if (!slo::SampleSeries::isNoData(series->values[size_t(i)])) {
            z.dataUntil = slo::fromEpoch(series->timeAt(i));
            break;
        }
    }
    return z;
}

// Runs on the service's single worker thread: store writes, reads and the SLO maths.
SloSnapshot buildSnapshot(const Job &job)
{
    SloSnapshot snap;
    snap.range = job.range;
    snap.from = job.from;
    snap.to = job.to;
    snap.bucketSeconds = bucketFor(job.range);
    snap.source.name = QStringLiteral("Prometheus");
    auto store = TelemetryStore::open(job.storePath);
    if (!store.ok()) {
        snap.source.health = SourceHealth::Stale;
        snap.source.staleSince = job.now;
        snap.source.reason = store.errorMessage();
        return snap;
    }
    if (job.batch) {
        (void)store->beginTransaction();
        for (const Fetched &f : std::as_const(job.batch->fetched)) {
            const auto written = store->writeSamples(
                    f.cluster, toSampleSeries(f.series, f.from, f.to, slo::kStepSeconds));
            if (!written.ok())
                qCWarning(lcTelemetry) << written.errorMessage();
        }
        if (job.batch->error.isEmpty())
            (void)store->markSourceOk(kSource, job.now);
        else
            (void)store->markSourceFailed(kSource, job.now, job.batch->error);
        (void)store->commit();
    }
    const TelemetryStore::SourceRecord record = store->sourceRecord(kSource);
    snap.source.lastSuccess = record.lastSuccess;
    if (!job.live) {
        snap.source.health = SourceHealth::Offline;
        snap.source.reason = QStringLiteral("no Prometheus configured: showing the local store");
    } else if (!job.batch) {
        // Opening: what the store holds, until the first fetch answers.
        snap.source.health = record.staleSince.isValid() ? SourceHealth::Stale
                                                         : SourceHealth::Unknown;
        snap.source.staleSince = record.staleSince;
        snap.source.reason = record.reason;
    } else if (job.batch->error.isEmpty()) {
        snap.source.health = SourceHealth::Ok;
    } else {
        snap.source.health = SourceHealth::Stale;
        snap.source.staleSince = record.staleSince.isValid() ? record.staleSince : job.now;
        snap.source.reason = job.batch->error;
    }
    const bool stale = snap.source.health != SourceHealth::Ok;
    for (const Customer &customer : job.fleet.customers) {
        const Zone *green = customer.zone(ZoneKind::Green);
        if (!green || green->cluster.isEmpty())
            continue;
        ZoneSlo z = zoneSlo(*store, job, customer, *green, snap.bucketSeconds);
        z.stale = stale;
        snap.zones.append(std::move(z));
    }
    return snap;
}

} // namespace

QString sloRangeName(SloRange range)
{
    switch (range) {
    case SloRange::Day: return QStringLiteral("24h");
    case SloRange::Week: return QStringLiteral("7d");
    case SloRange::Month: return QStringLiteral("30d");
    case SloRange::Quarter: return QStringLiteral("quarter");
    }
    return {};
}

qint64 sloRangeSeconds(SloRange range)
{
    switch (range) {
    case SloRange::Day: return 86400;
    case SloRange::Week: return 7 * 86400;
    case SloRange::Month: return 30 * 86400;
    case SloRange::Quarter: return 90 * 86400;
    }
    return 0;
}

const ZoneSlo *SloSnapshot::zone(const QString &customerId) const
{
    for (const ZoneSlo &z : zones) {
        if (z.customerId == customerId)
            return &z;
    }
    return nullptr;
}

struct SloService::Private
{
    QString storePath;
    FleetSnapshot fleet;
    PrometheusSettings settings;
    SecretStore *secrets = nullptr;
    PrometheusClient *client = nullptr;
    QTimer refreshTimer;
    QTimer retryTimer;
    QThreadPool pool;
    int backoffMs = kInitialBackoffMs;
    quint64 generation = 0;
    bool fetching = false;
    bool refreshQueued = false;
    QHash<QString, std::pair<qint64, qint64>> fetched; // cluster -> [from, until] in the store
};

SloService::SloService(const QString &storePath, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    qRegisterMetaType<SloSnapshot>();
    qRegisterMetaType<SourceState>();
    d->storePath = storePath;
    m_snapshot.source.name = QStringLiteral("Prometheus");
    d->pool.setMaxThreadCount(1); // the store is written by one thread at a time
    d->secrets = new SecretStore(QStringLiteral("Quarterdeck"), this);
    d->refreshTimer.setInterval(60 * 1000);
    connect(&d->refreshTimer, &QTimer::timeout, this, &SloService::refresh);
    d->retryTimer.setSingleShot(true);
    connect(&d->retryTimer, &QTimer::timeout, this, &SloService::refresh);
}

SloService::~SloService()
{
    ++d->generation;
    if (d->client)
        d->client->cancelAll();
    d->pool.waitForDone();
}

void SloService::setFleet(const FleetSnapshot &fleet)
{
    d->fleet = fleet;
    refresh();
}

void SloService::setPrometheus(const PrometheusSettings &settings)
{
    d->settings = settings;
    delete d->client;
    d->client = nullptr;
    d->fetched.clear();
    d->fetching = false;
    d->backoffMs = kInitialBackoffMs;
    d->retryTimer.stop();
    d->client = makePrometheusClient(settings, d->secrets, this);
    if (d->client) {
        d->refreshTimer.start();
    } else {
        d->refreshTimer.stop();
    }
    refresh();
}

void SloService::setRange(SloRange range)
{
    if (m_range == range)
        return;
    m_range = range;
    refresh();
}

void SloService::setRefreshInterval(int milliseconds)
{
    if (milliseconds <= 0) {
        d->refreshTimer.stop();
        return;
    }
    d->refreshTimer.setInterval(milliseconds);
    if (d->client)
        d->refreshTimer.start();
}

void SloService::refresh()
{
    if (d->fetching) {
        d->refreshQueued = true;
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 to = now.toSecsSinceEpoch() / slo::kStepSeconds * slo::kStepSeconds;
    auto job = std::make_shared<Job>();
    job->storePath = d->storePath;
    job->fleet = d->fleet;
    job->range = m_range;
    job->to = to;
    job->from = to - sloRangeSeconds(m_range) + slo::kStepSeconds;
    job->live = d->client != nullptr;
    job->now = now;

    const auto compute = [this](std::shared_ptr<Job> j) {
        const quint64 generation = ++d->generation;
        runThen(&d->pool, this, [j] { return buildSnapshot(*j); },
                [this, generation](SloSnapshot snapshot) {
                    if (generation != d->generation)
                        return;
                    const bool sourceChanged = snapshot.source.health != m_snapshot.source.health
                            || snapshot.source.reason != m_snapshot.source.reason;
                    m_snapshot = std::move(snapshot);
                    emit snapshotChanged(m_snapshot);
                    if (sourceChanged)
                        emit sourceStateChanged(m_snapshot.source);
                });
    };
    if (!d->client) {
        compute(job);
        return;
    }
    if (d->fetched.isEmpty())
        compute(std::make_shared<Job>(*job)); // the stored data at once, while fetching

    d->fetching = true;
    auto batch = std::make_shared<Batch>();
    job->batch = batch;
    const qint64 needFrom = std::min(job->from, to - kBurnLookback);
    const auto done = [this, job, batch, compute] {
        d->fetching = false;
        if (batch->error.isEmpty()) {
            for (const Fetched &f : std::as_const(batch->fetched)) {
                auto &range = d->fetched[f.cluster];
                range = {range.second ? std::min(range.first, f.from) : f.from, f.to};
            }
            d->backoffMs = kInitialBackoffMs;
        } else {
            // Keep showing the store; try again later, less and less often.
            qCInfo(lcTelemetry) << "retrying Prometheus in" << d->backoffMs << "ms";
            d->retryTimer.start(d->backoffMs);
            d->backoffMs = std::min(d->backoffMs * 2, kMaxBackoffMs);
        }
        compute(job);
        if (std::exchange(d->refreshQueued, false))
            refresh();
    };
    for (const Customer &customer : std::as_const(d->fleet.customers)) {
        const Zone *green = customer.zone(ZoneKind::Green);
        if (!green || green->cluster.isEmpty())
            continue;
        if (batch->ended) // failed before the request was even sent (the keychain, say)
            break;
        const QString cluster = green->cluster;
        const auto have = d->fetched.value(cluster);
        const qint64 from = (have.second && have.first <= needFrom)
                ? std::max(needFrom, have.second - kLateSamples)
                : needFrom;
        ++batch->pending;
        PrometheusClient *client = d->client;
        const auto answered = [batch, cluster, from, to, done, client](
                                      Result<QList<PromSeries>> r) {
            if (batch->ended)
                return;
            if (r.ok()) {
                batch->fetched.append({cluster, from, to, r.value()});
                if (--batch->pending > 0)
                    return;
            } else {
                batch->error = r.errorMessage();
                for (const PrometheusClient::RequestId id : std::as_const(batch->requests))
                    client->cancel(id);
            }
            batch->ended = true;
            done();
        };
        batch->requests.append(client->queryRange(expandQuery(QueryKind::Availability, cluster),
                                                  from, to, slo::kStepSeconds, this, answered));
    }
    if (batch->pending == 0 && !batch->ended)
        done();
}

} // namespace qd
