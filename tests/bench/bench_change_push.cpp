// bench_change_push [--customers N] [--history C] [--rounds R]: on a generated config repo
// (1,000 customers = 2,000 overlays) with C commits of history (built with git fast-import),
// times a one-value change made by Quarterdeck (surgical edit, whole-fleet validation, commit
// with trailers, push through libgit2) against the same kind of one-line change made with
// `git commit -am` + `git push`, interleaved in one process so noise hits both alike.
// Quarterdeck's engine stays open from round to round, as the window's ChangeWorker keeps it
// from one change to the next, while the git CLI commits and pushes in the same clone between
// its changes. Each round also times a change by an engine opened for it (what `quarterdeck set`
// does once its process has started), reported beside the verdict.
#include "BenchReport.h"
#include "support/FleetGenerator.h"

#include "models/ChangeRequest.h"
#include "services/changes/ChangeEngine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <chrono>
#include <optional>

using namespace qd;
using namespace qd::bench;
using namespace qd::test;

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool runGit(const QString &dir,
            const QStringList &args,
            const QByteArray &input = {},
            QByteArray *output = nullptr)
{
    QProcess git;
    git.setWorkingDirectory(dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    git.setProcessEnvironment(env);
    git.start(QStringLiteral("git"), args);
    if (!input.isEmpty()) {
        git.write(input);
        git.closeWriteChannel();
    }
    if (!git.waitForFinished(600000) || git.exitCode() != 0) {
        printDetail(QStringLiteral("git %1 failed: %2")
                            .arg(args.join(QLatin1Char(' ')),
                                 QString::fromUtf8(git.readAllStandardError())));
        return false;
    }
    if (output)
        *output = git.readAllStandardOutput();
    return true;
}

// C commits on top of main, each appending a line to history.log, in one fast-import stream.
bool addHistory(const QString &work, int commits)
{
    QByteArray head;
    if (!runGit(work, {QStringLiteral("rev-parse"), QStringLiteral("main")}, {}, &head))
        return false;
    QByteArray stream;
    QByteArray log;
    const qint64 when = 1760000000;
    for (int i = 0; i < commits; ++i) {
        log += "change " + QByteArray::number(i) + "\n";
        stream += "commit refs/heads/main\n";
        stream += "committer Bench <bench@example.com> " + QByteArray::number(when + i * 60) +
                  " +0000\n";
        const QByteArray message = "History commit " + QByteArray::number(i) + "\n";
        stream += "data " + QByteArray::number(message.size()) + "\n" + message;
        if (i == 0)
            stream += "from " + head.trimmed() + "\n";
        stream += "M 100644 inline history.log\ndata " + QByteArray::number(log.size()) + "\n" +
                  log + "\n";
    }
    return runGit(work, {QStringLiteral("fast-import"), QStringLiteral("--quiet")}, stream) &&
           runGit(work, {QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard"),
                         QStringLiteral("main")});
}

bool replaceVersionLine(const QString &path, int line, const QString &version)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QList<QByteArray> lines = file.readAll().split('\n');
    file.close();
    if (line < 1 || line > lines.size())
        return false;
    QByteArray &text = lines[line - 1];
    const qsizetype at = text.indexOf("version:");
    if (at < 0)
        return false;
    qsizetype end = at + 8;
    while (end < text.size() && text.at(end) == ' ')
        ++end;
    qsizetype valueEnd = end;
    while (valueEnd < text.size() && text.at(valueEnd) != ' ' && text.at(valueEnd) != '#')
        ++valueEnd;
    text = text.left(end) + version.toUtf8() + text.mid(valueEnd);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(lines.join('\n'));
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("customers"), QStringLiteral("Customers."),
                        QStringLiteral("N"), QStringLiteral("1000")},
                       {QStringLiteral("history"), QStringLiteral("Commits of history."),
                        QStringLiteral("C"), QStringLiteral("5000")},
                       {QStringLiteral("rounds"), QStringLiteral("Rounds."), QStringLiteral("R"),
                        QStringLiteral("7")}});
    parser.process(app);
    const int customers = parser.value(QStringLiteral("customers")).toInt();
    const int history = parser.value(QStringLiteral("history")).toInt();
    const int rounds = parser.value(QStringLiteral("rounds")).toInt();
    const QString name = QStringLiteral("change+commit+push: Quarterdeck ÷ git CLI, %1 overlays, "
                                        "%2 commits (median of %3)")
                                 .arg(customers * 2)
                                 .arg(history)
                                 .arg(rounds);

    QTemporaryDir dir;
    const QString work = dir.filePath(QStringLiteral("work"));
    const QString remote = dir.filePath(QStringLiteral("remote.git"));
    FleetShape shape;
    shape.customers = customers;
    auto fleet = generateFleet(work, shape);
    if (!fleet) {
        printDetail(fleet.errorMessage());
        printResult(name, QStringLiteral("-"), QStringLiteral("≤ 0.50×"), 0, Verdict::NotMeasured);
        return 1;
    }
    const auto setUp = Clock::now();
    if (!runGit(work,
                {QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Bench")}) ||
        !runGit(work, {QStringLiteral("config"), QStringLiteral("user.email"),
                       QStringLiteral("bench@example.com")}) ||
        !runGit(work, {QStringLiteral("branch"), QStringLiteral("-M"), QStringLiteral("main")}) ||
        !addHistory(work, history) ||
        !runGit(dir.path(), {QStringLiteral("clone"), QStringLiteral("-q"),
                             QStringLiteral("--bare"), work, remote}) ||
        !runGit(work, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
                       remote}) ||
        !runGit(work, {QStringLiteral("fetch"), QStringLiteral("-q"), QStringLiteral("origin")}) ||
        !runGit(work, {QStringLiteral("branch"), QStringLiteral("-q"), QStringLiteral("-u"),
                       QStringLiteral("origin/main")})) {
        printResult(name, QStringLiteral("-"), QStringLiteral("≤ 0.50×"), 0, Verdict::NotMeasured);
        return 1;
    }
    printDetail(QStringLiteral("repo with %1 commits set up in %2 ms")
                        .arg(history + 1)
                        .arg(millisecondsSince(setUp), 0, 'f', 0));

    auto engine = ChangeEngine::open(work);
    if (!engine) {
        printDetail(engine.errorMessage());
        return 1;
    }
    QList<double> ours;
    QList<double> theirs;
    QList<double> ratios;
    QList<double> fresh;
    QList<double> freshRatios;
    const auto change = [&](ChangeEngine &changer, const ExpectedZone &zone,
                            const QString &version) -> std::optional<double> {
        const auto start = Clock::now();
        CommitRequest request;
        request.edits = {ValueEdit{zone.customerId, *zoneKindFromName(zone.zone),
                                   QStringLiteral("spec.spinnakerConfig.config.version"), version}};
        request.subject =
                QStringLiteral("Bump %1 %2 to %3").arg(zone.customerId, zone.zone, version);
        request.push = PushAfterCommit::Push;
        const ChangeAttempt attempt = changer.commit(request);
        const double ms = millisecondsSince(start);
        if (!attempt.outcome.pushed) {
            printDetail(QStringLiteral("Quarterdeck did not push: %1%2")
                                .arg(attempt.refusal, attempt.outcome.pushMessage));
            printResult(name, QStringLiteral("-"), QStringLiteral("≤ 0.50×"), 0,
                        Verdict::NotMeasured);
            return std::nullopt;
        }
        return ms;
    };
    for (int round = 0; round < rounds; ++round) {
        const auto zoneAt = [&](int offset) -> const ExpectedZone & {
            return fleet->zones.at((round * 7 + offset) % fleet->zones.size());
        };
        const QString version = QStringLiteral("2.99.%1").arg(round);

        const std::optional<double> oursMs = change(engine.value(), zoneAt(0), version);
        if (!oursMs)
            return 1;

        const ExpectedZone &cli = zoneAt(3);
        auto start = Clock::now();
        if (!replaceVersionLine(work + QLatin1Char('/') + cli.versionFile, cli.versionLine,
                                version) ||
            !runGit(work, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-am"),
                           QStringLiteral("Bump by the git CLI")}) ||
            !runGit(work, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                           QStringLiteral("main")})) {
            printResult(name, QStringLiteral("-"), QStringLiteral("≤ 0.50×"), 0,
                        Verdict::NotMeasured);
            return 1;
        }
        const double theirsMs = millisecondsSince(start);

        start = Clock::now();
        auto opened = ChangeEngine::open(work);
        if (!opened) {
            printDetail(opened.errorMessage());
            return 1;
        }
        const std::optional<double> changeMs = change(opened.value(), zoneAt(5), version);
        if (!changeMs)
            return 1;
        const double freshMs = millisecondsSince(start);

        ours.append(*oursMs);
        theirs.append(theirsMs);
        ratios.append(*oursMs / theirsMs);
        fresh.append(freshMs);
        freshRatios.append(freshMs / theirsMs);
    }
    printDetail(QStringLiteral("Quarterdeck ms: %1").arg(formatSeries(ours)));
    printDetail(QStringLiteral("git CLI ms:     %1").arg(formatSeries(theirs)));
    printDetail(QStringLiteral("ratios:         %1").arg(formatSeries(ratios, 2)));
    printDetail(QStringLiteral("an engine opened for the change (as `quarterdeck set`, without "
                               "its process start), ms: %1")
                        .arg(formatSeries(fresh)));
    printDetail(QStringLiteral("  ÷ git CLI: %1; median %2×")
                        .arg(formatSeries(freshRatios, 2))
                        .arg(median(freshRatios), 0, 'f', 2));
    const double ratio = median(ratios);
    printResult(name,
                QStringLiteral("%1× (%2 ms vs %3 ms)")
                        .arg(ratio, 0, 'f', 2)
                        .arg(median(ours), 0, 'f', 0)
                        .arg(median(theirs), 0, 'f', 0),
                QStringLiteral("≤ 0.50×"), ratio / 0.5,
                ratio <= 0.5 ? Verdict::Pass : Verdict::Fail);
    return 0;
}
