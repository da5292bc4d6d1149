// The Incidents pane on the offscreen platform, on simulated time: a P0 breach shows in a banner,
// a P0 left unacknowledged for 30 minutes notifies exactly once, Acknowledge asks for a comment
// and hands it on with the user, the filter and the fleet's customer narrow the table. A
// screenshot is saved for people to look at.
#include "models/IncidentFilterProxyModel.h"
#include "models/IncidentTableModel.h"
#include "services/telemetry/AlertmanagerClient.h"
#include "ui/IncidentImportBar.h"
#include "ui/IncidentStatusWidget.h"
#include "ui/IncidentsPane.h"
#include "ui/SourceStateWidget.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC);

Incident makeIncident(const QString &customer, const QString &zone, const QString &title,
                      Priority priority, int openedMinutesAfterT0, int dueMinutes)
{
    Incident incident;
    incident.customer = customer;
    incident.zone = zone;
    incident.alertName = title;
    incident.id = incidentId(customer, zone, title);
    incident.title = title;
    incident.priority = priority;
    incident.openedAt = T0.addSecs(openedMinutesAfterT0 * 60);
    incident.responseDueAt = incident.openedAt.addSecs(dueMinutes * 60);
    return incident;
}

IncidentSnapshot snapshotOf(QList<Incident> incidents)
{
    IncidentSnapshot snapshot;
    snapshot.incidents = std::move(incidents);
    snapshot.source.name = "Alertmanager";
    snapshot.source.health = SourceHealth::Ok;
    snapshot.source.lastSuccess = T0;
    snapshot.takenAt = T0;
    return snapshot;
}

// The pane's clock, moved by the test.
struct SimulatedClock
{
    QDateTime now = T0;
    IncidentsPane::Clock clock()
    {
        return [this] { return now; };
    }
};

QString label(const QWidget *parent, const QString &name)
{
    const auto *widget = parent->findChild<QLabel *>(name);
    return widget ? widget->text() : QStringLiteral("<no label %1>").arg(name);
}

QStringList shownCustomers(const IncidentsPane &pane)
{
    QStringList customers;
    const QAbstractItemModel *model = pane.tableView()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        customers << model->index(row, IncidentTableModel::CustomerColumn).data().toString();
    return customers;
}

void selectRowOf(IncidentsPane &pane, const QString &title)
{
    QAbstractItemModel *model = pane.tableView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, IncidentTableModel::TitleColumn).data().toString() == title) {
            pane.tableView()->selectRow(row);
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no row %1").arg(title)));
}

} // namespace

class TestIncidentsPane : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void breachBannerShowsCountAndOldest();
    void notifiesOnceAfterThirtyMinutesUnacknowledged();
    void acknowledgeAsksForACommentAndHandsItOn();
    void filterAndCustomerNarrowTheTable();
    void statusWidgetSaysWhetherAlertmanagerIsLive();
    void importCsvShowsTheImportedIncidentsAndTheRefusedRows();
    void screenshot();
};

void TestIncidentsPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestIncidentsPane::breachBannerShowsCountAndOldest()
{
    SimulatedClock time;
    IncidentsPane pane(nullptr);
    pane.setClock(time.clock());
    pane.resize(1000, 400);
    pane.show();
    const auto *banner = pane.findChild<QWidget *>(QStringLiteral("breachBanner"));
    QVERIFY(banner);

    pane.setSnapshot(snapshotOf({
            makeIncident("acme", "green", "Deck down", Priority::P0, 0, 60),
            makeIncident("globex", "green", "Gate 5xx", Priority::P0, 20, 60),
            makeIncident("initech", "red", "Orca lag", Priority::P1, 0, 480),
    }));
    QVERIFY(!banner->isVisible()); // nothing is due yet

    time.now = T0.addSecs(2 * 3600 + 5 * 60);
    pane.tick();
    QVERIFY(banner->isVisible());
    const QString text = banner->findChildren<QLabel *>().last()->text();
    QVERIFY2(text.contains("2 P0 incidents have breached"), qPrintable(text));
    QVERIFY2(text.contains("acme green “Deck down”, breached 1 h 5 min ago"), qPrintable(text));

    // "Show oldest" selects the oldest breach even when the filter hid it.
    pane.filterEdit()->setText("globex");
    QTest::mouseClick(banner->findChild<QPushButton *>(QStringLiteral("showOldestBreach")),
                      Qt::LeftButton);
    QVERIFY(pane.filterEdit()->text().isEmpty());
    const QModelIndex current = pane.tableView()->currentIndex();
    QCOMPARE(current.siblingAtColumn(IncidentTableModel::TitleColumn).data().toString(),
             "Deck down");

    // Once both P0s are acknowledged, nothing needs a response: the banner goes.
    IncidentSnapshot acknowledged = snapshotOf({
            makeIncident("acme", "green", "Deck down", Priority::P0, 0, 60),
            makeIncident("globex", "green", "Gate 5xx", Priority::P0, 20, 60),
    });
    for (Incident &incident : acknowledged.incidents) {
        incident.state = IncidentState::Acknowledged;
        incident.acknowledgedAt = time.now;
    }
    pane.setSnapshot(acknowledged);
    QVERIFY(!banner->isVisible());
}

void TestIncidentsPane::notifiesOnceAfterThirtyMinutesUnacknowledged()
{
    SimulatedClock time;
    IncidentsPane pane(nullptr);
    pane.setClock(time.clock());
    pane.show();
    QSignalSpy notified(&pane, &IncidentsPane::notificationShown);
    Incident acknowledged = makeIncident("globex", "green", "Gate 5xx", Priority::P0, 0, 60);
    acknowledged.state = IncidentState::Acknowledged;
    acknowledged.acknowledgedAt = T0.addSecs(60);
    pane.setSnapshot(snapshotOf({
            makeIncident("acme", "green", "Deck down", Priority::P0, 0, 60),
            acknowledged,
            makeIncident("initech", "red", "Orca lag", Priority::P1, 0, 480),
    }));

    time.now = T0.addSecs(29 * 60 + 59);
    pane.tick();
    QCOMPARE(notified.size(), 0);

    // The pane's own 1 s timer notices the 30 minutes.
    time.now = T0.addSecs(30 * 60);
    QVERIFY(notified.wait(3000));
    QCOMPARE(notified.size(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), "P0 unacknowledged for 30 minutes");
    QVERIFY(notified.at(0).at(1).toString().contains("acme green “Deck down”"));
    // No system tray offscreen: the message shows in the window.
    const auto *bar = pane.findChild<QWidget *>(QStringLiteral("notificationBar"));
    QVERIFY(bar->isVisible());
    QVERIFY(bar->findChildren<QLabel *>().last()->text().contains("Deck down"));

    // Once per incident: later ticks and a refreshed snapshot do not repeat it.
    time.now = T0.addSecs(45 * 60);
    pane.tick();
    pane.setSnapshot(snapshotOf({makeIncident("acme", "green", "Deck down", Priority::P0, 0, 60)}));
    time.now = T0.addSecs(3 * 3600);
    pane.tick();
    QCOMPARE(notified.size(), 1);
}

void TestIncidentsPane::acknowledgeAsksForACommentAndHandsItOn()
{
    QSettings().setValue("incidents/user", "riley");
    SimulatedClock time;
    IncidentsPane pane(nullptr);
    pane.setClock(time.clock());
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    Incident acknowledged = makeIncident("globex", "green", "Gate 5xx", Priority::P0, 0, 60);
    acknowledged.state = IncidentState::Acknowledged;
    acknowledged.acknowledgedAt = T0.addSecs(60);
    pane.setSnapshot(snapshotOf({makeIncident("acme", "green", "Deck down", Priority::P0, 0, 60),
                                 acknowledged}));
    QSignalSpy requested(&pane, &IncidentsPane::acknowledgeRequested);
    QString promptedFor;
    std::optional<QString> answer = QString("on it, see INC-12");
    pane.setCommentPrompt([&](QWidget *, const Incident &incident) {
        promptedFor = incident.id;
        return answer;
    });
    auto *button = pane.findChild<QPushButton *>(QStringLiteral("acknowledgeButton"));

    // Nothing selected, or an acknowledged incident selected: nothing to acknowledge.
    QVERIFY(!button->isEnabled());
    selectRowOf(pane, "Gate 5xx");
    QVERIFY(!button->isEnabled());

    selectRowOf(pane, "Deck down");
    QVERIFY(button->isEnabled());
    // Cancelling the prompt acknowledges nothing.
    answer.reset();
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(promptedFor, incidentId("acme", "green", "Deck down"));
    QCOMPARE(requested.size(), 0);

    // The keyboard shortcut, from the table.
    answer = QString("on it, see INC-12");
    pane.tableView()->setFocus();
    QTest::keyClick(pane.tableView(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), incidentId("acme", "green", "Deck down"));
    QCOMPARE(requested.at(0).at(1).toString(), "riley");
    QCOMPARE(requested.at(0).at(2).toString(), "on it, see INC-12");
    QSettings().remove("incidents/user");
}

void TestIncidentsPane::filterAndCustomerNarrowTheTable()
{
    SimulatedClock time;
    IncidentsPane pane(nullptr);
    pane.setClock(time.clock());
    pane.setSnapshot(snapshotOf({
            makeIncident("acme", "green", "Deck down", Priority::P0, 0, 60),
            makeIncident("acme", "red", "Orca lag", Priority::P1, 0, 480),
            makeIncident("globex", "green", "Gate 5xx", Priority::P1, -60, 480),
    }));
    QCOMPARE(shownCustomers(pane), QStringList({"acme", "globex", "acme"}));
    QCOMPARE(label(&pane, "incidentCount"), "3 of 3 shown");

    QTest::keyClicks(pane.filterEdit(), "P1");
    QCOMPARE(shownCustomers(pane), QStringList({"globex", "acme"}));
    pane.setCustomerFilter("acme");
    QCOMPARE(shownCustomers(pane), QStringList{"acme"});
    QCOMPARE(label(&pane, "incidentCount"), "1 of 3 shown");
    pane.filterEdit()->clear();
    QCOMPARE(shownCustomers(pane), QStringList({"acme", "acme"}));
    pane.setCustomerFilter(QString());
    QCOMPARE(shownCustomers(pane).size(), 3);

    // A header click sorts: by priority, P0 first.
    pane.tableView()->sortByColumn(IncidentTableModel::PriorityColumn, Qt::AscendingOrder);
    QCOMPARE(pane.tableView()->model()->index(0, 0).data().toString(), "P0");
}

void TestIncidentsPane::statusWidgetSaysWhetherAlertmanagerIsLive()
{
    IncidentsPane pane(nullptr);
    IncidentStatusWidget *status = pane.statusWidget();
    // Before any answer, in the same words (and with an icon) as the Prometheus entry.
    QCOMPARE(status->sourceState()->text(), "Alertmanager not checked yet");
    IncidentSnapshot snapshot = snapshotOf({
            makeIncident("acme", "red", "Orca lag", Priority::P1, 0, 480),
            makeIncident("globex", "green", "Gate 5xx", Priority::P1, -60, 480),
            makeIncident("globex", "green", "Deck down", Priority::P0, -60, 60),
    });
    snapshot.incidents[1].state = IncidentState::Acknowledged;
    pane.setSnapshot(snapshot);
    QCOMPARE(status->sourceState()->text(), "Alertmanager ok");
    QCOMPARE(label(status, "openP1Count"), "1 P1 open");

    snapshot.source.health = SourceHealth::Stale;
    snapshot.source.staleSince = QDateTime(QDate::currentDate(), QTime(14, 7), Qt::LocalTime);
    snapshot.source.reason = "connection refused";
    pane.setSnapshot(snapshot);
    QCOMPARE(status->sourceState()->text(), "Alertmanager stale since 14:07");
    QVERIFY2(status->sourceState()->toolTip().contains("connection refused"),
             qPrintable(status->sourceState()->toolTip()));
}

void TestIncidentsPane::importCsvShowsTheImportedIncidentsAndTheRefusedRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString csv = dir.filePath("portal.csv");
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("id,customer,zone,priority,title,opened_at,acknowledged_at,resolved_at\n"
                   "T-1,acme,green,P1,Gate 502s after deploy,2026-11-20T15:00:00Z,,"
                   "2026-11-20T18:00:00Z\n"
                   "T-1,acme,green,P1,Gate 502s after deploy,2026-11-20T14:00:00Z,,\n"
                   "T-2,globex,purple,P2,Deck slow,2026-11-21T09:00:00Z,,\n");
    }
    // The service as the GUI has it with no Alertmanager configured: showing the journal.
    AlertmanagerClient client;
    IncidentService service(&client);
    service.setJournalPath(dir.filePath("incidents.sqlite"));
    service.showJournal();
    IncidentsPane pane(&service);
    pane.resize(1000, 400);
    pane.show();
    QVERIFY(pane.importAction()->isEnabled());

    QSignalSpy finished(&service, &IncidentService::importFinished);
    pane.importCsv(csv);
    QVERIFY(!pane.importAction()->isEnabled()); // one import at a time
    QVERIFY(pane.importBar()->isVisible());
    QVERIFY(pane.importBar()->text().startsWith("Importing portal.csv"));
    QVERIFY(finished.wait(10000));
    const auto summary = finished.first().first().value<IncidentImportSummary>();
    QCOMPARE(summary.imported, 1);
    QCOMPARE(summary.merged, 1);
    QCOMPARE(summary.skipped, 1);

    // The journal is read again: the imported incident is in the table.
    QTRY_COMPARE(shownCustomers(pane), QStringList{"acme"});
    selectRowOf(pane, "Gate 502s after deploy");
    QVERIFY(pane.importAction()->isEnabled());
    QCOMPARE(pane.importBar()->text(),
             "portal.csv: 1 imported, 1 merged, 1 row refused (the other rows were imported)");
    QCOMPARE(pane.importBar()->problems(),
             QStringList{csv + ":4:12: zone 'purple' is not red or green"});
    QVERIFY(pane.findChild<QWidget *>("importProblems")->isVisible());

    // A file that cannot be read: nothing imported, and the bar says why.
    QSignalSpy failed(&service, &IncidentService::importFailed);
    pane.importCsv(dir.filePath("missing.csv"));
    QVERIFY(failed.wait(10000));
    QVERIFY2(pane.importBar()->text().startsWith("Nothing imported: " + dir.filePath("missing.csv")
                                                 + ": cannot read"),
             qPrintable(pane.importBar()->text()));
    QVERIFY(pane.importBar()->problems().isEmpty());
    QCOMPARE(shownCustomers(pane), QStringList{"acme"});
}

void TestIncidentsPane::screenshot()
{
    SimulatedClock time;
    time.now = T0.addSecs(95 * 60);
    QMainWindow window;
    auto *pane = new IncidentsPane(nullptr);
    pane->setClock(time.clock());
    window.setCentralWidget(pane);
    window.statusBar()->addPermanentWidget(pane->statusWidget());
    Incident acknowledged = makeIncident("initech", "green", "Gate error rate above 5%",
                                         Priority::P1, -200, 480);
    acknowledged.state = IncidentState::Acknowledged;
    acknowledged.acknowledgedAt = T0.addSecs(-170 * 60);
    acknowledged.acknowledgedBy = "riley";
    Incident resolved = makeIncident("umbrella", "red", "Rosco restarting", Priority::P2, -900,
                                     4 * 480);
    resolved.state = IncidentState::Resolved;
    resolved.resolvedAt = T0.addSecs(-600 * 60);
    pane->setSnapshot(snapshotOf({
            makeIncident("acme", "green", "Deck unreachable from synthetic checks", Priority::P0,
                         0, 60),
            makeIncident("globex", "green", "Clouddriver caching agent stalled", Priority::P0, 80,
                         60),
            makeIncident("acme", "red", "Orca queue lag above 5 min", Priority::P1, 30, 480),
            acknowledged,
            makeIncident("hooli", "green", "Echo scheduler missed runs", Priority::P1, -1500,
                         480),
            makeIncident("soylent", "red", "Igor pipeline locks stale", Priority::P2, 60, 1920),
            resolved,
    }));
    pane->findChild<QComboBox *>(QStringLiteral("stateFilter"))->setCurrentIndex(4); // All
    window.resize(1180, 420);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    pane->tableView()->selectRow(2);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const QString dir = QStringLiteral(QD_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    const QString path = QDir(dir).filePath(QStringLiteral("incidents-pane.png"));
    QVERIFY(window.grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

QTEST_MAIN(TestIncidentsPane)
#include "tst_incidentspane.moc"
