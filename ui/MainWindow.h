#pragma once

#include "models/Fleet.h"

#include <QHash>
#include <QMainWindow>
#include <QStringList>

#include <functional>

class QLabel;
class QMenu;
class QTabWidget;
class QSplitter;

namespace qd {

class FleetPane;
class FleetTreeModel;
class ZonePane;

// The console's window: the fleet pane beside the selected customer's zones, a status bar with
// where the config repo stands. It shows at once and knows no service: it asks for a read of the
// config repo with loadRequested or refreshRequested, and whoever composes the console (app/)
// answers with showFleet or showOpenFailure. So the window needs Qt Widgets and models/ only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows the config repo at path as loading and asks for it to be read (loadRequested).
    void openRepository(const QString &path);
    // Asks for the open repo to be read again after a commit or a push (refreshRequested).
    void refreshRepository();
    // The answers to those requests: a read fleet, or why the repo could not be read.
    void showFleet(const FleetSnapshot &snapshot);
    // Shows the loading indicator for work done before a repo can be opened (the demo fleet).
    void showPreparing(const QString &message);
    void showOpenFailure(const QString &path, const QString &message);

    // Feature panes (SLOs, Incidents, Changes) join the customer tabs and the status bar here;
    // they follow the selection through customerSelected and the fleet through fleetLoaded.
    void addPane(QWidget *pane, const QString &title);
    // A tab whose pane is built by `create` when the tab is first shown or pane(title) is first
    // asked for, so that the window's first paint does not wait for panes nobody sees yet.
    using PaneFactory = std::function<QWidget *()>;
    void addPane(const QString &title, PaneFactory create);
    // The pane of the tab `title`, built now if it was not yet; nullptr when there is no such tab.
    QWidget *pane(const QString &title);
    bool isPaneBuilt(const QString &title) const;
    void showTab(const QString &title);
    QStringList tabTitles() const;
    void addStatusWidget(QWidget *widget);
    QMenu *menu(const QString &title);
    const FleetSnapshot &fleet() const { return m_snapshot; }

    QString repositoryPath() const { return m_repoPath; }
    FleetPane *fleetPane() const { return m_fleetPane; }
    ZonePane *zonePane() const { return m_zonePane; }

    static QString lastRepositoryPath();
    static QString windowTitleFor(const RepoStatus &status);
    static QString aheadBehindText(const RepoStatus &status); // "2 ahead 0 behind", "no upstream"

signals:
    // Read every zone of the repo at path afresh (opening it, File > Reload).
    void loadRequested(const QString &path);
    // Read again only what changed since the last read of the repo at path.
    void refreshRequested(const QString &path);
    // The panes show a freshly loaded fleet (queued paint still to come).
    void fleetShown();
    void fleetLoaded(const qd::FleetSnapshot &snapshot);
    // The customer selected in the fleet pane; empty when none is (the whole fleet).
    void customerSelected(const QString &customerId);
    void openFailed(const QString &path, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createMenus();
    void createStatusBar();
    void restoreSettings();
    void saveSettings() const;
    void setLoading(const QString &message);
    void chooseRepository();
    void showAbout();
    int tabIndex(const QString &title) const;
    void buildPane(int index);

    FleetTreeModel *m_model = nullptr;
    FleetPane *m_fleetPane = nullptr;
    ZonePane *m_zonePane = nullptr;
    QSplitter *m_splitter = nullptr;
    bool m_splitterPlaced = false; // restored from the settings, or given its default once
    QTabWidget *m_tabs = nullptr;
    QHash<QWidget *, PaneFactory> m_pendingPanes; // tab page -> what builds its pane
    FleetSnapshot m_snapshot;
    QString m_repoPath;

    QLabel *m_pathLabel = nullptr;
    QLabel *m_branchLabel = nullptr;
    QLabel *m_headLabel = nullptr;
    QLabel *m_aheadBehindLabel = nullptr;
    QLabel *m_loadingLabel = nullptr;
    QLabel *m_problemsLabel = nullptr;
};

} // namespace qd
