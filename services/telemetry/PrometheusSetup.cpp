#include "services/telemetry/PrometheusSetup.h"

#include "services/Logging.h"
#include "services/telemetry/PrometheusClient.h"

namespace qd {

PrometheusClient *makePrometheusClient(const PrometheusSettings &settings, SecretStore *secrets,
                                       QObject *parent)
{
    if (settings.url.isEmpty())
        return nullptr;
    auto *client = new PrometheusClient(settings.url, parent);
    client->setTimeout(settings.timeoutMs);
    if (!settings.caFile.isEmpty()) {
        if (const auto ca = client->setCaFile(settings.caFile); !ca.ok())
            qCWarning(lcTelemetry) << ca.errorMessage();
    }
    if (settings.auth != PrometheusSettings::Auth::None) {
        const auto auth = settings.auth == PrometheusSettings::Auth::Bearer
                                  ? PrometheusClient::Auth::Bearer
                                  : PrometheusClient::Auth::Basic;
        client->setAuth(auth, settings.username, settings.secretKey, secrets);
    }
    return client;
}

} // namespace qd
