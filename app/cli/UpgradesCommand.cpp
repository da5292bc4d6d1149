// quarterdeck upgrades --repo DIR [--prometheus URL] [--alertmanager URL] [--store PATH] [--json]:
// every customer's stage on the Upgrades board, each zone's desired and running version, and the
// promotion gate's verdict.
#include "app/cli/Cli.h"
#include "app/cli/CliSources.h"
#include "app/cli/CommandParser.h"
#include "app/cli/UpgradeJson.h"
#include "services/config/FleetLoader.h"
#include "services/git/GitDiff.h"
#include "services/git/GitRepository.h"
#include "services/secrets/SecretStore.h"
#include "services/store/TelemetryStore.h"
#include "services/upgrades/UpgradeBoardGatherer.h"
#include "services/upgrades/UpgradeSources.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>

namespace qd::cli {

namespace {

QJsonObject rowJson(const UpgradeRow &row)
{
    const PromotionGateInputs &in = row.inputs;
    return QJsonObject{
            {QStringLiteral("customer"), in.customer},
            {QStringLiteral("stage"), upgradeStageName(row.stage.stage)},
            {QStringLiteral("stageReason"), row.stage.reason},
            {QStringLiteral("candidate"), row.gate.candidate.isEmpty()
                                                  ? QJsonValue(QJsonValue::Null)
                                                  : QJsonValue(row.gate.candidate)},
            {QStringLiteral("red"), zoneStateJson(in.redDesired.version, in.red)},
            {QStringLiteral("green"), zoneStateJson(in.greenDesired.version, in.green)},
            {QStringLiteral("gate"),
             QJsonObject{{QStringLiteral("verdict"),
                          row.gate.passed ? QStringLiteral("pass") : QStringLiteral("fail")},
                         {QStringLiteral("rules"), ruleListJson(row.gate.rules)}}},
    };
}

QString shown(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("?") : text;
}

QString zoneText(const QString &desired, const ZoneLiveState &live)
{
    if (!live.known)
        return QStringLiteral("%1 (running unknown)").arg(shown(desired));
    if (live.running == desired)
        return QStringLiteral("%1 %2").arg(shown(desired), operatorStatusName(live.status));
    return QStringLiteral("%1 (running %2, %3)")
            .arg(shown(desired), live.running, operatorStatusName(live.status));
}

void printRows(const QList<UpgradeRow> &rows, QTextStream &out)
{
    for (const UpgradeRow &row : rows) {
        const PromotionGateInputs &in = row.inputs;
        out << in.customer << "  " << upgradeStageName(row.stage.stage) << "  red "
            << zoneText(in.redDesired.version, in.red) << "  green "
            << zoneText(in.greenDesired.version, in.green) << "\n    " << row.stage.reason << '\n';
    }
    out.flush();
}

} // namespace

void describeUpgrades(CommandParser &command)
{
    command.setDescription(QStringLiteral(
            "Every customer's upgrade stage (in sync, Red rolling out, Red soaking, ready to "
            "promote, Green rolling out, verifying, done, failed, drifted, unknown), each zone's "
            "desired and running version, and the promotion gate."));
    command.addRepoOption();
    command.addJsonOption();
    addLiveSourceOptions(command);
    command.addOption({QStringLiteral("store"),
                       QStringLiteral("The local store with the verification records (default: "
                                      "the GUI's)."),
                       QStringLiteral("PATH")});
    command.setExitCodes(QStringLiteral("0 listed, 2 usage or I/O error"));
    command.addExample({QStringLiteral("upgrades --repo ~/config --prometheus "
                                       "http://prometheus:9090 --json"),
                        QStringLiteral("Every customer's stage, running vs desired, and gate.")});
}

int runUpgrades(const CommandParser &command, QTextStream &out, QTextStream &err)
{
    const QCommandLineParser &p = command.parser();

    const auto fail = [&](const QString &message) {
        err << "quarterdeck upgrades: " << message << Qt::endl;
        return UsageOrIoError;
    };

    const auto fleet = loadFleet(command.repo());
    if (!fleet)
        return fail(fleet.errorMessage());
    std::optional<QStringList> dirty;
    if (auto repo = GitRepository::open(command.repo())) {
        if (auto paths = dirtyPaths(repo->get()))
            dirty = paths.value();
    }
    auto store = TelemetryStore::open(p.isSet(QStringLiteral("store"))
                                              ? p.value(QStringLiteral("store"))
                                              : TelemetryStore::defaultPath());
    if (!store)
        return fail(store.errorMessage());
    const auto verified = lastGreenVerifications(store.value(), fleet.value());
    if (!verified)
        return fail(verified.errorMessage());

    SecretStore secrets;
    LiveSources sources;
    if (auto opened = openLiveSources(sources, p, fleet.value(), secrets); !opened)
        return fail(opened.errorMessage());

    UpgradeBoardGatherer gatherer(sources.prometheus.get(), sources.alerts.incidents.get());
    QList<UpgradeRow> rows;
    QEventLoop loop;
    bool done = false; // with no source to ask, it is gathered before the loop runs
    QObject::connect(&gatherer, &UpgradeBoardGatherer::gathered, &loop,
                     [&](const QList<UpgradeRow> &gathered) {
                         rows = gathered;
                         done = true;
                         loop.quit();
                     });
    gatherer.gather(fleet.value(), dirty, verified.value(), QDateTime::currentDateTimeUtc());
    if (!done)
        loop.exec();

    if (command.json()) {
        QJsonArray list;
        for (const UpgradeRow &row : std::as_const(rows))
            list.append(rowJson(row));
        writeJson(out, list);
    } else {
        printRows(rows, out);
    }
    return Success;
}

} // namespace qd::cli
