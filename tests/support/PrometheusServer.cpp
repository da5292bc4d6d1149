#include "support/PrometheusServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QThread>

namespace qd::test {

QByteArray openMetricsGauge(const QString &name, const QList<OpenMetricsSeries> &series)
{
    QByteArray out = "# TYPE " + name.toUtf8() + " gauge\n";
    for (const OpenMetricsSeries &s : series) {
        QStringList labels;
        for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
            labels << QStringLiteral("%1=\"%2\"").arg(it.key(), it.value());
        const QByteArray prefix = name.toUtf8() + '{' + labels.join(QLatin1Char(',')).toUtf8()
                + "} ";
        for (const auto &[t, v] : s.samples)
            out += prefix + QByteArray::number(v) + ' ' + QByteArray::number(t) + '\n';
    }
    return out + "# EOF\n";
}

QString PrometheusServer::program()
{
    if (QStandardPaths::findExecutable(QStringLiteral("promtool")).isEmpty())
        return {};
    return QStandardPaths::findExecutable(QStringLiteral("prometheus"));
}

bool PrometheusServer::start(const QString &dataDir, const QByteArray &openMetrics, quint16 port)
{
    m_dataDir = dataDir;
    m_port = port ? port : freeTcpPort();
    QDir().mkpath(dataDir);
    QFile data(dataDir + QStringLiteral("/data.om"));
    QFile config(dataDir + QStringLiteral("/prometheus.yml"));
    if (!data.open(QIODevice::WriteOnly) || data.write(openMetrics) != openMetrics.size()
        || !config.open(QIODevice::WriteOnly)
        || config.write("global: {scrape_interval: 15s}\nscrape_configs: []\n") < 0) {
        m_error = QStringLiteral("cannot write into %1").arg(dataDir);
        return false;
    }
    data.close();
    config.close();
    // 744 h blocks: a month of history in one block, in well under a second (TESTING.md).
    const ProcessRun blocks = runProgram(
            QStringLiteral("promtool"),
            {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"),
             QStringLiteral("openmetrics"), QStringLiteral("--max-block-duration=744h"),
             data.fileName(), dataDir + QStringLiteral("/tsdb")});
    if (blocks.exitCode != 0) {
        m_error = QStringLiteral("promtool: %1").arg(QString::fromUtf8(blocks.out + blocks.err));
        return false;
    }
    return launch();
}

bool PrometheusServer::launch()
{
    QStringList args{QStringLiteral("--config.file=%1/prometheus.yml").arg(m_dataDir),
                     QStringLiteral("--storage.tsdb.path=%1/tsdb").arg(m_dataDir),
                     QStringLiteral("--storage.tsdb.retention.time=3650d"),
                     QStringLiteral("--query.lookback-delta=30s"),
                     QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port)};
    QString writeError;
    const QString webConfig = m_web.write(m_dataDir, &writeError);
    if (!writeError.isEmpty()) {
        m_error = writeError;
        return false;
    }
    if (!webConfig.isEmpty())
        args << QStringLiteral("--web.config.file=%1").arg(webConfig);
    if (!m_process.start(program(), args, m_port)) {
        m_error = m_process.error();
        return false;
    }
    // The port opens before the TSDB is loaded: wait for /-/ready.
    QNetworkAccessManager network;
    const QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired()) {
        QEventLoop loop;
        const QUrl ready = url().resolved(QUrl(QStringLiteral("/-/ready")));
        QNetworkRequest request(ready);
        m_web.prepare(request);
        QNetworkReply *reply = network.get(request);
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        if (status == 200)
            return true;
        QThread::msleep(50); // another process: nothing to wait on but time
    }
    m_error = QStringLiteral("Prometheus not ready: %1").arg(QString::fromUtf8(m_process.output()));
    return false;
}

bool PrometheusServer::restart()
{
    return launch();
}

void PrometheusServer::stop()
{
    m_process.stop();
}

QUrl PrometheusServer::url() const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(m_web.scheme()).arg(m_port));
}

} // namespace qd::test
