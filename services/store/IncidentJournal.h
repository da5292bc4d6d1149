#pragma once

#include "models/Diagnostic.h"
#include "models/Incident.h"
#include "models/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class QSqlDatabase;

namespace qd {

struct CsvImportReport
{
    int rows = 0;     // data rows read
    int inserted = 0; // new incidents
    int merged = 0;   // rows that matched an incident already in the journal (or earlier rows)
    Diagnostics problems; // bad rows, as file:line:col
};

// Every incident Quarterdeck has seen, with opened, acknowledged and resolved times, in SQLite
// (WAL, schema versioned) so history survives restarts and feeds the service level review.
// Blocking: use it from one thread only (the one that called open()); IncidentService runs it on
// its own worker thread.
class IncidentJournal
{
public:
    IncidentJournal();
    ~IncidentJournal();
    IncidentJournal(const IncidentJournal &) = delete;
    IncidentJournal &operator=(const IncidentJournal &) = delete;

    // The default file: AppLocalDataLocation/incidents.sqlite.
    static QString defaultPath();

    Result<void> open(const QString &path = defaultPath());
    bool isOpen() const;
    void close();
    int schemaVersion() const;

    // Records what Alertmanager reports now (none of them resolved), at `seenAt`:
    // new incidents are inserted, known ones updated (acknowledgement kept from the first one),
    // and every incident of source "alertmanager" that was open and is no longer in `current`
    // is marked resolved at `seenAt`, or at its last known endsAt when that lies between when
    // it was last seen and `seenAt`. Returns the incidents resolved by this call.
    Result<QList<Incident>> recordObservation(const QList<Incident> &current,
                                              const QDateTime &seenAt);

    // Inserts one incident as given, or replaces the row with the same id and opened time
    // (used by the demo seed and tests). upsertAll does many in one transaction.
    Result<void> upsert(const Incident &incident, const QString &source);
    Result<void> upsertAll(const QList<Incident> &incidents, const QString &source);
    // Rows that came from `source` ("alertmanager", "import", "demo").
    Result<int> count(const QString &source) const;

    // Incidents opened in [from, to) (both invalid = all), newest first.
    Result<QList<Incident>> incidents(const QDateTime &from = {}, const QDateTime &to = {}) const;
    Result<std::optional<Incident>> incident(const QString &id) const;

    // A support portal's CSV export: header row with the columns
    // id,customer,zone,priority,title,opened_at,acknowledged_at,resolved_at (any order, more
    // columns ignored); times ISO-8601 (with offset or Z; none = UTC), empty = unknown. A row
    // merges into an incident with the same id, or else the same (customer, zone, title,
    // opened_at). Bad rows are skipped and reported as file:line:col; good rows are imported
    // in one write transaction: when writing fails (or the process dies) the journal is left as
    // it was. Fails only when the file cannot be read, the header lacks a column or the journal
    // cannot be written. Due times come from the customer's calendar in `fleet` (the default
    // clock otherwise). Merged rows keep the earliest opened and acknowledged times and the
    // latest resolved time; a merge that opens an incident earlier moves its due time with it.
    // Blocking (100,000 rows: about a second): call it on the journal's thread, never the GUI's.
    Result<CsvImportReport> importCsv(const QString &filePath, const FleetSnapshot &fleet = {});

private:
    Result<void> migrate();
    QSqlDatabase database() const;
    QString m_connection;
    int m_schemaVersion = 0;
};

// 90 days of generated incidents for the demo fleet up to `now` (deterministic for a seed),
// some of them breached. Written into the journal by the demo setup.
QList<Incident> generateDemoIncidents(const FleetSnapshot &fleet, const QDateTime &now,
                                      quint32 seed = 5);

// Seeds the journal at `journalPath` with generateDemoIncidents, once: a journal that already
// holds demo incidents is left as it is. Blocking: call it off the GUI thread.
Result<void> seedDemoIncidents(const FleetSnapshot &fleet, const QString &journalPath,
                               const QDateTime &now);

} // namespace qd
