#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QWidget;

namespace qd {

class ChangeService;
class ChangesPane;
class FleetService;
class IncidentService;
class IncidentsPane;
class MainWindow;
class SloPane;
class SloService;
class SourceStateWidget;
struct FleetSnapshot;

// Lets `service` answer the window's requests to read the config repo: a load or a refresh runs on
// the service's thread, and the fleet or the failure comes back to the window.
void connectFleetService(MainWindow *window, FleetService *service);

// Runs `action` once a paint of `target` (or of a widget inside it) has been processed. The action
// is queued, so it runs after the paint being delivered has reached the screen.
void runAfterFirstPaint(QWidget *target, std::function<void()> action, QObject *parent);

// The console as a user sees it: the main window with its tabs (Overview, SLOs, Incidents,
// Changes), their menus and status-bar entries, File > Settings…, and the services behind them.
//
// Constructing it builds only what the window's first paint shows: the window, the fleet pane,
// the Overview tab, the tab titles, the menus and the status bar. start() (the GUI calls it once
// the window has been painted) creates the other services — the SQLite journal and store, the
// network clients, the live sources of the settings, which may read the keychain — and the panes
// whose status-bar entry or menu actions must be there; the SLOs pane is built when its tab is
// first shown. Asking for a pane, choosing a tab or loading a fleet starts what it needs first.
class Workbench : public QObject
{
    Q_OBJECT
public:
    explicit Workbench(QObject *parent = nullptr);
    ~Workbench() override;

    MainWindow *window() const { return m_window.get(); }

    // Creates the services and the panes the menus and status bar need; does nothing the second
    // time. Blocks on no disk, network or keychain access: those run on the services' threads.
    void start();
    bool isStarted() const { return m_services != nullptr; }

    // Starts, then opens the config repo working clone at `path` on the fleet service's thread;
    // an empty path opens the demo fleet, written once under the app data folder (off the GUI
    // thread too).
    void open(const QString &path);

    // The panes, built (and the services started) on first use.
    SloPane *sloPane();
    IncidentsPane *incidentsPane();
    ChangesPane *changesPane();

    SloService *sloService();
    IncidentService *incidentService();
    ChangeService *changeService();

signals:
    // The services exist and the Incidents and Changes panes have been built.
    void started();

private:
    struct Services;

    void openDemo();
    void addSettingsAction();
    void showSettings();
    void onFleetLoaded(const FleetSnapshot &fleet);
    void seedDemoThenShow(const FleetSnapshot &fleet);
    QWidget *buildSloPane();
    QWidget *buildUpgradesPane();
    QWidget *buildIncidentsPane();
    QWidget *buildChangesPane();

    // Declared in this order so that the window (and its panes) goes before the services.
    std::unique_ptr<FleetService> m_fleet;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<MainWindow> m_window;
    SourceStateWidget *m_prometheusState = nullptr; // in the status bar
};

} // namespace qd
