#include "support/ServerProcess.h"

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace qd::test {

quint16 freeTcpPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

bool waitForPort(quint16 port, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(200))
            return true;
        // The server is still starting: there is no signal to wait for from another process.
        QThread::msleep(20);
    }
    return false;
}

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(const QString &program,
                          const QStringList &arguments,
                          quint16 port,
                          const QProcessEnvironment &environment)
{
    stop();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(environment);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(program, arguments);
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("%1 did not start: %2").arg(program, m_process->errorString());
        return false;
    }
    if (!waitForPort(port)) {
        m_process->waitForReadyRead(100);
        m_error = QStringLiteral("%1 does not listen on port %2: %3")
                          .arg(program)
                          .arg(port)
                          .arg(QString::fromUtf8(m_process->readAll()));
        stop();
        return false;
    }
    return true;
}

void ServerProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill(); // this process's own PID only
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

qint64 ServerProcess::processId() const
{
    return isRunning() ? m_process->processId() : 0;
}

QByteArray ServerProcess::output() const
{
    return m_process ? m_process->readAll() : QByteArray();
}

ProcessRun runProgram(const QString &program,
                      const QStringList &arguments,
                      const QString &workingDirectory,
                      const QProcessEnvironment &environment,
                      int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    ProcessRun run;
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished(2000);
        // What it wrote before it crashed or hung (a sanitizer's report, a Qt fatal) says why.
        run.err = QStringLiteral("%1 did not finish: %2\n")
                          .arg(program, process.errorString())
                          .toUtf8()
                  + process.readAllStandardError().right(4000);
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QProcessEnvironment gitEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    environment.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("Git Cli"));
    environment.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("cli@example.com"));
    environment.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("Git Cli"));
    environment.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("cli@example.com"));
    environment.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    return environment;
}

ProcessRun git(const QString &workingDirectory, const QStringList &arguments)
{
    return runProgram(QStringLiteral("git"), arguments, workingDirectory, gitEnvironment());
}

QString gitOut(const QString &workingDirectory, const QStringList &arguments)
{
    const ProcessRun run = git(workingDirectory, arguments);
    return QString::fromUtf8(run.out + run.err).trimmed();
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

} // namespace qd::test
