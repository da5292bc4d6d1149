#pragma once

#include "models/Change.h"
#include "models/ChangeRequest.h"
#include "models/Diagnostic.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QThread;

namespace qd {

class ChangeWorker;
class SecretStore;

// The Qt-facing service for making a change: preview (diff + validation), commit with trailers,
// push and fetch with progress, conflicts and host keys handed to the user. All the work runs on
// one worker thread that owns its own git_repository; every call returns at once and the answer
// comes back through a queued signal. Only one operation runs at a time; calls made while one
// runs are queued behind it (except cancel(), answerHostKey() and resolveConflicts()).
class ChangeService : public QObject
{
    Q_OBJECT
public:
    explicit ChangeService(QObject *parent = nullptr);
    ~ChangeService() override;

    // The working clone to change. Emits unpushedCommits() for its current branch once opened.
    void setRepository(const QString &path);
    // "origin" unless told otherwise.
    void setRemoteName(const QString &name);
    // An SSH host key fingerprint ("SHA256:...") accepted ahead of time, as the CLI's
    // --accept-host-key does.
    void acceptHostKey(const QString &sha256Fingerprint);

    // The diff and validation of a change, without leaving the working tree changed.
    void previewEdits(const QList<qd::ValueEdit> &edits);
    void previewFileText(const QString &relativePath, const QByteArray &newText);

    // Applies, validates the whole fleet (refused with the problems when it does not validate),
    // commits with the trailers and, when asked, pushes (replaying on a newer remote head).
    void commit(const qd::CommitRequest &request);
    // Pushes a branch (empty: the current one) that has unpushed commits.
    void push(const QString &branch = QString());
    void fetch();
    // Stops a running fetch or push at its next progress callback.
    void cancel();

    // Answer to conflict(): the value to keep for each conflicting edit (ours, theirs or another).
    // An empty list abandons the replay; the commit stays local.
    void resolveConflicts(const QList<qd::ValueEdit> &chosen);
    // Answer to hostKeyUnknown(). Accepting retries the operation that stopped on the key.
    void answerHostKey(bool accept);

signals:
    void previewReady(const qd::ChangePreview &preview);
    void committed(const qd::CommitOutcome &outcome);
    // The change was not committed: `problems` are the fleet's validation problems when that
    // is why, otherwise `message` says what went wrong.
    void refused(const QString &message, const qd::Diagnostics &problems);
    void pushFinished(const qd::CommitOutcome &outcome);
    void fetched(const QString &message);
    void failed(const QString &message);
    void transferProgress(qint64 received, qint64 total);
    void conflict(const QList<qd::ValueConflict> &conflicts);
    void hostKeyUnknown(const QString &host, const QString &sha256Fingerprint);
    // One line per commit of the current branch that the remote does not have ("abc1234 subject").
    void unpushedCommits(const QStringList &commits);
    void busyChanged(bool busy);
    // A change interrupted half-way (the console killed mid-commit, a full disk) was found and
    // set right: what was put back. On opening the repo, and before a commit or push.
    void recovered(const QString &message);

private:
    std::unique_ptr<SecretStore> m_secrets; // read by the worker, answered on this thread
    std::unique_ptr<QThread> m_thread;
    ChangeWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
};

} // namespace qd
