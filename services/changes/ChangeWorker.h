#pragma once

#include "models/ChangeRequest.h"
#include "services/changes/ChangeEngine.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace qd {

class SecretStore;

// ChangeService's other half: lives on the worker thread and owns the ChangeEngine (and so the
// git_repository). Only ChangeService talks to it, by queued calls, and none runs in the middle
// of another: the worker never runs a nested event loop (the keychain is read through
// `secrets`, which lives on ChangeService's thread, by SecretStore::readWaiting).
class ChangeWorker : public QObject
{
    Q_OBJECT
public:
    explicit ChangeWorker(SecretStore *secrets);
    ~ChangeWorker() override;

    void setRepository(const QString &path);
    void setRemoteName(const QString &name);
    void acceptHostKey(const QString &fingerprint);
    void previewEdits(const QList<qd::ValueEdit> &edits);
    void previewFileText(const QString &relativePath, const QByteArray &text);
    void commit(const qd::CommitRequest &request);
    void push(const QString &branch);
    void fetch();
    void resolveConflicts(const QList<qd::ValueEdit> &chosen);
    void answerHostKey(bool accept);

    // Thread-safe: read by the transfer callbacks on the worker thread.
    std::atomic_bool cancelled = false;

signals:
    void previewReady(const qd::ChangePreview &preview);
    void committed(const qd::CommitOutcome &outcome);
    void refused(const QString &message, const qd::Diagnostics &problems);
    void pushFinished(const qd::CommitOutcome &outcome);
    void fetched(const QString &message);
    void failed(const QString &message);
    void transferProgress(qint64 received, qint64 total);
    void conflict(const QList<qd::ValueConflict> &conflicts);
    void hostKeyUnknown(const QString &host, const QString &sha256Fingerprint);
    void unpushedCommits(const QStringList &commits);
    void busyChanged(bool busy);
    void recovered(const QString &message);

private:
    bool ensureEngine();
    void begin();
    void readTransportSettings();
    void end();
    // Emits what a commit, push or resolution came to, and remembers how to retry after a host
    // key is accepted.
    void report(const ChangeAttempt &attempt, bool wasCommit);
    void reportUnpushed();

    QString m_path;
    QString m_remoteName = QStringLiteral("origin");
    QStringList m_acceptedHostKeys;
    std::optional<ChangeEngine> m_engine;
    SecretStore *m_secrets = nullptr; // ChangeService's, on its thread
    std::function<void()> m_retryAfterHostKey;
    QString m_pendingHostKey; // the fingerprint last shown to the user
};

} // namespace qd
