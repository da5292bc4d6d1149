#include "services/store/IncidentJournal.h"

#include "services/Logging.h"
#include "services/store/JournalRows.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QStandardPaths>
#include <QThread>
#include <QUuid>

namespace qd {

using namespace journal;

namespace {

constexpr int kSchemaVersion = 1;

Error sqlError(const QString &what, const QSqlError &error)
{
    return Error{QStringLiteral("incident journal: %1: %2").arg(what, error.text())};
}

Result<void> exec(QSqlQuery &q, const QString &sql)
{
    if (!q.exec(sql))
        return sqlError(sql.left(60), q.lastError());
    return {};
}

} // namespace

IncidentJournal::IncidentJournal()
    : m_connection(QStringLiteral("qd-journal-")
                   + QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

IncidentJournal::~IncidentJournal()
{
    close();
}

QString IncidentJournal::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
           + QStringLiteral("/incidents.sqlite");
}

QSqlDatabase IncidentJournal::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool IncidentJournal::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && database().isOpen();
}

int IncidentJournal::schemaVersion() const
{
    return m_schemaVersion;
}

void IncidentJournal::close()
{
    if (!QSqlDatabase::contains(m_connection))
        return;
    {
        QSqlDatabase db = database();
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

Result<void> IncidentJournal::open(const QString &path)
{
    close();
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error{QStringLiteral("incident journal: cannot create the folder of %1").arg(path)};
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return sqlError(QStringLiteral("cannot open %1").arg(path), db.lastError());
    QSqlQuery q(db);
    // WAL: readers (the review, the CLI) never wait for the poller's writes.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                               "PRAGMA foreign_keys=ON"}) {
        if (auto r = exec(q, QString::fromLatin1(pragma)); !r)
            return r;
    }
    return migrate();
}

Result<void> IncidentJournal::migrate()
{
    QSqlDatabase db = database();
    QSqlQuery q(db);
    if (auto r = exec(q, QStringLiteral("PRAGMA user_version")); !r)
        return r;
    const int version = q.next() ? q.value(0).toInt() : 0;
    if (version > kSchemaVersion)
        return Error{QStringLiteral("incident journal %1 has schema version %2; this Quarterdeck "
                                    "knows up to %3: update Quarterdeck")
                             .arg(db.databaseName())
                             .arg(version)
                             .arg(kSchemaVersion)};
    if (version < 1) {
        db.transaction();
        // Times are milliseconds since the epoch, UTC; NULL = unknown. `id` repeats when the
        // same alert group fires again later: a row is one occurrence.
        const char *const statements[] = {
                "CREATE TABLE IF NOT EXISTS incidents ("
                " row INTEGER PRIMARY KEY,"
                " id TEXT NOT NULL, source TEXT NOT NULL, customer TEXT NOT NULL,"
                " zone TEXT NOT NULL, alertname TEXT, priority TEXT NOT NULL,"
                " title TEXT NOT NULL, opened_at INTEGER NOT NULL, acknowledged_at INTEGER,"
                " acknowledged_by TEXT, acknowledge_comment TEXT, resolved_at INTEGER,"
                " response_due_at INTEGER, last_seen_at INTEGER, last_ends_at INTEGER,"
                " silence_id TEXT)",
                "CREATE INDEX IF NOT EXISTS incidents_id ON incidents(id)",
                "CREATE INDEX IF NOT EXISTS incidents_opened ON incidents(opened_at)",
                "PRAGMA user_version = 1",
        };
        for (const char *sql : statements) {
            if (auto r = exec(q, QString::fromLatin1(sql)); !r) {
                db.rollback();
                return r;
            }
        }
        if (!db.commit())
            return sqlError(QStringLiteral("commit schema"), db.lastError());
    }
    m_schemaVersion = kSchemaVersion;
    return {};
}

Result<void> IncidentJournal::upsert(const Incident &incident, const QString &source)
{
    QSqlQuery find(database());
    find.prepare(QStringLiteral("SELECT row FROM incidents WHERE id = ? AND opened_at = ?"));
    find.addBindValue(incident.id);
    find.addBindValue(timeValue(incident.openedAt));
    if (!find.exec())
        return sqlError(QStringLiteral("find incident"), find.lastError());
    QSqlQuery q(database());
    if (find.next()) {
        q.prepare(QStringLiteral("UPDATE incidents SET (%1) = (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                                 " WHERE row = ?")
                          .arg(QLatin1String(kColumns)));
        bindIncident(q, incident, source, {});
        q.addBindValue(find.value(0));
    } else {
        q.prepare(QStringLiteral("INSERT INTO incidents (%1) VALUES "
                                 "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                          .arg(QLatin1String(kColumns)));
        bindIncident(q, incident, source, {});
    }
    if (!q.exec())
        return sqlError(QStringLiteral("store incident %1").arg(incident.id), q.lastError());
    return {};
}

Result<void> IncidentJournal::upsertAll(const QList<Incident> &incidents, const QString &source)
{
    QSqlDatabase db = database();
    if (!db.transaction())
        return sqlError(QStringLiteral("begin"), db.lastError());
    for (const Incident &incident : incidents) {
        if (auto r = upsert(incident, source); !r) {
            db.rollback();
            return r;
        }
    }
    if (!db.commit())
        return sqlError(QStringLiteral("commit"), db.lastError());
    return {};
}

Result<int> IncidentJournal::count(const QString &source) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT count(*) FROM incidents WHERE source = ?"));
    q.addBindValue(source);
    if (!q.exec() || !q.next())
        return sqlError(QStringLiteral("count incidents"), q.lastError());
    return q.value(0).toInt();
}

Result<void> seedDemoIncidents(const FleetSnapshot &fleet, const QString &journalPath,
                               const QDateTime &now)
{
    IncidentJournal journal;
    if (auto opened = journal.open(journalPath); !opened)
        return opened;
    const auto existing = journal.count(QStringLiteral("demo"));
    if (!existing)
        return existing.error();
    if (existing.value() > 0)
        return {};
    return journal.upsertAll(generateDemoIncidents(fleet, now), QStringLiteral("demo"));
}

Result<QList<Incident>> IncidentJournal::recordObservation(const QList<Incident> &current,
                                                          const QDateTime &seenAt)
{
    QSqlDatabase db = database();
    if (!db.transaction())
        return sqlError(QStringLiteral("begin"), db.lastError());
    const auto fail = [&db](const QString &what, const QSqlError &error) -> Error {
        db.rollback();
        return sqlError(what, error);
    };
    const QString source = QStringLiteral("alertmanager");
    QSqlQuery findOpen(db);
    findOpen.prepare(QStringLiteral("SELECT row, acknowledged_at FROM incidents WHERE id = ? "
                                    "AND source = 'alertmanager' AND (resolved_at IS NULL "
                                    "OR opened_at = ?) ORDER BY opened_at DESC LIMIT 1"));
    QSqlQuery update(db);
    update.prepare(QStringLiteral(
            "UPDATE incidents SET priority = ?, title = ?, opened_at = min(opened_at, ?),"
            " acknowledged_at = coalesce(acknowledged_at, ?),"
            " acknowledged_by = CASE WHEN acknowledged_at IS NULL THEN ? ELSE acknowledged_by END,"
            " acknowledge_comment = CASE WHEN acknowledged_at IS NULL THEN ?"
            "   ELSE acknowledge_comment END,"
            " silence_id = CASE WHEN acknowledged_at IS NULL THEN ? ELSE silence_id END,"
            " response_due_at = ?, last_seen_at = ?, last_ends_at = ?, resolved_at = NULL"
            " WHERE row = ?"));
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO incidents (%1) VALUES "
                                  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                           .arg(QLatin1String(kColumns)));
    QSet<QString> seen;
    for (const Incident &i : current) {
        seen.insert(i.id);
        findOpen.addBindValue(i.id);
        findOpen.addBindValue(timeValue(i.openedAt));
        if (!findOpen.exec())
            return fail(QStringLiteral("find %1").arg(i.id), findOpen.lastError());
        if (findOpen.next()) {
            const QVariant row = findOpen.value(0);
            findOpen.finish();
            for (const QVariant &v :
                 {QVariant(priorityName(i.priority)), QVariant(i.title), timeValue(i.openedAt),
                  timeValue(i.acknowledgedAt), QVariant(i.acknowledgedBy),
                  QVariant(i.acknowledgeComment), QVariant(i.silenceId),
                  timeValue(i.responseDueAt), timeValue(seenAt), timeValue(i.lastEndsAt), row})
                update.addBindValue(v);
            if (!update.exec())
                return fail(QStringLiteral("update %1").arg(i.id), update.lastError());
        } else {
            findOpen.finish();
            Incident fresh = i;
            fresh.resolvedAt = {};
            bindIncident(insert, fresh, source, seenAt);
            if (!insert.exec())
                return fail(QStringLiteral("insert %1").arg(i.id), insert.lastError());
        }
    }

    // Alertmanager forgets resolved alerts: what was open and is gone now has resolved.
    QSqlQuery open(db);
    if (!open.exec(QStringLiteral("SELECT row, %1 FROM incidents WHERE source = 'alertmanager'"
                                  " AND resolved_at IS NULL")
                           .arg(QLatin1String(kColumns))))
        return fail(QStringLiteral("list open incidents"), open.lastError());
    QList<Incident> resolved;
    QList<qint64> rows;
    QList<QDateTime> lastSeen;
    while (open.next()) {
        Incident i = incidentFrom(open, 1);
        if (seen.contains(i.id))
            continue;
        rows.append(open.value(0).toLongLong());
        lastSeen.append(timeFrom(open.value(14)));
        resolved.append(i);
    }
    QSqlQuery resolve(db);
    resolve.prepare(QStringLiteral("UPDATE incidents SET resolved_at = ? WHERE row = ?"));
    for (qsizetype n = 0; n < resolved.size(); ++n) {
        Incident &i = resolved[n];
        // An alert posted with its endsAt ended then, if that lies after we last saw it firing;
        // otherwise the best we know is "gone by now".
        const bool endsKnown = i.lastEndsAt.isValid() && i.lastEndsAt <= seenAt
                               && (!lastSeen[n].isValid() || i.lastEndsAt >= lastSeen[n]);
        i.resolvedAt = endsKnown ? i.lastEndsAt : seenAt.toUTC();
        i.state = IncidentState::Resolved;
        resolve.addBindValue(timeValue(i.resolvedAt));
        resolve.addBindValue(rows[n]);
        if (!resolve.exec())
            return fail(QStringLiteral("resolve %1").arg(i.id), resolve.lastError());
    }
    if (!db.commit())
        return fail(QStringLiteral("commit"), db.lastError());
    return resolved;
}

Result<QList<Incident>> IncidentJournal::incidents(const QDateTime &from, const QDateTime &to) const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT %1 FROM incidents").arg(QLatin1String(kColumns));
    if (from.isValid() || to.isValid())
        sql += QStringLiteral(" WHERE opened_at >= ? AND opened_at < ?");
    sql += QStringLiteral(" ORDER BY opened_at DESC, row DESC");
    q.prepare(sql);
    if (from.isValid() || to.isValid()) {
        q.addBindValue(from.isValid() ? from.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min());
        q.addBindValue(to.isValid() ? to.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max());
    }
    if (!q.exec())
        return sqlError(QStringLiteral("list incidents"), q.lastError());
    QList<Incident> result;
    while (q.next())
        result.append(incidentFrom(q));
    return result;
}

Result<std::optional<Incident>> IncidentJournal::incident(const QString &id) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM incidents WHERE id = ? ORDER BY opened_at DESC "
                             "LIMIT 1")
                      .arg(QLatin1String(kColumns)));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(QStringLiteral("find incident %1").arg(id), q.lastError());
    if (!q.next())
        return std::optional<Incident>();
    return std::optional<Incident>(incidentFrom(q));
}

} // namespace qd
