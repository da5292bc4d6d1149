#include "services/telemetry/DemoTelemetry.h"

#include "models/Slo.h"
#include "services/store/TelemetryStore.h"

#include <random>

namespace qd {

namespace {

constexpr qint64 kDay = 86400;

quint64 fnv1a(const QString &text)
{
    quint64 h = 1469598103934665603ULL;
    for (const QChar c : text) {
        h ^= c.unicode();
        h *= 1099511628211ULL;
    }
    return h;
}

// One UTC day of a cluster's probes, decided by the cluster and the day alone.
void generateDay(std::vector<float> &minutes, quint64 clusterSeed, qint64 dayNumber,
                 ZoneKind zone, bool breaksSla)
{
    std::mt19937_64 rng(clusterSeed ^ (quint64(dayNumber) * 0x9E3779B97F4A7C15ULL));
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    std::uniform_int_distribution<int> minuteOfDay(0, 1439);
    minutes.assign(1440, 1.0f);
    const auto fill = [&minutes](int first, int count, float value) {
        for (int i = first; i < std::min(1440, first + count); ++i)
            minutes[size_t(i)] = value;
    };
    // Short outages: the Red sandbox breaks more often.
    if (chance(rng) < (zone == ZoneKind::Red ? 0.5 : 0.1))
        fill(minuteOfDay(rng), std::uniform_int_distribution<int>(1, 6)(rng), 0.0f);
    // Flapping: a probe that fails every other check or so for half an hour.
    if (chance(rng) < (zone == ZoneKind::Red ? 0.06 : 0.02)) {
        const int start = minuteOfDay(rng);
        for (int i = start; i < std::min(1440, start + 30); ++i)
            minutes[size_t(i)] = chance(rng) < 0.5 ? 0.0f : 1.0f;
    }
    // Scrape gaps: no data, neither good nor bad.
    if (chance(rng) < 0.03)
        fill(minuteOfDay(rng), std::uniform_int_distribution<int>(20, 90)(rng),
             slo::SampleSeries::noData());
    // A partial failure: one of two probes down for a while.
    if (chance(rng) < 0.03)
        fill(minuteOfDay(rng), std::uniform_int_distribution<int>(5, 20)(rng), 0.5f);
    // The SLA breaker's big outage, every 45 days: 3 h 20 min, far beyond a month's 43 minutes.
    if (breaksSla && dayNumber % 45 == 17)
        fill(600, 200, 0.0f);
}

} // namespace

QString demoTelemetryStorePath(const QString &demoDir)
{
    return demoDir + QStringLiteral("/telemetry.sqlite");
}

QString demoSlaBreakerId(const FleetSnapshot &fleet)
{
    for (const Customer &c : fleet.customers) {
        if (c.id == QLatin1String("initech"))
            return c.id;
    }
    return fleet.customers.size() > 2 ? fleet.customers.at(2).id
                                      : (fleet.customers.isEmpty() ? QString()
                                                                   : fleet.customers.first().id);
}

Result<void> seedDemoTelemetry(const FleetSnapshot &fleet, const QString &storePath,
                               const QDateTime &now, int days)
{
    auto store = TelemetryStore::open(storePath);
    if (!store.ok())
        return store.error();
    const qint64 end = now.toSecsSinceEpoch() / slo::kStepSeconds * slo::kStepSeconds;
    const qint64 firstDay = (end / kDay - days) * kDay;
    const QString breaker = demoSlaBreakerId(fleet);
    if (auto begun = store->beginTransaction(); !begun.ok())
        return begun;
    std::vector<float> day;
    for (const Customer &customer : fleet.customers) {
        for (const Zone *zone : {customer.zone(ZoneKind::Red), customer.zone(ZoneKind::Green)}) {
            if (!zone || zone->cluster.isEmpty())
                continue;
            const quint64 seed = fnv1a(zone->cluster);
            const QList<slo::Interval> maintenance =
                    slo::maintenanceIntervals(fleet.maintenance, customer.id, zone->kind);
            slo::SampleSeries series;
            series.start = firstDay;
            series.values.reserve(size_t((end - firstDay) / slo::kStepSeconds + 1));
            for (qint64 d = firstDay; d <= end; d += kDay) {
                generateDay(day, seed, d / kDay, zone->kind,
                            zone->kind == ZoneKind::Green && customer.id == breaker);
                series.values.insert(series.values.end(), day.begin(), day.end());
            }
            // The future has no data yet.
            const size_t known = size_t((end - firstDay) / slo::kStepSeconds + 1);
            std::fill(series.values.begin() + qsizetype(std::min(known, series.values.size())),
                      series.values.end(), slo::SampleSeries::noData());
            // Upgrades take the zone down for the first half of each maintenance window.
            for (const slo::Interval &w : maintenance) {
                for (qint64 t = w.start; t < w.start + (w.end - w.start) / 2; t += 60) {
                    const qint64 i = (t - firstDay) / slo::kStepSeconds;
                    if (i >= 0 && size_t(i) < known)
                        series.values[size_t(i)] = 0.0f;
                }
            }
            if (auto written = store->writeSamples(zone->cluster, series); !written.ok())
                return written;
        }
    }
    return store->commit();
}

} // namespace qd
