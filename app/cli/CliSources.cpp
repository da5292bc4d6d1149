#include "app/cli/CliSources.h"

#include "app/cli/CommandParser.h"
#include "services/secrets/SecretStore.h"
#include "services/telemetry/AlertmanagerClient.h"
#include "services/telemetry/PrometheusClient.h"

namespace qd::cli {

Result<void> configurePrometheus(PrometheusClient &client, SecretStore &secrets)
{
    const PrometheusSettings settings = AppSettings::load().prometheus;
    client.setTimeout(settings.timeoutMs);
    if (!settings.caFile.isEmpty()) {
        if (auto added = client.setCaFile(settings.caFile); !added.ok())
            return added.error();
    }
    if (settings.auth == PrometheusSettings::Auth::None)
        return {};
    const auto secret = secrets.readBlocking(prometheusSecretKey(client.baseUrl()));
    if (!secret.ok())
        return Error{QStringLiteral("no Prometheus credentials in the keychain: %1")
                             .arg(secret.errorMessage())};
    client.setCredentials(settings.auth == PrometheusSettings::Auth::Basic
                                  ? PrometheusClient::Auth::Basic
                                  : PrometheusClient::Auth::Bearer,
                          settings.username, secret.value());
    return {};
}

Result<void> configureAlertmanager(AlertmanagerClient &client, const QUrl &url,
                                   const AlertmanagerSettings &settings, int timeoutSecs,
                                   SecretStore &secrets)
{
    client.setBaseUrl(url);
    client.setTimeout(std::chrono::seconds(timeoutSecs));
    if (auto ca = client.setCaFile(settings.caFile); !ca)
        return ca.error();
    if (settings.auth == HttpAuth::None)
        return {};
    const auto secret = secrets.readBlocking(alertmanagerSecretKey(url));
    if (!secret)
        return Error{QStringLiteral("no Alertmanager credentials in the keychain: %1")
                             .arg(secret.errorMessage())};
    client.setAuthorization(authorizationHeader(settings.auth, settings.username, secret.value()));
    return {};
}

Result<void> openAlertSource(AlertSource &source, const QUrl &url, const FleetSnapshot &fleet,
                             SecretStore &secrets)
{
    if (url.isEmpty())
        return {};
    if (!url.isValid())
        return Error{QStringLiteral("'%1' is not an Alertmanager URL").arg(url.toString())};
    const AlertmanagerSettings settings = AppSettings::load().alertmanager;
    const int timeoutSecs = std::max(1, settings.timeoutMs / 1000);
    if (auto configured = configureAlertmanager(source.client, url, settings, timeoutSecs, secrets);
        !configured)
        return configured;
    source.incidents = std::make_unique<IncidentService>(&source.client);
    source.incidents->setRules(settings.rules);
    source.incidents->setFleet(fleet);
    return {};
}

void addLiveSourceOptions(CommandParser &parser)
{
    parser.addOption({QStringLiteral("prometheus"),
                      QStringLiteral("Prometheus base URL (default: the settings')."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("alertmanager"),
                      QStringLiteral("Alertmanager base URL (default: the settings')."),
                      QStringLiteral("URL")});
}

Result<void> openLiveSources(LiveSources &sources, const QCommandLineParser &parser,
                             const FleetSnapshot &fleet, SecretStore &secrets)
{
    const AppSettings settings = AppSettings::load();
    const auto urlOf = [&](const QString &option, const QUrl &fallback) {
        return parser.isSet(option) ? QUrl::fromUserInput(parser.value(option)) : fallback;
    };
    const QUrl prometheusUrl = urlOf(QStringLiteral("prometheus"), settings.prometheus.url);
    if (prometheusUrl.isValid() && !prometheusUrl.isEmpty()) {
        sources.prometheus = std::make_unique<PrometheusClient>(prometheusUrl);
        if (auto configured = configurePrometheus(*sources.prometheus, secrets); !configured)
            return configured;
    }
    return openAlertSource(sources.alerts,
                           urlOf(QStringLiteral("alertmanager"), settings.alertmanager.url), fleet,
                           secrets);
}

} // namespace qd::cli
