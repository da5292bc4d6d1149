#pragma once

#include "models/ZoneLiveState.h"
#include "services/telemetry/PrometheusClient.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>

namespace qd {

// What a zone really runs, from Prometheus: the info query (Settings' "spinnakerInfo" template,
// kube_customresource_spinnakerservice_info{cluster="$cluster"} by default) over the last
// `lookback` seconds at kInfoStep, reduced by liveStateFromSamples. A sample older than
// kInfoStaleAfter, no sample, or Prometheus failing gives an unknown state saying why.
constexpr qint64 kInfoStep = 60;
constexpr qint64 kInfoStaleAfter = 5 * 60;

// The info metric's series as samples: each series' `version` and `status` labels at each time
// it has a non-zero value.
QList<InfoSample> infoSamplesFromSeries(const QList<PromSeries> &series);

void readZoneLiveState(PrometheusClient &client, const QString &cluster, qint64 now,
                       qint64 lookback, QObject *context,
                       std::function<void(const ZoneLiveState &)> done);

} // namespace qd
