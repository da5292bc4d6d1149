#pragma once

#include "services/telemetry/SloService.h" // PrometheusSettings

class QObject;

namespace qd {

class PrometheusClient;
class SecretStore;

// A client for the settings' Prometheus, as the GUI's services use it: its timeout, its CA
// (one that cannot be read is logged and left out) and its credentials, read from the keychain
// through `secrets` before the first request. nullptr when the settings name no URL.
PrometheusClient *makePrometheusClient(const PrometheusSettings &settings, SecretStore *secrets,
                                       QObject *parent);

} // namespace qd
