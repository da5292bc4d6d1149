// bench_fleet_load [--customers N] [--rounds R]: generates a fleet once, checks it is valid
// (kubectl kustomize on a few overlays, qd::loadFleet with no diagnostics and every version where
// the generator put it), then times yaml-cpp alone and qd::loadFleet on the same files,
// interleaved in one process so that the noise of a shared machine hits both alike.
#include "BenchReport.h"
#include "support/FleetGenerator.h"

#include "services/config/FleetLoader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <fstream>
#include <sstream>

using namespace qd::bench;
using namespace qd::test;

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The baseline: read every YAML file of the fleet from disk and parse it, nothing more.
std::size_t parseWithYamlCpp(const std::vector<std::string> &files)
{
    std::size_t documents = 0;
    for (const std::string &path : files) {
        std::ifstream stream(path, std::ios::binary);
        std::stringstream buffer;
        buffer << stream.rdbuf();
        documents += YAML::LoadAll(buffer.str()).size();
    }
    return documents;
}

// kubectl kustomize is the independent oracle: the generated overlays must build with it and
// give the version the generator meant.
QString checkWithKubectl(const GeneratedFleet &fleet)
{
    if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
        return QStringLiteral("kubectl not found: overlays not checked with kubectl kustomize");
    QList<ExpectedZone> samples;
    const auto takeFirst = [&](auto predicate) {
        for (const ExpectedZone &zone : fleet.zones) {
            if (predicate(zone)) {
                samples.append(zone);
                return;
            }
        }
    };
    takeFirst([](const ExpectedZone &z) { return z.perCustomerBase; });
    takeFirst([](const ExpectedZone &z) { return !z.perCustomerBase && z.usesPatchesField; });
    takeFirst([](const ExpectedZone &z) { return !z.perCustomerBase && !z.usesPatchesField; });
    takeFirst([](const ExpectedZone &z) { return z.zone == QLatin1String("red"); });

    for (const ExpectedZone &zone : samples) {
        QProcess kubectl;
        kubectl.start(QStringLiteral("kubectl"),
                      {QStringLiteral("kustomize"), fleet.root + QLatin1Char('/') + zone.overlay});
        if (!kubectl.waitForFinished(60'000) || kubectl.exitCode() != 0) {
            return QStringLiteral("kubectl kustomize %1 failed: %2")
                    .arg(zone.overlay, QString::fromLocal8Bit(kubectl.readAllStandardError()));
        }
        QString version;
        for (const YAML::Node &document : YAML::LoadAll(kubectl.readAllStandardOutput().toStdString())) {
            if (document["kind"] && document["kind"].as<std::string>() == "SpinnakerService") {
                version = QString::fromStdString(
                        document["spec"]["spinnakerConfig"]["config"]["version"].as<std::string>());
            }
        }
        if (version != zone.version) {
            return QStringLiteral("kubectl kustomize %1 gives version '%2', expected '%3'")
                    .arg(zone.overlay, version, zone.version);
        }
    }
    printDetail(QStringLiteral("kubectl kustomize agrees on %1 sample overlays").arg(samples.size()));
    return {};
}

// What a user would notice: every zone shows the version, file and line the generator wrote.
QString checkWithLoader(const GeneratedFleet &fleet)
{
    const qd::Result<qd::FleetSnapshot> snapshot = qd::loadFleet(fleet.root);
    if (!snapshot.ok())
        return QStringLiteral("loadFleet failed: %1").arg(snapshot.error().message);
    if (!snapshot->diagnostics.isEmpty()) {
        QStringList first;
        for (qsizetype i = 0; i < std::min<qsizetype>(5, snapshot->diagnostics.size()); ++i)
            first.append(snapshot->diagnostics.at(i).toString());
        return QStringLiteral("loadFleet reports %1 diagnostics, first: %2")
                .arg(snapshot->diagnostics.size())
                .arg(first.join(QStringLiteral(" | ")));
    }
    int mismatches = 0;
    QString firstMismatch;
    for (const ExpectedZone &expected : fleet.zones) {
        const qd::Customer *customer = snapshot->customer(expected.customerId);
        const auto kind = qd::zoneKindFromName(expected.zone);
        const qd::Zone *zone = customer && kind ? customer->zone(*kind) : nullptr;
        const bool same = zone && zone->resolution.version == expected.version
                          && zone->resolution.versionLocation.file == expected.versionFile
                          && zone->resolution.versionLocation.line == expected.versionLine;
        if (!same && mismatches++ == 0) {
            firstMismatch = QStringLiteral("%1/%2: expected %3 at %4:%5, got %6 at %7:%8")
                    .arg(expected.customerId, expected.zone, expected.version,
                         expected.versionFile)
                    .arg(expected.versionLine)
                    .arg(zone ? zone->resolution.version : QStringLiteral("(no zone)"),
                         zone ? zone->resolution.versionLocation.file : QString())
                    .arg(zone ? zone->resolution.versionLocation.line : 0);
        }
    }
    if (mismatches > 0) {
        return QStringLiteral("%1 of %2 zones differ from the generated fleet, first: %3")
                .arg(mismatches)
                .arg(fleet.zones.size())
                .arg(firstMismatch);
    }
    printDetail(QStringLiteral("loadFleet: %1 customers, 0 diagnostics, all %2 zones resolved to "
                               "the generated version, file and line")
                        .arg(snapshot->customers.size())
                        .arg(fleet.zones.size()));
    return {};
}

void reportNotMeasured(const QString &why)
{
    printDetail(why);
    printResult(QStringLiteral("fleet load: qd::loadFleet"), QStringLiteral("-"),
                QStringLiteral("<= 1000 ms"), 0, Verdict::NotMeasured);
    printResult(QStringLiteral("fleet load: loadFleet / yaml-cpp alone"), QStringLiteral("-"),
                QStringLiteral("<= 2.00x"), 0, Verdict::NotMeasured);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption customersOption(QStringLiteral("customers"),
                                             QStringLiteral("Customers (default 1000)."),
                                             QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"),
                                          QStringLiteral("Interleaved rounds (default 9)."),
                                          QStringLiteral("n"), QStringLiteral("9"));
    parser.addOptions({customersOption, roundsOption});
    parser.process(app);

    FleetShape shape;
    shape.customers = std::max(1, parser.value(customersOption).toInt());
    const int rounds = std::max(1, parser.value(roundsOption).toInt());

    QTemporaryDir scratch;
    const auto start = Clock::now();
    const qd::Result<GeneratedFleet> generated
            = generateFleet(scratch.filePath(QStringLiteral("fleet")), shape);
    if (!scratch.isValid() || !generated.ok()) {
        reportNotMeasured(QStringLiteral("cannot generate the fleet: %1")
                                  .arg(generated.ok() ? scratch.errorString()
                                                      : generated.error().message));
        return 2;
    }
    const GeneratedFleet &fleet = generated.value();
    printDetail(QStringLiteral("generated %1 customers, %2 overlays, %3 YAML files, %4 KiB in %5 ms")
                        .arg(shape.customers)
                        .arg(fleet.zones.size())
                        .arg(fleet.yamlFiles.size())
                        .arg(fleet.totalBytes / 1024)
                        .arg(millisecondsSince(start), 0, 'f', 0));

    const QString kubectlProblem = checkWithKubectl(fleet);
    const bool kubectlMissing = kubectlProblem.startsWith(QLatin1String("kubectl not found"));
    if (!kubectlProblem.isEmpty() && !kubectlMissing) {
        reportNotMeasured(QStringLiteral("the generated fleet is invalid: ") + kubectlProblem);
        return 1;
    }
    if (kubectlMissing)
        printDetail(kubectlProblem);
    // Also the warm-up: the files are in the page cache for both contestants from here on.
    if (const QString problem = checkWithLoader(fleet); !problem.isEmpty()) {
        reportNotMeasured(QStringLiteral("loader check failed: ") + problem);
        return 1;
    }

    std::vector<std::string> files;
    for (const QString &path : fleet.yamlFiles)
        files.push_back(path.toStdString());
    parseWithYamlCpp(files); // warm-up, symmetric with the loader check above

    QList<double> yamlTimes;
    QList<double> loaderTimes;
    QList<double> ratios;
    for (int round = 0; round < rounds; ++round) {
        double yamlMs = 0;
        double loaderMs = 0;
        // Alternate the order so neither always runs on a cache warmed by the other.
        for (int turn = 0; turn < 2; ++turn) {
            const auto begin = Clock::now();
            if ((round + turn) % 2 == 0) {
                if (parseWithYamlCpp(files) == 0)
                    printDetail(QStringLiteral("yaml-cpp parsed no document"));
                yamlMs = millisecondsSince(begin);
            } else {
                const qd::Result<qd::FleetSnapshot> snapshot = qd::loadFleet(fleet.root);
                loaderMs = millisecondsSince(begin);
                if (!snapshot.ok())
                    printDetail(QStringLiteral("loadFleet failed: ") + snapshot.error().message);
            }
        }
        yamlTimes.append(yamlMs);
        loaderTimes.append(loaderMs);
        ratios.append(loaderMs / yamlMs);
    }

    const double loaderMedian = median(loaderTimes);
    const double yamlMedian = median(yamlTimes);
    const double ratioMedian = median(ratios);
    printDetail(QStringLiteral("yaml-cpp alone (ms): ") + formatSeries(yamlTimes));
    printDetail(QStringLiteral("qd::loadFleet  (ms): ") + formatSeries(loaderTimes));
    printDetail(QStringLiteral("ratio per round:     ") + formatSeries(ratios, 2));

    // Not a target of its own: how long the GUI takes to read the repo again after a commit
    // (qd::refreshFleet), with one file changed: round 0 changes nothing. The loads above have
    // armed the change notification, so only what an event named is looked at.
    QList<double> refreshTimes;
    const QString touched = fleet.yamlFiles.at(fleet.yamlFiles.size() / 2); // an overlay's
    for (int round = 0; round <= rounds; ++round) {
        if (round > 0) {
            QFile file(touched);
            if (file.open(QIODevice::Append))
                file.write(QByteArray("# touched ") + QByteArray::number(round) + '\n');
        }
        const auto begin = Clock::now();
        const qd::Result<qd::FleetSnapshot> snapshot = qd::refreshFleet(fleet.root);
        refreshTimes.append(millisecondsSince(begin));
        if (!snapshot.ok() || !snapshot->diagnostics.isEmpty())
            printDetail(QStringLiteral("refreshFleet failed or found problems"));
    }
    printDetail(QStringLiteral("qd::refreshFleet after one file changed (ms; round 0: none "
                               "changed): ") + formatSeries(refreshTimes));

    const double loadTarget = 1000.0;
    const double ratioTarget = 2.0;
    printResult(QStringLiteral("fleet load: qd::loadFleet, %1 customers (median of %2)")
                        .arg(shape.customers)
                        .arg(rounds),
                QStringLiteral("%1 ms").arg(loaderMedian, 0, 'f', 0),
                QStringLiteral("<= %1 ms").arg(loadTarget, 0, 'f', 0), loaderMedian / loadTarget,
                loaderMedian <= loadTarget ? Verdict::Pass : Verdict::Fail);
    printResult(QStringLiteral("fleet load: loadFleet / yaml-cpp alone (median of ratios)"),
                QStringLiteral("%1x (yaml-cpp %2 ms)")
                        .arg(ratioMedian, 0, 'f', 2)
                        .arg(yamlMedian, 0, 'f', 0),
                QStringLiteral("<= %1x").arg(ratioTarget, 0, 'f', 2), ratioMedian / ratioTarget,
                ratioMedian <= ratioTarget ? Verdict::Pass : Verdict::Fail);
    return loaderMedian <= loadTarget && ratioMedian <= ratioTarget ? 0 : 1;
}
