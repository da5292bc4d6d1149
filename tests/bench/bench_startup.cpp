// bench_startup --app QUARTERDECK --bare BARE_WINDOW [--beside PROGRAM]... [--runs N]
// [--platform P]: time from process start to the first painted main window, `quarterdeck --demo`
// against a bare Qt window, launched alternately in the same run. Each quits right after its
// first paint. When all print "first-paint" on stdout at that moment, that is the end of the
// measurement; otherwise it is the process exit, which also counts the teardown (waiting for
// background work, destructors). Every --beside program (content_window: the same content in
// plain Qt widgets; shell_window: quarterdeck's first frame without the services' libraries)
// takes its turn in each round too and is reported with its ratio to the bare window and
// quarterdeck's ratio to it; the verdict is quarterdeck's against the bare window alone.
#include "BenchProcess.h"
#include "BenchReport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>

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
    const QCommandLineOption besideOption(
            QStringLiteral("beside"),
            QStringLiteral("Another first-paint program timed in the same rounds (reported, not "
                           "judged); repeatable."),
            QStringLiteral("path"));
    parser.addOptions({appOption, bareOption, besideOption, runsOption, platformOption});
    parser.process(app);

    const QString quarterdeck = QFileInfo(parser.value(appOption)).absoluteFilePath();
    const QString bare = QFileInfo(parser.value(bareOption)).absoluteFilePath();
    if (!QFileInfo(quarterdeck).isExecutable() || !QFileInfo(bare).isExecutable()) {
        reportNotMeasured(QStringLiteral("missing binary: --app %1 --bare %2")
                                  .arg(quarterdeck, bare));
        return 2;
    }
    QStringList beside;
    for (const QString &path : parser.values(besideOption)) {
        beside.append(QFileInfo(path).absoluteFilePath());
        if (!QFileInfo(beside.last()).isExecutable()) {
            reportNotMeasured(QStringLiteral("missing binary: --beside %1").arg(beside.last()));
            return 2;
        }
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

    // Each round launches every program once, the order rotating from round to round so that
    // none always follows another.
    struct Program
    {
        QString path;
        QStringList arguments;
        QList<double> times;
        QList<double> ratios; // to the bare window of the same round
    };
    QList<Program> programs = {{quarterdeck, appArguments, {}, {}}, {bare, bareArguments, {}, {}}};
    for (const QString &path : std::as_const(beside)) {
        programs.append({path, appArguments, {}, {}});
        if (const ChildRun warm = runChild(path, appArguments, environment, log, timeoutMs);
            !warm.error.isEmpty()) {
            reportNotMeasured(QFileInfo(path).fileName() + QStringLiteral(" failed: ") +
                              warm.error);
            return 1;
        }
    }
    int markedRounds = 0;
    for (int run = 0; run < runs; ++run) {
        QList<ChildRun> round(programs.size());
        for (int turn = 0; turn < programs.size(); ++turn) {
            const qsizetype which = (run + turn) % programs.size();
            const Program &program = programs.at(which);
            round[which] =
                    runChild(program.path, program.arguments, environment, log, timeoutMs, kMarker);
            if (!round[which].error.isEmpty()) {
                reportNotMeasured(
                        QStringLiteral("launch %1 of %2 failed: %3")
                                .arg(run)
                                .arg(QFileInfo(program.path).fileName(), round[which].error));
                return 1;
            }
        }
        const bool marked = std::all_of(round.cbegin(), round.cend(),
                                        [](const ChildRun &child) { return child.markerMs >= 0; });
        markedRounds += marked ? 1 : 0;
        const auto ms = [marked](const ChildRun &child) {
            return marked ? child.markerMs : child.wallMs;
        };
        for (qsizetype i = 0; i < programs.size(); ++i) {
            programs[i].times.append(ms(round.at(i)));
            programs[i].ratios.append(ms(round.at(i)) / ms(round.at(1)));
        }
    }
    const QList<double> &appTimes = programs.at(0).times;
    const QList<double> &bareTimes = programs.at(1).times;
    const QList<double> &ratios = programs.at(0).ratios;
    const int markedPairs = markedRounds;

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
    for (qsizetype i = 2; i < programs.size(); ++i) {
        const Program &other = programs.at(i);
        const QString name = QFileInfo(other.path).fileName();
        QList<double> appToOther;
        for (qsizetype run = 0; run < other.times.size(); ++run)
            appToOther.append(appTimes.at(run) / other.times.at(run));
        printDetail(QStringLiteral("%1 (ms): ").arg(name) + formatSeries(other.times));
        printDetail(QStringLiteral("%1: %2x the bare window (%3 ms, median); quarterdeck: %4x "
                                   "%1 (median of the per-round ratios)")
                            .arg(name)
                            .arg(median(other.ratios), 0, 'f', 2)
                            .arg(median(other.times), 0, 'f', 0)
                            .arg(median(appToOther), 0, 'f', 2));
    }
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
