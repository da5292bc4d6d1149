#include "services/upgrades/UpgradeBoardGatherer.h"

#include "services/upgrades/PromotionGatherer.h"
#include "services/upgrades/UpgradeSources.h"

namespace qd {

UpgradeBoardGatherer::UpgradeBoardGatherer(PrometheusClient *prometheus,
                                           IncidentService *incidents, QObject *parent)
    : QObject(parent), m_prometheus(prometheus), m_incidents(incidents)
{
}

void UpgradeBoardGatherer::gather(const FleetSnapshot &fleet,
                                  const std::optional<QStringList> &dirtyPaths,
                                  const QHash<QString, VerificationResult> &greenVerifications,
                                  const QDateTime &now)
{
    m_fleet = fleet;
    m_dirty = dirtyPaths;
    m_verifications = greenVerifications;
    m_now = now.toUTC();
    m_rows.clear();
    if (auto given = std::exchange(m_givenIncidents, std::nullopt)) {
        gatherCustomers(std::move(given->first), given->second);
        return;
    }
    if (!m_incidents) {
        gatherCustomers(std::nullopt, QStringLiteral("no Alertmanager (--alertmanager URL)"));
        return;
    }
    // One look at Alertmanager for the whole board, not one per customer.
    readIncidentsOnce(*m_incidents, this,
                      [this](std::optional<QList<Incident>> incidents, const QString &source) {
                          gatherCustomers(std::move(incidents), source);
                      });
}

void UpgradeBoardGatherer::useIncidents(std::optional<QList<Incident>> incidents,
                                        const QString &source)
{
    m_givenIncidents.emplace(std::move(incidents), source);
}

void UpgradeBoardGatherer::gatherCustomers(std::optional<QList<Incident>> incidents,
                                           const QString &source)
{
    QList<const Customer *> customers;
    for (const Customer &customer : std::as_const(m_fleet.customers)) {
        if (customer.red && customer.green)
            customers.append(&customer);
    }
    m_rows.resize(customers.size());
    m_pending = int(customers.size()) + 1; // released below: gathers may finish synchronously
    for (qsizetype i = 0; i < customers.size(); ++i) {
        auto *gatherer = new PromotionGatherer(m_prometheus, nullptr, this);
        gatherer->useIncidents(incidents, source);
        connect(gatherer, &PromotionGatherer::gathered, this,
                [this, gatherer, i](const PromotionGateInputs &inputs) {
                    UpgradeRow &row = m_rows[i];
                    row.inputs = inputs;
                    row.gate = evaluatePromotionGate(inputs);
                    UpgradeStageInputs stage;
                    stage.redDesired = inputs.redDesired.version;
                    stage.greenDesired = inputs.greenDesired.version;
                    stage.red = inputs.red;
                    stage.green = inputs.green;
                    stage.gate = row.gate;
                    const auto verified = m_verifications.constFind(inputs.customer);
                    if (verified != m_verifications.cend())
                        stage.greenVerification = *verified;
                    stage.now = m_now;
                    row.stage = classifyUpgradeStage(stage);
                    gatherer->deleteLater();
                    if (--m_pending == 0)
                        emit gathered(m_rows);
                });
        gatherer->gather(m_fleet, customers.at(i)->id, m_dirty, m_now);
    }
    if (--m_pending == 0)
        emit gathered(m_rows);
}

} // namespace qd
