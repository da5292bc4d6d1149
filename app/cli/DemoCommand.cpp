// quarterdeck demo init DIR: the demo config repo (DIR/remote.git and a working clone DIR/work).
#include "app/cli/Cli.h"
#include "app/cli/CommandParser.h"
#include "services/demo/DemoFleetWriter.h"
#include "services/config/FleetLoader.h"
#include "services/telemetry/DemoTelemetry.h"
#include "services/store/IncidentJournal.h"

#include <QDir>
#include <QJsonObject>

namespace qd::cli {

void describeDemo(CommandParser &command)
{
    command.setDescription(QStringLiteral(
            "Create the demo fleet (once): a bare remote DIR/remote.git, a working clone "
            "DIR/work, and 90 days of telemetry and incidents beside them."));
    command.addJsonOption();
    command.addPositionalArgument({QStringLiteral("init"), QStringLiteral("The action."),
                                   {QStringLiteral("init")}});
    command.addPositionalArgument({QStringLiteral("DIR"), QStringLiteral("Where to create it."),
                                   {}});
    command.setExitCodes(QStringLiteral("0 created (or already there), 2 usage or I/O error"));
    command.addExample({QStringLiteral("demo init /tmp/qd && quarterdeck fleet --repo /tmp/qd/work"),
                        QStringLiteral("A fleet to try every command on.")});
}

int runDemo(const CommandParser &command, QTextStream &out, QTextStream &err)
{
    const QStringList positional = command.parser().positionalArguments();
    if (positional.size() != 2 || positional.first() != QLatin1String("init")) {
        err << "usage: quarterdeck demo init DIR" << Qt::endl;
        return UsageOrIoError;
    }
    const auto paths = ensureDemoFleet(QDir(positional.at(1)).absolutePath());
    if (!paths) {
        err << "quarterdeck demo: " << paths.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    // 90 days of generated telemetry beside the clone: DIR/telemetry.sqlite.
    const QString store = demoTelemetryStorePath(QDir(positional.at(1)).absolutePath());
    const auto fleet = loadFleet(paths->workdir);
    const auto seeded = fleet.ok()
            ? seedDemoTelemetry(*fleet, store, QDateTime::currentDateTimeUtc())
            : Result<void>(fleet.error());
    if (!seeded.ok())
        err << "quarterdeck demo: telemetry: " << seeded.errorMessage() << Qt::endl;
    // 90 days of incidents beside it: DIR/incidents.sqlite (docs/incidents.md).
    const auto incidents = fleet.ok()
            ? seedDemoIncidents(*fleet, QDir(positional.at(1)).absoluteFilePath(
                                        QStringLiteral("incidents.sqlite")),
                                QDateTime::currentDateTimeUtc())
            : Result<void>(fleet.error());
    if (!incidents.ok())
        err << "quarterdeck demo: incidents: " << incidents.errorMessage() << Qt::endl;
    if (command.json())
        writeJson(out, QJsonObject{{QStringLiteral("remote"), paths->remote},
                                   {QStringLiteral("work"), paths->workdir}});
    else
        out << "demo remote: " << paths->remote << "\ndemo clone:  " << paths->workdir << '\n';
    return Success;
}

} // namespace qd::cli
