#pragma once

#include "support/ServerProcess.h"
#include "support/WebConfig.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QUrl>

#include <optional>
#include <utility>

namespace qd::test {

// Samples of one series for OpenMetrics: (epoch seconds, value); a missing minute is a gap.
struct OpenMetricsSeries
{
    QMap<QString, QString> labels;
    QList<std::pair<qint64, double>> samples; // ascending times
};

// OpenMetrics text of one gauge family, as promtool wants it: seconds, sorted, "# EOF".
QByteArray openMetricsGauge(const QString &name, const QList<OpenMetricsSeries> &series);

// A real Prometheus on 127.0.0.1 (TESTING.md) whose history is backfilled with
// `promtool tsdb create-blocks-from openmetrics`, killed when the object goes.
// The lookback delta is 30 s so that a query at a minute sees exactly that minute's sample:
// gaps in the data show as "no data" minute for minute (the default 5 min would bridge them).
class PrometheusServer
{
public:
    // HTTPS and Basic auth on every endpoint. Set before start().
    using WebConfig = test::WebConfig;

    static QString program(); // empty when Prometheus or promtool is not installed

    void setWebConfig(const WebConfig &config) { m_web = config; }

    // Writes the blocks into dataDir/tsdb and starts; port 0 picks a free one.
    bool start(const QString &dataDir, const QByteArray &openMetrics, quint16 port = 0);
    // Starts again on the same port and data, after stop().
    bool restart();
    void stop();
    bool isRunning() const { return m_process.isRunning(); }
    QString error() const { return m_error; }
    quint16 port() const { return m_port; }
    QUrl url() const; // https:// with a WebConfig certificate; the host is 127.0.0.1

private:
    bool launch();
    WebConfig m_web;
    ServerProcess m_process;
    QString m_dataDir;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace qd::test
