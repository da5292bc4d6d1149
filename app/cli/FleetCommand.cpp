// quarterdeck fleet --repo DIR [--json]: every customer's zones with their effective versions.
#include "app/cli/Cli.h"
#include "app/cli/CommandParser.h"
#include "services/config/FleetLoader.h"

#include <QJsonArray>
#include <QJsonObject>

namespace qd::cli {

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QString upgradeStateName(UpgradeState state)
{
    switch (state) {
    case UpgradeState::InSync:
        return QStringLiteral("inSync");
    case UpgradeState::RedAhead:
        return QStringLiteral("redAhead");
    case UpgradeState::GreenAhead:
        return QStringLiteral("greenAhead");
    case UpgradeState::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QJsonValue zoneJson(const Zone *zone)
{
    if (!zone)
        return QJsonValue::Null;
    const ZoneResolution &r = zone->resolution;
    return QJsonObject{
            {QStringLiteral("cluster"), orNull(zone->cluster)},
            {QStringLiteral("overlay"), orNull(zone->overlay)},
            {QStringLiteral("cloud"), orNull(zone->cloud)},
            {QStringLiteral("region"), orNull(zone->region)},
            {QStringLiteral("deck"), orNull(zone->deck.toString())},
            {QStringLiteral("gate"), orNull(zone->gate.toString())},
            {QStringLiteral("version"), orNull(r.version)},
            {QStringLiteral("versionFile"), orNull(r.versionLocation.file)},
            {QStringLiteral("versionLine"), r.versionLocation.line > 0
                                                    ? QJsonValue(r.versionLocation.line)
                                                    : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("problems"), int(zone->problems.size())},
    };
}

void printText(const FleetSnapshot &snapshot, QTextStream &out)
{
    out << QStringLiteral("%1  %2  %3  %4  %5\n")
                    .arg(QStringLiteral("CUSTOMER"), -16)
                    .arg(QStringLiteral("ZONE"), -5)
                    .arg(QStringLiteral("CLUSTER"), -20)
                    .arg(QStringLiteral("VERSION"), -12)
                    .arg(QStringLiteral("SET IN"));
    for (const Customer &customer : snapshot.customers) {
        for (const Zone *zone : {customer.zone(ZoneKind::Red), customer.zone(ZoneKind::Green)}) {
            if (!zone)
                continue;
            const SourceLocation &at = zone->resolution.versionLocation;
            out << QStringLiteral("%1  %2  %3  %4  %5\n")
                            .arg(customer.id, -16)
                            .arg(zoneKindName(zone->kind), -5)
                            .arg(zone->cluster, -20)
                            .arg(zone->resolution.version.isEmpty() ? QStringLiteral("-")
                                                                    : zone->resolution.version,
                                 -12)
                            .arg(at.isValid() ? QStringLiteral("%1:%2").arg(at.file).arg(at.line)
                                              : QStringLiteral("-"));
        }
    }
}

} // namespace

void describeFleet(CommandParser &command)
{
    command.setDescription(QStringLiteral("Show every customer's Red and Green zones and the "
                                          "effective Spinnaker version of each, with the file "
                                          "and line that sets it."));
    command.addRepoOption();
    command.addJsonOption();
    command.setExitCodes(QStringLiteral("0 listed, 1 listed but the repo has problems (on "
                                        "stderr), 2 usage or I/O error"));
    command.addExample({QStringLiteral("fleet --repo ~/config"),
                        QStringLiteral("A table: customer, zone, cluster, version, set in.")});
    command.addExample({QStringLiteral("fleet --repo ~/config --json | jq '.[].zones.green.version'"),
                        QStringLiteral("Every Green zone's version.")});
}

int runFleet(const CommandParser &command, QTextStream &out, QTextStream &err)
{

    const auto snapshot = loadFleet(command.repo());
    if (!snapshot) {
        err << "quarterdeck fleet: " << snapshot.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    if (command.json()) {
        QJsonArray customers;
        for (const Customer &customer : snapshot->customers) {
            customers.append(QJsonObject{
                    {QStringLiteral("id"), customer.id},
                    {QStringLiteral("name"), customer.name},
                    {QStringLiteral("timezone"), customer.calendar.timezone},
                    {QStringLiteral("sloTarget"), customer.sloTarget},
                    {QStringLiteral("upgradeState"), upgradeStateName(customer.upgradeState())},
                    {QStringLiteral("zones"),
                     QJsonObject{{QStringLiteral("red"), zoneJson(customer.zone(ZoneKind::Red))},
                                 {QStringLiteral("green"),
                                  zoneJson(customer.zone(ZoneKind::Green))}}},
            });
        }
        writeJson(out, customers);
    } else {
        printText(*snapshot, out);
    }
    for (const Diagnostic &problem : snapshot->diagnostics)
        err << problem.toString() << '\n';
    err.flush();
    return snapshot->diagnostics.isEmpty() ? Success : Refused;
}

} // namespace qd::cli
