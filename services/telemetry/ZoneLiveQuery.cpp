#include "services/telemetry/ZoneLiveQuery.h"

#include <cmath>

namespace qd {

QList<InfoSample> infoSamplesFromSeries(const QList<PromSeries> &series)
{
    QList<InfoSample> samples;
    for (const PromSeries &one : series) {
        const QString version = one.labels.value(QStringLiteral("version"));
        const OperatorStatus status = operatorStatusFromName(one.labels.value(QStringLiteral("status")));
        for (size_t i = 0; i < one.times.size(); ++i) {
            if (std::isnan(one.values[i]) || one.values[i] == 0)
                continue;
            samples.append({one.times[i], version, status});
        }
    }
    return samples;
}

void readZoneLiveState(PrometheusClient &client, const QString &cluster, qint64 now,
                       qint64 lookback, QObject *context,
                       std::function<void(const ZoneLiveState &)> done)
{
    const QString query = expandQuery(QueryKind::SpinnakerInfo, cluster);
    // On the step grid, so that consecutive samples are exactly one step apart.
    const qint64 to = now - now % kInfoStep;
    const qint64 from = to - lookback + lookback % kInfoStep;
    client.queryRange(query, from, to, kInfoStep, context,
                      [query, now, done = std::move(done)](Result<QList<PromSeries>> result) {
                          ZoneLiveState live;
                          if (!result) {
                              live.unknownReason = result.errorMessage();
                          } else {
                              live = liveStateFromSamples(infoSamplesFromSeries(*result),
                                                          kInfoStep, now, kInfoStaleAfter);
                          }
                          live.source = query;
                          done(live);
                      });
}

} // namespace qd
