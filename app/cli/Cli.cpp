#include "app/cli/Cli.h"

#include "app/GuiMain.h"
#include "app/cli/CommandParser.h"

#include <git2.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstring>

namespace qd::cli {

namespace {

constexpr CommandSpec kCommands[] = {
        {"demo", "init DIR: a demo config repo (DIR/work, DIR/remote.git) and store",
         describeDemo, runDemo},
        {"fleet", "every customer's zones and desired versions, from the config repo",
         describeFleet, runFleet},
        {"validate", "every problem of the config repo, as file:line:col", describeValidate,
         runValidate},
        {"set", "change a zone's values and commit (and push) them with trailers", describeSet,
         runSet},
        {"slo", "availability, error budget and burn rates of a zone, from Prometheus",
         describeSlo, runSlo},
        {"incidents", "incidents and response clocks from Alertmanager; CSV import",
         describeIncidents, runIncidents},
        {"upgrades", "every customer's upgrade stage, running vs desired, and gate",
         describeUpgrades, runUpgrades},
        {"promote", "the Red -> Green promotion gate, and the promotion commit", describePromote,
         runPromote},
        {"verify", "post-upgrade verification of a zone", describeVerify, runVerify},
        {"completion", "bash, zsh or fish completion for quarterdeck, on stdout",
         describeCompletion, runCompletion},
        {"manpage", "the quarterdeck(1) manual page (roff), on stdout", describeManPage,
         runManPage},
};

// The words that start the command line rather than the GUI.
bool isHelpOrVersion(const char *word)
{
    for (const char *w : {"help", "--help", "-h", "-?", "--version", "-v"}) {
        if (std::strcmp(w, word) == 0)
            return true;
    }
    return false;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const auto &command : kCommands) {
        if (name == QLatin1String(command.name))
            return &command;
    }
    return nullptr;
}

void printOverview(QTextStream &out)
{
    out << "Usage: quarterdeck [--demo] [--repo DIR]          the console (GUI)\n"
           "       quarterdeck COMMAND [OPTIONS]               a command, no display needed\n"
           "       quarterdeck help COMMAND | COMMAND --help   a command's options\n"
           "       quarterdeck --version\n\nCommands:\n";
    for (const auto &command : kCommands)
        out << "  " << QString::fromLatin1(command.name).leftJustified(11) << command.summary
            << '\n';
    out << "\nExit codes: 0 success, 1 refused (invalid, policy, conflict), 2 usage or I/O error.\n"
           "Every command takes --verbose (routine log lines on stderr) and --help.\n"
           "\nGUI options (Qt's own, such as -platform, too):\n";
    for (const QCommandLineOption &option : guiOptions().all()) {
        QString syntax = QStringLiteral("--") + option.names().constFirst();
        if (!option.valueName().isEmpty())
            syntax += QLatin1Char(' ') + option.valueName();
        out << "  " << syntax.leftJustified(25) << wrapped(option.description(), 52, 27) << '\n';
    }
    out.flush();
}

void printVersion(QTextStream &out)
{
    int major = 0, minor = 0, patch = 0;
    git_libgit2_version(&major, &minor, &patch);
    out << "quarterdeck " << QUARTERDECK_VERSION << '\n'
        << "Qt " << qVersion() << ", libgit2 " << major << '.' << minor << '.' << patch
        << ", yaml-cpp " << QUARTERDECK_YAML_CPP_VERSION << " (built with)\n";
    out.flush();
}

int unknownCommand(const QString &name, QTextStream &err)
{
    QStringList names;
    for (const auto &command : kCommands)
        names.append(QLatin1String(command.name));
    const QString nearest = nearestWord(name, names);
    err << "quarterdeck: unknown command '" << name << "'";
    if (!nearest.isEmpty())
        err << "; did you mean '" << nearest << "'?";
    err << " (quarterdeck --help lists the commands)" << Qt::endl;
    return UsageOrIoError;
}

int runCommand(const CommandSpec &spec, const QStringList &arguments, QTextStream &out,
               QTextStream &err)
{
    CommandParser command(QLatin1String(spec.name), QLatin1String(spec.summary));
    spec.describe(command);
    if (const auto exit = command.parse(arguments, out, err))
        return *exit;
    return spec.run(command, out, err);
}

} // namespace

std::span<const CommandSpec> commandTable()
{
    return kCommands;
}

bool isCommand(const char *word)
{
    // Any word that is not an option is a command (or a mistyped one, which gets an error
    // rather than a GUI); so are help and version.
    return word[0] != '-' || isHelpOrVersion(word);
}

int run(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Quarterdeck"));
    QCoreApplication::setApplicationName(QStringLiteral("Quarterdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QUARTERDECK_VERSION));
    // Routine lines (store migrated, demo created) would mix with what a script reads; warnings
    // and errors stay. --verbose turns them back on, and QT_LOGGING_RULES still wins over both.
    QLoggingCategory::setFilterRules(QStringLiteral("quarterdeck.*.info=false"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst(); // the program
    const QString name = arguments.takeFirst();
    if (name == QLatin1String("--version") || name == QLatin1String("-v")) {
        printVersion(out);
        return Success;
    }
    if (name == QLatin1String("help") || name.startsWith(QLatin1Char('-'))) {
        if (arguments.isEmpty() || name != QLatin1String("help")) {
            printOverview(out);
            return Success;
        }
        const CommandSpec *command = findCommand(arguments.first());
        return command ? runCommand(*command, {QStringLiteral("--help")}, out, err)
                       : unknownCommand(arguments.first(), err);
    }
    if (const CommandSpec *command = findCommand(name))
        return runCommand(*command, arguments, out, err);
    return unknownCommand(name, err);
}

} // namespace qd::cli
