#pragma once

#include "models/Fleet.h"
#include "models/Result.h"

#include <QFutureWatcher>
#include <QObject>

namespace qd {

// The GUI's way to the config repo: loads it on a worker thread and hands the finished snapshot
// back on the caller's thread. A newer request supersedes one still running.
class FleetService : public QObject
{
    Q_OBJECT
public:
    explicit FleetService(QObject *parent = nullptr);
    ~FleetService() override;

    void load(const QString &repoPath);
    bool isLoading() const;

signals:
    void loaded(const qd::FleetSnapshot &snapshot);
    void failed(const QString &repoPath, const QString &message);

private:
    void onFinished();

    QFutureWatcher<Result<FleetSnapshot>> *m_watcher = nullptr;
    QString m_loadingPath;
    QString m_pendingPath;
};

} // namespace qd
