// bench_rss --app QUARTERDECK [--customers N] [--runs N] [--platform P]: peak resident memory of
// the GUI with a generated fleet loaded, `quarterdeck --repo FLEET --exit-after-load`, read from
// wait4()'s ru_maxrss of each launch.
#include "BenchProcess.h"
#include "BenchReport.h"
#include "support/FleetGenerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace qd::bench;
using namespace qd::test;

namespace {

QString rowName(int customers)
{
    return QStringLiteral("peak RSS: quarterdeck --repo <%1 customers> --exit-after-load")
            .arg(customers);
}

void reportNotMeasured(int customers, const QString &why)
{
    printDetail(why);
    printResult(rowName(customers), QStringLiteral("-"), QStringLiteral("<= 200 MiB"), 0,
                Verdict::NotMeasured);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption appOption(QStringLiteral("app"), QStringLiteral("quarterdeck binary."),
                                       QStringLiteral("path"));
    const QCommandLineOption customersOption(QStringLiteral("customers"),
                                             QStringLiteral("Customers (default 1000)."),
                                             QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"),
                                        QStringLiteral("Launches (default 3)."),
                                        QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption platformOption(QStringLiteral("platform"),
                                            QStringLiteral("QT_QPA_PLATFORM (default offscreen)."),
                                            QStringLiteral("name"), QStringLiteral("offscreen"));
    parser.addOptions({appOption, customersOption, runsOption, platformOption});
    parser.process(app);

    FleetShape shape;
    shape.customers = std::max(1, parser.value(customersOption).toInt());
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const QString quarterdeck = QFileInfo(parser.value(appOption)).absoluteFilePath();
    if (!QFileInfo(quarterdeck).isExecutable()) {
        reportNotMeasured(shape.customers, QStringLiteral("missing binary: --app ") + quarterdeck);
        return 2;
    }

    QTemporaryDir scratch;
    const auto fleet = generateFleet(scratch.filePath(QStringLiteral("fleet")), shape);
    if (!fleet.ok()) {
        reportNotMeasured(shape.customers, QStringLiteral("cannot generate the fleet: ")
                                                   + fleet.error().message);
        return 2;
    }
    const QProcessEnvironment environment = isolatedEnvironment(
            scratch.filePath(QStringLiteral("home")), parser.value(platformOption));
    const QString log = scratch.filePath(QStringLiteral("child.log"));
    const QStringList arguments = {QStringLiteral("--repo"), fleet->root,
                                   QStringLiteral("--exit-after-load")};

    QList<double> peaksMiB;
    QList<double> times;
    for (int run = 0; run < runs; ++run) {
        const ChildRun child = runChild(quarterdeck, arguments, environment, log, 120'000);
        if (!child.error.isEmpty()) {
            reportNotMeasured(shape.customers,
                              QStringLiteral("launch %1 failed (is --exit-after-load "
                                             "implemented?): %2")
                                      .arg(run)
                                      .arg(child.error));
            return 1;
        }
        peaksMiB.append(double(child.maxRssKiB) / 1024.0);
        times.append(child.wallMs);
    }

    const double peak = median(peaksMiB);
    const double target = 200.0;
    printDetail(QStringLiteral("peak RSS per launch (MiB): ") + formatSeries(peaksMiB, 1));
    printDetail(QStringLiteral("start to exit after load (ms): ") + formatSeries(times));
    printResult(rowName(shape.customers) + QStringLiteral(" (median of %1)").arg(runs),
                QStringLiteral("%1 MiB").arg(peak, 0, 'f', 1),
                QStringLiteral("<= %1 MiB").arg(target, 0, 'f', 0), peak / target,
                peak <= target ? Verdict::Pass : Verdict::Fail);
    return peak <= target ? 0 : 1;
}
