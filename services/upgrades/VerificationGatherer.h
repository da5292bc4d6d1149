#pragma once

#include "models/Fleet.h"
#include "models/UpgradeVerification.h"

#include <QObject>

namespace qd {

class IncidentService;
class PrometheusClient;

// Gathers what a post-upgrade verification of one zone looks at: the desired version from the
// fleet; from Prometheus the zone's live state (over the last day), its deployments' replicas
// now and probe_success over the checks window; alerts from Alertmanager (through
// IncidentService, whose fleet the caller sets). A null, failing or empty source leaves its
// input unknown. Asynchronous: `gathered` is emitted once per gather(); one gather at a time.
class VerificationGatherer : public QObject
{
    Q_OBJECT
public:
    VerificationGatherer(PrometheusClient *prometheus, IncidentService *incidents,
                         QObject *parent = nullptr);

    // The customer and zone must be in the fleet. `inputs` gives the windows (checksWindow,
    // grace); the rest is filled in.
    void gather(const FleetSnapshot &fleet, const QString &customerId, ZoneKind zone,
                const QDateTime &now, VerificationInputs windows);

signals:
    void gathered(const qd::VerificationInputs &inputs);

private:
    void readPrometheus(const QString &cluster, qint64 now);
    void finishOne();

    PrometheusClient *m_prometheus;
    IncidentService *m_incidents;
    VerificationInputs m_inputs;
    int m_pending = 0;
};

} // namespace qd
