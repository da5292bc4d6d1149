#pragma once

#include "models/Result.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>

namespace qd {

// Credentials (API tokens, git passwords) in the OS keychain through QtKeychain: the Secret
// Service on Linux, the Keychain on macOS, the Credential Manager on Windows. Never in settings,
// files or logs, and never a plain-text fallback. Asynchronous: the callbacks run on the thread
// of `context` once the keychain answers, and are dropped if `context` is gone by then.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    // `service` groups Quarterdeck's entries in the keychain ("Quarterdeck" in the app).
    explicit SecretStore(const QString &service = QStringLiteral("Quarterdeck"),
                         QObject *parent = nullptr);

    using ReadCallback = std::function<void(Result<QString>)>;
    using DoneCallback = std::function<void(Result<void>)>;

    // Keys name what a secret is for, such as "prometheus/https://prom.example" or
    // "git/https://git.example/fleet-config".
    void read(const QString &key, QObject *context, ReadCallback done);
    void write(const QString &key, const QString &secret, QObject *context, DoneCallback done);
    void remove(const QString &key, QObject *context, DoneCallback done);

    // For the command line, which has no event loop running yet: waits for the keychain in a
    // local event loop. Never call these on the GUI thread.
    Result<QString> readBlocking(const QString &key);
    Result<void> writeBlocking(const QString &key, const QString &secret);

    // For a thread that must not run an event loop, such as the change worker inside a git
    // transfer (a nested loop there would run queued calls in the middle of it): the keychain
    // job runs on this store's thread, which must be running its event loop, and the calling
    // thread only waits for the answer, giving up once `*cancelled` is set. On the store's own
    // thread this is readBlocking().
    Result<QString> readWaiting(const QString &key, const std::atomic_bool *cancelled = nullptr);

    QString service() const { return m_service; }

private:
    QString m_service;
};

} // namespace qd
