#pragma once

#include "models/Fleet.h"
#include "models/Result.h"

#include <QFutureWatcher>
#include <QObject>

namespace qd {

// The GUI's way to the config repo: loads it on a worker thread and hands the finished snapshot
// back on the caller's thread. A newer request supersedes one still running; a load from scratch
// asked for while one runs is not turned into a refresh by a later request.
class FleetService : public QObject
{
    Q_OBJECT
public:
    explicit FleetService(QObject *parent = nullptr);
    ~FleetService() override;

    // Reads every zone afresh (opening a repo, File > Reload).
    void load(const QString &repoPath);
    // Builds again only the zones whose inputs changed since the last read (after a commit).
    void refresh(const QString &repoPath);
    bool isLoading() const;

signals:
    void loaded(const qd::FleetSnapshot &snapshot);
    void failed(const QString &repoPath, const QString &message);

private:
    enum class Read { FromScratch, Refresh };
    void start(const QString &repoPath, Read read);
    void onFinished();

    QFutureWatcher<Result<FleetSnapshot>> *m_watcher = nullptr;
    QString m_loadingPath;
    QString m_pendingPath;
    Read m_pendingRead = Read::Refresh;
};

} // namespace qd
