#include "services/upgrades/PromotionGatherer.h"

#include "models/Slo.h"
#include "services/telemetry/PrometheusClient.h"
#include "services/telemetry/ZoneLiveQuery.h"
#include "services/upgrades/UpgradeSources.h"

namespace qd {

namespace {

DesiredVersion desiredOf(const Zone *zone)
{
    if (!zone || !zone->resolution.resolved)
        return {};
    return {zone->resolution.version, zone->resolution.versionLocation};
}

// Live state is looked at this far back before what the gate needs, so that `since` is known.
constexpr qint64 kSinceMargin = 3600;

} // namespace

PromotionGatherer::PromotionGatherer(PrometheusClient *prometheus, IncidentService *incidents,
                                     QObject *parent)
    : QObject(parent), m_prometheus(prometheus), m_incidents(incidents)
{
}

void PromotionGatherer::gather(const FleetSnapshot &fleet, const QString &customerId,
                               const std::optional<QStringList> &dirtyPaths, const QDateTime &now)
{
    const Customer *customer = fleet.customer(customerId);
    Q_ASSERT(customer);
    m_inputs = {};
    m_inputs.customer = customerId;
    m_inputs.now = now.toUTC();
    m_inputs.redDesired = desiredOf(customer->zone(ZoneKind::Red));
    m_inputs.greenDesired = desiredOf(customer->zone(ZoneKind::Green));
    m_inputs.catalog = fleet.releases;
    m_inputs.policy = customer->promotion;
    if (dirtyPaths && m_inputs.greenDesired.at.isValid())
        m_inputs.greenVersionFileEdited = dirtyPaths->contains(m_inputs.greenDesired.at.file);

    m_pending = 1; // released at the end, so that callbacks run synchronously cannot finish early
    readLiveStates(*customer, now.toSecsSinceEpoch());
    readRedAvailability(*customer, fleet, now.toSecsSinceEpoch());
    readIncidents();
    finishOne();
}

void PromotionGatherer::readLiveStates(const Customer &customer, qint64 now)
{
    const qint64 soak = m_inputs.policy.soak.count();
    const auto read = [&](ZoneKind kind, qint64 lookback, ZoneLiveState *into) {
        const Zone *zone = customer.zone(kind);
        if (!m_prometheus || !zone || zone->cluster.isEmpty()) {
            into->unknownReason = !m_prometheus
                                          ? QStringLiteral("no Prometheus (--prometheus URL, or Settings)")
                                          : QStringLiteral("no %1 zone cluster in fleet.yaml")
                                                    .arg(zoneKindName(kind));
            return;
        }
        ++m_pending;
        readZoneLiveState(*m_prometheus, zone->cluster, now, lookback, this,
                          [this, into](const ZoneLiveState &live) {
                              *into = live;
                              finishOne();
                          });
    };
    read(ZoneKind::Red, soak + kSinceMargin, &m_inputs.red);
    read(ZoneKind::Green, kSinceMargin, &m_inputs.green);
}

void PromotionGatherer::readRedAvailability(const Customer &customer, const FleetSnapshot &fleet,
                                            qint64 now)
{
    const Zone *red = customer.zone(ZoneKind::Red);
    if (!m_prometheus || !red || red->cluster.isEmpty())
        return; // unknown: the rule says there is no source
    const QString query = expandQuery(QueryKind::Availability, red->cluster);
    const qint64 to = now - now % slo::kStepSeconds;
    const qint64 from = to - m_inputs.policy.soak.count();
    const QList<slo::Interval> maintenance =
            slo::maintenanceIntervals(fleet.maintenance, customer.id, ZoneKind::Red);
    m_inputs.availabilitySource = query;
    ++m_pending;
    m_prometheus->queryRange(
            query, from, to, slo::kStepSeconds, this,
            [this, from, to, maintenance, query](Result<QList<PromSeries>> result) {
                if (result) {
                    const slo::SampleSeries series =
                            toSampleSeries(*result, from, to, slo::kStepSeconds);
                    // The target does not change the availability; the policy's is given.
                    const slo::SloSummary summary = slo::computeSlo(
                            series, from, to, m_inputs.policy.redAvailability, maintenance);
                    if (summary.availability)
                        m_inputs.redAvailability = *summary.availability * 100.0;
                    else
                        m_inputs.availabilitySource =
                                QStringLiteral("%1: no sample in the soak period").arg(query);
                } else {
                    m_inputs.availabilitySource = result.errorMessage();
                }
                finishOne();
            });
}

void PromotionGatherer::useIncidents(std::optional<QList<Incident>> incidents,
                                     const QString &source)
{
    m_givenIncidents.emplace(std::move(incidents), source);
}

void PromotionGatherer::readIncidents()
{
    if (m_givenIncidents) {
        m_inputs.incidents = m_givenIncidents->first;
        m_inputs.incidentsSource = m_givenIncidents->second;
        return;
    }
    if (!m_incidents) {
        m_inputs.incidentsSource = QStringLiteral("no Alertmanager (--alertmanager URL)");
        return;
    }
    ++m_pending;
    readIncidentsOnce(*m_incidents, this,
                      [this](std::optional<QList<Incident>> incidents, const QString &source) {
                          m_inputs.incidents = std::move(incidents);
                          m_inputs.incidentsSource = source;
                          finishOne();
                      });
}

void PromotionGatherer::finishOne()
{
    if (--m_pending == 0)
        emit gathered(m_inputs);
}

} // namespace qd
