#pragma once

#include "models/Fleet.h"
#include "models/PromotionGate.h"

#include <QObject>
#include <QStringList>

#include <optional>

namespace qd {

class IncidentService;
class PrometheusClient;

// Gathers what the Red → Green gate looks at for one customer: the zones' desired versions and
// the catalog and policy from the fleet; Red's and Green's live state and Red's availability over
// the soak period from Prometheus; open incidents from Alertmanager (through IncidentService,
// whose fleet the caller sets). A source that is null, fails or has no sample leaves its input
// unknown, and its rule fails saying why. Asynchronous: `gathered` is emitted once per gather().
class PromotionGatherer : public QObject
{
    Q_OBJECT
public:
    // Either may be null. Neither is owned.
    PromotionGatherer(PrometheusClient *prometheus, IncidentService *incidents,
                      QObject *parent = nullptr);

    // `dirtyPaths`: the working tree's changed files (unset when git could not tell), relative to
    // the repo root. The customer must be in the fleet.
    void gather(const FleetSnapshot &fleet, const QString &customerId,
                const std::optional<QStringList> &dirtyPaths, const QDateTime &now);
    // Incidents already read (nullopt: Alertmanager did not answer, `source` says why): every
    // later gather() uses them instead of asking Alertmanager, as a board of many customers does.
    void useIncidents(std::optional<QList<Incident>> incidents, const QString &source);

signals:
    void gathered(const qd::PromotionGateInputs &inputs);

private:
    void readLiveStates(const Customer &customer, qint64 now);
    void readRedAvailability(const Customer &customer, const FleetSnapshot &fleet, qint64 now);
    void readIncidents();
    void finishOne();

    PrometheusClient *m_prometheus;
    IncidentService *m_incidents;
    PromotionGateInputs m_inputs;
    std::optional<std::pair<std::optional<QList<Incident>>, QString>> m_givenIncidents;
    int m_pending = 0;
};

} // namespace qd
