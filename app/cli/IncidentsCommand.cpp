// quarterdeck incidents --repo DIR --alertmanager URL [--json]: open incidents and their
// response-SLA clocks, from Alertmanager, with calendars and clusters from the config repo.
#include "app/cli/Cli.h"
#include "app/cli/CommandParser.h"
#include "services/AppSettings.h"
#include "services/config/FleetLoader.h"
#include "services/incidents/IncidentService.h"
#include "services/secrets/SecretStore.h"
#include "services/telemetry/AlertmanagerClient.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

namespace qd::cli {

namespace {

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

QJsonObject incidentJson(const Incident &i, const QDateTime &now)
{
    return QJsonObject{
            {QStringLiteral("id"), i.id},
            {QStringLiteral("customer"), i.customer},
            {QStringLiteral("zone"), i.zone},
            {QStringLiteral("priority"), priorityName(i.priority)},
            {QStringLiteral("title"), i.title},
            {QStringLiteral("openedAt"), timeOrNull(i.openedAt)},
            {QStringLiteral("acknowledgedAt"), timeOrNull(i.acknowledgedAt)},
            {QStringLiteral("responseDueAt"), timeOrNull(i.responseDueAt)},
            {QStringLiteral("resolvedAt"), timeOrNull(i.resolvedAt)},
            {QStringLiteral("state"), incidentStateName(i.state)},
            {QStringLiteral("breached"), i.isBreached(now)},
            {QStringLiteral("acknowledgedBy"), i.acknowledgedBy.isEmpty()
                                                       ? QJsonValue(QJsonValue::Null)
                                                       : QJsonValue(i.acknowledgedBy)},
            {QStringLiteral("secondsLeft"), i.respondedAt().isValid()
                                                    ? QJsonValue(QJsonValue::Null)
                                                    : QJsonValue(i.secondsLeft(now))},
    };
}

QString dueText(const Incident &i, const QDateTime &now)
{
    if (i.respondedAt().isValid())
        return i.isBreached(now) ? QStringLiteral("answered late") : QStringLiteral("answered");
    const qint64 left = i.secondsLeft(now);
    const qint64 minutes = std::abs(left) / 60;
    const QString span = minutes >= 60 ? QStringLiteral("%1h%2m").arg(minutes / 60).arg(
                                 minutes % 60, 2, 10, QLatin1Char('0'))
                                       : QStringLiteral("%1m").arg(minutes);
    return left < 0 ? QStringLiteral("BREACHED %1 ago").arg(span)
                    : QStringLiteral("%1 left").arg(span);
}

} // namespace

int runIncidents(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    CommandParser command(QStringLiteral("incidents"),
                          QStringLiteral("Show the incidents Alertmanager reports, with priority, "
                                         "response due time and breach."));
    command.addRepoOption();
    command.addJsonOption();
    command.parser().addOption({QStringLiteral("alertmanager"),
                                QStringLiteral("Alertmanager base URL."), QStringLiteral("URL")});
    command.parser().addOption(
            {QStringLiteral("timeout"),
             QStringLiteral("Seconds to wait for Alertmanager (default: the settings, else 10)."),
             QStringLiteral("S"), QStringLiteral("10")});
    if (const auto exit = command.parse(arguments, out, err))
        return *exit;
    const QUrl url = QUrl::fromUserInput(command.parser().value(QStringLiteral("alertmanager")));
    if (command.parser().value(QStringLiteral("alertmanager")).isEmpty() || !url.isValid()) {
        err << "quarterdeck incidents: --alertmanager URL is required" << Qt::endl;
        return UsageOrIoError;
    }
    // The kind of authentication, CA and severity map are the GUI's settings
    // (services/AppSettings); the credentials come from the keychain only.
    const AlertmanagerSettings settings = AppSettings::load().alertmanager;
    // --timeout when given, else the settings' timeout.
    bool timeoutOk = true;
    int timeoutSecs = std::max(1, settings.timeoutMs / 1000);
    if (command.parser().isSet(QStringLiteral("timeout")))
        timeoutSecs = command.parser().value(QStringLiteral("timeout")).toInt(&timeoutOk);
    if (!timeoutOk || timeoutSecs <= 0) {
        err << "quarterdeck incidents: --timeout takes a number of seconds" << Qt::endl;
        return UsageOrIoError;
    }

    const auto fleet = loadFleet(command.repo());
    if (!fleet) {
        err << "quarterdeck incidents: " << fleet.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }

    AlertmanagerClient client;
    client.setBaseUrl(url);
    client.setTimeout(std::chrono::seconds(timeoutSecs));
    if (const auto ca = client.setCaFile(settings.caFile); !ca) {
        err << "quarterdeck incidents: " << ca.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    if (settings.auth != HttpAuth::None) {
        SecretStore secrets;
        const auto secret = secrets.readBlocking(alertmanagerSecretKey(url));
        if (!secret) {
            err << "quarterdeck incidents: no Alertmanager credentials in the keychain: "
                << secret.errorMessage() << Qt::endl;
            return UsageOrIoError;
        }
        client.setAuthorization(
                authorizationHeader(settings.auth, settings.username, secret.value()));
    }
    IncidentService service(&client);
    service.setRules(settings.rules);
    service.setFleet(fleet.value());
    QEventLoop loop;
    QObject::connect(&service, &IncidentService::pollFinished, &loop, &QEventLoop::quit);
    service.refresh();
    loop.exec();

    const IncidentSnapshot snapshot = service.snapshot();
    if (snapshot.source.health != SourceHealth::Ok) {
        err << "quarterdeck incidents: " << snapshot.source.reason << Qt::endl;
        return UsageOrIoError;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (command.json()) {
        QJsonArray list;
        for (const Incident &incident : snapshot.incidents)
            list.append(incidentJson(incident, now));
        writeJson(out, list);
        return Success;
    }
    out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                    .arg(QStringLiteral("PRI"), -3)
                    .arg(QStringLiteral("CUSTOMER"), -14)
                    .arg(QStringLiteral("ZONE"), -5)
                    .arg(QStringLiteral("STATE"), -12)
                    .arg(QStringLiteral("RESPONSE"), -22)
                    .arg(QStringLiteral("TITLE"));
    for (const Incident &i : snapshot.incidents) {
        out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                        .arg(priorityName(i.priority), -3)
                        .arg(i.customer, -14)
                        .arg(i.zone, -5)
                        .arg(incidentStateName(i.state), -12)
                        .arg(dueText(i, now), -22)
                        .arg(i.title);
    }
    out.flush();
    return Success;
}

} // namespace qd::cli
