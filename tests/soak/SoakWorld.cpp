#include "soak/SoakWorld.h"

#include "support/AlertmanagerServer.h"
#include "support/PrometheusServer.h"
#include "support/ServerProcess.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QThread>

namespace qd::test {

namespace {

constexpr qint64 Minute = 60;
constexpr int DownMs = 3000; // how long both servers stay away at each restart

QString gitError(const QStringList &args, const ProcessRun &run)
{
    return QStringLiteral("git %1: %2").arg(args.join(QLatin1Char(' ')),
                                            QString::fromUtf8(run.out + run.err).trimmed());
}

// The history both servers start from: a day of minutes, ending three hours ago, for each cluster.
QByteArray history(const QStringList &clusters)
{
    const qint64 end = (QDateTime::currentSecsSinceEpoch() / Minute - 180) * Minute;
    const qint64 begin = end - 24 * 60 * Minute;
    QList<OpenMetricsSeries> probes;
    QList<OpenMetricsSeries> infos;
    for (const QString &cluster : clusters) {
        OpenMetricsSeries probe{{{QStringLiteral("cluster"), cluster}}, {}};
        OpenMetricsSeries info{{{QStringLiteral("cluster"), cluster},
                                {QStringLiteral("version"), QStringLiteral("2.28.6")},
                                {QStringLiteral("status"), QStringLiteral("OK")}},
                               {}};
        for (qint64 t = begin; t <= end; t += Minute) {
            // One failed check an hour, so the SLO pane has a budget to draw.
            probe.samples.append({t, (t / Minute) % 60 == 7 ? 0.0 : 1.0});
            info.samples.append({t, 1.0});
        }
        probes << probe;
        infos << info;
    }
    // Two families in one text: each ends with "# EOF\n", which goes once at the very end.
    return openMetricsGauge(QStringLiteral("probe_success"), probes).chopped(6)
            + openMetricsGauge(QStringLiteral("kube_customresource_spinnakerservice_info"), infos);
}

QJsonArray openAlerts(const QStringList &clusters)
{
    QJsonArray alerts;
    const QDateTime since = QDateTime::currentDateTimeUtc().addSecs(-600);
    for (qsizetype i = 0; i < clusters.size(); i += 5) {
        alerts.append(AlertmanagerServer::alert(
                {{QStringLiteral("alertname"), QStringLiteral("GateDown")},
                 {QStringLiteral("cluster"), clusters.at(i)},
                 {QStringLiteral("severity"), i % 2 ? QStringLiteral("error")
                                                    : QStringLiteral("critical")}},
                since, {}, QStringLiteral("Gate is not serving")));
    }
    return alerts;
}

} // namespace

SoakActivity::~SoakActivity()
{
    stop();
}

void SoakActivity::launch(std::function<void()> body)
{
    m_thread.reset(QThread::create(std::move(body)));
    m_thread->start();
}

void SoakActivity::stop()
{
    m_stop = true;
    if (m_thread)
        m_thread->wait();
}

bool SoakActivity::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

QString SoakActivity::error() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

void SoakActivity::fail(const QString &message)
{
    QMutexLocker lock(&m_mutex);
    if (m_error.isEmpty())
        m_error = message;
}

bool SoakActivity::pause(int ms) const
{
    for (int waited = 0; waited < ms && !stopping(); waited += 100)
        QThread::msleep(100);
    return !stopping();
}

void GitCliPusher::start(const QString &workdir, const QList<VersionLine> &lines, int intervalMs)
{
    launch([this, workdir, lines, intervalMs] {
        for (int round = 0; pause(intervalMs); ++round) {
            if (!pushOne(workdir, lines.at(round % lines.size()), round))
                return;
            ++m_rounds;
        }
    });
}

QStringList GitCliPusher::subjects() const
{
    QMutexLocker lock(&m_subjectsMutex);
    return m_subjects;
}

bool GitCliPusher::pushOne(const QString &workdir, const VersionLine &line, int round)
{
    QFile file(QDir(workdir).filePath(line.file));
    if (!file.open(QIODevice::ReadOnly)) {
        fail(QStringLiteral("git CLI: cannot read %1").arg(file.fileName()));
        return false;
    }
    QList<QByteArray> lines = file.readAll().split('\n');
    file.close();
    const QString version = QStringLiteral("2.98.%1").arg(round);
    static const QRegularExpression value(QStringLiteral("version: \\S+"));
    const QString before = QString::fromUtf8(lines.value(line.line - 1));
    const QString after = QString(before).replace(value, QStringLiteral("version: ") + version);
    if (after == before)
        lines.clear(); // not a version line: refused below
    else
        lines[line.line - 1] = after.toUtf8();
    if (lines.isEmpty() || !file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(lines.join('\n')) < 0) {
        fail(QStringLiteral("git CLI: cannot set the version on %1:%2").arg(line.file).arg(line.line));
        return false;
    }
    file.close();
    const QString subject = QStringLiteral("Soak: the git CLI sets %1 to %2").arg(line.file, version);
    const QStringList commit{QStringLiteral("commit"), QStringLiteral("-qam"), subject};
    const ProcessRun committed = git(workdir, commit);
    if (committed.exitCode != 0) {
        fail(gitError(commit, committed));
        return false;
    }
    // The console pushes to the same branch: rebase onto what it pushed, as a colleague would.
    const QStringList push{QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                           QStringLiteral("HEAD:main")};
    const QStringList pull{QStringLiteral("pull"), QStringLiteral("-q"), QStringLiteral("--rebase"),
                           QStringLiteral("origin"), QStringLiteral("main")};
    ProcessRun pushed;
    for (int attempt = 0; attempt < 10 && !stopping(); ++attempt) {
        pushed = git(workdir, push);
        if (pushed.exitCode == 0) {
            QMutexLocker lock(&m_subjectsMutex);
            m_subjects << subject;
            return true;
        }
        const ProcessRun rebased = git(workdir, pull);
        if (rebased.exitCode != 0) {
            fail(gitError(pull, rebased));
            return false;
        }
    }
    if (!stopping())
        fail(gitError(push, pushed));
    return false;
}

void TelemetryRestarter::start(const QString &dataDir, quint16 prometheusPort,
                               quint16 alertmanagerPort, const QStringList &clusters,
                               int intervalMs)
{
    launch([this, dataDir, prometheusPort, alertmanagerPort, clusters, intervalMs] {
        // Made on this thread: their QProcesses belong to it.
        PrometheusServer prometheus;
        AlertmanagerServer alertmanager;
        const QString amDir = dataDir + QStringLiteral("/alertmanager");
        if (!prometheus.start(dataDir + QStringLiteral("/prometheus"), history(clusters),
                              prometheusPort)) {
            fail(QStringLiteral("Prometheus: ") + prometheus.error());
            return;
        }
        const QJsonArray alerts = openAlerts(clusters);
        if (!alertmanager.start(amDir, alertmanagerPort) || alertmanager.postAlerts(alerts) != 200) {
            fail(QStringLiteral("Alertmanager: ") + alertmanager.error());
            return;
        }
        m_up = true;
        while (pause(intervalMs)) {
            prometheus.stop();
            alertmanager.stop();
            if (!pause(DownMs))
                return;
            if (!prometheus.restart()) {
                fail(QStringLiteral("Prometheus did not start again: ") + prometheus.error());
                return;
            }
            // Alerts live in memory only: post them again, as Prometheus' rules would.
            if (!alertmanager.start(amDir, alertmanagerPort)
                || alertmanager.postAlerts(alerts) != 200) {
                fail(QStringLiteral("Alertmanager did not start again: ") + alertmanager.error());
                return;
            }
            ++m_rounds;
        }
    });
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

} // namespace qd::test
