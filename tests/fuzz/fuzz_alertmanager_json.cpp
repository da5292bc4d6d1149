// Alertmanager's API v2 bodies (alerts, alert groups, silences) and the incidents made of them.
// The input is read as each of the three bodies. Properties: a refusal says why; the incidents
// made of what was read are open or acknowledged (Alertmanager reports only what fires), each
// holds alerts that were read and no alert (of a body that names each once) is in two
// incidents, and no response is due before
// its incident opened.
#include "FuzzSupport.h"

#include "models/Incident.h"
#include "services/telemetry/AlertmanagerClient.h"

#include <QSet>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto alerts = qd::parseAlerts(json);
    const auto groups = qd::parseAlertGroups(json);
    const auto silences = qd::parseSilences(json);
    for (const QString &refusal : {alerts ? QString() : alerts.errorMessage(),
                                   groups ? QString() : groups.errorMessage(),
                                   silences ? QString() : silences.errorMessage()})
        qd::fuzz::check(refusal.isNull() || !refusal.isEmpty(), "a refusal says why");

    QList<qd::Alert> all = alerts ? *alerts : QList<qd::Alert>();
    if (groups) {
        for (const qd::AlertGroup &group : *groups)
            all += group.alerts;
    }
    QSet<QString> read;
    for (const qd::Alert &alert : all)
        read.insert(alert.fingerprint);
    const QList<qd::Incident> incidents = qd::incidentsFromAlerts(
            all, silences ? *silences : QList<qd::Silence>(), qd::FleetSnapshot{}, qd::IncidentRules{});
    // Alertmanager gives each alert once; an input that repeats a fingerprint proves nothing here.
    const bool eachAlertOnce = read.size() == all.size();
    QSet<QString> placed;
    for (const qd::Incident &incident : incidents) {
        qd::fuzz::check(incident.state != qd::IncidentState::Resolved && !incident.resolvedAt.isValid(),
                        "an incident made of firing alerts is not resolved", incident.id);
        qd::fuzz::check(!incident.openedAt.isValid() || !incident.responseDueAt.isValid()
                                || incident.responseDueAt >= incident.openedAt,
                        "no response is due before its incident opened", incident.id);
        for (const QString &fingerprint : incident.fingerprints) {
            qd::fuzz::check(read.contains(fingerprint), "an incident holds only alerts that were read",
                            fingerprint);
            qd::fuzz::check(!eachAlertOnce || !placed.contains(fingerprint),
                            "no alert is in two incidents", fingerprint);
            placed.insert(fingerprint);
        }
    }
    return 0;
}
