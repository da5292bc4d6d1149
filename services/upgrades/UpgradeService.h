#pragma once

#include "models/Fleet.h"
#include "models/UpgradeStage.h"
#include "services/telemetry/SloService.h" // PrometheusSettings

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

namespace qd {

class IncidentService;

// The Upgrades tab's service: the board (UpgradeBoardGatherer) for the fleet it is given, again
// every minute and on refresh(). The working tree's state (git status) and the verification
// records (the local store) are read on the thread pool; the Prometheus and Alertmanager calls
// are asynchronous. So nothing here waits on the GUI thread, where the service lives. A newer
// fleet or refresh while one gather runs is gathered once that one is done.
class UpgradeService : public QObject
{
    Q_OBJECT
public:
    // `incidents` (may be null, not owned): the gate's incident rule reads its last poll; while
    // it has none that succeeded, the rule is unknown.
    // `storePath`: the local store that `quarterdeck verify` records into.
    UpgradeService(IncidentService *incidents, const QString &storePath, QObject *parent = nullptr);
    ~UpgradeService() override;

    void setPrometheus(const PrometheusSettings &settings); // empty url: no live state
    void setFleet(const FleetSnapshot &fleet);
    void refresh();

    const QList<UpgradeRow> &rows() const;
    bool hasBoard() const; // a board was published since the last setFleet()

signals:
    void boardChanged(const QList<qd::UpgradeRow> &rows);
    // The repo's status or the store could not be read: the board is shown without it (the
    // Green-clean rule and the verification records are then unknown).
    void problem(const QString &message);

private:
    void startGather();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace qd
