#pragma once

#include "models/Fleet.h"
#include "models/Result.h"

#include <QDateTime>
#include <QString>

namespace qd {

// The demo's telemetry store: DIR/telemetry.sqlite beside the demo fleet's DIR/work.
QString demoTelemetryStorePath(const QString &demoDir);

// Seeds `storePath` with `days` of generated SLI samples up to `now` for every Red and Green
// zone of `fleet`: short outages, flapping, scrape gaps, downtime inside the maintenance windows,
// and one customer (initech, or the third) whose Green zone breaks its SLA in a month of the range.
// Deterministic: a minute's value depends only on the cluster and the minute, so seeding again
// later reproduces the same past. One transaction; well under a second for the demo fleet.
Result<void> seedDemoTelemetry(const FleetSnapshot &fleet, const QString &storePath,
                               const QDateTime &now, int days = 90);

// The customer whose Green zone the demo makes break its SLA.
QString demoSlaBreakerId(const FleetSnapshot &fleet);

} // namespace qd
