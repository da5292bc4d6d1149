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
    start(repoPath, Read::FromScratch);
}

void FleetService::refresh(const QString &repoPath)
{
    start(repoPath, Read::Refresh);
}

void FleetService::start(const QString &repoPath, Read read)
{
    if (m_watcher->isRunning()) {
        // The newest request wins once the running one is done; a pending read from scratch of
        // the same repo stays one.
        if (m_pendingPath != repoPath)
            m_pendingRead = Read::Refresh;
        if (read == Read::FromScratch)
            m_pendingRead = Read::FromScratch;
        m_pendingPath = repoPath;
        return;
    }
    m_watcher->setFuture(QtConcurrent::run([repoPath, read] {
        return read == Read::FromScratch ? loadFleet(repoPath) : refreshFleet(repoPath);
    }));
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
        start(std::exchange(m_pendingPath, QString()),
              std::exchange(m_pendingRead, Read::Refresh));
        return;
    }
    if (result)
        emit loaded(*result);
    else
        emit failed(m_loadingPath, result.errorMessage());
}

} // namespace qd
