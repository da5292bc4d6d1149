// The console as a user sees it (app/Workbench): the demo fleet opened in a scratch HOME, every
// tab there and filled, the menus in place; screenshots of the window for the docs
// (docs/main-window.png is a copy of main-window.png).
#include "app/Workbench.h"
#include "models/FleetTreeModel.h"
#include "services/incidents/IncidentService.h"
#include "services/telemetry/SloService.h"
#include "ui/ChangesPane.h"
#include "ui/FleetPane.h"
#include "ui/IncidentsPane.h"
#include "ui/MainWindow.h"
#include "ui/SloPane.h"
#include "ui/UpgradesPane.h"
#include "models/UpgradeBoardModel.h"
#include "ui/ZonePane.h"
#include "support/DarkPalette.h"
#include "support/ScratchHome.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPalette>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace qd;

namespace {

QString labelText(const QWidget *parent, const QString &objectName)
{
    const auto *label = parent->findChild<QLabel *>(objectName);
    return label ? label->text() : QStringLiteral("<no label %1>").arg(objectName);
}

QStringList menuTitles(QMainWindow *window)
{
    QStringList titles;
    for (const QAction *action : window->menuBar()->actions())
        titles << action->text().remove(QLatin1Char('&'));
    return titles;
}

QMenu *menuNamed(QMainWindow *window, const QString &title)
{
    for (const QAction *action : window->menuBar()->actions()) {
        if (action->text().remove(QLatin1Char('&')) == title)
            return action->menu();
    }
    return nullptr;
}

bool saveScreenshot(QWidget *window, const QString &name)
{
    const QString dir = QStringLiteral(QD_SCREENSHOT_DIR);
    if (!QDir().mkpath(dir))
        return false;
    // Labels changed just now; let their layouts settle before taking the picture.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::processEvents();
    const QString path = QDir(dir).filePath(name);
    const bool saved = window->grab().save(path);
    qInfo("screenshot: %s", qPrintable(path));
    return saved;
}

} // namespace

class TestWorkbench : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void firstPaintNeedsNoService();
    void opensTheDemoWithEveryTab();
    void slosTab();
    void upgradesTab();
    void incidentsTab();
    void changesTab();
    void fleetColumnsFitTheDefaultWindow();
    void screenshots();

private:
    std::unique_ptr<Workbench> m_workbench;
    MainWindow *m_window = nullptr;
};

void TestWorkbench::initTestCase()
{
    m_workbench = std::make_unique<Workbench>();
    m_window = m_workbench->window();
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestWorkbench::cleanupTestCase()
{
    m_workbench.reset();
}

void TestWorkbench::firstPaintNeedsNoService()
{
    // What the first paint shows is there; what it does not need has not been built yet.
    QVERIFY(!m_workbench->isStarted());
    QCOMPARE(m_window->tabTitles(), (QStringList{QStringLiteral("Overview"),
                                                 QStringLiteral("SLOs"),
                                                 QStringLiteral("Upgrades"),
                                                 QStringLiteral("Incidents"),
                                                 QStringLiteral("Changes")}));
    QVERIFY(!m_window->isPaneBuilt(QStringLiteral("SLOs")));
    QVERIFY(!m_window->isPaneBuilt(QStringLiteral("Upgrades")));
    QVERIFY(!m_window->isPaneBuilt(QStringLiteral("Incidents")));
    QCOMPARE(menuTitles(m_window), (QStringList{QStringLiteral("File"), QStringLiteral("View"),
                                                QStringLiteral("Incidents"),
                                                QStringLiteral("Changes"),
                                                QStringLiteral("Help")}));
}

void TestWorkbench::opensTheDemoWithEveryTab()
{
    QSignalSpy started(m_workbench.get(), &Workbench::started);
    QSignalSpy shown(m_window, &MainWindow::fleetShown);
    QSignalSpy failed(m_window, &MainWindow::openFailed);
    m_workbench->open(QString()); // the demo fleet, written under the scratch app data folder
    QCOMPARE(started.count(), 1);
    // The status-bar entries and menu actions come with their panes, built by start().
    QVERIFY(m_window->isPaneBuilt(QStringLiteral("Incidents")));
    QVERIFY(m_window->isPaneBuilt(QStringLiteral("Changes")));
    QVERIFY(!m_window->isPaneBuilt(QStringLiteral("SLOs")));
    QVERIFY(!menuNamed(m_window, QStringLiteral("Changes"))->actions().isEmpty());
    QVERIFY(menuNamed(m_window, QStringLiteral("Incidents"))
                    ->actions()
                    .contains(m_workbench->incidentsPane()->importAction()));
    const QStringList fileActions = [this] {
        QStringList texts;
        for (const QAction *action : menuNamed(m_window, QStringLiteral("File"))->actions())
            texts << action->text();
        return texts;
    }();
    QVERIFY2(fileActions.contains(QStringLiteral("&Settings…")), qPrintable(fileActions.join(u',')));

    QVERIFY(shown.wait(120000));
    QCOMPARE(failed.count(), 0);
    QVERIFY(m_window->fleetPane()->treeView()->model()->rowCount() >= 12);
    QVERIFY(m_window->fleetPane()->selectCustomer(QStringLiteral("acme")));
    QCOMPARE(m_window->zonePane()->customerId(), QStringLiteral("acme"));
    QCOMPARE(labelText(m_window->zonePane(), QStringLiteral("customerName")),
             QStringLiteral("ACME Corp"));
}

void TestWorkbench::slosTab()
{
    // The demo's 90 days of telemetry are seeded after the fleet loads; the tab shows ACME's SLO.
    m_window->showTab(QStringLiteral("SLOs"));
    SloPane *pane = m_workbench->sloPane();
    QVERIFY(pane);
    QVERIFY(pane->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(m_workbench->sloService()->snapshot().zone(QStringLiteral("acme")),
                             120000);
    QTRY_VERIFY2(labelText(pane, QStringLiteral("sloTitle"))
                         .startsWith(QStringLiteral("ACME Corp: Green zone")),
                 qPrintable(labelText(pane, QStringLiteral("sloTitle"))));
    QVERIFY2(labelText(pane, QStringLiteral("availabilityValue")).contains(QLatin1Char('%')),
             qPrintable(labelText(pane, QStringLiteral("availabilityValue"))));
    QVERIFY2(labelText(pane, QStringLiteral("availabilityDetail")).startsWith(QStringLiteral("target ")),
             qPrintable(labelText(pane, QStringLiteral("availabilityDetail"))));
}

void TestWorkbench::upgradesTab()
{
    // The demo has no Prometheus: every customer is on the board, its stage unknown, saying why,
    // and the fleet tree's selection is the board's.
    m_window->showTab(QStringLiteral("Upgrades"));
    auto *pane = qobject_cast<UpgradesPane *>(m_window->pane(QStringLiteral("Upgrades")));
    QVERIFY(pane && pane->isVisible());
    const int customers = m_window->fleetPane()->treeView()->model()->rowCount();
    QTRY_COMPARE_WITH_TIMEOUT(pane->board()->model()->rowCount(), customers, 60000);
    for (int row = 0; row < customers; ++row)
        QCOMPARE(pane->board()->model()->index(row, UpgradeBoardModel::StageColumn).data().toString(),
                 QStringLiteral("unknown"));
    QCOMPARE(pane->selectedCustomer(), QStringLiteral("acme"));
    QVERIFY2(labelText(pane, QStringLiteral("upgradeReason")).startsWith(QStringLiteral("Red's running version is unknown")),
             qPrintable(labelText(pane, QStringLiteral("upgradeReason"))));
    QVERIFY(m_window->fleetPane()->selectCustomer(QStringLiteral("globex")));
    QCOMPARE(pane->selectedCustomer(), QStringLiteral("globex"));
    QVERIFY(m_window->fleetPane()->selectCustomer(QStringLiteral("acme"))); // as the next tests expect
}

void TestWorkbench::incidentsTab()
{
    // Without an Alertmanager the tab shows the journal, which the demo seeds with incidents.
    m_window->showTab(QStringLiteral("Incidents"));
    IncidentsPane *pane = m_workbench->incidentsPane();
    QVERIFY(pane && pane->isVisible());
    QVERIFY(pane->statusWidget() && pane->statusWidget()->isVisible());
    auto *table = pane->findChild<QAbstractItemView *>(QStringLiteral("incidentTable"));
    QVERIFY(table);
    QTRY_VERIFY_WITH_TIMEOUT(!m_workbench->incidentService()->snapshot().incidents.isEmpty(),
                             60000);
    // Filtered to the selected customer, who has incidents in the demo's history.
    QTRY_VERIFY(table->model()->rowCount() > 0);
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QString text = [&] {
            QString all;
            for (int column = 0; column < table->model()->columnCount(); ++column)
                all += table->model()->index(row, column).data().toString() + u' ';
            return all;
        }();
        QVERIFY2(text.contains(QStringLiteral("acme"), Qt::CaseInsensitive), qPrintable(text));
    }
}

void TestWorkbench::changesTab()
{
    m_window->showTab(QStringLiteral("Changes"));
    ChangesPane *pane = m_workbench->changesPane();
    QVERIFY(pane && pane->isVisible());
    auto *files = pane->findChild<QListWidget *>(QStringLiteral("changesFiles"));
    QVERIFY(files);
    // The working clone's YAML files, listed off the GUI thread.
    QTRY_VERIFY_WITH_TIMEOUT(files->count() > 0, 30000);
    QStringList names;
    for (int row = 0; row < files->count(); ++row)
        names << files->item(row)->text();
    QVERIFY2(names.contains(QStringLiteral("fleet.yaml")), qPrintable(names.mid(0, 5).join(u',')));
}

void TestWorkbench::fleetColumnsFitTheDefaultWindow()
{
    // At the size the window first opens with, every pane built, the fleet tree shows its
    // columns up to the desired version whole: no horizontal scrolling to see what runs where.
    for (const QString &tab : m_window->tabTitles())
        m_window->showTab(tab);
    m_window->showTab(QStringLiteral("Overview"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::processEvents();
    QTreeView *tree = m_window->fleetPane()->treeView();
    const QHeaderView *header = tree->header();
    const int versionRight = header->sectionPosition(FleetTreeModel::VersionColumn)
                             + header->sectionSize(FleetTreeModel::VersionColumn);
    QVERIFY2(versionRight <= tree->viewport()->width(),
             qPrintable(QStringLiteral("the desired version column ends at %1 px, the tree shows %2 px")
                                .arg(versionRight)
                                .arg(tree->viewport()->width())));
    // And the Incidents pane's filter field is wide enough to read what is typed into it.
    m_window->showTab(QStringLiteral("Incidents"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const auto *filter = m_workbench->incidentsPane()->findChild<QLineEdit *>(
            QStringLiteral("incidentFilter"));
    QVERIFY(filter);
    const int em = filter->fontMetrics().horizontalAdvance(QLatin1Char('m'));
    QVERIFY2(filter->width() >= em * 14,
             qPrintable(QStringLiteral("the incident filter is %1 px wide").arg(filter->width())));
    m_window->showTab(QStringLiteral("Overview"));
}

void TestWorkbench::screenshots()
{
    // The window as a user first sees it after picking a customer: the Overview tab.
    m_window->showTab(QStringLiteral("Overview"));
    QCOMPARE(m_window->zonePane()->customerId(), QStringLiteral("acme"));
    QVERIFY(saveScreenshot(m_window, QStringLiteral("main-window.png")));
    m_window->showTab(QStringLiteral("SLOs"));
    QVERIFY(saveScreenshot(m_window, QStringLiteral("main-window-slos.png")));
    m_window->showTab(QStringLiteral("Incidents"));
    QVERIFY(saveScreenshot(m_window, QStringLiteral("main-window-incidents.png")));
    m_window->showTab(QStringLiteral("Upgrades"));
    QVERIFY(saveScreenshot(m_window, QStringLiteral("main-window-upgrades.png")));
    m_window->showTab(QStringLiteral("Overview"));

    // The same window on a dark palette: the zone accents must still read, the text must follow.
    const QPalette light = QApplication::palette();
    QApplication::setPalette(qd::test::darkPalette());
    QCoreApplication::sendPostedEvents();
    QVERIFY(saveScreenshot(m_window, QStringLiteral("main-window-dark.png")));
    QApplication::setPalette(light);
}

// A scratch HOME and XDG folders before QApplication exists, so that nothing of the real user's
// (settings, app data, demo fleet, journal, keychain paths) is read or written.
int main(int argc, char *argv[])
{
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    qd::test::useScratchHome(home.path());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Quarterdeck"));
    QApplication::setApplicationName(QStringLiteral("Quarterdeck"));
    app.setAttribute(Qt::AA_Use96Dpi, true);
    TestWorkbench test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_workbench.moc"
