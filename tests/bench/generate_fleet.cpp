// generate_fleet DIR [--customers N] [--no-git]: writes the benchmarks' generated config repo,
// for looking at it, for `quarterdeck --repo DIR` by hand, or for `kubectl kustomize`.
#include "support/FleetGenerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Writes a generated Quarterdeck config repo (Kustomize overlays)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("dir"), QStringLiteral("An empty or new folder."));
    const QCommandLineOption customers(QStringLiteral("customers"),
                                       QStringLiteral("How many customers (default 1000)."),
                                       QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption noGit(QStringLiteral("no-git"),
                                   QStringLiteral("Plain files, no git repository."));
    parser.addOptions({customers, noGit});
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    bool numeric = false;
    qd::test::FleetShape shape;
    shape.customers = parser.value(customers).toInt(&numeric);
    if (parser.positionalArguments().size() != 1 || !numeric || shape.customers < 1) {
        err << parser.helpText();
        return 2;
    }
    if (parser.isSet(noGit))
        shape.git = qd::test::GitHistory::None;

    const auto fleet = qd::test::generateFleet(parser.positionalArguments().constFirst(), shape);
    if (!fleet.ok()) {
        err << "generate_fleet: " << fleet.error().message << Qt::endl;
        return 2;
    }
    out << "wrote " << shape.customers << " customers, " << fleet->zones.size() << " overlays, "
        << fleet->yamlFiles.size() << " YAML files (" << fleet->totalBytes / 1024 << " KiB) to "
        << fleet->root << Qt::endl;
    return 0;
}
