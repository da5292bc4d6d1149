#pragma once

#include "models/Fleet.h"
#include "models/PromotionGate.h"
#include "models/UpgradeStage.h"
#include "models/UpgradeVerification.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

#include <optional>

namespace qd {

class IncidentService;
class PrometheusClient;

// Gathers the board for every customer with both zones: the promotion gate's inputs for each
// (PromotionGatherer), Alertmanager read once for all of them, then the gate and the stage
// (pure functions in models/). Asynchronous: `gathered` is emitted once per gather(), with the
// rows in fleet order.
class UpgradeBoardGatherer : public QObject
{
    Q_OBJECT
public:
    // Either may be null (that source's inputs are then unknown). Neither is owned.
    UpgradeBoardGatherer(PrometheusClient *prometheus, IncidentService *incidents,
                         QObject *parent = nullptr);

    // `greenVerifications`: the last verification recorded for each customer's Green zone.
    void gather(const FleetSnapshot &fleet, const std::optional<QStringList> &dirtyPaths,
                const QHash<QString, VerificationResult> &greenVerifications, const QDateTime &now);
    // Incidents already known (nullopt: unknown, `source` says why): the next gather() uses them
    // instead of asking Alertmanager, as the GUI does with the Incidents tab's last poll.
    void useIncidents(std::optional<QList<Incident>> incidents, const QString &source);

signals:
    void gathered(const QList<qd::UpgradeRow> &rows);

private:
    void gatherCustomers(std::optional<QList<Incident>> incidents, const QString &source);

    PrometheusClient *m_prometheus;
    IncidentService *m_incidents;
    FleetSnapshot m_fleet;
    std::optional<QStringList> m_dirty;
    QHash<QString, VerificationResult> m_verifications;
    QDateTime m_now;
    std::optional<std::pair<std::optional<QList<Incident>>, QString>> m_givenIncidents;
    QList<UpgradeRow> m_rows;
    int m_pending = 0;
};

} // namespace qd
