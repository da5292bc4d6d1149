// bench_startup --app QUARTERDECK --bare BARE_WINDOW [--runs N] [--platform P]: time from process
// start to the first painted main window, `quarterdeck --demo` against a bare Qt window,
// launched alternately in the same run. Both quit right after their first paint. When both print
// "first-paint" on stdout at that moment, that is the end of the measurement; otherwise it is the
// process exit, which also counts the teardown (waiting for background work, destructors).
#include "BenchProcess.h"
#include "BenchReport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace qd::bench;

namespace {

const QByteArray kMarker = QByteArrayLiteral("first-paint");

void reportNotMeasured(const QString &why)
{
    printDetail(why);
    printResult(QStringLiteral("startup: quarterdeck --demo / bare Qt window"), QStringLiteral("-"),
                QStringLiteral("<= 1.50x"), 0, Verdict::NotMeasured);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption appOption(QStringLiteral("app"), QStringLiteral("quarterdeck binary."),
                                       QStringLiteral("path"));
    const QCommandLineOption bareOption(QStringLiteral("bare"),
                                        QStringLiteral("bare_window binary."),
                                        QStringLiteral("path"));
    const QCommandLineOption runsOption(QStringLiteral("runs"),
                                        QStringLiteral("Launches of each (default 15)."),
                                        QStringLiteral("n"), QStringLiteral("15"));
    const QCommandLineOption platformOption(QStringLiteral("platform"),
                                            QStringLiteral("QT_QPA_PLATFORM (default offscreen)."),
                                            QStringLiteral("name"), QStringLiteral("offscreen"));
    parser.addOptions({appOption, bareOption, runsOption, platformOption});
    parser.process(app);

    const QString quarterdeck = QFileInfo(parser.value(appOption)).absoluteFilePath();
    const QString bare = QFileInfo(parser.value(bareOption)).absoluteFilePath();
    if (!QFileInfo(quarterdeck).isExecutable() || !QFileInfo(bare).isExecutable()) {
        reportNotMeasured(QStringLiteral("missing binary: --app %1 --bare %2")
                                  .arg(quarterdeck, bare));
        return 2;
    }
    const int runs = std::max(1, parser.value(runsOption).toInt());

    QTemporaryDir home;
    const QProcessEnvironment environment
            = isolatedEnvironment(home.path(), parser.value(platformOption));
    const QString log = home.filePath(QStringLiteral("child.log"));
    const QStringList appArguments = {QStringLiteral("--demo"),
                                      QStringLiteral("--exit-after-first-paint")};
    const QStringList bareArguments = {QStringLiteral("--exit-after-first-paint")};
    constexpr int timeoutMs = 60'000;

    // Warm-up: the first quarterdeck launch writes the demo fleet; both get the page cache warm.
    const ChildRun appWarmUp = runChild(quarterdeck, appArguments, environment, log, timeoutMs);
    if (!appWarmUp.error.isEmpty()) {
        reportNotMeasured(QStringLiteral("quarterdeck warm-up launch failed (is "
                                         "--exit-after-first-paint implemented?): ")
                          + appWarmUp.error);
        return 1;
    }
    printDetail(QStringLiteral("warm-up: quarterdeck --demo (creates the demo fleet) %1 ms")
                        .arg(appWarmUp.wallMs, 0, 'f', 0));
    if (const ChildRun warm = runChild(bare, bareArguments, environment, log, timeoutMs);
        !warm.error.isEmpty()) {
        reportNotMeasured(QStringLiteral("bare_window failed: ") + warm.error);
        return 1;
    }

    QList<double> appTimes;
    QList<double> bareTimes;
    QList<double> ratios;
    int markedPairs = 0;
    for (int run = 0; run < runs; ++run) {
        double appMs = 0;
        double bareMs = 0;
        double appMarkerMs = -1;
        double bareMarkerMs = -1;
        // Alternate which goes first, so neither always follows the other.
        for (int turn = 0; turn < 2; ++turn) {
            const bool quarterdeckTurn = (run + turn) % 2 == 0;
            const ChildRun child = quarterdeckTurn
                                           ? runChild(quarterdeck, appArguments, environment, log,
                                                      timeoutMs, kMarker)
                                           : runChild(bare, bareArguments, environment, log,
                                                      timeoutMs, kMarker);
            if (!child.error.isEmpty()) {
                reportNotMeasured(QStringLiteral("launch %1 failed: %2").arg(run).arg(child.error));
                return 1;
            }
            (quarterdeckTurn ? appMs : bareMs) = child.wallMs;
            (quarterdeckTurn ? appMarkerMs : bareMarkerMs) = child.markerMs;
        }
        if (appMarkerMs >= 0 && bareMarkerMs >= 0) {
            appMs = appMarkerMs;
            bareMs = bareMarkerMs;
            ++markedPairs;
        }
        appTimes.append(appMs);
        bareTimes.append(bareMs);
        ratios.append(appMs / bareMs);
    }

    const double ratio = median(ratios);
    const double target = 1.5;
    printDetail(QStringLiteral("platform %1, %2 alternating launches each")
                        .arg(parser.value(platformOption))
                        .arg(runs));
    printDetail(markedPairs == runs
                        ? QStringLiteral("measured to the \"first-paint\" line on stdout")
                        : QStringLiteral("measured to process exit in %1 of %2 pairs: quarterdeck "
                                         "does not print \"first-paint\", so its teardown "
                                         "(waiting for the background load) counts too")
                                  .arg(runs - markedPairs)
                                  .arg(runs));
    printDetail(QStringLiteral("quarterdeck --demo (ms): ") + formatSeries(appTimes));
    printDetail(QStringLiteral("bare window        (ms): ") + formatSeries(bareTimes));
    printDetail(QStringLiteral("ratio per pair:          ") + formatSeries(ratios, 2));
    printResult(QStringLiteral("startup to first paint: quarterdeck --demo / bare Qt window "
                               "(median of %1 pairs%2)")
                        .arg(runs)
                        .arg(markedPairs == runs ? QString()
                                                 : QStringLiteral(", to process exit")),
                QStringLiteral("%1x (%2 ms vs %3 ms)")
                        .arg(ratio, 0, 'f', 2)
                        .arg(median(appTimes), 0, 'f', 0)
                        .arg(median(bareTimes), 0, 'f', 0),
                QStringLiteral("<= %1x").arg(target, 0, 'f', 2), ratio / target,
                ratio <= target ? Verdict::Pass : Verdict::Fail);
    return ratio <= target ? 0 : 1;
}
