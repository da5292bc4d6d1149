// quarterdeck verify --repo DIR --customer C --zone red|green --prometheus URL
//                    [--alertmanager URL] [--checks-window MIN] [--grace MIN] [--json]:
// the post-upgrade verification of a zone; a completed one is recorded in the local store.
#include "app/cli/Cli.h"
#include "app/cli/CliSources.h"
#include "app/cli/CommandParser.h"
#include "app/cli/UpgradeJson.h"
#include "services/config/FleetLoader.h"
#include "services/secrets/SecretStore.h"
#include "services/store/TelemetryStore.h"
#include "services/telemetry/PrometheusClient.h"
#include "services/upgrades/VerificationGatherer.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace qd::cli {

namespace {

QJsonObject resultJson(const VerificationResult &result)
{
    return QJsonObject{
            {QStringLiteral("customer"), result.customer},
            {QStringLiteral("zone"), zoneKindName(result.zone)},
            {QStringLiteral("version"), result.version.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                 : QJsonValue(result.version)},
            {QStringLiteral("verdict"), verificationVerdictName(result.verdict)},
            {QStringLiteral("checks"), ruleListJson(result.checks)},
            {QStringLiteral("pendingUntil"),
             result.pendingUntil.isValid()
                     ? QJsonValue(result.pendingUntil.toUTC().toString(Qt::ISODate))
                     : QJsonValue(QJsonValue::Null)},
    };
}

void printResult(const VerificationResult &result, QTextStream &out)
{
    for (const VerificationCheck &check : result.checks)
        out << (check.passed ? "pass  " : "FAIL  ") << check.id << ": " << check.evidence << '\n';
    out << result.customer << ' ' << zoneKindName(result.zone) << ' ' << result.version << ": "
        << verificationVerdictName(result.verdict);
    if (result.pendingUntil.isValid())
        out << " until " << result.pendingUntil.toUTC().toString(Qt::ISODate);
    out << '\n';
    out.flush();
}

// Minutes, as given on the command line; nullopt when it is not a positive whole number.
std::optional<qint64> minutes(const QCommandLineParser &p, const QString &option)
{
    bool ok = false;
    const int value = p.value(option).toInt(&ok);
    return ok && value > 0 ? std::optional<qint64>(qint64(value) * 60) : std::nullopt;
}

} // namespace

void describeVerify(CommandParser &command)
{
    command.setDescription(QStringLiteral(
            "Verify a zone after its desired version changed: running-matches, operator-ok, "
            "services-ready, checks-green, no-new-alerts. A pass or fail is recorded in the "
            "local store."));
    command.addRepoOption();
    command.addJsonOption();
    command.addOption(
            {QStringLiteral("customer"), QStringLiteral("Customer id."), QStringLiteral("C")});
    command.addOption(
            {QStringLiteral("zone"), QStringLiteral("red or green."), QStringLiteral("ZONE")});
    command.addOption({QStringLiteral("prometheus"), QStringLiteral("Prometheus base URL."),
                       QStringLiteral("URL")});
    command.addOption({QStringLiteral("alertmanager"),
                       QStringLiteral("Alertmanager base URL (default: the settings')."),
                       QStringLiteral("URL")});
    command.addOption({QStringLiteral("checks-window"),
                       QStringLiteral("Minutes of synthetic checks that must all pass (30)."),
                       QStringLiteral("MIN"), QStringLiteral("30")});
    command.addOption({QStringLiteral("grace"),
                       QStringLiteral("Minutes after the version is first seen running during "
                                      "which a failing check is pending (30)."),
                       QStringLiteral("MIN"), QStringLiteral("30")});
    command.addOption({QStringLiteral("store"),
                       QStringLiteral("The local store to record into (default: the GUI's)."),
                       QStringLiteral("PATH")});
    command.setExitCodes(QStringLiteral("0 pass, 1 fail or pending, 2 usage or I/O error"));
    command.addExample({QStringLiteral("verify --repo ~/config --customer acme --zone green "
                                       "--prometheus http://prometheus:9090"),
                        QStringLiteral("Each check with its evidence; run it again until it "
                                       "passes or fails.")});
}

int runVerify(const CommandParser &command, QTextStream &out, QTextStream &err)
{
    const QCommandLineParser &p = command.parser();

    const QString customerId = p.value(QStringLiteral("customer"));
    const auto zoneKind = zoneKindFromName(p.value(QStringLiteral("zone")));
    const QUrl prometheusUrl = QUrl::fromUserInput(p.value(QStringLiteral("prometheus")));
    const auto checksWindow = minutes(p, QStringLiteral("checks-window"));
    const auto grace = minutes(p, QStringLiteral("grace"));
    if (customerId.isEmpty() || !zoneKind || p.value(QStringLiteral("prometheus")).isEmpty()
        || !prometheusUrl.isValid() || !checksWindow || !grace) {
        err << "usage: quarterdeck verify --repo DIR --customer C --zone red|green --prometheus "
               "URL [--alertmanager URL] [--checks-window MIN] [--grace MIN] [--json]\n"
               "  --checks-window and --grace are whole minutes"
            << Qt::endl;
        return UsageOrIoError;
    }
    const auto fleet = loadFleet(command.repo());
    if (!fleet) {
        err << "quarterdeck verify: " << fleet.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    const Customer *customer = fleet->customer(customerId);
    if (!customer || !customer->zone(*zoneKind)) {
        err << "fleet.yaml: "
            << (customer ? QStringLiteral("customer '%1' has no %2 zone")
                                   .arg(customerId, zoneKindName(*zoneKind))
                         : QStringLiteral("no customer '%1'").arg(customerId))
            << Qt::endl;
        return UsageOrIoError;
    }
    const QString storePath = p.isSet(QStringLiteral("store")) ? p.value(QStringLiteral("store"))
                                                                : TelemetryStore::defaultPath();
    auto store = TelemetryStore::open(storePath);
    if (!store) {
        err << "quarterdeck verify: " << store.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }

    const AppSettings settings = AppSettings::load();
    SecretStore secrets;
    PrometheusClient prometheus(prometheusUrl);
    if (auto configured = configurePrometheus(prometheus, secrets); !configured) {
        err << "quarterdeck verify: " << configured.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    const QUrl alertmanagerUrl = p.isSet(QStringLiteral("alertmanager"))
                                         ? QUrl::fromUserInput(p.value(QStringLiteral("alertmanager")))
                                         : settings.alertmanager.url;
    AlertSource alerts;
    if (auto opened = openAlertSource(alerts, alertmanagerUrl, fleet.value(), secrets); !opened) {
        err << "quarterdeck verify: " << opened.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }

    VerificationInputs windows;
    windows.checksWindow = *checksWindow;
    windows.grace = *grace;
    VerificationGatherer gatherer(&prometheus, alerts.incidents.get());
    VerificationInputs inputs;
    QEventLoop loop;
    bool done = false;
    QObject::connect(&gatherer, &VerificationGatherer::gathered, &loop,
                     [&](const VerificationInputs &gathered) {
                         inputs = gathered;
                         done = true;
                         loop.quit();
                     });
    gatherer.gather(fleet.value(), customerId, *zoneKind, QDateTime::currentDateTimeUtc(),
                    windows);
    if (!done)
        loop.exec();

    const VerificationResult result = verifyUpgrade(inputs);
    if (result.verdict != VerificationVerdict::Pending) {
        if (auto recorded = store->recordVerification(result); !recorded) {
            err << "quarterdeck verify: " << recorded.errorMessage() << Qt::endl;
            return UsageOrIoError;
        }
    }
    if (command.json())
        writeJson(out, resultJson(result));
    else
        printResult(result, out);
    return result.verdict == VerificationVerdict::Pass ? Success : Refused;
}

} // namespace qd::cli
