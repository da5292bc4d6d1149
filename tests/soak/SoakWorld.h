#pragma once

#include <QMutex>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace qd::test {

// One line of a file that a soak client rewrites: the version line of a zone's patch.
struct VersionLine
{
    QString file; // relative to the clone's root
    int line = 0; // counted from 1
};

// Something the soak runs beside the console on a thread of its own, until stop(): what it did and
// the first thing that went wrong, read from the test's thread.
class SoakActivity
{
public:
    virtual ~SoakActivity();
    void stop(); // asks the thread to end, and waits for it
    bool isRunning() const;
    QString error() const;
    int rounds() const { return m_rounds.load(); }

protected:
    void launch(std::function<void()> body);
    void fail(const QString &message);
    // Sleeps up to `ms`, in short steps; false as soon as stop() was asked.
    bool pause(int ms) const;
    bool stopping() const { return m_stop.load(); }
    std::atomic<int> m_rounds{0};

private:
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_stop{false};
    mutable QMutex m_mutex;
    QString m_error;
};

// A colleague with the git CLI: every `intervalMs`, rewrites the next of `lines` in its own clone
// to a version of its own, commits, and pushes to the shared remote (rebasing onto the console's
// pushes when the remote moved on). subjects() lists every commit it pushed.
class GitCliPusher : public SoakActivity
{
public:
    void start(const QString &workdir, const QList<VersionLine> &lines, int intervalMs);
    QStringList subjects() const;

private:
    bool pushOne(const QString &workdir, const VersionLine &line, int round);
    mutable QMutex m_subjectsMutex;
    QStringList m_subjects;
};

// A real Prometheus (its history backfilled for `clusters`: probe_success and the operator's
// info metric) and a real Alertmanager (an open alert for some of `clusters`), on the given ports,
// both killed and started again every `intervalMs` with a few seconds down in between.
class TelemetryRestarter : public SoakActivity
{
public:
    void start(const QString &dataDir, quint16 prometheusPort, quint16 alertmanagerPort,
               const QStringList &clusters, int intervalMs);
    // True once both servers have answered for the first time.
    bool isUp() const { return m_up.load(); }

private:
    std::atomic<bool> m_up{false};
};

// This process's resident set (VmRSS), in KiB; 0 when /proc does not say.
qint64 residentKiB();

} // namespace qd::test
