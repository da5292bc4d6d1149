#include "BenchProcess.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace qd::bench {

QProcessEnvironment isolatedEnvironment(const QString &home, const QString &platform)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QStringList folders = {QStringLiteral("config"), QStringLiteral("data"),
                                 QStringLiteral("cache"), QStringLiteral("state"),
                                 QStringLiteral("runtime")};
    for (const QString &folder : folders)
        QDir().mkpath(home + QLatin1Char('/') + folder);
    QFile::setPermissions(home + QStringLiteral("/runtime"),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
    environment.insert(QStringLiteral("XDG_STATE_HOME"), home + QStringLiteral("/state"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/runtime"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    return environment;
}

namespace {

QString tailOf(const QString &logFile)
{
    QFile file(logFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    return QString::fromLocal8Bit(bytes.right(600)).trimmed();
}

} // namespace

ChildRun runChild(const QString &program, const QStringList &arguments,
                  const QProcessEnvironment &environment, const QString &logFile, int timeoutMs,
                  const QByteArray &marker)
{
    ChildRun run;
    std::vector<QByteArray> storage;
    storage.push_back(program.toLocal8Bit());
    for (const QString &argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    const qsizetype argumentCount = qsizetype(storage.size());
    for (const QString &entry : environment.toStringList())
        storage.push_back(entry.toLocal8Bit());
    std::vector<char *> argv;
    std::vector<char *> envp;
    for (qsizetype i = 0; i < qsizetype(storage.size()); ++i)
        (i < argumentCount ? argv : envp).push_back(storage[std::size_t(i)].data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);

    int outPipe[2] = {-1, -1};
    if (pipe2(outPipe, O_CLOEXEC) != 0) {
        run.error = QStringLiteral("pipe: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return run;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const QByteArray log = logFile.toLocal8Bit();
    posix_spawn_file_actions_addopen(&actions, 2, log.constData(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1);

    const auto start = std::chrono::steady_clock::now();
    const auto elapsedMs = [start] {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
    };
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(outPipe[1]);
    if (spawned != 0) {
        close(outPipe[0]);
        run.error = QStringLiteral("cannot start %1: %2")
                            .arg(program, QString::fromLocal8Bit(strerror(spawned)));
        return run;
    }

    // Wait for the child's output (and so the marker) or its end, whichever comes first; the
    // 1 ms poll bounds how late the exit is noticed.
    QByteArray output;
    int status = 0;
    rusage usage{};
    pid_t waited = 0;
    bool outputOpen = true;
    while ((waited = wait4(pid, &status, WNOHANG, &usage)) == 0 && elapsedMs() < timeoutMs) {
        if (!outputOpen) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            continue;
        }
        pollfd readable{outPipe[0], POLLIN, 0};
        if (poll(&readable, 1, 1) <= 0)
            continue;
        char buffer[4096];
        const ssize_t bytes = read(outPipe[0], buffer, sizeof buffer);
        if (bytes <= 0) {
            outputOpen = false;
            continue;
        }
        output.append(buffer, bytes);
        if (run.markerMs < 0 && !marker.isEmpty() && output.contains(marker))
            run.markerMs = elapsedMs();
    }
    run.wallMs = elapsedMs();
    close(outPipe[0]);
    if (waited == 0) {
        kill(pid, SIGKILL);
        wait4(pid, &status, 0, &usage);
        run.error = QStringLiteral("%1 did not exit within %2 s; its output: %3")
                            .arg(program)
                            .arg(timeoutMs / 1000)
                            .arg(tailOf(logFile));
        return run;
    }
    run.maxRssKiB = usage.ru_maxrss;
    if (WIFEXITED(status)) {
        run.exitCode = WEXITSTATUS(status);
        run.finished = true;
        if (run.exitCode != 0) {
            run.error = QStringLiteral("%1 exited with %2; its output: %3")
                                .arg(program)
                                .arg(run.exitCode)
                                .arg(tailOf(logFile));
        }
    } else {
        run.error = QStringLiteral("%1 was killed by signal %2; its output: %3")
                            .arg(program)
                            .arg(WIFSIGNALED(status) ? WTERMSIG(status) : 0)
                            .arg(tailOf(logFile));
    }
    return run;
}

} // namespace qd::bench
