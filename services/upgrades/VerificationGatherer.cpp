#include "services/upgrades/VerificationGatherer.h"

#include "services/telemetry/PrometheusClient.h"
#include "services/telemetry/ZoneLiveQuery.h"
#include "services/upgrades/UpgradeSources.h"

#include <memory>

namespace qd {

namespace {

// How far back the live state is looked at: "since" older than this is the lookback start,
// long past any grace time.
constexpr qint64 kLiveLookback = 24 * 3600;

} // namespace

VerificationGatherer::VerificationGatherer(PrometheusClient *prometheus,
                                           IncidentService *incidents, QObject *parent)
    : QObject(parent), m_prometheus(prometheus), m_incidents(incidents)
{
}

void VerificationGatherer::gather(const FleetSnapshot &fleet, const QString &customerId,
                                  ZoneKind zone, const QDateTime &now, VerificationInputs windows)
{
    const Customer *customer = fleet.customer(customerId);
    const Zone *z = customer ? customer->zone(zone) : nullptr;
    Q_ASSERT(z);
    m_inputs = std::move(windows);
    m_inputs.customer = customerId;
    m_inputs.zone = zone;
    m_inputs.now = now.toUTC();
    m_inputs.desired = z->resolution.resolved ? z->resolution.version : QString();

    m_pending = 1; // released at the end: callbacks run synchronously cannot finish early
    if (!m_prometheus || z->cluster.isEmpty()) {
        const QString why = !m_prometheus ? QStringLiteral("no Prometheus (--prometheus URL)")
                                          : QStringLiteral("no cluster in fleet.yaml");
        m_inputs.live.unknownReason = why;
        m_inputs.replicasSource = why;
        m_inputs.checksSource = why;
    } else {
        readPrometheus(z->cluster, now.toSecsSinceEpoch());
    }
    if (m_incidents) {
        ++m_pending;
        readIncidentsOnce(*m_incidents, this,
                          [this](std::optional<QList<Incident>> incidents, const QString &source) {
                              m_inputs.incidents = std::move(incidents);
                              m_inputs.incidentsSource = source;
                              finishOne();
                          });
    } else {
        m_inputs.incidentsSource = QStringLiteral("no Alertmanager (--alertmanager URL)");
    }
    finishOne();
}

void VerificationGatherer::readPrometheus(const QString &cluster, qint64 now)
{
    m_pending += 4;
    readZoneLiveState(*m_prometheus, cluster, now, kLiveLookback, this,
                      [this](const ZoneLiveState &live) {
                          m_inputs.live = live;
                          finishOne();
                      });

    // Replicas now: both instant queries, paired once both are in.
    const QString availableQuery = expandQuery(QueryKind::ReplicasAvailable, cluster);
    const QString desiredQuery = expandQuery(QueryKind::ReplicasDesired, cluster);
    m_inputs.replicasSource = desiredQuery;
    struct Replicas
    {
        std::optional<Result<QList<PromSeries>>> available;
        std::optional<Result<QList<PromSeries>>> desired;
    };
    auto replicas = std::make_shared<Replicas>();
    const auto pair = [this, replicas] {
        if (!replicas->available || !replicas->desired)
            return;
        if (!*replicas->available)
            m_inputs.replicasSource = replicas->available->errorMessage();
        else if (!*replicas->desired)
            m_inputs.replicasSource = replicas->desired->errorMessage();
        else
            m_inputs.replicas = pairReplicas(replicas->available->value(),
                                             replicas->desired->value());
    };
    m_prometheus->query(availableQuery, now, this,
                        [this, replicas, pair](Result<QList<PromSeries>> result) {
                            replicas->available = std::move(result);
                            pair();
                            finishOne();
                        });
    m_prometheus->query(desiredQuery, now, this,
                        [this, replicas, pair](Result<QList<PromSeries>> result) {
                            replicas->desired = std::move(result);
                            pair();
                            finishOne();
                        });

    // The synthetic checks of the window, on the minute grid up to now.
    const QString checksQuery = expandQuery(QueryKind::Availability, cluster);
    m_inputs.checksSource = checksQuery;
    const qint64 to = now - now % slo::kStepSeconds;
    const qint64 from = to - m_inputs.checksWindow;
    m_prometheus->queryRange(checksQuery, from, to, slo::kStepSeconds, this,
                             [this, from, to](Result<QList<PromSeries>> result) {
                                 if (result)
                                     m_inputs.checks = toSampleSeries(*result, from, to,
                                                                      slo::kStepSeconds);
                                 else
                                     m_inputs.checksSource = result.errorMessage();
                                 finishOne();
                             });
}

void VerificationGatherer::finishOne()
{
    if (--m_pending == 0)
        emit gathered(m_inputs);
}

} // namespace qd
