// quarterdeck incidents --repo DIR --alertmanager URL [--json]: open incidents and their
// response-SLA clocks, from Alertmanager, with calendars and clusters from the config repo.
// quarterdeck incidents --repo DIR --import FILE [--journal PATH] [--json]: a support portal's
// CSV export into the incident journal.
#include "app/cli/Cli.h"
#include "app/cli/CliSources.h"
#include "app/cli/CommandParser.h"
#include "services/AppSettings.h"
#include "services/config/FleetLoader.h"
#include "services/incidents/IncidentService.h"
#include "services/secrets/SecretStore.h"
#include "services/store/IncidentJournal.h"
#include "services/telemetry/AlertmanagerClient.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

#include <optional>

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

QJsonObject importJson(const IncidentImportSummary &summary)
{
    QJsonArray problems;
    for (const Diagnostic &problem : summary.problems) {
        const auto number = [](int n) {
            return n > 0 ? QJsonValue(n) : QJsonValue(QJsonValue::Null);
        };
        problems.append(QJsonObject{{QStringLiteral("file"), problem.location.file},
                                    {QStringLiteral("line"), number(problem.location.line)},
                                    {QStringLiteral("column"), number(problem.location.column)},
                                    {QStringLiteral("message"), problem.message}});
    }
    return QJsonObject{{QStringLiteral("imported"), summary.imported},
                       {QStringLiteral("merged"), summary.merged},
                       {QStringLiteral("skipped"), summary.skipped},
                       {QStringLiteral("problems"), problems}};
}

// --import: through IncidentService, as the GUI's Import CSV… does. Exit 0 when every row was
// imported or merged, 1 when rows were refused (the others are in), 2 when nothing was imported.
int importCsv(const CommandParser &command, QTextStream &out, QTextStream &err)
{
    const QCommandLineParser &parser = command.parser();
    const QString file = parser.value(QStringLiteral("import"));
    const QString journalPath = parser.isSet(QStringLiteral("journal"))
                                        ? parser.value(QStringLiteral("journal"))
                                        : IncidentJournal::defaultPath();
    if (journalPath.isEmpty()) {
        err << "quarterdeck incidents: --journal PATH must not be empty" << Qt::endl;
        return UsageOrIoError;
    }
    // The calendars give imported incidents their response due times.
    const auto fleet = loadFleet(command.repo());
    if (!fleet) {
        err << "quarterdeck incidents: " << fleet.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }

    AlertmanagerClient unused; // the service polls through it; an import never does
    IncidentService service(&unused);
    service.setFleet(fleet.value());
    service.setJournalPath(journalPath);
    std::optional<IncidentImportSummary> summary;
    QString failure;
    QEventLoop loop;
    QObject::connect(&service, &IncidentService::importFinished, &loop,
                     [&](const IncidentImportSummary &s) {
                         summary = s;
                         loop.quit();
                     });
    QObject::connect(&service, &IncidentService::importFailed, &loop,
                     [&](const QString &, const QString &message) {
                         failure = message;
                         loop.quit();
                     });
    service.importCsv(file);
    loop.exec();

    if (!summary) {
        err << failure << Qt::endl; // it names the file, with line and column where they help
        return UsageOrIoError;
    }
    if (command.json()) {
        writeJson(out, importJson(*summary));
    } else {
        for (const Diagnostic &problem : std::as_const(summary->problems))
            err << problem.toString() << '\n';
        err.flush();
        out << QStringLiteral("%1: %2 rows: %3 imported, %4 merged, %5 skipped, into %6\n")
                        .arg(file)
                        .arg(summary->rows)
                        .arg(summary->imported)
                        .arg(summary->merged)
                        .arg(summary->skipped)
                        .arg(journalPath);
        if (summary->skipped > 0)
            out << QStringLiteral("%1 row(s) refused (on stderr); the other rows were imported\n")
                            .arg(summary->skipped);
        out.flush();
    }
    return summary->skipped > 0 ? Refused : Success;
}

} // namespace

void describeIncidents(CommandParser &command)
{
    command.setDescription(QStringLiteral("Show the incidents Alertmanager reports, with "
                                          "priority, response due time and breach; or, with "
                                          "--import, import a support portal's CSV export into "
                                          "the incident journal."));
    command.addRepoOption();
    command.addJsonOption();
    command.addOption({QStringLiteral("alertmanager"), QStringLiteral("Alertmanager base URL."),
                       QStringLiteral("URL")});
    command.addOption(
            {QStringLiteral("import"),
             QStringLiteral("Import a support portal's CSV export into the journal instead."),
             QStringLiteral("FILE")});
    command.addOption(
            {QStringLiteral("journal"),
             QStringLiteral("The incident journal to import into (default: the GUI's)."),
             QStringLiteral("PATH")});
    command.addOption(
            {QStringLiteral("timeout"),
             QStringLiteral("Seconds to wait for Alertmanager (default: the settings, else 10)."),
             QStringLiteral("S"), QStringLiteral("10")});
    command.setExitCodes(QStringLiteral("0 listed or every row imported, 1 rows refused (the "
                                        "others are imported), 2 usage, I/O or Alertmanager "
                                        "error"));
    command.addExample({QStringLiteral("incidents --repo ~/config --alertmanager "
                                       "http://alertmanager:9093 --json"),
                        QStringLiteral("The open incidents with their response clocks.")});
    command.addExample({QStringLiteral("incidents --repo ~/config --import portal-export.csv"),
                        QStringLiteral("Merge the support portal's tickets into the journal.")});
}

int runIncidents(const CommandParser &command, QTextStream &out, QTextStream &err)
{
    if (command.parser().isSet(QStringLiteral("import"))) {
        if (command.parser().value(QStringLiteral("import")).isEmpty()) {
            err << "quarterdeck incidents: --import FILE must name a file" << Qt::endl;
            return UsageOrIoError;
        }
        if (command.parser().isSet(QStringLiteral("alertmanager"))) {
            err << "quarterdeck incidents: --import and --alertmanager do not go together"
                << Qt::endl;
            return UsageOrIoError;
        }
        return importCsv(command, out, err);
    }
    if (command.parser().isSet(QStringLiteral("journal"))) {
        err << "quarterdeck incidents: --journal goes with --import" << Qt::endl;
        return UsageOrIoError;
    }
    const QUrl url = QUrl::fromUserInput(command.parser().value(QStringLiteral("alertmanager")));
    if (command.parser().value(QStringLiteral("alertmanager")).isEmpty() || !url.isValid()) {
        err << "quarterdeck incidents: --alertmanager URL (or --import FILE) is required"
            << Qt::endl;
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
    SecretStore secrets;
    if (const auto configured = configureAlertmanager(client, url, settings, timeoutSecs, secrets);
        !configured) {
        err << "quarterdeck incidents: " << configured.errorMessage() << Qt::endl;
        return UsageOrIoError;
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
