#pragma once

#include "services/AppSettings.h"

#include <QObject>

namespace qd {

class AlertmanagerClient;
class IncidentService;
class SecretStore;
class SloService;

// Puts the settings' live sources to work, at start and whenever the settings change, without a
// restart: the SLO service's Prometheus; Alertmanager's URL, CA, timeout, severity map and
// credentials (read from the keychain asynchronously before polling starts); without an
// Alertmanager, the incident journal. Git settings need nothing here: the change service reads
// them before every commit, push and fetch.
class LiveSources : public QObject
{
    Q_OBJECT
public:
    // The services are used, not owned; they must outlive this object.
    LiveSources(SloService *slo,
                AlertmanagerClient *alertmanager,
                IncidentService *incidents,
                QObject *parent = nullptr);

    void apply(const AppSettings &settings);
    AppSettings current() const { return m_settings; }

signals:
    // Alertmanager is configured again and its polling has started (credentials loaded).
    void incidentsPolling();
    // Something in the settings could not be used (a CA file, a missing keychain entry).
    void problem(const QString &message);

private:
    void applyAlertmanager(const AlertmanagerSettings &settings);

    SloService *m_slo;
    AlertmanagerClient *m_alertmanager;
    IncidentService *m_incidents;
    SecretStore *m_secrets;
    AppSettings m_settings;
    quint64 m_generation = 0; // drops keychain answers for settings applied since
};

} // namespace qd
