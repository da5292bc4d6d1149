// The SLOs tab on a month of demo-like telemetry: an SRE reads availability against the target,
// the budget left and the burn state, sees outages in the chart and maintenance shaded, and is
// told when the source is stale. A screenshot of the pane is saved for people to look at.
#include "models/SloTableModel.h"
#include "services/telemetry/DemoTelemetry.h"
#include "ui/AvailabilityChart.h"
#include "ui/BudgetBurnDownChart.h"
#include "ui/SloPane.h"
#include "ui/SourceStateWidget.h"

#include <QAbstractButton>
#include <QDir>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace qd;

namespace {

constexpr qint64 Minute = 60;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

struct Incident
{
    qint64 startAgo; // seconds before `to`
    qint64 minutes;
    float value; // 0 down, NaN no data, 0.5 flapping
};

// A zone's 30 days ending at `to`, with the outages, gaps and maintenance windows the demo seeds:
// the series starts 3 days earlier so that the 3 d burn rate has its window.
ZoneSlo zoneSlo(const QString &id,
                const QString &name,
                qint64 to,
                double target,
                const QList<Incident> &incidents,
                const QList<slo::Interval> &maintenance)
{
    const qint64 from = to - 30 * Day;
    slo::SampleSeries series;
    series.start = from - 3 * Day;
    series.values.assign(size_t((to - series.start) / Minute + 1), 1.0f);
    for (const Incident &incident : incidents) {
        const qint64 first = (to - incident.startAgo - series.start) / Minute;
        for (qint64 i = first; i < first + incident.minutes; ++i)
            series.values[size_t(i)] = incident.value;
    }
    for (const slo::Interval &window : maintenance) {
        for (qint64 t = window.start; t < window.end; t += Minute)
            series.values[size_t((t - series.start) / Minute)] = 0.0f; // upgrade downtime
    }

    ZoneSlo zone;
    zone.customerId = id;
    zone.customerName = name;
    zone.cluster = id + QStringLiteral("-green");
    zone.timezone = QStringLiteral("America/New_York");
    zone.summary = slo::computeSlo(series, from, to, target, maintenance);
    zone.availability = slo::availabilitySeries(series, from, to, Minute, maintenance);
    zone.budgetBurnDown = slo::budgetBurnDownSeries(series, from, to, Minute, target, maintenance);
    zone.maintenance = maintenance;
    zone.dataUntil = slo::fromEpoch(to);
    return zone;
}

SloSnapshot demoSnapshot()
{
    const qint64 to = QDateTime::currentSecsSinceEpoch() / Minute * Minute;
    SloSnapshot snapshot;
    snapshot.range = SloRange::Month;
    snapshot.to = to;
    snapshot.from = to - 30 * Day;
    snapshot.bucketSeconds = Minute;
    snapshot.source.name = QStringLiteral("Prometheus");
    snapshot.source.health = SourceHealth::Offline;

    const QList<slo::Interval> acmeMaintenance = {{to - 22 * Day, to - 22 * Day + 2 * Hour},
                                                  {to - 8 * Day, to - 8 * Day + 3 * Hour}};
    // ACME: a 25-minute outage, one bad minute, an hour of flapping probes, 2 h without data.
    snapshot.zones.append(zoneSlo(QStringLiteral("acme"), QStringLiteral("ACME Corp"), to, 99.9,
                                  {{12 * Day, 25, 0.0f},
                                   {3 * Day + 7 * Hour, 1, 0.0f},
                                   {17 * Day, 20, 0.5f},
                                   {20 * Day, 120, slo::SampleSeries::noData()}},
                                  acmeMaintenance));
    // Globex breaks its SLA: 70 minutes down two days ago, 10 more four hours ago (a ticket).
    snapshot.zones.append(zoneSlo(QStringLiteral("globex"), QStringLiteral("Globex"), to, 99.9,
                                  {{2 * Day, 70, 0.0f}, {4 * Hour, 10, 0.0f}}, {}));
    snapshot.zones.append(
            zoneSlo(QStringLiteral("initech"), QStringLiteral("Initech"), to, 99.9, {}, {}));
    return snapshot;
}

// Three customers of the demo fleet, with their Green zones and maintenance windows.
FleetSnapshot demoFleet()
{
    FleetSnapshot fleet;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const auto &[id, name] : {std::pair{"acme", "ACME Corp"}, std::pair{"globex", "Globex"},
                                   std::pair{"initech", "Initech"}}) {
        Customer customer;
        customer.id = QString::fromLatin1(id);
        customer.name = QString::fromLatin1(name);
        customer.calendar.timezone = QStringLiteral("America/New_York");
        Zone green;
        green.kind = ZoneKind::Green;
        green.cluster = customer.id + QStringLiteral("-green");
        customer.green = green;
        fleet.customers.append(customer);
        for (int daysAgo : {6, 19}) {
            MaintenanceWindow window;
            window.customer = customer.id;
            window.zone = ZoneKind::Green;
            window.start = QDateTime(now.date().addDays(-daysAgo), QTime(2, 0), QTimeZone::utc());
            window.end = window.start.addSecs(2 * 3600);
            window.reason = QStringLiteral("upgrade");
            fleet.maintenance.append(window);
        }
    }
    return fleet;
}

QString labelText(const QWidget *pane, const char *name)
{
    const auto *label = pane->findChild<QLabel *>(QString::fromLatin1(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QString::fromLatin1(name));
}

QLineSeries *availabilityLine(const AvailabilityChart *chart)
{
    const QList<QAbstractSeries *> series = chart->chart()->series();
    for (QAbstractSeries *s : series) {
        if (s->name() == QStringLiteral("Availability") && s->isVisible())
            return static_cast<QLineSeries *>(s);
    }
    return nullptr;
}

double lowestDrawn(const AvailabilityChart *chart)
{
    double lowest = 1000;
    const QList<QAbstractSeries *> series = chart->chart()->series();
    for (QAbstractSeries *s : series) {
        if (s->name() != QStringLiteral("Availability"))
            continue;
        const QList<QPointF> points = static_cast<QLineSeries *>(s)->points();
        for (const QPointF &p : points)
            lowest = std::min(lowest, p.y());
    }
    return lowest;
}

} // namespace

class TestSloPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void zoneShowsAvailabilityAgainstTargetAndCharts();
    void chartRedecimatesOnResize();
    void fleetTableSortedByBudgetLeft();
    void staleSourceSaysStaleSince();
    void rangeButtonsAskForRange();
    void demoStore();
    void fleetScreenshot();

private:
    SloSnapshot m_snapshot;
};

void TestSloPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_snapshot = demoSnapshot();
}

void TestSloPane::zoneShowsAvailabilityAgainstTargetAndCharts()
{
    SloPane pane(nullptr);
    pane.resize(1100, 850);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.setSnapshot(m_snapshot);
    pane.setCustomer(QStringLiteral("acme"));

    // 43,201 minutes less 300 in maintenance and 120 without data = 42,781 eligible; 25 + 1 bad
    // and 20 half bad = 36 bad: 99.9158%, a budget of 42.78 min with 6.78 min (15.9%) left.
    QCOMPARE(labelText(&pane, "availabilityValue"), QStringLiteral("99.916%"));
    QCOMPARE(labelText(&pane, "availabilityDetail"),
             QStringLiteral("target 99.9%, meets the target"));
    QVERIFY2(labelText(&pane, "budgetValue").startsWith(QStringLiteral("15.")),
             qPrintable(labelText(&pane, "budgetValue")));
    QVERIFY(labelText(&pane, "budgetDetail").contains(QStringLiteral("7 min left of 43 min")));
    QVERIFY(!labelText(&pane, "burnValue").isEmpty());
    QVERIFY(labelText(&pane, "burnDetail").contains(QStringLiteral("3d ")));
    QVERIFY(labelText(&pane, "exclusions")
                    .contains(QStringLiteral("Maintenance excluded: 5 h 00 min")));
    QVERIFY(labelText(&pane, "exclusions").contains(QStringLiteral("no data: 2 h 00 min")));

    AvailabilityChart *chart = pane.availabilityChart();
    QVERIFY(chart->isVisible());
    QVERIFY(chart->width() > 300);
    QVERIFY(availabilityLine(chart));
    QVERIFY(chart->sourcePointCount() > 40'000);
    QVERIFY(chart->drawnPointCount() > 100);
    QVERIFY2(chart->drawnPointCount() <= 2 * chart->width(),
             qPrintable(QStringLiteral("%1 points drawn in %2 px")
                                .arg(chart->drawnPointCount())
                                .arg(chart->width())));
    QCOMPARE(chart->maintenanceWindowCount(), 2);
    // The outage and the single bad minute are still drawn after decimation: the line reaches 0.
    QCOMPARE(lowestDrawn(chart), 0.0);

    BudgetBurnDownChart *budget = pane.budgetChart();
    QVERIFY(budget->isVisible());
    QVERIFY(budget->drawnPointCount() > 0);
    QVERIFY(budget->drawnPointCount() <= 2 * budget->width());
}

void TestSloPane::chartRedecimatesOnResize()
{
    SloPane pane(nullptr);
    pane.resize(1400, 800);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.setSnapshot(m_snapshot);
    pane.setCustomer(QStringLiteral("globex"));
    AvailabilityChart *chart = pane.availabilityChart();
    const qsizetype wide = chart->drawnPointCount();
    QVERIFY(wide <= 2 * chart->width());

    pane.resize(500, 800);
    QTRY_VERIFY(chart->width() < 500);
    QVERIFY2(chart->drawnPointCount() <= 2 * chart->width(),
             qPrintable(QStringLiteral("%1 points drawn in %2 px")
                                .arg(chart->drawnPointCount())
                                .arg(chart->width())));
    QVERIFY(chart->drawnPointCount() < wide);
    QCOMPARE(lowestDrawn(chart), 0.0); // Globex's 70-minute outage
}

void TestSloPane::fleetTableSortedByBudgetLeft()
{
    SloPane pane(nullptr);
    pane.resize(1000, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.setSnapshot(m_snapshot);
    pane.setCustomer(QString());

    QTableView *table = pane.fleetTable();
    QVERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 3);
    // Worst first: Globex has spent more than its budget.
    QCOMPARE(table->model()->index(0, SloTableModel::CustomerColumn).data().toString(),
             QStringLiteral("Globex"));
    QVERIFY(table->model()
                    ->index(0, SloTableModel::BudgetLeftColumn)
                    .data()
                    .toString()
                    .startsWith(QLatin1Char('-')));
    QCOMPARE(table->model()->index(2, SloTableModel::CustomerColumn).data().toString(),
             QStringLiteral("Initech"));
    QCOMPARE(table->model()->index(0, SloTableModel::BurnStateColumn).data().toString(),
             QStringLiteral("Burning: ticket"));

    QSignalSpy activated(&pane, &SloPane::customerActivated);
    table->setCurrentIndex(table->model()->index(0, 0));
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("globex"));
}

void TestSloPane::staleSourceSaysStaleSince()
{
    SloPane pane(nullptr);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    SloSnapshot snapshot = m_snapshot;
    snapshot.source.health = SourceHealth::Stale;
    snapshot.source.staleSince = QDateTime::currentDateTimeUtc().addSecs(-300);
    snapshot.source.lastSuccess = snapshot.source.staleSince.addSecs(-60);
    snapshot.source.reason = QStringLiteral("Connection refused (127.0.0.1:9090)");
    pane.setSnapshot(snapshot);
    pane.setCustomer(QStringLiteral("acme"));

    const QLabel *banner = pane.findChild<QLabel *>(QStringLiteral("staleBanner"));
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("Prometheus stale since ")),
             qPrintable(banner->text()));
    QVERIFY(banner->text().contains(snapshot.source.reason));
    // The figures stay: the last stored data is better than nothing.
    QCOMPARE(labelText(&pane, "availabilityValue"), QStringLiteral("99.916%"));

    SourceStateWidget status;
    status.setState(snapshot.source);
    const QString since =
            snapshot.source.staleSince.toLocalTime().toString(QStringLiteral("HH:mm"));
    QCOMPARE(status.text(), QStringLiteral("Prometheus stale since %1").arg(since));
    QVERIFY(status.toolTip().contains(snapshot.source.reason));

    // Recovery clears the banner and the status entry.
    SourceState ok;
    ok.name = QStringLiteral("Prometheus");
    ok.health = SourceHealth::Ok;
    ok.lastSuccess = QDateTime::currentDateTimeUtc();
    pane.setSourceState(ok);
    QVERIFY(!banner->isVisible());
    status.setState(ok);
    QCOMPARE(status.text(), QStringLiteral("Prometheus ok"));
}

void TestSloPane::rangeButtonsAskForRange()
{
    SloPane pane(nullptr);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.setSnapshot(m_snapshot);
    QSignalSpy requested(&pane, &SloPane::rangeRequested);
    auto *week = pane.findChild<QAbstractButton *>(QStringLiteral("range-7d"));
    QVERIFY(week);
    QCOMPARE(week->text(), QStringLiteral("7 d"));
    QTest::mouseClick(week, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).value<SloRange>(), SloRange::Week);
    QVERIFY(week->isChecked());
    for (const char *name : {"range-24h", "range-30d", "range-quarter"})
        QVERIFY(pane.findChild<QAbstractButton *>(QString::fromLatin1(name)));
}

void TestSloPane::demoStore()
{
    // The seeded demo store, read by the real service: what `quarterdeck --demo` shows.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FleetSnapshot fleet = demoFleet();
    const QString store = dir.filePath(QStringLiteral("telemetry.sqlite"));
    const Result<void> seeded = seedDemoTelemetry(fleet, store, QDateTime::currentDateTimeUtc());
    QVERIFY2(seeded.ok(), qPrintable(seeded.errorMessage()));

    SloService service(store);
    SloPane pane(&service);
    pane.resize(1200, 900);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QSignalSpy changed(&service, &SloService::snapshotChanged);
    service.setFleet(fleet);
    QVERIFY(changed.wait(10'000));
    QCOMPARE(pane.snapshot().zones.size(), 3);
    QCOMPARE(pane.snapshot().source.health, SourceHealth::Offline);

    // Fleet table first, worst budget on top; then the worst zone in detail.
    QTableView *table = pane.fleetTable();
    QVERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 3);
    const QString worst =
            table->model()->index(0, 0).data(SloTableModel::CustomerIdRole).toString();
    pane.setCustomer(worst);
    const ZoneSlo *zone = pane.snapshot().zone(worst);
    QVERIFY(zone && zone->summary.availability);
    QCOMPARE(labelText(&pane, "availabilityValue"), formatAvailability(zone->summary.availability));
    QVERIFY(labelText(&pane, "availabilityDetail").startsWith(QStringLiteral("target 99.9%, ")));
    QVERIFY(*zone->summary.availability > 0.98 && *zone->summary.availability < 1.0);

    AvailabilityChart *chart = pane.availabilityChart();
    QVERIFY(chart->sourcePointCount() > 40'000);
    QVERIFY(chart->drawnPointCount() > 100);
    QVERIFY(chart->drawnPointCount() <= 2 * chart->width());
    QCOMPARE(chart->maintenanceWindowCount(), 2);
    QVERIFY(lowestDrawn(chart) < 99.9); // the seeded outages show

    QCoreApplication::processEvents(); // Qt Charts lays out in posted events
    const QString shots = QStringLiteral(QD_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(shots));
    QVERIFY(pane.grab().save(shots + QStringLiteral("/slo-pane.png")));
}

void TestSloPane::fleetScreenshot()
{
    SloPane pane(nullptr);
    pane.resize(1000, 360);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.setSnapshot(m_snapshot);
    QVERIFY(pane.fleetTable()->isVisible());
    QCoreApplication::processEvents();
    const QString dir = QStringLiteral(QD_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(pane.grab().save(dir + QStringLiteral("/slo-fleet.png")));
}

QTEST_MAIN(TestSloPane)
#include "tst_slopane.moc"
