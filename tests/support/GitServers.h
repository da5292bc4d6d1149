#pragma once

#include "support/ServerProcess.h"

#include <QString>

namespace qd::test {

// `git daemon` serving every repository under basePath, receive-pack enabled, on a free port.
class GitDaemon
{
public:
    bool start(const QString &basePath, quint16 port = 0); // 0: a free port
    void stop() { m_server.stop(); }
    quint16 port() const { return m_port; }
    QString url(const QString &repoName) const; // git://127.0.0.1:PORT/<repoName>
    // Waits until no connection is being served: a client killed mid-push leaves its
    // receive-pack writing the remote for a while. False when one still runs after timeoutMs.
    bool waitUntilIdle(int timeoutMs = 10000) const;
    QString error() const { return m_server.error(); }

private:
    ServerProcess m_server;
    quint16 m_port = 0;
};

// Smart HTTP: lighttpd running git-http-backend with Basic auth (one user), on a free port.
// With a certificate and key it speaks HTTPS only (mod_openssl, Debian's lighttpd-mod-openssl).
class GitHttpServer
{
public:
    struct Tls
    {
        QString certFile; // PEM; empty: plain HTTP
        QString keyFile;
    };

    bool start(const QString &projectRoot,
               const QString &scratchDir,
               const QString &user,
               const QString &password,
               const Tls &tls = {});
    void stop() { m_server.stop(); }
    // http(s)://localhost:PORT/git/<repoName>; `host` replaces localhost (such as 127.0.0.1).
    QString url(const QString &repoName, const QString &host = QStringLiteral("localhost")) const;
    QString error() const { return m_error.isEmpty() ? m_server.error() : m_error; }

private:
    ServerProcess m_server;
    quint16 m_port = 0;
    bool m_tls = false;
    QString m_error;
};

// sshd with its own ed25519 host key, accepting one ed25519 user key for the current user.
class GitSshServer
{
public:
    bool start(const QString &scratchDir);
    QString url(const QString &absoluteRepoPath) const; // ssh://USER@127.0.0.1:PORT/path
    QString userKeyFile() const { return m_userKey; }   // private key; .pub beside it
    QString knownHostsLine() const;                     // "[127.0.0.1]:PORT ssh-ed25519 AAAA..."
    QString hostKeyFingerprint() const;                 // "SHA256:..." as ssh-keygen -l gives it
    QString error() const { return m_error.isEmpty() ? m_server.error() : m_error; }

private:
    ServerProcess m_server;
    quint16 m_port = 0;
    QString m_userKey;
    QString m_hostKey;
    QString m_error;
};

// The demo fleet (DIR/remote.git + DIR/work) with a commit identity in the clone's own config.
bool makeDemoClone(const QString &dir, QString *workdir, QString *remote, QString *error);
// The same, with `daemon` started on DIR and the clone's origin pointing at it (git://).
bool makeServedDemoClone(const QString &dir, GitDaemon &daemon, QString *workdir, QString *remote,
                         QString *error);

} // namespace qd::test
