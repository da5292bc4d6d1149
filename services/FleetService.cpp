#include "services/FleetService.h"

#include "services/config/FleetLoader.h"

#include <QtConcurrent/QtConcurrentRun>

namespace qd {

FleetService::FleetService(QObject *parent)
    : QObject(parent)
    , m_watcher(new QFutureWatcher<Result<FleetSnapshot>>(this))
{
    connect(m_watcher, &QFutureWatcherBase::finished, this, &FleetService::onFinished);
}

FleetService::~FleetService()
{
    // The worker touches no state of ours, but the watcher must not outlive a running future.
    m_watcher->waitForFinished();
}

void FleetService::load(const QString &repoPath)
{
    if (m_watcher->isRunning()) {
        m_pendingPath = repoPath; // the newest request wins once the running one is done
        return;
    }
    m_watcher->setFuture(QtConcurrent::run([repoPath] { return loadFleet(repoPath); }));
    m_loadingPath = repoPath;
}

bool FleetService::isLoading() const
{
    return m_watcher->isRunning();
}

void FleetService::onFinished()
{
    const Result<FleetSnapshot> result = m_watcher->result();
    if (!m_pendingPath.isEmpty()) {
        load(std::exchange(m_pendingPath, QString()));
        return;
    }
    if (result)
        emit loaded(*result);
    else
        emit failed(m_loadingPath, result.errorMessage());
}

} // namespace qd
