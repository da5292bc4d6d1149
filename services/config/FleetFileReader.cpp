#include "services/config/FleetFileReader.h"

#include "services/config/FileChecker.h"
#include "services/config/YamlFile.h"

#include <QSet>
#include <QTimeZone>

#include <algorithm>
#include <initializer_list>

namespace qd {

namespace {

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

BusinessCalendar readCalendar(const ManifestNode &node, FileChecker &check)
{
    BusinessCalendar calendar;
    if (!check.expectMap(node, QStringLiteral("calendar"),
                         {"timezone", "businessHours", "workdays", "holidays"}))
        return calendar;
    if (const QString tz = check.text(node, "timezone", QStringLiteral("calendar"), false);
        !tz.isEmpty()) {
        if (!QTimeZone(tz.toUtf8()).isValid())
            check.problem(*node.find("timezone"), QStringLiteral("unknown time zone '%1'").arg(tz));
        calendar.timezone = tz;
    }
    if (const QString hours = check.text(node, "businessHours", QStringLiteral("calendar"), false);
        !hours.isEmpty()) {
        const QStringList parts = hours.split(QLatin1Char('-'));
        const bool valid = parts.size() == 2
                           && QTime::fromString(parts.at(0), QStringLiteral("HH:mm")).isValid()
                           && QTime::fromString(parts.at(1), QStringLiteral("HH:mm")).isValid()
                           && parts.at(0) < parts.at(1);
        if (!valid)
            check.problem(*node.find("businessHours"),
                          QStringLiteral("businessHours must look like \"09:00-17:00\""));
        calendar.businessHours = hours;
    }
    static const QStringList days = {QStringLiteral("Mon"), QStringLiteral("Tue"),
                                     QStringLiteral("Wed"), QStringLiteral("Thu"),
                                     QStringLiteral("Fri"), QStringLiteral("Sat"),
                                     QStringLiteral("Sun")};
    if (const ManifestNode *workdays = node.find("workdays"); workdays && workdays->isSequence()) {
        calendar.workdays.clear();
        for (const auto &day : workdays->items()) {
            if (!days.contains(q(day.text())))
                check.problem(day, QStringLiteral("unknown workday '%1' (Mon..Sun)").arg(q(day.text())));
            else
                calendar.workdays.append(q(day.text()));
        }
    }
    if (const ManifestNode *holidays = node.find("holidays"); holidays && holidays->isSequence()) {
        for (const auto &day : holidays->items()) {
            const QDate date = QDate::fromString(q(day.text()), Qt::ISODate);
            if (!date.isValid())
                check.problem(day, QStringLiteral("holiday '%1' is not a date (YYYY-MM-DD)")
                                           .arg(q(day.text())));
            else
                calendar.holidays.append(date);
        }
    }
    return calendar;
}

std::optional<Zone> readZone(ZoneKind kind, const ManifestNode &node, FileChecker &check)
{
    const QString what = QStringLiteral("zone '%1'").arg(zoneKindName(kind));
    if (!check.expectMap(node, what, {"overlay", "cluster", "cloud", "region", "deck", "gate"}))
        return std::nullopt;
    Zone zone;
    zone.kind = kind;
    zone.declaredAt = check.at(node);
    zone.overlay = check.text(node, "overlay", what, true);
    zone.overlayAt = node.find("overlay") ? check.at(*node.find("overlay")) : zone.declaredAt;
    zone.cluster = check.text(node, "cluster", what, true);
    zone.cloud = check.text(node, "cloud", what, false);
    zone.region = check.text(node, "region", what, false);
    for (const char *key : {"deck", "gate"}) {
        const QString text = check.text(node, key, what, false);
        const QUrl url(text, QUrl::StrictMode);
        if (!text.isEmpty() && (!url.isValid() || url.scheme().isEmpty()))
            check.problem(*node.find(key), QStringLiteral("'%1' is not a URL").arg(text));
        (qstrcmp(key, "deck") == 0 ? zone.deck : zone.gate) = url;
    }
    return zone;
}

PromotionPolicy readPromotion(const ManifestNode &node, FileChecker &check)
{
    PromotionPolicy policy;
    const QString what = QStringLiteral("promotion");
    if (!check.expectMap(node, what, {"soak", "redAvailability", "releaseAge"}))
        return policy;
    if (const QString soak = check.text(node, "soak", what, false); !soak.isEmpty()) {
        const auto duration = parsePolicyDuration(soak);
        if (!duration || duration->count() == 0)
            check.problem(*node.find("soak"), QStringLiteral("soak must be a duration such as 24h "
                                                             "or 1d12h, not '%1'")
                                                      .arg(soak));
        else
            policy.soak = *duration;
    }
    if (const QString bar = check.text(node, "redAvailability", what, false); !bar.isEmpty()) {
        bool ok = false;
        const double value = bar.toDouble(&ok);
        if (!ok || value <= 0 || value > 100)
            check.problem(*node.find("redAvailability"),
                          QStringLiteral("redAvailability must be a percentage such as 99.0, not "
                                         "'%1'")
                                  .arg(bar));
        else
            policy.redAvailability = value;
    }
    if (const QString age = check.text(node, "releaseAge", what, false); !age.isEmpty()) {
        const auto duration = parsePolicyDuration(age);
        if (!duration || duration->count() % 86400 != 0)
            check.problem(*node.find("releaseAge"),
                          QStringLiteral("releaseAge must be whole days such as 14d, not '%1'")
                                  .arg(age));
        else
            policy.releaseAge = std::chrono::days(duration->count() / 86400);
    }
    return policy;
}

std::optional<Customer> readCustomer(const ManifestNode &node, FileChecker &check)
{
    if (!check.expectMap(node, QStringLiteral("a customer"),
                         {"id", "name", "calendar", "slo", "promotion", "zones"}))
        return std::nullopt;
    Customer customer;
    customer.declaredAt = check.at(node);
    customer.id = check.text(node, "id", QStringLiteral("a customer"), true);
    customer.name = check.text(node, "name", QStringLiteral("customer '%1'").arg(customer.id), false);
    if (customer.name.isEmpty())
        customer.name = customer.id;
    if (const ManifestNode *calendar = node.find("calendar"))
        customer.calendar = readCalendar(*calendar, check);
    if (const ManifestNode *slo = node.find("slo");
        slo && check.expectMap(*slo, QStringLiteral("slo"), {"target"})) {
        if (const ManifestNode *target = slo->find("target")) {
            bool ok = false;
            const double value = q(target->text()).toDouble(&ok);
            if (!ok || value <= 0 || value >= 100)
                check.problem(*target, QStringLiteral("SLO target must be a percentage between 0 "
                                                      "and 100, such as 99.9"));
            else
                customer.sloTarget = value;
        }
    }
    if (const ManifestNode *promotion = node.find("promotion"))
        customer.promotion = readPromotion(*promotion, check);
    const ManifestNode *zones = node.find("zones");
    if (!zones) {
        check.problem(node, QStringLiteral("customer '%1' has no zones").arg(customer.id));
        return customer;
    }
    if (!zones->isMap()) {
        check.problem(*zones, QStringLiteral("zones must be a mapping with red and green"));
        return customer;
    }
    for (const auto &[name, zoneNode] : zones->entries()) {
        const auto kind = zoneKindFromName(q(name));
        if (!kind) {
            check.problem(zoneNode, QStringLiteral("unknown zone '%1' (zones are red and green)")
                                            .arg(q(name)));
            continue;
        }
        (*kind == ZoneKind::Red ? customer.red : customer.green) = readZone(*kind, zoneNode, check);
    }
    return customer;
}

} // namespace

FleetFile parseFleetFile(const QByteArray &text, const QString &displayName)
{
    FleetFile fleet;
    ParsedYaml parsed = parseYaml(text.toStdString(), 0, displayName);
    fleet.problems = parsed.problems;
    if (!parsed.ok())
        return fleet;
    FileChecker check(displayName);
    if (parsed.documents.empty() || !parsed.documents.front().isMap()) {
        fleet.problems.append({{displayName, 1, 1}, QStringLiteral("fleet.yaml must be a mapping "
                                                                  "with apiVersion and customers")});
        return fleet;
    }
    const ManifestNode &root = parsed.documents.front();
    check.expectMap(root, QStringLiteral("fleet.yaml"), {"apiVersion", "customers"});
    if (const QString apiVersion = check.text(root, "apiVersion", QStringLiteral("fleet.yaml"), true);
        !apiVersion.isEmpty() && apiVersion != QLatin1String("quarterdeck/v1"))
        check.problem(*root.find("apiVersion"),
                      QStringLiteral("unsupported apiVersion '%1' (expected quarterdeck/v1)")
                              .arg(apiVersion));
    const ManifestNode *customers = root.find("customers");
    if (!customers || !customers->isSequence()) {
        check.problem(customers ? *customers : root, QStringLiteral("'customers' must be a list"));
    } else {
        QHash<QString, SourceLocation> seen;
        for (const auto &node : customers->items()) {
            auto customer = readCustomer(node, check);
            if (!customer || customer->id.isEmpty())
                continue;
            if (const auto it = seen.constFind(customer->id); it != seen.constEnd()) {
                check.problem(*node.find("id"), QStringLiteral("duplicate customer id '%1' (first "
                                                               "declared on line %2)")
                                                        .arg(customer->id)
                                                        .arg(it->line));
                fleet.duplicates.append(std::move(*customer));
                continue;
            }
            seen.insert(customer->id, check.at(*node.find("id")));
            fleet.customers.append(std::move(*customer));
        }
    }
    fleet.problems += check.take();
    return fleet;
}

MaintenanceFile parseMaintenanceFile(const QByteArray &text, const QString &displayName,
                                     const QList<Customer> &customers)
{
    MaintenanceFile maintenance;
    ParsedYaml parsed = parseYaml(text.toStdString(), 0, displayName);
    maintenance.problems = parsed.problems;
    if (!parsed.ok() || parsed.documents.empty() || parsed.documents.front().isNull())
        return maintenance;
    FileChecker check(displayName);
    const ManifestNode &root = parsed.documents.front();
    check.expectMap(root, QStringLiteral("maintenance.yaml"), {"windows"});
    const ManifestNode *windows = root.find("windows");
    if (windows && !windows->isSequence() && !windows->isNull())
        check.problem(*windows, QStringLiteral("'windows' must be a list"));
    if (windows && windows->isSequence()) {
        for (const auto &node : windows->items()) {
            if (!check.expectMap(node, QStringLiteral("a maintenance window"),
                                 {"customer", "zone", "start", "end", "reason"}))
                continue;
            MaintenanceWindow window;
            const QString what = QStringLiteral("a maintenance window");
            window.customer = check.text(node, "customer", what, true);
            window.reason = check.text(node, "reason", what, false);
            const QString zone = check.text(node, "zone", what, true);
            const bool knownCustomer = std::any_of(customers.begin(), customers.end(),
                                                   [&](const Customer &c) {
                                                       return c.id == window.customer;
                                                   });
            if (!window.customer.isEmpty() && !knownCustomer)
                check.problem(*node.find("customer"),
                              QStringLiteral("unknown customer '%1'").arg(window.customer));
            if (const auto kind = zoneKindFromName(zone))
                window.zone = *kind;
            else if (!zone.isEmpty())
                check.problem(*node.find("zone"), QStringLiteral("unknown zone '%1' (zones are red "
                                                                 "and green)")
                                                          .arg(zone));
            for (const char *key : {"start", "end"}) {
                const QString value = check.text(node, key, what, true);
                const QDateTime time = QDateTime::fromString(value, Qt::ISODate);
                if (!value.isEmpty() && (!time.isValid() || !value.contains(QLatin1Char('T'))))
                    check.problem(*node.find(key), QStringLiteral("'%1' is not an ISO-8601 time such "
                                                                  "as 2026-11-03T02:00:00Z")
                                                           .arg(value));
                (qstrcmp(key, "start") == 0 ? window.start : window.end) = time.toUTC();
            }
            if (window.start.isValid() && window.end.isValid() && window.end <= window.start) {
                check.problem(*node.find("end"), QStringLiteral("the window ends before it starts"));
                continue;
            }
            if (knownCustomer && window.start.isValid() && window.end.isValid())
                maintenance.windows.append(window);
        }
    }
    maintenance.problems += check.take();
    return maintenance;
}

} // namespace qd
