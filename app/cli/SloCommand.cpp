// quarterdeck slo --repo DIR --prometheus URL --customer C [--zone green] --from ISO --to ISO
// [--json]: availability, error budget and burn rates of one zone, from Prometheus.
#include "app/cli/Cli.h"
#include "app/cli/CliSources.h"
#include "app/cli/CommandParser.h"
#include "models/Slo.h"
#include "services/config/FleetLoader.h"
#include "services/secrets/SecretStore.h"
#include "services/telemetry/PrometheusClient.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace qd::cli {

namespace {

QJsonValue number(std::optional<double> value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

// Whole milliseconds: hand-computed figures compare exactly, floating noise does not show.
double rounded(double seconds)
{
    return std::round(seconds * 1000.0) / 1000.0;
}

QString iso(qint64 t)
{
    return slo::fromEpoch(t).toString(Qt::ISODate);
}

QJsonObject toJson(const slo::SloSummary &s, const Customer &customer, const Zone &zone)
{
    QJsonArray burnRates;
    for (const slo::BurnRate &r : s.burnRates)
        burnRates.append(QJsonObject{{QStringLiteral("window"), slo::burnWindowName(r.window)},
                                     {QStringLiteral("rate"), number(r.rate)}});
    QJsonArray alerts;
    for (const slo::BurnAlert &a : s.alerts)
        alerts.append(QJsonObject{
                {QStringLiteral("name"), a.name},
                {QStringLiteral("factor"), a.factor},
                {QStringLiteral("longWindow"), slo::burnWindowName(a.longWindow)},
                {QStringLiteral("shortWindow"), slo::burnWindowName(a.shortWindow)},
                {QStringLiteral("firing"), a.firing}});
    return QJsonObject{
            {QStringLiteral("customer"), customer.id},
            {QStringLiteral("zone"), zoneKindName(zone.kind)},
            {QStringLiteral("cluster"), zone.cluster},
            {QStringLiteral("from"), iso(s.from)},
            {QStringLiteral("to"), iso(s.to)},
            {QStringLiteral("target"), s.targetPercent},
            {QStringLiteral("availability"), number(s.availability)},
            {QStringLiteral("errorBudgetRemainingRatio"), number(s.errorBudgetRemainingRatio)},
            {QStringLiteral("errorBudgetRemainingSeconds"),
             rounded(s.errorBudgetRemainingSeconds)},
            {QStringLiteral("maintenanceExcludedSeconds"), s.maintenanceExcludedSeconds},
            {QStringLiteral("noDataSeconds"), s.noDataSeconds},
            {QStringLiteral("burnRates"), burnRates},
            {QStringLiteral("eligibleSeconds"), s.eligibleSeconds},
            {QStringLiteral("errorBudgetSeconds"), rounded(s.errorBudgetSeconds)},
            {QStringLiteral("meetsTarget"), s.meetsTarget()},
            {QStringLiteral("alerts"), alerts},
    };
}

void printText(const slo::SloSummary &s, const Customer &customer, const Zone &zone,
               QTextStream &out)
{
    out << customer.id << ' ' << zoneKindName(zone.kind) << " (" << zone.cluster << ")  "
        << iso(s.from) << " .. " << iso(s.to) << '\n';
    out << "availability   "
        << (s.availability ? QString::number(*s.availability * 100.0, 'f', 4) + QLatin1Char('%')
                           : QStringLiteral("no data"))
        << "  target " << s.targetPercent << "%  " << (s.meetsTarget() ? "met" : "MISSED")
        << '\n';
    out << "error budget   " << rounded(s.errorBudgetRemainingSeconds) << " s left of "
        << rounded(s.errorBudgetSeconds) << " s";
    if (s.errorBudgetRemainingRatio)
        out << " (" << QString::number(*s.errorBudgetRemainingRatio * 100.0, 'f', 1) << "%)";
    out << '\n';
    out << "excluded       " << s.maintenanceExcludedSeconds << " s maintenance, "
        << s.noDataSeconds << " s no data\n";
    out << "burn rates    ";
    for (const slo::BurnRate &r : s.burnRates)
        out << ' ' << slo::burnWindowName(r.window) << ' '
            << (r.rate ? QString::number(*r.rate, 'f', 2) : QStringLiteral("-"));
    out << '\n';
    for (const slo::BurnAlert &a : s.alerts) {
        if (a.firing)
            out << "ALERT          " << a.name << '\n';
    }
}

} // namespace

void describeSlo(CommandParser &command)
{
    command.setDescription(QStringLiteral("Availability, error budget and burn rates of a zone "
                                          "over [from, to], from Prometheus."));
    command.addRepoOption();
    command.addJsonOption();
    command.addOption({QStringLiteral("prometheus"), QStringLiteral("Prometheus base URL."),
                       QStringLiteral("URL")});
    command.addOption(
            {QStringLiteral("customer"), QStringLiteral("Customer id."), QStringLiteral("C")});
    command.addOption({QStringLiteral("zone"), QStringLiteral("red or green (default green)."),
                       QStringLiteral("ZONE"), QStringLiteral("green")});
    command.addOption({QStringLiteral("from"),
                       QStringLiteral("Start, ISO-8601 (UTC if no offset)."),
                       QStringLiteral("ISO")});
    command.addOption({QStringLiteral("to"), QStringLiteral("End, ISO-8601, inclusive."),
                       QStringLiteral("ISO")});
    command.setExitCodes(QStringLiteral("0 computed, 1 no such customer or zone, 2 usage, I/O "
                                        "or Prometheus error"));
    command.addExample({QStringLiteral("slo --repo ~/config --prometheus http://prometheus:9090 "
                                       "--customer acme --from 2026-10-01 --to 2026-10-31T23:59:59 "
                                       "--json"),
                        QStringLiteral("October's availability and error budget of acme's Green "
                                       "zone.")});
}

int runSlo(const CommandParser &command, QTextStream &out, QTextStream &err)
{
    const QCommandLineParser &p = command.parser();

    const auto parseTime = [](const QString &text) {
        QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (t.isValid() && t.timeSpec() == Qt::LocalTime)
            t.setTimeZone(QTimeZone::utc()); // no offset given: UTC, as everywhere in the CLI
        return t;
    };
    const QDateTime from = parseTime(p.value(QStringLiteral("from")));
    const QDateTime to = parseTime(p.value(QStringLiteral("to")));
    const QUrl url(p.value(QStringLiteral("prometheus")));
    const QString customerId = p.value(QStringLiteral("customer"));
    const auto zoneKind = zoneKindFromName(p.value(QStringLiteral("zone")));
    if (!url.isValid() || url.scheme().isEmpty() || customerId.isEmpty() || !zoneKind
        || !from.isValid() || !to.isValid() || to < from) {
        err << "usage: quarterdeck slo --repo DIR --prometheus URL --customer C [--zone green] "
               "--from ISO --to ISO [--json]\n"
               "  --from and --to are ISO-8601 times with from <= to; --zone is red or green"
            << Qt::endl;
        return UsageOrIoError;
    }

    const auto fleet = loadFleet(command.repo());
    if (!fleet.ok()) {
        err << "quarterdeck slo: " << fleet.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    const Customer *customer = fleet->customer(customerId);
    const Zone *zone = customer ? customer->zone(*zoneKind) : nullptr;
    if (!zone || zone->cluster.isEmpty()) {
        err << "fleet.yaml: " << (customer ? QStringLiteral("customer '%1' has no %2 zone cluster")
                                                     .arg(customerId, zoneKindName(*zoneKind))
                                           : QStringLiteral("no customer '%1'").arg(customerId))
            << Qt::endl;
        return Refused;
    }

    const qint64 f = from.toSecsSinceEpoch();
    const qint64 t = to.toSecsSinceEpoch();
    // Burn rates look back 3 days from `to`: fetch that far on the same grid as `from`.
    const qint64 lookback = std::max<qint64>(0, f - (t - slo::burnWindowSeconds(
                                                             slo::BurnWindow::ThreeDays)));
    const qint64 fetchFrom = f - (lookback + slo::kStepSeconds - 1) / slo::kStepSeconds
                                         * slo::kStepSeconds;

    SecretStore secrets;
    PrometheusClient client(url);
    if (const auto auth = configurePrometheus(client, secrets); !auth.ok()) {
        err << "quarterdeck slo: " << auth.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    QEventLoop loop;
    std::optional<Result<QList<PromSeries>>> answer;
    client.queryRange(expandQuery(QueryKind::Availability, zone->cluster), fetchFrom, t,
                      slo::kStepSeconds, &loop, [&](Result<QList<PromSeries>> r) {
                          answer = std::move(r);
                          loop.quit();
                      });
    loop.exec();
    if (!answer || !answer->ok()) {
        err << "quarterdeck slo: " << (answer ? answer->errorMessage() : QString()) << Qt::endl;
        return UsageOrIoError;
    }
    const slo::SampleSeries series =
            toSampleSeries(answer->value(), fetchFrom, t, slo::kStepSeconds);
    const slo::SloSummary summary = slo::computeSlo(
            series, f, t, customer->sloTarget,
            slo::maintenanceIntervals(fleet->maintenance, customer->id, zone->kind));
    if (command.json())
        writeJson(out, toJson(summary, *customer, *zone));
    else
        printText(summary, *customer, *zone, out);
    return Success;
}

} // namespace qd::cli
