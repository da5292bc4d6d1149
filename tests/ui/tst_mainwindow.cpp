// The main window on the real demo fleet: it fills, filters, selects a customer from the keyboard
// and shows both zones. Screenshots of this bare window (no feature tabs) are saved as
// fleet-pane.png and fleet-pane-dark.png; tst_workbench saves the whole console as main-window.png.
#include "app/Workbench.h"
#include "models/ChangeRequest.h"
#include "models/FleetTreeModel.h"
#include "services/FleetService.h"
#include "services/config/YamlEditor.h"
#include "services/demo/DemoFleetWriter.h"
#include "support/DarkPalette.h"
#include "support/TestRepo.h"
#include "ui/FleetPane.h"
#include "ui/MainWindow.h"
#include "ui/ZoneCard.h"
#include "ui/ZonePane.h"

#include <QAbstractProxyModel>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace qd;

namespace {

QStringList visibleCustomers(const QTreeView *tree)
{
    QStringList names;
    const QAbstractItemModel *model = tree->model();
    for (int row = 0; row < model->rowCount(); ++row)
        names << model->index(row, 0).data().toString();
    return names;
}

// A column's text on every row of the tree, customers and their zones.
QStringList visibleColumn(const QTreeView *tree, int column)
{
    QStringList texts;
    const QAbstractItemModel *model = tree->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex customer = model->index(row, 0);
        texts << model->index(row, column).data().toString();
        for (int zone = 0; zone < model->rowCount(customer); ++zone)
            texts << model->index(zone, column, customer).data().toString();
    }
    return texts;
}

QString labelText(const QWidget *parent, const QString &objectName)
{
    const auto *label = parent->findChild<QLabel *>(objectName);
    return label ? label->text() : QStringLiteral("<no label %1>").arg(objectName);
}

const FleetTreeModel *fleetModel(const MainWindow &window)
{
    const auto *proxy =
            qobject_cast<const QAbstractProxyModel *>(window.fleetPane()->treeView()->model());
    return qobject_cast<const FleetTreeModel *>(proxy->sourceModel());
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void fillsFromTheDemoRepo();
    void filterFromTheKeyboard();
    void selectCustomerFromTheKeyboard();
    void remembersTheRepo();
    void showsWhyARepoCannotBeOpened();
    void refreshShowsAChangedVersion();
    void screenshot();

private:
    void openDemo();

    QTemporaryDir m_dir;
    QString m_workdir;
    FleetService *m_service = nullptr;
    MainWindow *m_window = nullptr;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    const auto paths = ensureDemoFleet(m_dir.filePath(QStringLiteral("demo")));
    QVERIFY2(paths.ok(), qPrintable(paths.errorMessage()));
    m_workdir = paths.value().workdir;
}

void TestMainWindow::init()
{
    // Each test starts from a first run: no remembered repo, geometry or splitter.
    QSettings(QStringLiteral("Quarterdeck"), QStringLiteral("Quarterdeck")).clear();
    m_service = new FleetService;
    m_window = new MainWindow;
    connectFleetService(m_window, m_service);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
}

void TestMainWindow::cleanup()
{
    delete m_window;
    m_window = nullptr;
    delete m_service;
    m_service = nullptr;
}

void TestMainWindow::openDemo()
{
    QSignalSpy shown(m_window, &MainWindow::fleetShown);
    QSignalSpy failed(m_window, &MainWindow::openFailed);
    m_window->openRepository(m_workdir);
    QVERIFY(shown.wait(60000));
    QCOMPARE(failed.count(), 0);
}

void TestMainWindow::fillsFromTheDemoRepo()
{
    // The window is up before anything is read: nothing in the tree yet.
    QCOMPARE(m_window->fleetPane()->treeView()->model()->rowCount(), 0);
    m_window->openRepository(m_workdir);
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("loadingLabel"))->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->fleetPane()->treeView()->model()->rowCount() >= 12, 60000);
    QTRY_VERIFY(!m_window->findChild<QLabel *>(QStringLiteral("loadingLabel"))->isVisible());

    const QStringList customers = visibleCustomers(m_window->fleetPane()->treeView());
    QVERIFY2(customers.contains(QStringLiteral("ACME Corp")), qPrintable(customers.join(u',')));
    QVERIFY2(m_window->windowTitle().startsWith(QStringLiteral("Quarterdeck - work (main @ ")),
             qPrintable(m_window->windowTitle()));
    QVERIFY2(m_window->windowTitle().endsWith(QStringLiteral(", up to date)")),
             qPrintable(m_window->windowTitle()));

    QCOMPARE(labelText(m_window, QStringLiteral("branchLabel")), QStringLiteral("main"));
    QCOMPARE(labelText(m_window, QStringLiteral("aheadBehindLabel")),
             QStringLiteral("0 ahead 0 behind"));
    QVERIFY(!labelText(m_window, QStringLiteral("headLabel")).isEmpty());
    QVERIFY(labelText(m_window, QStringLiteral("repoPathLabel")).endsWith(QStringLiteral("work")));
    QVERIFY(labelText(m_window, QStringLiteral("problemsLabel"))
                    .contains(QStringLiteral("problem")));

    // With no customer selected, the zone pane sums up the fleet.
    const QString summary = labelText(m_window->zonePane(), QStringLiteral("summaryCounts"));
    QVERIFY2(summary.startsWith(QStringLiteral("%1 customers, ").arg(customers.size())),
             qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral(" upgrading")), qPrintable(summary));
}

void TestMainWindow::filterFromTheKeyboard()
{
    openDemo();
    QTreeView *tree = m_window->fleetPane()->treeView();
    QLineEdit *filter = m_window->fleetPane()->filterEdit();
    const int total = tree->model()->rowCount();
    QCOMPARE(filter->placeholderText(), QStringLiteral("Filter customers, clusters, versions..."));

    tree->setFocus();
    QTest::keyClick(m_window, Qt::Key_K, Qt::ControlModifier);
    QVERIFY(filter->hasFocus());

    QTest::keyClicks(filter, QStringLiteral("acme"));
    QCOMPARE(visibleCustomers(tree), QStringList{QStringLiteral("ACME Corp")});
    // Both zones stay visible under the matching customer, expanded.
    const QModelIndex acme = tree->model()->index(0, 0);
    QCOMPARE(tree->model()->rowCount(acme), 2);
    QVERIFY(tree->isExpanded(acme));

    // A cluster name finds its customer, whatever the case.
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("ACME-GREEN"));
    QCOMPARE(visibleCustomers(tree), QStringList{QStringLiteral("ACME Corp")});

    // A version finds every customer with a zone on it.
    const Customer *acmeCustomer =
            fleetModel(*m_window)->snapshot().customer(QStringLiteral("acme"));
    QVERIFY(acmeCustomer && acmeCustomer->green);
    const QString greenVersion = acmeCustomer->green->resolution.version;
    filter->clear();
    QTest::keyClicks(filter, greenVersion);
    const QStringList onVersion = visibleCustomers(tree);
    QVERIFY(onVersion.contains(QStringLiteral("ACME Corp")));
    QVERIFY(onVersion.size() < total);

    QTest::keyClicks(filter, QStringLiteral("no-such-customer"));
    QCOMPARE(tree->model()->rowCount(), 0);

    QTest::keyClick(filter, Qt::Key_Escape);
    QCOMPARE(filter->text(), QString());
    QCOMPARE(tree->model()->rowCount(), total);
}

void TestMainWindow::selectCustomerFromTheKeyboard()
{
    openDemo();
    QTreeView *tree = m_window->fleetPane()->treeView();
    QLineEdit *filter = m_window->fleetPane()->filterEdit();
    QTest::keyClick(m_window, Qt::Key_K, Qt::ControlModifier);
    QTest::keyClicks(filter, QStringLiteral("acme"));
    QTest::keyClick(filter, Qt::Key_Down);
    QVERIFY(tree->hasFocus());
    // Down again walks into the customer's zones; the customer stays the one shown.
    QTest::keyClick(tree, Qt::Key_Down);
    QCOMPARE(tree->currentIndex().data().toString(), QStringLiteral("Red"));
    QCOMPARE(m_window->fleetPane()->currentCustomerId(), QStringLiteral("acme"));

    const Customer *acme = fleetModel(*m_window)->snapshot().customer(QStringLiteral("acme"));
    QVERIFY(acme && acme->red && acme->green);
    ZonePane *pane = m_window->zonePane();
    QCOMPARE(pane->customerId(), QStringLiteral("acme"));
    QCOMPARE(labelText(pane, QStringLiteral("customerName")), QStringLiteral("ACME Corp"));
    QVERIFY(labelText(pane, QStringLiteral("customerFacts")).contains(QStringLiteral("SLO")));

    const auto *red = pane->findChild<ZoneCard *>(QStringLiteral("redZoneCard"));
    const auto *green = pane->findChild<ZoneCard *>(QStringLiteral("greenZoneCard"));
    QVERIFY(red && green && red->isVisible() && green->isVisible());
    // Side by side.
    QCOMPARE(red->y(), green->y());
    QVERIFY(red->x() + red->width() <= green->x());

    for (const auto &[card, zone] :
         {std::pair{red, &*acme->red}, std::pair{green, &*acme->green}}) {
        QVERIFY(!zone->resolution.version.isEmpty());
        QCOMPARE(labelText(card, QStringLiteral("version")), zone->resolution.version);
        const QString location = labelText(card, QStringLiteral("versionLocation"));
        QVERIFY2(location.startsWith(QStringLiteral("set in %1/").arg(zone->overlay)),
                 qPrintable(location));
        QVERIFY2(location.contains(QStringLiteral(".yml:")), qPrintable(location));
        QVERIFY(labelText(card, QStringLiteral("cluster")).contains(zone->cluster));
        QVERIFY(labelText(card, QStringLiteral("links")).contains(QStringLiteral(">Deck</a>")));
    }
    // Red is mid-upgrade in the demo: the header says so in words, not only in colour.
    QVERIFY2(labelText(pane, QStringLiteral("customerStatus"))
                     .startsWith(QStringLiteral("upgrading: Red %1 ahead of Green %2")
                                         .arg(acme->red->resolution.version,
                                              acme->green->resolution.version)),
             qPrintable(labelText(pane, QStringLiteral("customerStatus"))));

    // Esc in the tree clears the filter and keeps the customer selected.
    QTest::keyClick(tree, Qt::Key_Escape);
    QCOMPARE(filter->text(), QString());
    QVERIFY(tree->model()->rowCount() >= 12);
    QCOMPARE(m_window->fleetPane()->currentCustomerId(), QStringLiteral("acme"));
}

void TestMainWindow::remembersTheRepo()
{
    openDemo();
    QCOMPARE(MainWindow::lastRepositoryPath(), m_workdir);

    // The layout a user left is the layout they get back.
    auto *splitter = m_window->findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    QVERIFY(splitter);
    m_window->resize(1100, 700);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    splitter->setSizes({400, 700});
    const QList<int> sizes = splitter->sizes();
    QVERIFY(m_window->close());

    MainWindow reopened;
    QCOMPARE(reopened.size(), QSize(1100, 700));
    reopened.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reopened));
    QCOMPARE(reopened.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), sizes);
}

void TestMainWindow::showsWhyARepoCannotBeOpened()
{
    QSignalSpy failed(m_window, &MainWindow::openFailed);
    const QString missing = m_dir.filePath(QStringLiteral("no-such-repo"));
    m_window->openRepository(missing);
    QVERIFY(failed.wait(30000));
    QCOMPARE(labelText(m_window->zonePane(), QStringLiteral("messageTitle")),
             QStringLiteral("Could not open the config repo"));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Could not open")));
    QVERIFY(!m_window->findChild<QLabel *>(QStringLiteral("loadingLabel"))->isVisible());
}

void TestMainWindow::screenshot()
{
    openDemo();
    QVERIFY(m_window->fleetPane()->selectCustomer(QStringLiteral("acme")));
    QCOMPARE(m_window->zonePane()->customerId(), QStringLiteral("acme"));
    const QString dir = QStringLiteral(QD_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    const QString path = QDir(dir).filePath(QStringLiteral("fleet-pane.png"));
    // Labels changed just now; let their layouts settle before taking the picture.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QVERIFY(m_window->grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));

    // The same window on a dark palette: the zone accents must still read, the text must follow.
    const QPalette light = QApplication::palette();
    QApplication::setPalette(qd::test::darkPalette());
    QCoreApplication::sendPostedEvents();
    const QString darkPath = QDir(dir).filePath(QStringLiteral("fleet-pane-dark.png"));
    QVERIFY(m_window->grab().save(darkPath));
    QApplication::setPalette(light);
}

QTEST_MAIN(TestMainWindow)
void TestMainWindow::refreshShowsAChangedVersion()
{
    // A repo of its own: the demo's is shared with the other tests.
    const QString repo = m_dir.filePath(QStringLiteral("refresh"));
    QVERIFY(test::copyTree(m_workdir, repo));
    QSignalSpy shown(m_window, &MainWindow::fleetShown);
    m_window->openRepository(repo);
    QVERIFY(shown.wait(60000));
    const QString id = m_window->fleet().customers.first().id;
    const QString before = m_window->fleet().customer(id)->red->resolution.version;

    // What a commit leaves behind: one value changed in the working tree.
    const ValueEdit edit{id, ZoneKind::Red, QStringLiteral("spec.spinnakerConfig.config.version"),
                         QStringLiteral("2.99.1")};
    const auto applied = applyValueEdits(repo, {edit});
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    m_window->refreshRepository();
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("loadingLabel"))->isVisible());
    QVERIFY(shown.wait(60000));
    QVERIFY(before != QStringLiteral("2.99.1"));
    QCOMPARE(m_window->fleet().customer(id)->red->resolution.version, QStringLiteral("2.99.1"));
    const QStringList versions = visibleColumn(m_window->fleetPane()->treeView(),
                                               FleetTreeModel::VersionColumn);
    QVERIFY2(versions.join(u'\n').contains(QStringLiteral("2.99.1")),
             qPrintable(versions.join(u'\n')));
}

#include "tst_mainwindow.moc"
