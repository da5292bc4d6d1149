#pragma once

#include "models/Diagnostic.h"
#include "models/Fleet.h"
#include "models/Incident.h"
#include "models/SourceState.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <memory>

class QTimer;
class QThreadPool;

namespace qd {

class AlertmanagerClient;
class IncidentJournal;

// Whether the incidents shown are live: qd::SourceState (models/SourceState.h), shared with
// the other live sources so that one status-bar widget shows them all.

struct IncidentSnapshot
{
    QList<Incident> incidents; // live ones first, then resolved ones seen in this session
    SourceState source;
    QDateTime takenAt; // UTC
};

// What IncidentService::importCsv() did with a support portal's CSV export (docs/incidents.md).
struct IncidentImportSummary
{
    QString filePath;
    int rows = 0;     // data rows read
    int imported = 0; // new incidents in the journal
    int merged = 0;   // rows merged into an incident the journal held (or an earlier row)
    int skipped = 0;  // bad rows, each reported in problems
    Diagnostics problems; // file:line:col: message, in file order
};

// Incidents from Alertmanager for the GUI and the CLI: polls alerts and silences, groups them
// into incidents with response-SLA clocks, journals them, and acknowledges by creating a silence.
// Lives on the GUI thread; network replies and JSON parsing do not block it, and the journal
// runs on a worker thread of its own. While Alertmanager cannot be reached the last snapshot
// stays, marked stale with the reason; the next successful poll recovers it.
class IncidentService : public QObject
{
    Q_OBJECT
public:
    // `client` is used, not owned. Without a journal path nothing is journaled.
    explicit IncidentService(AlertmanagerClient *client, QObject *parent = nullptr);
    ~IncidentService() override;

    // Opens (creating) the journal at `path` on the worker thread; empty = no journal.
    void setJournalPath(const QString &path);
    void setFleet(const FleetSnapshot &fleet);
    void setRules(const IncidentRules &rules);
    void setPollInterval(std::chrono::milliseconds interval);
    // How long an acknowledging silence lasts (default 24 h).
    void setSilenceDuration(std::chrono::seconds duration);

    // Polls now and then every interval. Started on another base URL than the last poll's, or
    // after showJournal(), it begins a fresh session: nothing of the previous source is kept.
    void start();
    void stop();
    void refresh(); // polls now
    // For when no Alertmanager is configured: stops polling and shows every incident of the
    // journal (read on its thread), marked Offline ("journal only"). Call it again to re-read.
    void showJournal();
    bool showingJournal() const { return m_showingJournal; }

    IncidentSnapshot snapshot() const { return m_snapshot; }

    // Creates a silence for the incident's alerts (createdBy = user, the comment). The incident
    // shows as acknowledged at once (ackSync Pending); then acknowledgeConfirmed, or
    // acknowledgeFailed with the incident rolled back.
    void acknowledge(const QString &incidentId, const QString &user, const QString &comment);

    // Imports a support portal's CSV export into the journal, on the journal's thread (due
    // times from the fleet's calendars). Then importFinished, with the rows it refused (the
    // good ones are imported all the same), or importFailed when nothing was imported: the
    // file cannot be read, its header lacks a column, there is no journal or it cannot be
    // written. Afterwards the snapshot is published again (read anew when showing the journal).
    void importCsv(const QString &filePath);

signals:
    void snapshotChanged(const qd::IncidentSnapshot &snapshot);
    void sourceStateChanged(const qd::SourceState &state);
    void acknowledgeConfirmed(const QString &incidentId, const QString &silenceId);
    void acknowledgeFailed(const QString &incidentId, const QString &message);
    // Each poll that finished (ok or not); for tests and the CLI.
    void pollFinished();
    void importFinished(const qd::IncidentImportSummary &summary);
    void importFailed(const QString &filePath, const QString &message);

private:
    void poll();
    void onPolled(const QList<Alert> &alerts, const QList<Silence> &silences);
    void onPollFailed(const QString &reason);
    void publish();
    void resetSession();
    void journal(const QList<Incident> &current, const QDateTime &seenAt);
    void readJournal();

    AlertmanagerClient *m_client;
    FleetSnapshot m_fleet;
    IncidentRules m_rules;
    IncidentSnapshot m_snapshot;
    QList<Incident> m_resolvedThisSession;
    QList<Alert> m_lastAlerts;
    QHash<QString, QDateTime> m_lastSeen; // live incident id -> when a poll last saw it
    QHash<QString, Incident> m_pendingAcks; // id -> the acknowledged copy until confirmed
    QTimer *m_timer = nullptr;
    std::chrono::seconds m_silenceDuration{24 * 3600};
    bool m_polling = false;
    quint64 m_pollGeneration = 0;
    quint64 m_journalGeneration = 0;
    bool m_showingJournal = false;
    QUrl m_polledUrl; // the base URL of this session's polls
    QString m_journalPath;
    // The journal lives on a single-thread pool whose thread never expires (SQLite connections
    // belong to one thread).
    std::unique_ptr<QThreadPool> m_journalThread;
    std::shared_ptr<IncidentJournal> m_journal;
};

} // namespace qd

Q_DECLARE_METATYPE(qd::IncidentSnapshot)
Q_DECLARE_METATYPE(qd::IncidentImportSummary)
