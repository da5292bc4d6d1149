// quarterdeck validate --repo DIR [--json]: every problem of the config repo, exit 1 if any.
#include "app/cli/Cli.h"
#include "app/cli/CommandParser.h"
#include "services/config/FleetLoader.h"

#include <QJsonArray>
#include <QJsonObject>

namespace qd::cli {

void describeValidate(CommandParser &command)
{
    command.setDescription(QStringLiteral("Check fleet.yaml, maintenance.yaml, releases.yaml and "
                                          "every zone's overlay; print every problem as "
                                          "file:line:col: message."));
    command.addRepoOption();
    command.addJsonOption();
    command.setExitCodes(QStringLiteral("0 valid, 1 invalid, 2 usage or I/O error"));
    command.addExample({QStringLiteral("validate --repo ~/config"),
                        QStringLiteral("The problems on stderr, a summary on stdout.")});
}

int runValidate(const CommandParser &command, QTextStream &out, QTextStream &err)
{

    const auto snapshot = loadFleet(command.repo());
    if (!snapshot) {
        err << "quarterdeck validate: " << snapshot.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    const Diagnostics &problems = snapshot->diagnostics;
    if (command.json()) {
        QJsonArray list;
        for (const Diagnostic &problem : problems) {
            const auto number = [](int n) {
                return n > 0 ? QJsonValue(n) : QJsonValue(QJsonValue::Null);
            };
            list.append(QJsonObject{{QStringLiteral("file"), problem.location.file},
                                    {QStringLiteral("line"), number(problem.location.line)},
                                    {QStringLiteral("column"), number(problem.location.column)},
                                    {QStringLiteral("message"), problem.message}});
        }
        writeJson(out, list);
    } else {
        for (const Diagnostic &problem : problems)
            err << problem.toString() << '\n';
        err.flush();
        int zones = 0;
        for (const Customer &customer : snapshot->customers)
            zones += int(customer.red.has_value()) + int(customer.green.has_value());
        if (problems.isEmpty())
            out << QStringLiteral("valid: %1 customers, %2 zones\n")
                            .arg(snapshot->customers.size())
                            .arg(zones);
        else
            out << QStringLiteral("invalid: %1 problem(s) in %2 customers, %3 zones\n")
                            .arg(problems.size())
                            .arg(snapshot->customers.size())
                            .arg(zones);
    }
    return problems.isEmpty() ? Success : Refused;
}

} // namespace qd::cli
