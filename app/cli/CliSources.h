#pragma once

#include "models/Result.h"
#include "services/AppSettings.h"

#include "services/incidents/IncidentService.h"
#include "services/telemetry/AlertmanagerClient.h"

#include <QCommandLineParser>
#include <QUrl>

#include <memory>

#include "services/telemetry/PrometheusClient.h"

namespace qd {
class SecretStore;
} // namespace qd

namespace qd::cli {

class CommandParser;

// The live sources as the GUI's settings describe them (services/AppSettings: CA, timeout, kind
// of authentication); credentials come from the keychain only.
Result<void> configurePrometheus(PrometheusClient &client, SecretStore &secrets);
Result<void> configureAlertmanager(AlertmanagerClient &client, const QUrl &url,
                                   const AlertmanagerSettings &settings, int timeoutSecs,
                                   SecretStore &secrets);

// Alertmanager's incidents for commands that read them once: a client and the IncidentService
// polling it with the settings' rules and the fleet's calendars and clusters.
struct AlertSource
{
    AlertmanagerClient client;
    std::unique_ptr<IncidentService> incidents; // null: no Alertmanager URL
};
// An empty `url`: no source (incidents stays null), not an error.
Result<void> openAlertSource(AlertSource &source, const QUrl &url, const FleetSnapshot &fleet,
                             SecretStore &secrets);

// --prometheus URL and --alertmanager URL, each defaulting to the settings' URL.
void addLiveSourceOptions(CommandParser &command);
// What those options (or the settings) name: a configured Prometheus client, null without a URL,
// and Alertmanager's incidents (AlertSource).
struct LiveSources
{
    std::unique_ptr<PrometheusClient> prometheus;
    AlertSource alerts;
};
Result<void> openLiveSources(LiveSources &sources, const QCommandLineParser &parser,
                             const FleetSnapshot &fleet, SecretStore &secrets);

} // namespace qd::cli
