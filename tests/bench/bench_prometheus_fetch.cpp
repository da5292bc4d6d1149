// A 30-day range of 200 clusters fetched and parsed by PrometheusClient vs `promtool query
// range` for the same query, against one real Prometheus, in the same run (docs/benchmarks.md).
#include "BenchReport.h"
#include "services/telemetry/PrometheusClient.h"
#include "support/PrometheusServer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>

using namespace qd;

namespace {

constexpr int kClusters = 200;
constexpr qint64 kMinutes = 30 * 1440;

QByteArray history(qint64 from)
{
    QByteArray out = "# TYPE probe_success gauge\n";
    out.reserve(kClusters * kMinutes * 48);
    for (int c = 0; c < kClusters; ++c) {
        const QByteArray prefix = "probe_success{cluster=\"c" + QByteArray::number(c) + "-green\"} ";
        for (qint64 m = 0; m < kMinutes; ++m) {
            out += prefix;
            out += (m + c) % 997 == 0 ? "0 " : "1 ";
            out += QByteArray::number(from + m * 60);
            out += '\n';
        }
    }
    return out + "# EOF\n";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString name = QStringLiteral("Prometheus fetch + parse, 30 d x 200 clusters, vs promtool "
                                        "query range (median of 5 ratios)");
    if (test::PrometheusServer::program().isEmpty()) {
        bench::printResult(name, QStringLiteral("-"), QStringLiteral("<= 1.00x"), 0,
                           bench::Verdict::NotMeasured);
        return 0;
    }
    QTemporaryDir dir;
    const qint64 now = QDateTime::currentSecsSinceEpoch() / 86400 * 86400;
    const qint64 from = now - 31 * 86400;
    const qint64 to = from + (kMinutes - 1) * 60;
    QElapsedTimer setup;
    setup.start();
    test::PrometheusServer prometheus;
    if (!prometheus.start(dir.filePath(QStringLiteral("prom")), history(from))) {
        bench::printDetail(prometheus.error());
        bench::printResult(name, QStringLiteral("-"), QStringLiteral("<= 1.00x"), 0,
                           bench::Verdict::NotMeasured);
        return 0;
    }
    bench::printDetail(QStringLiteral("%1 samples backfilled and Prometheus ready in %2 ms")
                               .arg(kClusters * kMinutes)
                               .arg(setup.elapsed()));

    // promtool accepts at most 11,000 points per series in one call: both use a 300 s step
    // (8,640 points x 200 series = 1.7 M points, about 60 MB of JSON).
    const qint64 step = 300;
    PrometheusClient client(prometheus.url());
    client.setTimeout(120000);
    const auto fetch = [&](qint64 s) {
        QEventLoop loop;
        qsizetype points = -1;
        client.queryRange(QStringLiteral("probe_success"), from, to, s, &loop,
                          [&](Result<QList<PromSeries>> r) {
                              if (r.ok()) {
                                  points = 0;
                                  for (const PromSeries &series : r.value())
                                      points += qsizetype(series.times.size());
                              } else {
                                  bench::printDetail(r.errorMessage());
                              }
                              loop.quit();
                          });
        loop.exec();
        return points;
    };
    const auto promtool = [&] {
        test::ProcessRun run = test::runProgram(
                QStringLiteral("promtool"),
                {QStringLiteral("query"), QStringLiteral("range"),
                 QStringLiteral("--start=%1").arg(from), QStringLiteral("--end=%1").arg(to),
                 QStringLiteral("--step=%1s").arg(step), prometheus.url().toString(),
                 QStringLiteral("probe_success")});
        return run.exitCode == 0 ? run.out.size() : -1;
    };
    fetch(step); // warm-up: Prometheus's caches
    promtool();
    QList<double> ours;
    QList<double> theirs;
    QList<double> ratios;
    for (int round = 0; round < 5; ++round) {
        double a = 0;
        double b = 0;
        for (int order = 0; order < 2; ++order) {
            QElapsedTimer timer;
            timer.start();
            if ((order == 0) == (round % 2 == 0)) {
                if (fetch(step) != kClusters * (kMinutes * 60 / step))
                    bench::printDetail(QStringLiteral("PrometheusClient: wrong point count"));
                a = double(timer.nsecsElapsed()) / 1e6;
            } else {
                if (promtool() < 0)
                    bench::printDetail(QStringLiteral("promtool failed"));
                b = double(timer.nsecsElapsed()) / 1e6;
            }
        }
        ours.append(a);
        theirs.append(b);
        ratios.append(a / b);
    }
    QElapsedTimer minute;
    minute.start();
    const qsizetype minutePoints = fetch(60);
    bench::printDetail(QStringLiteral("PrometheusClient at 60 s (5 chunks): %1 points in %2 ms")
                               .arg(minutePoints)
                               .arg(minute.elapsed()));
    bench::printDetail(QStringLiteral("PrometheusClient ms: %1; promtool ms: %2")
                               .arg(bench::formatSeries(ours), bench::formatSeries(theirs)));
    const double ratio = bench::median(ratios);
    bench::printResult(name,
                       QStringLiteral("%1x (%2 ms vs %3 ms)")
                               .arg(ratio, 0, 'f', 2)
                               .arg(bench::median(ours), 0, 'f', 0)
                               .arg(bench::median(theirs), 0, 'f', 0),
                       QStringLiteral("<= 1.00x"), ratio,
                       ratio <= 1.0 ? bench::Verdict::Pass : bench::Verdict::Fail);
    return 0;
}
