#include "app/GuiMain.h"

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
#include "ui/ChangesPane.h"
#include "ui/FleetPane.h"
#include "ui/IncidentsPane.h"
#include "ui/MainWindow.h"
#include "ui/SettingsDialog.h"
#include "ui/SloPane.h"
#include "ui/SourceStateWidget.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFuture>
#include <QFutureWatcher>
#include <QIcon>
#include <QMenu>
#include <QTimer>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>
#include <functional>

namespace qd {

namespace {

// Runs `action` once a paint of `target` (or a widget inside it) has been processed. The action is
// queued, so it runs after the paint being delivered has reached the screen.
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

void quitAfterFirstPaint(QWidget *target)
{
    new AfterFirstPaint(
            target,
            [] {
                // The startup benchmark stops its clock at this line, not at process exit.
                std::fputs("first-paint\n", stdout);
                std::fflush(stdout);
                QCoreApplication::exit(0);
            },
            qApp);
}

void openDemo(MainWindow &window)
{
    window.showPreparing(QStringLiteral("Preparing the demo fleet…"));
    const QString dir = defaultDemoDirectory();
    // Writing the demo runs git and writes files: off the GUI thread like every other disk access.
    QtConcurrent::run([dir] {
        return ensureDemoFleet(dir);
    }).then(&window, [&window, dir](const Result<DemoFleetPaths> &paths) {
        if (paths.ok())
            window.openRepository(paths.value().workdir);
        else
            window.showOpenFailure(dir, paths.error().message);
    });
}

// The SLOs tab and the Prometheus entry of the status bar. The service reads the local store,
// and Prometheus when the settings name one (LiveSources).
void addSloPane(MainWindow &window, SloService &service)
{
    auto *pane = new SloPane(&service);
    window.addPane(pane, QStringLiteral("SLOs"));
    auto *prometheus = new SourceStateWidget;
    window.addStatusWidget(prometheus);
    QObject::connect(&service, &SloService::sourceStateChanged, prometheus,
                     &SourceStateWidget::setState);
    QObject::connect(&service, &SloService::snapshotChanged, prometheus,
                     [prometheus](const SloSnapshot &snapshot) {
                         prometheus->setState(snapshot.source);
                     });
    QObject::connect(&window, &MainWindow::customerSelected, pane, &SloPane::setCustomer);
}

// Seeds the store and the incident journal with the demo's 90 days of history (once, off the GUI
// thread), then hands the fleet to the SLO service and shows the journal's new incidents.
void seedDemoThenShow(const FleetSnapshot &fleet, SloService &slo, IncidentService &incidents)
{
    const QString store = TelemetryStore::defaultPath();
    // A watcher owned by the service, not .then(&slo): the app may quit before seeding ends, and
    // Qt 6.4 asserts on a continuation whose context is gone.
    auto *watcher = new QFutureWatcher<Result<void>>(&slo);
    QObject::connect(watcher, &QFutureWatcherBase::finished, &slo,
                     [&slo, &incidents, watcher, fleet] {
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

// Hands every loaded fleet to the SLO and incident services; the demo fleet's history is seeded
// first. Without an Alertmanager the Incidents tab shows that journal (LiveSources).
void followFleet(MainWindow &window, SloService &slo, IncidentService &incidents)
{
    QObject::connect(&window, &MainWindow::fleetLoaded, &slo,
                     [&slo, &incidents](const FleetSnapshot &fleet) {
                         incidents.setFleet(fleet);
                         const QString demoWorkdir =
                                 QDir::cleanPath(defaultDemoDirectory() + QStringLiteral("/work"));
                         if (QDir::cleanPath(fleet.repoPath) == demoWorkdir)
                             seedDemoThenShow(fleet, slo, incidents);
                         else
                             slo.setFleet(fleet);
                     });
}

// The Incidents tab and its status-bar entry (docs/incidents-gui.md). LiveSources points the
// service at the Alertmanager of the settings, or at the journal when there is none.
void addIncidentsPane(MainWindow &window, IncidentService &service)
{
    auto *pane = new IncidentsPane(&service);
    window.addPane(pane, QStringLiteral("Incidents"));
    window.addStatusWidget(pane->statusWidget());
    QObject::connect(&window, &MainWindow::customerSelected, pane,
                     &IncidentsPane::setCustomerFilter);
}

// File → Settings… (docs/settings.md). Applying hands the settings to LiveSources at once.
void addSettingsDialog(MainWindow &window, LiveSources &sources)
{
    auto *action = new QAction(QStringLiteral("&Settings…"), &window);
    action->setObjectName(QStringLiteral("settingsAction"));
    action->setMenuRole(QAction::PreferencesRole);
    QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Preferences);
    if (keys.isEmpty())
        keys = {QKeySequence(Qt::CTRL | Qt::Key_Comma)}; // where the platform names none
    action->setShortcuts(keys);
    QMenu *file = window.menu(QStringLiteral("&File"));
    const QList<QAction *> actions = file->actions();
    QAction *before = nullptr; // the separator above Quit
    for (qsizetype i = 0; i < actions.size(); ++i) {
        if (actions[i]->menuRole() == QAction::QuitRole)
            before = i > 0 && actions[i - 1]->isSeparator() ? actions[i - 1] : actions[i];
    }
    file->insertAction(before, action);
    QObject::connect(action, &QAction::triggered, &window, [&window, &sources] {
        auto *dialog = window.findChild<SettingsDialog *>();
        if (!dialog) {
            dialog = new SettingsDialog(&window);
            QObject::connect(dialog, &SettingsDialog::applied, &sources, &LiveSources::apply);
        }
        if (!dialog->isVisible()) {
            dialog->setValues(AppSettings::load());
            // The git token belongs to the open repo's remote; reading it is disk work.
            const QString repo = window.repositoryPath();
            if (!repo.isEmpty()) {
                auto *watcher = new QFutureWatcher<QString>(dialog);
                QObject::connect(watcher, &QFutureWatcherBase::finished, dialog, [dialog, watcher] {
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
    });
}

// The Changes tab and its menu (docs/changes-gui.md). The service and the draft store are
// created before the window so that they outlive its pane.
void addChangesPane(MainWindow &window, ChangeService &changes, DraftStore &drafts)
{
    auto *pane = new ChangesPane(&changes, &drafts);
    pane->setUserName(qEnvironmentVariable("USER"));
    window.addPane(pane, QStringLiteral("Changes"));
    window.menu(QStringLiteral("&Changes"))->addActions(pane->menuActions());
    QObject::connect(&window, &MainWindow::customerSelected, pane,
                     &ChangesPane::setSelectedCustomer);
    QObject::connect(&window, &MainWindow::fleetLoaded, pane, &ChangesPane::setFleet);
    // A commit or a push changes the repo: read it again so every pane shows where it stands.
    QObject::connect(pane, &ChangesPane::committed, &window,
                     [&window] { window.openRepository(window.repositoryPath()); });
    QObject::connect(&changes, &ChangeService::pushFinished, &window,
                     [&window] { window.openRepository(window.repositoryPath()); });
}

} // namespace

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Quarterdeck"));
    QApplication::setApplicationName(QStringLiteral("Quarterdeck"));
    QApplication::setApplicationDisplayName(QStringLiteral("Quarterdeck"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/quarterdeck.svg")));
    // Lets Wayland match the windows to the installed desktop entry.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.quarterdeck.Quarterdeck"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Quarterdeck: a console for managed Spinnaker fleets.\n"
                           "Without --demo or --repo it opens the last config repo, or the demo."));
    parser.addHelpOption();
    const QCommandLineOption demoOption(
            QStringLiteral("demo"),
            QStringLiteral("Open the demo fleet (created once under the app data folder)."));
    const QCommandLineOption repoOption(QStringLiteral("repo"),
                                        QStringLiteral("Open the config repo working clone <dir>."),
                                        QStringLiteral("dir"));
    const QCommandLineOption firstPaintOption(
            QStringLiteral("exit-after-first-paint"),
            QStringLiteral("For benchmarking: quit with code 0 as soon as the main window has been "
                           "painted once."));
    const QCommandLineOption afterLoadOption(
            QStringLiteral("exit-after-load"),
            QStringLiteral("For benchmarking: quit once the fleet has loaded and the tree has been "
                           "filled and painted (code 0, or 1 when the repo could not be opened)."));
    parser.addOptions({demoOption, repoOption, firstPaintOption, afterLoadOption});
    parser.process(app);

    FleetService service;
    SloService sloService(TelemetryStore::defaultPath()); // outlives the window's SLO pane
    ChangeService changeService; // outlive the window's Changes pane
    DraftStore drafts;
    AlertmanagerClient alertmanager;                  // outlive the window's Incidents pane
    IncidentService incidentService(&alertmanager);
    incidentService.setJournalPath(IncidentJournal::defaultPath());
    LiveSources liveSources(&sloService, &alertmanager, &incidentService);
    MainWindow window(&service);
    addSloPane(window, sloService);
    addIncidentsPane(window, incidentService);
    followFleet(window, sloService, incidentService);
    addChangesPane(window, changeService, drafts);
    addSettingsDialog(window, liveSources);
    liveSources.apply(AppSettings::load()); // the live sources of the settings, or none

    if (parser.isSet(firstPaintOption))
        quitAfterFirstPaint(&window);
    if (parser.isSet(afterLoadOption)) {
        QObject::connect(&window, &MainWindow::fleetShown, &app, [&window] {
            quitAfterFirstPaint(window.fleetPane()->treeView()->viewport());
        });
        QObject::connect(&window, &MainWindow::openFailed, &app, [] { QCoreApplication::exit(1); });
    }

    // The window appears before any disk or git work starts; the fleet fills it when loaded.
    // Loading starts once the window has been painted, so that its worker threads do not compete
    // with the first paint for the CPU.
    window.show();
    const QString repo = parser.isSet(repoOption) ? QDir::cleanPath(parser.value(repoOption))
                         : parser.isSet(demoOption) ? QString()
                                                    : MainWindow::lastRepositoryPath();
    new AfterFirstPaint(
            &window,
            [&window, repo] {
                if (repo.isEmpty())
                    openDemo(window);
                else
                    window.openRepository(repo);
            },
            &app);
    return QApplication::exec();
}

} // namespace qd
