#pragma once

#include "models/Result.h"
#include "services/AppSettings.h"

#include <QUrl>

namespace qd {
class AlertmanagerClient;
class PrometheusClient;
class SecretStore;
} // namespace qd

namespace qd::cli {

// The live sources as the GUI's settings describe them (services/AppSettings: CA, timeout, kind
// of authentication); credentials come from the keychain only.
Result<void> configurePrometheus(PrometheusClient &client, SecretStore &secrets);
Result<void> configureAlertmanager(AlertmanagerClient &client, const QUrl &url,
                                   const AlertmanagerSettings &settings, int timeoutSecs,
                                   SecretStore &secrets);

} // namespace qd::cli
