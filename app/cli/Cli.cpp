#include "app/cli/Cli.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <cstring>

namespace qd::cli {

namespace {

struct Command
{
    const char *name;
    int (*run)(const QStringList &, QTextStream &, QTextStream &);
};

constexpr Command kCommands[] = {
        {"demo", runDemo},
        {"fleet", runFleet},
        {"validate", runValidate},
        {"set", runSet},
        {"slo", runSlo},
        {"incidents", runIncidents},
        {"promote", runPromote},
        {"verify", runVerify},
};

} // namespace

bool isCommand(const char *word)
{
    for (const auto &command : kCommands) {
        if (std::strcmp(command.name, word) == 0)
            return true;
    }
    return false;
}

int run(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Quarterdeck"));
    QCoreApplication::setApplicationName(QStringLiteral("Quarterdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QUARTERDECK_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst(); // the program
    const QString name = arguments.takeFirst();
    for (const auto &command : kCommands) {
        if (name == QLatin1String(command.name))
            return command.run(arguments, out, err);
    }
    err << "quarterdeck: unknown command " << name << Qt::endl;
    return UsageOrIoError;
}

} // namespace qd::cli
