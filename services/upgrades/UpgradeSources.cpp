#include "services/upgrades/UpgradeSources.h"

#include "services/incidents/IncidentService.h"
#include "services/store/TelemetryStore.h"

#include <QMap>

#include <algorithm>
#include <cmath>
#include <memory>

namespace qd {

namespace {

// The newest value of each series, by its `deployment` label (NaN values skipped).
QMap<QString, double> lastByDeployment(const QList<PromSeries> &series)
{
    QMap<QString, double> values;
    for (const PromSeries &one : series) {
        for (size_t i = one.values.size(); i-- > 0;) {
            if (!std::isnan(one.values[i])) {
                // Two scrapes of one deployment (two exporters) count once.
                const QString name = one.labels.value(QStringLiteral("deployment"));
                values[name] = std::max(values.value(name, 0.0), one.values[i]);
                break;
            }
        }
    }
    return values;
}

} // namespace

void readIncidentsOnce(IncidentService &service, QObject *context,
                       std::function<void(std::optional<QList<Incident>>, QString source)> done)
{
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(
            &service, &IncidentService::pollFinished, context,
            [&service, connection, done = std::move(done)] {
                QObject::disconnect(*connection);
                const IncidentSnapshot snapshot = service.snapshot();
                if (snapshot.source.health == SourceHealth::Ok)
                    done(snapshot.incidents, QStringLiteral("Alertmanager"));
                else
                    done(std::nullopt, snapshot.source.reason);
            });
    service.refresh();
}

QList<DeploymentReplicas> pairReplicas(const QList<PromSeries> &available,
                                       const QList<PromSeries> &desired)
{
    const QMap<QString, double> availableBy = lastByDeployment(available);
    const QMap<QString, double> desiredBy = lastByDeployment(desired);
    QList<DeploymentReplicas> pairs;
    for (auto it = desiredBy.cbegin(); it != desiredBy.cend(); ++it)
        pairs.append({it.key(), availableBy.value(it.key(), 0.0), it.value()});
    return pairs;
}

Result<QHash<QString, VerificationResult>> lastGreenVerifications(const TelemetryStore &store,
                                                                 const FleetSnapshot &fleet)
{
    QHash<QString, VerificationResult> last;
    for (const Customer &customer : fleet.customers) {
        auto recorded = store.verifications(customer.id);
        if (!recorded)
            return recorded.error();
        for (const VerificationResult &result : std::as_const(*recorded)) {
            if (result.zone == ZoneKind::Green)
                last.insert(customer.id, result); // ordered by time: the last one stays
        }
    }
    return last;
}

} // namespace qd
