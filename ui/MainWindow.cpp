#include "ui/MainWindow.h"

#include "models/FleetTreeModel.h"
#include "ui/FleetPane.h"
#include "ui/ZonePane.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace qd {

namespace {

QSettings settings()
{
    return QSettings(QStringLiteral("Quarterdeck"), QStringLiteral("Quarterdeck"));
}

const QString LastRepoKey = QStringLiteral("repo/last");
const QString GeometryKey = QStringLiteral("window/geometry");
const QString StateKey = QStringLiteral("window/state");
const QString SplitterKey = QStringLiteral("window/splitter");

// The last folder of a path, from the text alone (the GUI thread does not touch the disk).
QString directoryName(const QString &path)
{
    const QString clean = QDir::cleanPath(QDir::fromNativeSeparators(path));
    return clean.section(QLatin1Char('/'), -1, -1, QString::SectionSkipEmpty);
}

QString shortPath(const QString &path)
{
    const QString clean = QDir::cleanPath(QDir::fromNativeSeparators(path));
    const QString home = QDir::homePath();
    if (clean == home || clean.startsWith(home + QLatin1Char('/')))
        return QDir::toNativeSeparators(QLatin1Char('~') + clean.mid(home.size()));
    return QDir::toNativeSeparators(clean);
}

QLabel *statusLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Quarterdeck"));

    m_model = new FleetTreeModel(this);
    m_fleetPane = new FleetPane(m_model, this);
    m_zonePane = new ZonePane(this);
    m_zonePane->setObjectName(QStringLiteral("zonePane"));

    m_tabs = new QTabWidget(this);
    auto *tabs = m_tabs;
    tabs->setObjectName(QStringLiteral("customerTabs"));
    tabs->setDocumentMode(true);
    tabs->addTab(m_zonePane, QStringLiteral("Overview"));

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_fleetPane);
    m_splitter->addWidget(tabs);
    // The fleet pane opens as wide as its columns (FleetPane::sizeHint); a wider window widens
    // the customer's tabs.
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    createMenus();
    createStatusBar();
    restoreSettings();

    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::buildPane);
    connect(m_fleetPane, &FleetPane::currentCustomerChanged, m_zonePane, &ZonePane::showCustomer);
    connect(m_fleetPane, &FleetPane::currentCustomerChanged, this, &MainWindow::customerSelected);
}

MainWindow::~MainWindow() = default;

void MainWindow::addPane(QWidget *pane, const QString &title)
{
    m_tabs->addTab(pane, title);
}

void MainWindow::addPane(const QString &title, PaneFactory create)
{
    // The tab holds an empty page until the pane is built into it.
    auto *page = new QWidget(m_tabs);
    page->setObjectName(QStringLiteral("paneHolder"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_pendingPanes.insert(page, std::move(create));
    m_tabs->addTab(page, title);
}

int MainWindow::tabIndex(const QString &title) const
{
    const QString plain = QString(title).remove(QLatin1Char('&'));
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->tabText(i).remove(QLatin1Char('&')) == plain)
            return i;
    }
    return -1;
}

void MainWindow::buildPane(int index)
{
    QWidget *page = m_tabs->widget(index);
    const auto pending = m_pendingPanes.find(page);
    if (pending == m_pendingPanes.end())
        return;
    const PaneFactory create = std::move(pending.value());
    m_pendingPanes.erase(pending); // before create(): it may ask for its own pane again
    QWidget *built = create();
    if (built) {
        page->layout()->addWidget(built);
        built->show(); // the layout would only show it on a later turn of the event loop
    }
}

QWidget *MainWindow::pane(const QString &title)
{
    const int index = tabIndex(title);
    if (index < 0)
        return nullptr;
    buildPane(index);
    QWidget *page = m_tabs->widget(index);
    if (page->objectName() != QStringLiteral("paneHolder"))
        return page;
    QLayoutItem *item = page->layout()->itemAt(0);
    return item ? item->widget() : nullptr;
}

bool MainWindow::isPaneBuilt(const QString &title) const
{
    const int index = tabIndex(title);
    return index >= 0 && !m_pendingPanes.contains(m_tabs->widget(index));
}

void MainWindow::showTab(const QString &title)
{
    if (const int index = tabIndex(title); index >= 0)
        m_tabs->setCurrentIndex(index);
}

QStringList MainWindow::tabTitles() const
{
    QStringList titles;
    for (int i = 0; i < m_tabs->count(); ++i)
        titles << m_tabs->tabText(i);
    return titles;
}

void MainWindow::addStatusWidget(QWidget *widget)
{
    statusBar()->addPermanentWidget(widget);
}

QMenu *MainWindow::menu(const QString &title)
{
    for (QAction *action : menuBar()->actions()) {
        if (action->menu() && action->text().remove(QLatin1Char('&')) == QString(title).remove(QLatin1Char('&')))
            return action->menu();
    }
    // Feature menus go before Help, which stays last.
    const QList<QAction *> menus = menuBar()->actions();
    QAction *help = menus.isEmpty() ? nullptr : menus.constLast();
    if (help && help->menu() && help->menu()->objectName() == QStringLiteral("helpMenu"))
        return menuBar()->insertMenu(help, new QMenu(title, menuBar()))->menu();
    return menuBar()->addMenu(title);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction *open = file->addAction(QStringLiteral("&Open config repo…"), this,
                                    &MainWindow::chooseRepository);
    open->setShortcut(QKeySequence::Open);
    QAction *reload = file->addAction(QStringLiteral("&Reload"), this, [this] {
        if (!m_repoPath.isEmpty())
            openRepository(m_repoPath);
    });
    reload->setShortcut(QKeySequence(Qt::Key_F5));
    file->addSeparator();
    QAction *quit = file->addAction(QStringLiteral("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    QAction *focusFilter =
            view->addAction(QStringLiteral("&Focus filter"), m_fleetPane, &FleetPane::focusFilter);
    focusFilter->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    // The filter line edit would take Ctrl+K as "delete to end of line" while it has focus.
    focusFilter->setShortcutContext(Qt::ApplicationShortcut);

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *about =
            help->addAction(QStringLiteral("&About Quarterdeck"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::createStatusBar()
{
    m_pathLabel = statusLabel(this, QStringLiteral("repoPathLabel"));
    m_branchLabel = statusLabel(this, QStringLiteral("branchLabel"));
    m_headLabel = statusLabel(this, QStringLiteral("headLabel"));
    m_aheadBehindLabel = statusLabel(this, QStringLiteral("aheadBehindLabel"));
    m_loadingLabel = statusLabel(this, QStringLiteral("loadingLabel"));
    m_problemsLabel = statusLabel(this, QStringLiteral("problemsLabel"));
    m_loadingLabel->hide();
    for (QLabel *label : {m_pathLabel, m_branchLabel, m_headLabel, m_aheadBehindLabel,
                          m_loadingLabel, m_problemsLabel})
        statusBar()->addPermanentWidget(label);
}

void MainWindow::restoreSettings()
{
    auto s = settings();
    if (!restoreGeometry(s.value(GeometryKey).toByteArray()))
        resize(1280, 800);
    restoreState(s.value(StateKey).toByteArray());
    m_splitterPlaced = m_splitter->restoreState(s.value(SplitterKey).toByteArray());
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_splitterPlaced)
        return;
    // The first time, once the window has its size: the fleet pane as wide as its columns, the
    // rest for the customer's tabs.
    m_splitterPlaced = true;
    const QList<int> sizes = m_splitter->sizes();
    const int total = std::accumulate(sizes.cbegin(), sizes.cend(), 0);
    const int fleet = std::min(m_fleetPane->sizeHint().width(), total * 11 / 20);
    m_splitter->setSizes({fleet, total - fleet});
}

void MainWindow::saveSettings() const
{
    auto s = settings();
    s.setValue(GeometryKey, saveGeometry());
    s.setValue(StateKey, saveState());
    s.setValue(SplitterKey, m_splitter->saveState());
}

QString MainWindow::lastRepositoryPath()
{
    return settings().value(LastRepoKey).toString();
}

QString MainWindow::aheadBehindText(const RepoStatus &status)
{
    if (!status.ahead || !status.behind)
        return QStringLiteral("no upstream");
    return QStringLiteral("%1 ahead %2 behind").arg(*status.ahead).arg(*status.behind);
}

QString MainWindow::windowTitleFor(const RepoStatus &status)
{
    QString tracking = QStringLiteral("no upstream");
    if (status.ahead && status.behind) {
        tracking = *status.ahead == 0 && *status.behind == 0 ? QStringLiteral("up to date")
                                                             : QStringLiteral("%1 ahead, %2 behind")
                                                                       .arg(*status.ahead)
                                                                       .arg(*status.behind);
    }
    return QStringLiteral("Quarterdeck - %1 (%2 @ %3, %4)")
            .arg(directoryName(status.path),
                 status.branch.isEmpty() ? QStringLiteral("detached HEAD") : status.branch,
                 status.headCommit.isEmpty() ? QStringLiteral("no commits") : status.headCommit,
                 tracking);
}

void MainWindow::openRepository(const QString &path)
{
    m_repoPath = path;
    m_pathLabel->setText(shortPath(path));
    m_pathLabel->setToolTip(QDir::toNativeSeparators(path));
    setLoading(QStringLiteral("Loading…"));
    if (m_model->snapshot().customers.isEmpty())
        m_zonePane->showMessage(QStringLiteral("Loading %1…").arg(directoryName(path)),
                                QDir::toNativeSeparators(path));
    emit loadRequested(path);
}

void MainWindow::refreshRepository()
{
    if (m_repoPath.isEmpty())
        return;
    setLoading(QStringLiteral("Loading…"));
    emit refreshRequested(m_repoPath);
}

void MainWindow::showPreparing(const QString &message)
{
    setLoading(QStringLiteral("Loading…"));
    m_zonePane->showMessage(message, QString());
}

void MainWindow::setLoading(const QString &message)
{
    m_loadingLabel->setText(message);
    m_loadingLabel->setVisible(!message.isEmpty());
}

void MainWindow::showFleet(const FleetSnapshot &snapshot)
{
    setLoading(QString());
    statusBar()->clearMessage();
    const RepoStatus &repo = snapshot.repo;
    m_repoPath = snapshot.repoPath.isEmpty() ? m_repoPath : snapshot.repoPath;
    RepoStatus titled = repo;
    if (titled.path.isEmpty())
        titled.path = m_repoPath;
    setWindowTitle(windowTitleFor(titled));
    m_pathLabel->setText(shortPath(m_repoPath));
    m_branchLabel->setText(repo.branch.isEmpty() ? QStringLiteral("detached HEAD") : repo.branch);
    m_headLabel->setText(repo.headCommit);
    m_headLabel->setToolTip(repo.headSummary);
    m_aheadBehindLabel->setText(aheadBehindText(repo));
    m_problemsLabel->setText(problemCountText(snapshot.diagnostics.size()));

    m_zonePane->setSnapshot(snapshot);
    m_model->setSnapshot(snapshot);
    m_zonePane->showCustomer(m_fleetPane->currentCustomerId());
    settings().setValue(LastRepoKey, m_repoPath);
    m_snapshot = snapshot;
    emit fleetLoaded(m_snapshot);
    emit fleetShown();
}

void MainWindow::showOpenFailure(const QString &path, const QString &message)
{
    setLoading(QString());
    statusBar()->showMessage(
            QStringLiteral("Could not open %1: %2").arg(QDir::toNativeSeparators(path), message));
    if (m_model->snapshot().customers.isEmpty()) {
        m_zonePane->showMessage(QStringLiteral("Could not open the config repo"),
                                QStringLiteral("%1\n\n%2\n\nOpen another one with File > Open "
                                               "config repo… (Ctrl+O).")
                                        .arg(QDir::toNativeSeparators(path), message));
    }
    emit openFailed(path, message);
}

void MainWindow::chooseRepository()
{
    const QString path =
            QFileDialog::getExistingDirectory(this, QStringLiteral("Open config repo"), m_repoPath);
    if (!path.isEmpty())
        openRepository(path);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, QStringLiteral("About Quarterdeck"),
                       QStringLiteral("<h3>Quarterdeck %1</h3><p>A console for managed Spinnaker "
                                      "fleets: every customer's Red and Green zones, from the "
                                      "managed config repo.</p>")
                               .arg(QApplication::applicationVersion().toHtmlEscaped()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace qd
