#pragma once

#include "models/Incident.h"
#include "services/incidents/IncidentService.h"
#include "ui/IncidentStatusWidget.h"

#include <QDateTime>
#include <QPointer>
#include <QSet>
#include <QWidget>

#include <functional>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSystemTrayIcon;
class QTableView;
class QTimer;

namespace qd {

class IncidentFilterProxyModel;
class IncidentImportBar;
class IncidentTableModel;

// The Incidents tab: every incident with its priority, customer, zone, title, age, a live
// response countdown and state; a banner when a P0 has breached its 1-hour response; a
// notification (once per incident) when a P0 stays unacknowledged for 30 minutes; Acknowledge,
// which asks for a comment and creates a silence through IncidentService; Import CSV…, which
// imports a support portal's export into the journal through IncidentService and shows what
// it did (IncidentImportBar).
class IncidentsPane : public QWidget
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;
    // Asks the user for the acknowledgement's comment; nullopt when cancelled.
    using CommentPrompt = std::function<std::optional<QString>(QWidget *, const Incident &)>;

    static constexpr qint64 UnacknowledgedP0NotifySeconds = 30 * 60;

    // `service` may be null (nothing to acknowledge with); it is used, not owned.
    explicit IncidentsPane(IncidentService *service, QWidget *parent = nullptr);
    ~IncidentsPane() override;

    void setSnapshot(const IncidentSnapshot &snapshot);
    // Only this customer's incidents; empty shows the whole fleet.
    void setCustomerFilter(const QString &customerId);
    // Simulated time for tests; the default is the system clock in UTC.
    void setClock(Clock clock);
    void setCommentPrompt(CommentPrompt prompt);

    // For the main window's status bar; the pane keeps it up to date.
    IncidentStatusWidget *statusWidget() const { return m_statusWidget; }

    // Asks for a comment and acknowledges the selected incident.
    void acknowledgeSelected();
    // Asks for a CSV file and imports it (the Import CSV… action).
    void chooseAndImportCsv();
    // Imports `filePath` through the service, on the journal's thread; the result shows in the
    // import bar when the service reports it.
    void importCsv(const QString &filePath);
    QAction *importAction() const { return m_importAction; }
    IncidentImportBar *importBar() const { return m_importBar; }
    // What one timer tick does: moves the countdowns to the clock's now, updates the banner and
    // notifies about P0s unacknowledged for 30 minutes.
    void tick();

    // The user named in settings (incidents/user), else the OS user.
    static QString currentUser();

    QTableView *tableView() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    IncidentTableModel *model() const { return m_model; }
    IncidentFilterProxyModel *proxyModel() const { return m_proxy; }

signals:
    void acknowledgeRequested(const QString &incidentId, const QString &user,
                              const QString &comment);
    // A desktop (or, without a system tray, in-window) notification was shown.
    void notificationShown(const QString &title, const QString &message);

private:
    void createWidgets();
    void createImportAction();
    void updateBanner();
    void updateActions();
    void updateCounts();
    void notifyUnacknowledgedP0s();
    void showNotification(const QString &title, const QString &message);
    void showInWindowMessage(const QString &message);
    void selectIncident(const QString &id);
    std::optional<Incident> selectedIncident() const;

    QPointer<IncidentService> m_service;
    IncidentTableModel *m_model = nullptr;
    IncidentFilterProxyModel *m_proxy = nullptr;
    Clock m_clock;
    CommentPrompt m_commentPrompt;
    QTimer *m_timer = nullptr;
    QList<Incident> m_waitingP0s; // open, unanswered P0s of the snapshot
    QSet<QString> m_notified;     // P0s already notified about
    QString m_oldestBreachId;
    bool m_journalOnly = false; // no Alertmanager: the snapshot is the journal's history

    QWidget *m_banner = nullptr;
    QLabel *m_bannerLabel = nullptr;
    QWidget *m_messageBar = nullptr;
    QLabel *m_messageLabel = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_stateCombo = nullptr;
    QLabel *m_countLabel = nullptr;
    QPushButton *m_ackButton = nullptr;
    QAction *m_ackAction = nullptr;
    QAction *m_importAction = nullptr;
    QPushButton *m_importButton = nullptr;
    IncidentImportBar *m_importBar = nullptr;
    bool m_importing = false;
    QTableView *m_table = nullptr;
    QPointer<IncidentStatusWidget> m_statusWidget;
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace qd
