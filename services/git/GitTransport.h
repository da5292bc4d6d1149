#pragma once

#include <git2.h>

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace qd {

// How the remote is reached: credentials, host keys, progress and cancellation.
struct TransportOptions
{
    // The token (password) for an http(s):// remote, from the keychain (key "git/<remote url>").
    // Called at most once per transfer, from libgit2's credentials callback on the transfer's
    // thread, only once the server asks for a password (so never for ssh:// or an untrusted
    // certificate). It must not run an event loop there: SecretStore::readWaiting, or a token
    // read before the transfer started.
    std::function<QString(const QString &remoteUrl)> tokenForUrl;
    QString httpsUser;            // when the URL names no user
    QString sshKeyFile;           // private key for ssh://; empty: ask ssh-agent
    QStringList acceptedHostKeys; // "SHA256:..." fingerprints the user accepted
    // A PEM file of CA certificates that an https:// remote's certificate may chain to, trusted
    // besides the system's (setting "git/caFile"): for servers with a private CA. Certificate
    // verification is always on; there is no way to accept an untrusted certificate.
    QString caFile;
    // Received/total objects; return false to cancel.
    std::function<bool(qint64 received, qint64 total)> progress;
    const std::atomic_bool *cancelled = nullptr;
};

enum class TransportStatus {
    Ok,
    NonFastForward, // the remote has commits we do not: fetch and replay
    RefusedByServer,
    NetworkFailure,
    AuthenticationFailed,
    HostKeyRejected, // the SSH host key, or the TLS certificate of an https:// remote
    Cancelled,
    Failed
};

struct TransportReport
{
    TransportStatus status = TransportStatus::Ok;
    QString message;
    // Set with HostKeyRejected when the key was not in known_hosts and not accepted.
    QString host;
    QString fingerprint; // "SHA256:<base64 without padding>", as ssh-keygen -l prints it
};

// Pushes refspecs ("refs/heads/main:refs/heads/main") to the named remote. A server refusal
// (hook, receive.denyNonFastForwards) comes back as RefusedByServer even though libgit2's
// git_remote_push succeeds.
TransportReport pushRefspecs(git_repository *repo,
                             const QString &remoteName,
                             const QStringList &refspecs,
                             const TransportOptions &options);

// Fetches the remote's branches into refs/remotes/<remote>/*.
TransportReport
fetchRemote(git_repository *repo, const QString &remoteName, const TransportOptions &options);

} // namespace qd
