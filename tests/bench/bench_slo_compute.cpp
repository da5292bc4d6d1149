// SLO computation throughput: 30 days x 1 minute x 1,000 clusters (docs/benchmarks.md).
#include "BenchReport.h"
#include "models/Slo.h"

#include <QElapsedTimer>

#include <random>

using namespace qd;

int main()
{
    constexpr int kClusters = 1000;
    constexpr qint64 kMinutes = 30 * 1440;
    const qint64 from = 1'790'000'000 / 60 * 60;
    const qint64 to = from + (kMinutes - 1) * 60;

    // A month per cluster with outages, flapping and gaps; one series each (172 MB of floats),
    // so the computation reads memory as it would for a real fleet, not a cached series.
    std::mt19937 rng(42);
    std::uniform_int_distribution<qint64> minute(0, kMinutes - 100);
    std::vector<slo::SampleSeries> fleet(kClusters);
    for (slo::SampleSeries &s : fleet) {
        s.start = from;
        s.values.assign(kMinutes, 1.0f);
        for (int i = 0; i < 20; ++i)
            s.values[size_t(minute(rng))] = 0.0f;
        const qint64 gap = minute(rng);
        std::fill_n(s.values.begin() + gap, 30, slo::SampleSeries::noData());
        const qint64 flap = minute(rng);
        for (qint64 m = flap; m < flap + 60; m += 2)
            s.values[size_t(m)] = 0.0f;
    }
    const QList<slo::Interval> maintenance{{from + 86400, from + 86400 + 7200},
                                           {from + 20 * 86400, from + 20 * 86400 + 3600}};

    QList<double> rates;
    double checksum = 0;
    for (int round = 0; round < 7; ++round) {
        QElapsedTimer timer;
        timer.start();
        for (const slo::SampleSeries &s : fleet) {
            const slo::SloSummary summary = slo::computeSlo(s, from, to, 99.9, maintenance);
            checksum += summary.availability.value_or(0);
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        rates.append(double(kClusters) * double(kMinutes) / seconds / 1e6);
    }
    bench::printDetail(QStringLiteral("computeSlo (availability, budget, 5 burn rates, 3 alert "
                                      "pairs) per round, M samples/s: %1; checksum %2")
                               .arg(bench::formatSeries(rates, 0))
                               .arg(checksum, 0, 'f', 3));
    const double measured = bench::median(rates);
    bench::printResult(QStringLiteral("SLO computation, 30 d x 1 min x 1,000 clusters (median of 7)"),
                       QStringLiteral("%1 M samples/s").arg(measured, 0, 'f', 0),
                       QStringLiteral(">= 100 M samples/s"), 100.0 / measured,
                       measured >= 100.0 ? bench::Verdict::Pass : bench::Verdict::Fail);
    return 0;
}
