#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>

namespace qd::test {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0 and read back).
quint16 freeTcpPort();

// True once something accepts connections on 127.0.0.1:port, waiting up to timeoutMs.
bool waitForPort(quint16 port, int timeoutMs = 10000);

// A server program started for one test and killed, by its own PID, when the object goes.
class ServerProcess
{
public:
    ServerProcess() = default;
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    // Starts and waits until the port accepts connections. On failure, error() says why.
    bool start(const QString &program,
               const QStringList &arguments,
               quint16 port,
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    void stop();
    bool isRunning() const;
    qint64 processId() const; // 0 when not running
    QString error() const { return m_error; }
    QByteArray output() const;

private:
    std::unique_ptr<QProcess> m_process;
    QString m_error;
};

// The result of running a program to the end.
struct ProcessRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ProcessRun
runProgram(const QString &program,
           const QStringList &arguments,
           const QString &workingDirectory = QString(),
           const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
           int timeoutMs = 120000);

// git with a fixed identity and no user or system config, so tests see the same git everywhere.
ProcessRun git(const QString &workingDirectory, const QStringList &arguments);
// What that git printed (stdout, then stderr), trimmed: for comparing with what a test expects.
QString gitOut(const QString &workingDirectory, const QStringList &arguments);
QProcessEnvironment gitEnvironment();

// A test's knob from the environment (QD_KILL_RUNS=200, say), or `fallback` when unset.
int envInt(const char *name, int fallback);

} // namespace qd::test
