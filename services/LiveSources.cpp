#include "services/LiveSources.h"

#include "services/Logging.h"
#include "services/incidents/IncidentService.h"
#include "services/secrets/SecretStore.h"
#include "services/telemetry/AlertmanagerClient.h"
#include "services/telemetry/SloService.h"

namespace qd {

LiveSources::LiveSources(SloService *slo,
                         AlertmanagerClient *alertmanager,
                         IncidentService *incidents,
                         QObject *parent)
    : QObject(parent)
    , m_slo(slo)
    , m_alertmanager(alertmanager)
    , m_incidents(incidents)
    , m_secrets(new SecretStore(QStringLiteral("Quarterdeck"), this))
{}

void LiveSources::apply(const AppSettings &settings)
{
    m_settings = settings;
    // Always anew: a token changed in the keychain is read again only by a new client.
    if (m_slo)
        m_slo->setPrometheus(settings.prometheus);
    if (m_incidents)
        applyAlertmanager(settings.alertmanager);
}

void LiveSources::applyAlertmanager(const AlertmanagerSettings &settings)
{
    const quint64 generation = ++m_generation;
    m_incidents->setRules(settings.rules);
    if (settings.url.isEmpty()) {
        m_alertmanager->setBaseUrl({});
        m_alertmanager->setAuthorization({});
        m_incidents->showJournal();
        return;
    }
    m_incidents->stop();
    m_alertmanager->setBaseUrl(settings.url);
    m_alertmanager->setTimeout(std::chrono::milliseconds(settings.timeoutMs));
    if (const auto ca = m_alertmanager->setCaFile(settings.caFile); !ca.ok()) {
        qCWarning(lcIncidents).noquote() << ca.errorMessage();
        emit problem(ca.errorMessage());
    }
    m_alertmanager->setAuthorization({});
    if (settings.auth == HttpAuth::None) {
        m_incidents->start();
        emit incidentsPolling();
        return;
    }
    // The keychain answers later; polling starts once the credentials are in place.
    m_secrets->read(
            settings.secretKey(), this, [this, settings, generation](Result<QString> secret) {
                if (generation != m_generation)
                    return;
                if (secret.ok()) {
                    m_alertmanager->setAuthorization(
                            authorizationHeader(settings.auth, settings.username, secret.value()));
                } else {
                    const QString message = QStringLiteral("Alertmanager credentials: %1")
                                                    .arg(secret.errorMessage());
                    qCWarning(lcIncidents).noquote() << message;
                    emit problem(message);
                }
                m_incidents->start();
                emit incidentsPolling();
            });
}

} // namespace qd
