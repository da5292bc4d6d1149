#include "app/Workbench.h"

#include "models/Result.h"
#include "services/AppSettings.h"
#include "services/FleetService.h"
#include "services/LiveSources.h"
#include "services/changes/ChangeService.h"
#include "services/changes/DraftStore.h"
#include "services/demo/DemoFleetWriter.h"
#include "services/git/GitRepository.h"
#include "services/incidents/IncidentService.h"
#include "services/store/IncidentJournal.h"
#include "services/store/TelemetryStore.h"
#include "services/telemetry/AlertmanagerClient.h"
#include "services/telemetry/DemoTelemetry.h"
#include "services/telemetry/SloService.h"
#include "services/upgrades/UpgradeService.h"
#include "ui/ChangesPane.h"
#include "ui/FleetPane.h"
#include "ui/IncidentsPane.h"
#include "ui/MainWindow.h"
#include "ui/SettingsDialog.h"
#include "ui/SloPane.h"
#include "ui/SourceStateWidget.h"
#include "ui/UpgradesPane.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFuture>
#include <QFutureWatcher>
#include <QMenu>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace qd {

namespace {

const QString SlosTab = QStringLiteral("SLOs");
const QString UpgradesTab = QStringLiteral("Upgrades");
const QString IncidentsTab = QStringLiteral("Incidents");
const QString ChangesTab = QStringLiteral("Changes");
const QString ChangesMenu = QStringLiteral("&Changes");
const QString IncidentsMenu = QStringLiteral("&Incidents");

class AfterFirstPaint : public QObject
{
public:
    AfterFirstPaint(QWidget *target, std::function<void()> action, QObject *parent)
        : QObject(parent)
        , m_target(target)
        , m_action(std::move(action))
    {
        qApp->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || !watched->isWidgetType())
            return false;
        auto *widget = static_cast<QWidget *>(watched);
        if (widget != m_target && !m_target->isAncestorOf(widget))
            return false;
        qApp->removeEventFilter(this);
        QTimer::singleShot(0, this, [this] {
            m_action();
            deleteLater();
        });
        return false;
    }

private:
    QWidget *m_target;
    std::function<void()> m_action;
};

} // namespace

void connectFleetService(MainWindow *window, FleetService *service)
{
    QObject::connect(window, &MainWindow::loadRequested, service, &FleetService::load);
    QObject::connect(window, &MainWindow::refreshRequested, service, &FleetService::refresh);
    QObject::connect(service, &FleetService::loaded, window, &MainWindow::showFleet);
    QObject::connect(service, &FleetService::failed, window, &MainWindow::showOpenFailure);
}

void runAfterFirstPaint(QWidget *target, std::function<void()> action, QObject *parent)
{
    new AfterFirstPaint(target, std::move(action), parent);
}

// Declared in destruction order: the live sources first, the Alertmanager client after the
// incident service that polls it.
struct Workbench::Services
{
    Services()
        : slo(TelemetryStore::defaultPath())
        , incidents(&alertmanager)
        , upgrades(&incidents, TelemetryStore::defaultPath())
        , live(&slo, &alertmanager, &incidents)
    {
        // Opens the journal on the service's own thread.
        incidents.setJournalPath(IncidentJournal::defaultPath());
    }

    SloService slo;
    ChangeService changes;
    DraftStore drafts;
    AlertmanagerClient alertmanager;
    IncidentService incidents;
    UpgradeService upgrades; // reads the incident service's polls
    LiveSources live;
};

Workbench::Workbench(QObject *parent)
    : QObject(parent)
    , m_fleet(std::make_unique<FleetService>())
    , m_window(std::make_unique<MainWindow>())
{
    connectFleetService(m_window.get(), m_fleet.get());
    m_window->addPane(SlosTab, [this] { return buildSloPane(); });
    m_window->addPane(UpgradesTab, [this] { return buildUpgradesPane(); });
    m_window->addPane(IncidentsTab, [this] { return buildIncidentsPane(); });
    m_window->addPane(ChangesTab, [this] { return buildChangesPane(); });
    // The Prometheus entry of the status bar; the Incidents pane brings its own.
    m_prometheusState = new SourceStateWidget;
    m_prometheusState->setObjectName(QStringLiteral("prometheusState"));
    m_window->addStatusWidget(m_prometheusState);
    m_window->menu(IncidentsMenu); // in the menu bar from the start; the panes fill them
    m_window->menu(ChangesMenu);
    addSettingsAction();
    connect(m_window.get(), &MainWindow::fleetLoaded, this, &Workbench::onFleetLoaded);
}

Workbench::~Workbench()
{
    m_window.reset(); // the panes use the services
}

void Workbench::start()
{
    if (m_services)
        return;
    m_services = std::make_unique<Services>();
    SloService &slo = m_services->slo;
    connect(&slo, &SloService::sourceStateChanged, m_prometheusState, &SourceStateWidget::setState);
    connect(&slo, &SloService::snapshotChanged, m_prometheusState,
            [widget = m_prometheusState](const SloSnapshot &snapshot) {
                widget->setState(snapshot.source);
            });
    // Their status-bar entry and menu actions (with shortcuts) must be there before they are seen.
    m_window->pane(IncidentsTab);
    m_window->pane(ChangesTab);
    const AppSettings settings = AppSettings::load();
    m_services->live.apply(settings); // the live sources of the settings, or none
    m_services->upgrades.setPrometheus(settings.prometheus);
    emit started();
}

void Workbench::open(const QString &path)
{
    start();
    if (path.isEmpty())
        openDemo();
    else
        m_window->openRepository(path);
}

void Workbench::openDemo()
{
    MainWindow *window = m_window.get();
    window->showPreparing(QStringLiteral("Preparing the demo fleet…"));
    const QString dir = defaultDemoDirectory();
    // Writing the demo runs git and writes files: off the GUI thread like every other disk access.
    // A watcher owned by the window rather than .then(window): Qt 6.4 asserts on a continuation
    // whose context is gone, and the app may quit while the demo is written.
    auto *watcher = new QFutureWatcher<Result<DemoFleetPaths>>(window);
    connect(watcher, &QFutureWatcherBase::finished, window, [window, watcher, dir] {
        watcher->deleteLater();
        const Result<DemoFleetPaths> paths = watcher->result();
        if (paths.ok())
            window->openRepository(paths.value().workdir);
        else
            window->showOpenFailure(dir, paths.error().message);
    });
    watcher->setFuture(QtConcurrent::run([dir] { return ensureDemoFleet(dir); }));
}

SloService *Workbench::sloService()
{
    start();
    return &m_services->slo;
}

IncidentService *Workbench::incidentService()
{
    start();
    return &m_services->incidents;
}

ChangeService *Workbench::changeService()
{
    start();
    return &m_services->changes;
}

SloPane *Workbench::sloPane()
{
    return qobject_cast<SloPane *>(m_window->pane(SlosTab));
}

IncidentsPane *Workbench::incidentsPane()
{
    start();
    return qobject_cast<IncidentsPane *>(m_window->pane(IncidentsTab));
}

ChangesPane *Workbench::changesPane()
{
    start();
    return qobject_cast<ChangesPane *>(m_window->pane(ChangesTab));
}

// Hands every loaded fleet to the SLO and incident services; the demo fleet's history is seeded
// first. Without an Alertmanager the Incidents tab shows that journal (LiveSources).
void Workbench::onFleetLoaded(const FleetSnapshot &fleet)
{
    start();
    m_services->incidents.setFleet(fleet);
    m_services->upgrades.setFleet(fleet);
    const QString demoWorkdir = QDir::cleanPath(defaultDemoDirectory() + QStringLiteral("/work"));
    if (QDir::cleanPath(fleet.repoPath) == demoWorkdir)
        seedDemoThenShow(fleet);
    else
        m_services->slo.setFleet(fleet);
}

// Seeds the store and the incident journal with the demo's 90 days of history (once, off the GUI
// thread), then hands the fleet to the SLO service and shows the journal's new incidents.
void Workbench::seedDemoThenShow(const FleetSnapshot &fleet)
{
    SloService &slo = m_services->slo;
    IncidentService &incidents = m_services->incidents;
    const QString store = TelemetryStore::defaultPath();
    // A watcher owned by the service, not .then(&slo): the app may quit before seeding ends, and
    // Qt 6.4 asserts on a continuation whose context is gone.
    auto *watcher = new QFutureWatcher<Result<void>>(&slo);
    connect(watcher, &QFutureWatcherBase::finished, &slo, [&slo, &incidents, watcher, fleet] {
        const Result<void> seeded = watcher->result();
        if (!seeded.ok())
            qWarning("demo telemetry: %s", qPrintable(seeded.errorMessage()));
        slo.setFleet(fleet);
        if (incidents.showingJournal())
            incidents.showJournal(); // read again, with the demo's incidents
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([fleet, store] {
        // The demo's incidents (docs/incidents.md), like its telemetry, are written once.
        const auto seeded = seedDemoIncidents(fleet, IncidentJournal::defaultPath(),
                                              QDateTime::currentDateTimeUtc());
        if (!seeded.ok())
            qWarning("demo incidents: %s", qPrintable(seeded.errorMessage()));
        return seedDemoTelemetry(fleet, store, QDateTime::currentDateTimeUtc());
    }));
}

// The SLOs tab: the service reads the local store, and Prometheus when the settings name one.
QWidget *Workbench::buildSloPane()
{
    SloService *service = sloService();
    auto *pane = new SloPane(service);
    const SloSnapshot current = service->snapshot();
    if (current.to != 0 || !current.zones.isEmpty()) // published before the tab was first shown
        pane->setSnapshot(current);
    pane->setSourceState(current.source);
    pane->setCustomer(m_window->fleetPane()->currentCustomerId());
    connect(m_window.get(), &MainWindow::customerSelected, pane, &SloPane::setCustomer);
    return pane;
}

// The Upgrades tab (docs/upgrades.md): the board the upgrade service gathers for the open fleet.
QWidget *Workbench::buildUpgradesPane()
{
    start();
    UpgradeService *service = &m_services->upgrades;
    auto *pane = new UpgradesPane;
    if (service->hasBoard())
        pane->setRows(service->rows());
    connect(service, &UpgradeService::boardChanged, pane, &UpgradesPane::setRows);
    connect(service, &UpgradeService::problem, pane, &UpgradesPane::setProblem);
    pane->setCustomer(m_window->fleetPane()->currentCustomerId());
    connect(m_window.get(), &MainWindow::customerSelected, pane, &UpgradesPane::setCustomer);
    return pane;
}

// The Incidents tab and its status-bar entry (docs/incidents-gui.md). LiveSources points the
// service at the Alertmanager of the settings, or at the journal when there is none.
QWidget *Workbench::buildIncidentsPane()
{
    IncidentService *service = incidentService();
    auto *pane = new IncidentsPane(service);
    m_window->addStatusWidget(pane->statusWidget());
    pane->statusWidget()->setSourceState(service->snapshot().source);
    pane->setCustomerFilter(m_window->fleetPane()->currentCustomerId());
    m_window->menu(IncidentsMenu)->addAction(pane->importAction());
    connect(m_window.get(), &MainWindow::customerSelected, pane,
            &IncidentsPane::setCustomerFilter);
    return pane;
}

// The Changes tab and its menu (docs/changes-gui.md).
QWidget *Workbench::buildChangesPane()
{
    start();
    MainWindow *window = m_window.get();
    auto *pane = new ChangesPane(&m_services->changes, &m_services->drafts);
    pane->setUserName(qEnvironmentVariable("USER"));
    window->menu(ChangesMenu)->addActions(pane->menuActions());
    if (!window->fleet().customers.isEmpty())
        pane->setFleet(window->fleet());
    pane->setSelectedCustomer(window->fleetPane()->currentCustomerId());
    connect(window, &MainWindow::customerSelected, pane, &ChangesPane::setSelectedCustomer);
    connect(window, &MainWindow::fleetLoaded, pane, &ChangesPane::setFleet);
    // A commit or a push changes the repo: read it again so every pane shows where it stands.
    connect(pane, &ChangesPane::committed, window, &MainWindow::refreshRepository);
    connect(&m_services->changes, &ChangeService::pushFinished, window,
            &MainWindow::refreshRepository);
    return pane;
}

// File → Settings… (docs/settings.md). Applying hands the settings to LiveSources at once.
void Workbench::addSettingsAction()
{
    auto *action = new QAction(QStringLiteral("&Settings…"), m_window.get());
    action->setObjectName(QStringLiteral("settingsAction"));
    action->setMenuRole(QAction::PreferencesRole);
    QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Preferences);
    if (keys.isEmpty())
        keys = {QKeySequence(Qt::CTRL | Qt::Key_Comma)}; // where the platform names none
    action->setShortcuts(keys);
    QMenu *file = m_window->menu(QStringLiteral("&File"));
    const QList<QAction *> actions = file->actions();
    QAction *before = nullptr; // the separator above Quit
    for (qsizetype i = 0; i < actions.size(); ++i) {
        if (actions[i]->menuRole() == QAction::QuitRole)
            before = i > 0 && actions[i - 1]->isSeparator() ? actions[i - 1] : actions[i];
    }
    file->insertAction(before, action);
    connect(action, &QAction::triggered, this, &Workbench::showSettings);
}

void Workbench::showSettings()
{
    start();
    MainWindow *window = m_window.get();
    auto *dialog = window->findChild<SettingsDialog *>();
    if (!dialog) {
        dialog = new SettingsDialog(window);
        connect(dialog, &SettingsDialog::applied, &m_services->live, &LiveSources::apply);
        connect(dialog, &SettingsDialog::applied, &m_services->upgrades,
                [upgrades = &m_services->upgrades](const AppSettings &settings) {
                    upgrades->setPrometheus(settings.prometheus);
                });
    }
    if (!dialog->isVisible()) {
        dialog->setValues(AppSettings::load());
        // The git token belongs to the open repo's remote; reading it is disk work.
        const QString repo = window->repositoryPath();
        if (!repo.isEmpty()) {
            auto *watcher = new QFutureWatcher<QString>(dialog);
            connect(watcher, &QFutureWatcherBase::finished, dialog, [dialog, watcher] {
                dialog->setGitRemoteUrl(watcher->result());
                watcher->deleteLater();
            });
            watcher->setFuture(QtConcurrent::run([repo] {
                const auto opened = GitRepository::open(repo);
                const auto url = opened ? opened->remoteUrl(QStringLiteral("origin"))
                                        : Result<QString>(opened.error());
                return url ? url.value() : QString();
            }));
        }
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

} // namespace qd
