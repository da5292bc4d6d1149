#include "support/GitServers.h"

#include "services/demo/DemoFleetWriter.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QThread>

namespace qd::test {

namespace {

bool writeText(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

QString currentUser()
{
    const ProcessRun run = runProgram(QStringLiteral("id"), {QStringLiteral("-un")});
    return QString::fromUtf8(run.out).trimmed();
}

} // namespace

bool GitDaemon::start(const QString &basePath, quint16 port)
{
    m_port = port ? port : freeTcpPort();
    // `git daemon` would run git-daemon as a child that outlives a kill of `git`: start it
    // directly so that stopping the server really takes the remote off the network.
    const QString execPath =
            QString::fromUtf8(git(QString(), {QStringLiteral("--exec-path")}).out).trimmed();
    return m_server.start(
            execPath + QStringLiteral("/git-daemon"),
            {QStringLiteral("--listen=127.0.0.1"), QStringLiteral("--port=%1").arg(m_port),
             QStringLiteral("--base-path=%1").arg(basePath), QStringLiteral("--export-all"),
             QStringLiteral("--enable=receive-pack"), QStringLiteral("--reuseaddr"), basePath},
            m_port, gitEnvironment());
}

QString GitDaemon::url(const QString &repoName) const
{
    return QStringLiteral("git://127.0.0.1:%1/%2").arg(m_port).arg(repoName);
}

namespace {

// How many processes have `parent` as their parent, from Linux's /proc/PID/stat.
int childrenOf(qint64 parent)
{
    int count = 0;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue; // not a process, or one that just ended
        // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == parent)
            ++count;
    }
    return count;
}

} // namespace

bool GitDaemon::waitUntilIdle(int timeoutMs) const
{
    // git daemon serves every connection in a child of its own, which waits for its
    // upload-pack or receive-pack: no children, nothing is being written.
    const qint64 daemon = m_server.processId();
    if (daemon == 0 || !QDir(QStringLiteral("/proc/%1").arg(daemon)).exists())
        return true;
    const QDeadlineTimer deadline(timeoutMs);
    while (childrenOf(daemon) > 0) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(20); // another process's children: nothing to wait on but polling
    }
    return true;
}

bool GitHttpServer::start(const QString &projectRoot,
                          const QString &scratchDir,
                          const QString &user,
                          const QString &password,
                          const Tls &tls)
{
    m_port = freeTcpPort();
    m_tls = !tls.certFile.isEmpty();
    QDir().mkpath(scratchDir);
    const QString users = QDir(scratchDir).filePath(QStringLiteral("users"));
    const QString config = QDir(scratchDir).filePath(QStringLiteral("lighttpd.conf"));
    writeText(users, QStringLiteral("%1:%2\n").arg(user, password).toUtf8());
    const QString text =
            QStringLiteral(
                    "server.modules = (\"mod_alias\", \"mod_auth\", \"mod_authn_file\", "
                    "\"mod_cgi\", "
                    "\"mod_setenv\")\n"
                    "server.document-root = \"%1\"\n"
                    "server.bind = \"127.0.0.1\"\n"
                    "server.port = %2\n"
                    "server.errorlog = \"%3/error.log\"\n"
                    "server.pid-file = \"%3/lighttpd.pid\"\n"
                    "alias.url = (\"/git/\" => \"/usr/lib/git-core/git-http-backend/\")\n"
                    "$HTTP[\"url\"] =~ \"^/git/\" {\n"
                    "  cgi.assign = (\"\" => \"\")\n"
                    "  setenv.add-environment = (\"GIT_PROJECT_ROOT\" => \"%1\", "
                    "\"GIT_HTTP_EXPORT_ALL\" => \"1\", \"GIT_CONFIG_NOSYSTEM\" => \"1\")\n"
                    "}\n"
                    "auth.backend = \"plain\"\n"
                    "auth.backend.plain.userfile = \"%4\"\n"
                    "auth.require = (\"/git/\" => (\"method\" => \"basic\", \"realm\" => \"git\", "
                    "\"require\" => \"valid-user\"))\n")
                    .arg(projectRoot)
                    .arg(m_port)
                    .arg(scratchDir, users);
    // The whole server speaks TLS: a plain-HTTP client gets no answer it could use.
    const QString tlsText = m_tls ? QStringLiteral("server.modules += (\"mod_openssl\")\n"
                                                   "ssl.engine = \"enable\"\n"
                                                   "ssl.pemfile = \"%1\"\n"
                                                   "ssl.privkey = \"%2\"\n")
                                            .arg(tls.certFile, tls.keyFile)
                                  : QString();
    if (!writeText(config, (text + tlsText).toUtf8())) {
        m_error = QStringLiteral("cannot write %1").arg(config);
        return false;
    }
    return m_server.start(QStringLiteral("/usr/sbin/lighttpd"),
                          {QStringLiteral("-D"), QStringLiteral("-f"), config}, m_port);
}

QString GitHttpServer::url(const QString &repoName, const QString &host) const
{
    return QStringLiteral("%1://%2:%3/git/%4")
            .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"), host)
            .arg(m_port)
            .arg(repoName);
}

bool GitSshServer::start(const QString &scratchDir)
{
    m_port = freeTcpPort();
    QDir dir(scratchDir);
    dir.mkpath(QStringLiteral("."));
    m_hostKey = dir.filePath(QStringLiteral("host_ed25519"));
    m_userKey = dir.filePath(QStringLiteral("user_ed25519"));
    for (const QString &key : {m_hostKey, m_userKey}) {
        const ProcessRun run =
                runProgram(QStringLiteral("ssh-keygen"),
                           {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                            QStringLiteral("-N"), QString(), QStringLiteral("-f"), key});
        if (run.exitCode != 0) {
            m_error = QStringLiteral("ssh-keygen failed: %1").arg(QString::fromUtf8(run.err));
            return false;
        }
    }
    QFile::copy(m_userKey + QStringLiteral(".pub"),
                dir.filePath(QStringLiteral("authorized_keys")));
    const QString config = dir.filePath(QStringLiteral("sshd_config"));
    const QString text = QStringLiteral("Port %1\nListenAddress 127.0.0.1\nHostKey %2\n"
                                        "AuthorizedKeysFile %3\nUsePAM no\nStrictModes no\n"
                                        "PasswordAuthentication no\nPubkeyAuthentication yes\n"
                                        "PermitRootLogin prohibit-password\nPidFile %4\n"
                                        "AllowUsers %5\n")
                                 .arg(m_port)
                                 .arg(m_hostKey, dir.filePath(QStringLiteral("authorized_keys")),
                                      dir.filePath(QStringLiteral("sshd.pid")), currentUser());
    if (!writeText(config, text.toUtf8())) {
        m_error = QStringLiteral("cannot write %1").arg(config);
        return false;
    }
    QDir().mkpath(QStringLiteral("/run/sshd"));
    return m_server.start(
            QStringLiteral("/usr/sbin/sshd"),
            {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), config}, m_port);
}

QString GitSshServer::url(const QString &absoluteRepoPath) const
{
    return QStringLiteral("ssh://%1@127.0.0.1:%2%3")
            .arg(currentUser())
            .arg(m_port)
            .arg(absoluteRepoPath);
}

QString GitSshServer::knownHostsLine() const
{
    QFile file(m_hostKey + QStringLiteral(".pub"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> parts = file.readAll().trimmed().split(' ');
    return QStringLiteral("[127.0.0.1]:%1 %2 %3")
            .arg(m_port)
            .arg(QString::fromLatin1(parts.value(0)), QString::fromLatin1(parts.value(1)));
}

QString GitSshServer::hostKeyFingerprint() const
{
    const ProcessRun run =
            runProgram(QStringLiteral("ssh-keygen"),
                       {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"),
                        QStringLiteral("-f"), m_hostKey + QStringLiteral(".pub")});
    return QString::fromUtf8(run.out).section(QLatin1Char(' '), 1, 1);
}

bool makeDemoClone(const QString &dir, QString *workdir, QString *remote, QString *error)
{
    const auto paths = ensureDemoFleet(dir);
    if (!paths) {
        *error = paths.errorMessage();
        return false;
    }
    *workdir = paths->workdir;
    *remote = paths->remote;
    for (const QStringList &args : {QStringList{"config", "user.name", "Quarterdeck Test"},
                                    QStringList{"config", "user.email", "qd@example.com"}}) {
        const ProcessRun run = git(*workdir, args);
        if (run.exitCode != 0) {
            *error = QString::fromUtf8(run.err);
            return false;
        }
    }
    return true;
}

bool makeServedDemoClone(const QString &dir, GitDaemon &daemon, QString *workdir, QString *remote,
                         QString *error)
{
    if (!makeDemoClone(dir, workdir, remote, error))
        return false;
    if (!daemon.start(dir)) {
        *error = daemon.error();
        return false;
    }
    for (const QStringList &args : {QStringList{"remote", "set-url", "origin",
                                                daemon.url(QStringLiteral("remote.git"))},
                                    QStringList{"fetch", "origin"}}) {
        const ProcessRun run = git(*workdir, args);
        if (run.exitCode != 0) {
            *error = QString::fromUtf8(run.err);
            return false;
        }
    }
    return true;
}

} // namespace qd::test
