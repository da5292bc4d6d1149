// fleet.yaml and maintenance.yaml: what is read, and every mistake reported at its line and column.
#include "services/config/FleetFileReader.h"

#include <QTest>
#include <QTimeZone>

using namespace qd;

namespace {

const char kValidFleet[] =
        "apiVersion: quarterdeck/v1\n"
        "customers:\n"
        "  - id: acme\n"
        "    name: ACME Corp\n"
        "    calendar: {timezone: America/New_York, businessHours: \"09:00-17:00\",\n"
        "               workdays: [Mon, Tue, Wed, Thu, Fri], holidays: [2026-11-26, 2026-12-25]}\n"
        "    slo: {target: 99.95}\n"
        "    zones:\n"
        "      red:   {overlay: customers/acme/red, cluster: acme-red, cloud: aws, region: us-east-1,\n"
        "              deck: \"https://spinnaker-red.acme.example\", gate: \"https://api-red.acme.example\"}\n"
        "      green: {overlay: customers/acme/green, cluster: acme-green, cloud: aws, region: us-east-1}\n";

QStringList render(const Diagnostics &problems)
{
    QStringList lines;
    for (const auto &problem : problems)
        lines.append(problem.toString());
    return lines;
}

} // namespace

class TestFleetFile : public QObject
{
    Q_OBJECT

private slots:
    void readsCustomersAndZones();
    void promotionPolicy();
    void problems_data();
    void problems();
    void maintenanceWindows();
    void maintenanceProblems_data();
    void maintenanceProblems();
};

void TestFleetFile::readsCustomersAndZones()
{
    const FleetFile fleet = parseFleetFile(kValidFleet, QStringLiteral("fleet.yaml"));
    QCOMPARE(render(fleet.problems), QStringList());
    QCOMPARE(fleet.customers.size(), 1);
    const Customer &acme = fleet.customers.first();
    QCOMPARE(acme.id, QStringLiteral("acme"));
    QCOMPARE(acme.name, QStringLiteral("ACME Corp"));
    QCOMPARE(acme.sloTarget, 99.95);
    QCOMPARE(acme.calendar.timezone, QStringLiteral("America/New_York"));
    QCOMPARE(acme.calendar.holidays.size(), 2);
    QCOMPARE(acme.calendar.holidays.first(), QDate(2026, 11, 26));
    QVERIFY(acme.red && acme.green);
    QCOMPARE(acme.red->cluster, QStringLiteral("acme-red"));
    QCOMPARE(acme.red->overlay, QStringLiteral("customers/acme/red"));
    QCOMPARE(acme.red->deck, QUrl(QStringLiteral("https://spinnaker-red.acme.example")));
    QCOMPARE(acme.green->region, QStringLiteral("us-east-1"));
    QCOMPARE(acme.green->overlayAt, (SourceLocation{QStringLiteral("fleet.yaml"), 11, 24}));
}

void TestFleetFile::promotionPolicy()
{
    // Absent: the defaults (24 h soak, 99.0 % Red availability, 14 days since the release).
    const FleetFile defaults = parseFleetFile(kValidFleet, QStringLiteral("fleet.yaml"));
    const PromotionPolicy standard = defaults.customers.first().promotion;
    QCOMPARE(standard.soak.count(), 24 * 3600);
    QCOMPARE(standard.redAvailability, 99.0);
    QCOMPARE(standard.releaseAge.count(), 14);
    const QByteArray text = QByteArray(kValidFleet).replace(
            "    slo: {target: 99.95}\n",
            "    slo: {target: 99.95}\n    promotion: {soak: 1d12h, redAvailability: 99.5, "
            "releaseAge: 30d}\n");
    const FleetFile fleet = parseFleetFile(text, QStringLiteral("fleet.yaml"));
    QCOMPARE(render(fleet.problems), QStringList());
    const PromotionPolicy policy = fleet.customers.first().promotion;
    QCOMPARE(policy.soak.count(), (24 + 12) * 3600);
    QCOMPARE(policy.redAvailability, 99.5);
    QCOMPARE(policy.releaseAge.count(), 30);
}

void TestFleetFile::problems_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    const QString head = QStringLiteral("apiVersion: quarterdeck/v1\ncustomers:\n");
    const QString zones = QStringLiteral(
            "    zones:\n"
            "      red: {overlay: r, cluster: c-red}\n"
            "      green: {overlay: g, cluster: c-green}\n");
    QTest::newRow("syntax error") << head + "  - id: [c1\n"
                                  << "fleet.yaml:4:1: YAML syntax error:";
    QTest::newRow("unknown top-level key") << head + "customer: []\n"
                                           << "fleet.yaml:3:11: unknown key 'customer' in fleet.yaml";
    QTest::newRow("unknown customer key") << head + "  - id: c1\n    tier: gold\n" + zones
                                          << "fleet.yaml:4:11: unknown key 'tier' in a customer";
    QTest::newRow("unknown zone") << head + "  - id: c1\n" + zones + "      blue: {overlay: b}\n"
                                  << "fleet.yaml:7:13: unknown zone 'blue' (zones are red and green)";
    QTest::newRow("unknown zone key")
            << head + "  - id: c1\n    zones:\n      red: {overlay: r, cluster: c, colour: red}\n"
            << "fleet.yaml:5:45: unknown key 'colour' in zone 'red'";
    QTest::newRow("duplicate customer id")
            << head + "  - id: c1\n" + zones + "  - id: c1\n" + zones
            << "fleet.yaml:7:9: duplicate customer id 'c1' (first declared on line 3)";
    QTest::newRow("zone without cluster")
            << head + "  - id: c1\n    zones:\n      red: {overlay: r}\n"
            << "fleet.yaml:5:12: zone 'red' has no 'cluster'";
    QTest::newRow("wrong apiVersion") << "apiVersion: quarterdeck/v2\ncustomers: []\n"
                                      << "fleet.yaml:1:13: unsupported apiVersion 'quarterdeck/v2'";
    QTest::newRow("unknown time zone")
            << head + "  - id: c1\n    calendar: {timezone: Mars/Olympus}\n" + zones
            << "fleet.yaml:4:26: unknown time zone 'Mars/Olympus'";
    QTest::newRow("SLO target out of range")
            << head + "  - id: c1\n    slo: {target: 100.5}\n" + zones
            << "fleet.yaml:4:19: SLO target must be a percentage";
    QTest::newRow("soak not a duration")
            << head + "  - id: c1\n    promotion: {soak: forever}\n" + zones
            << "fleet.yaml:4:23: soak must be a duration such as 24h or 1d12h, not 'forever'";
    QTest::newRow("release age not whole days")
            << head + "  - id: c1\n    promotion: {releaseAge: 36h}\n" + zones
            << "fleet.yaml:4:29: releaseAge must be whole days such as 14d, not '36h'";
    QTest::newRow("red availability over 100")
            << head + "  - id: c1\n    promotion: {redAvailability: 101}\n" + zones
            << "fleet.yaml:4:34: redAvailability must be a percentage such as 99.0";
    QTest::newRow("unknown promotion key")
            << head + "  - id: c1\n    promotion: {soak: 24h, canary: 5}\n" + zones
            << "fleet.yaml:4:36: unknown key 'canary' in promotion";
    QTest::newRow("customers not a list") << "apiVersion: quarterdeck/v1\ncustomers: {}\n"
                                          << "fleet.yaml:2:12: 'customers' must be a list";
}

void TestFleetFile::problems()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const FleetFile fleet = parseFleetFile(text.toUtf8(), QStringLiteral("fleet.yaml"));
    const QStringList reported = render(fleet.problems);
    const bool found = std::any_of(reported.begin(), reported.end(),
                                   [&](const QString &line) { return line.startsWith(expected); });
    if (!found)
        qWarning().noquote() << "reported:" << reported;
    QVERIFY(found);
}

void TestFleetFile::maintenanceWindows()
{
    const FleetFile fleet = parseFleetFile(kValidFleet, QStringLiteral("fleet.yaml"));
    const MaintenanceFile maintenance = parseMaintenanceFile(
            "windows:\n"
            "  - {customer: acme, zone: green, start: \"2026-11-03T02:00:00Z\", "
            "end: \"2026-11-03T04:00:00Z\", reason: \"2.30.1 upgrade\"}\n",
            QStringLiteral("maintenance.yaml"), fleet.customers);
    QCOMPARE(render(maintenance.problems), QStringList());
    QCOMPARE(maintenance.windows.size(), 1);
    const MaintenanceWindow &window = maintenance.windows.first();
    QCOMPARE(window.zone, ZoneKind::Green);
    QCOMPARE(window.start, QDateTime(QDate(2026, 11, 3), QTime(2, 0), QTimeZone::utc()));
    QCOMPARE(window.start.secsTo(window.end), 7200);
    QCOMPARE(window.reason, QStringLiteral("2.30.1 upgrade"));
}

void TestFleetFile::maintenanceProblems_data()
{
    QTest::addColumn<QString>("window");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown customer")
            << "{customer: nobody, zone: green, start: \"2026-11-03T02:00:00Z\", end: "
               "\"2026-11-03T04:00:00Z\"}"
            << "maintenance.yaml:2:16: unknown customer 'nobody'";
    QTest::newRow("ends before it starts")
            << "{customer: acme, zone: green, start: \"2026-11-03T04:00:00Z\", end: "
               "\"2026-11-03T02:00:00Z\"}"
            << "maintenance.yaml:2:71: the window ends before it starts";
    QTest::newRow("not a time")
            << "{customer: acme, zone: red, start: tomorrow, end: \"2026-11-03T02:00:00Z\"}"
            << "maintenance.yaml:2:40: 'tomorrow' is not an ISO-8601 time";
}

void TestFleetFile::maintenanceProblems()
{
    QFETCH(QString, window);
    QFETCH(QString, expected);
    const FleetFile fleet = parseFleetFile(kValidFleet, QStringLiteral("fleet.yaml"));
    const MaintenanceFile maintenance = parseMaintenanceFile(
            ("windows:\n  - " + window + "\n").toUtf8(), QStringLiteral("maintenance.yaml"),
            fleet.customers);
    const QStringList reported = render(maintenance.problems);
    const bool found = std::any_of(reported.begin(), reported.end(),
                                   [&](const QString &line) { return line.startsWith(expected); });
    if (!found)
        qWarning().noquote() << "reported:" << reported;
    QVERIFY(found);
    QVERIFY(maintenance.windows.isEmpty());
}

QTEST_GUILESS_MAIN(TestFleetFile)
#include "tst_fleetfile.moc"
