#include "app/cli/Cli.h"

#include <git2.h>

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <vector>

namespace qd::cli {

namespace {

struct Command
{
    const char *name;
    int (*run)(const QStringList &, QTextStream &, QTextStream &);
    const char *summary; // one line, for `quarterdeck --help`
};

constexpr Command kCommands[] = {
        {"demo", runDemo, "init DIR: a demo config repo (DIR/work, DIR/remote.git) and store"},
        {"fleet", runFleet, "every customer's zones and desired versions, from the config repo"},
        {"validate", runValidate, "every problem of the config repo, as file:line:col"},
        {"set", runSet, "change a zone's values and commit (and push) them with trailers"},
        {"slo", runSlo, "availability, error budget and burn rates of a zone, from Prometheus"},
        {"incidents", runIncidents, "incidents and response clocks from Alertmanager; CSV import"},
        {"upgrades", runUpgrades, "every customer's upgrade stage, running vs desired, and gate"},
        {"promote", runPromote, "the Red -> Green promotion gate, and the promotion commit"},
        {"verify", runVerify, "post-upgrade verification of a zone"},
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

// Levenshtein distance, for "did you mean".
int editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(size_t(b.size()) + 1);
    std::iota(row.begin(), row.end(), 0);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[size_t(j)];
            row[size_t(j)] = std::min({above + 1, row[size_t(j) - 1] + 1,
                                       diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row.back();
}

// The command closest to `word` when it is a likely typo (at most 2 edits or a prefix).
QString nearestCommand(const QString &word)
{
    QString best;
    int bestDistance = 3;
    for (const auto &command : kCommands) {
        const QString name = QLatin1String(command.name);
        const int distance = name.startsWith(word) && !word.isEmpty() ? 1 : editDistance(word, name);
        if (distance < bestDistance) {
            best = name;
            bestDistance = distance;
        }
    }
    return best;
}

const Command *findCommand(const QString &name)
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
           "GUI options: quarterdeck --demo | --repo DIR (Qt's own, such as -platform, too).\n";
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
    const QString nearest = nearestCommand(name);
    err << "quarterdeck: unknown command '" << name << "'";
    if (!nearest.isEmpty())
        err << "; did you mean '" << nearest << "'?";
    err << " (quarterdeck --help lists the commands)" << Qt::endl;
    return UsageOrIoError;
}

} // namespace

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
        const Command *command = findCommand(arguments.first());
        return command ? command->run({QStringLiteral("--help")}, out, err)
                       : unknownCommand(arguments.first(), err);
    }
    if (const Command *command = findCommand(name))
        return command->run(arguments, out, err);
    return unknownCommand(name, err);
}

} // namespace qd::cli
