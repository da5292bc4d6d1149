// The support portal's CSV export into the incident journal (columns in docs/incidents.md).
//
// Three steps, so that 100,000 rows take well under a second of CPU: the file is read as bytes
// and every row checked without touching the journal; then, in one write transaction, what the
// journal already holds is loaded once and the rows are merged in memory (hash lookups, no query
// per row); last the new rows go in through one prepared INSERT with bound values.
#include "services/store/IncidentJournal.h"

#include "services/store/CsvRecords.h"
#include "services/store/IsoTime.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <limits>
#include <memory>
#include <vector>

namespace qd {

namespace {

constexpr qint64 kNone = std::numeric_limits<qint64>::min(); // an unknown time

QVariant timeValue(qint64 msecs)
{
    return msecs == kNone ? QVariant(QMetaType::fromType<qint64>()) : QVariant(msecs);
}

bool equalsAsciiNoCase(QByteArrayView text, QByteArrayView word)
{
    return text.compare(word, Qt::CaseInsensitive) == 0;
}

// Where two rows are the same incident when their ids differ (or are empty).
struct NaturalKey
{
    QString customer;
    QString zone;
    QString title;
    qint64 opened = kNone;
    friend bool operator==(const NaturalKey &, const NaturalKey &) = default;
};

size_t qHash(const NaturalKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.customer, k.zone, k.title, k.opened);
}

// An id for a row without one, stable across imports (the text hashed must not change).
QString generatedId(const NaturalKey &k)
{
    const QString natural = k.customer + QChar(0x1f) + k.zone + QChar(0x1f) + k.title
                            + QChar(0x1f) + QString::number(k.opened);
    return QStringLiteral("csv-")
           + QString::fromLatin1(
                   QCryptographicHash::hash(natural.toUtf8(), QCryptographicHash::Sha1)
                           .toHex()
                           .left(12));
}

// One incident: a checked CSV row, or (row >= 0) one the journal already holds.
struct Entry
{
    QString id;
    NaturalKey key;
    Priority priority = Priority::P2;
    qint64 opened = kNone;
    qint64 acknowledged = kNone;
    qint64 resolved = kNone;
    qint64 row = -1; // the journal's row; -1: new, to be inserted
    bool changed = false;
    bool openedChanged = false;
};

// Merged incidents keep the earliest opened and acknowledged times and the latest resolved one.
void mergeInto(Entry &e, const Entry &row)
{
    const auto earliest = [](qint64 a, qint64 b) {
        return a == kNone ? b : b == kNone ? a : std::min(a, b);
    };
    const qint64 opened = earliest(e.opened, row.opened);
    const qint64 acknowledged = earliest(e.acknowledged, row.acknowledged);
    const qint64 resolved = std::max(e.resolved, row.resolved); // kNone is the smallest
    e.openedChanged = e.openedChanged || opened != e.opened;
    e.changed = e.changed || opened != e.opened || acknowledged != e.acknowledged
                || resolved != e.resolved;
    e.opened = opened;
    e.acknowledged = acknowledged;
    e.resolved = resolved;
}

struct Columns
{
    int id, customer, zone, priority, title, opened, acknowledged, resolved, count;
};

// Checks every data row; good ones come back in file order, bad ones go to report.problems.
std::vector<Entry> checkedRows(csv::Reader &reader, csv::Record &record,
                               const Columns &c, const QString &name, CsvImportReport &report)
{
    static const QString red = QStringLiteral("red");
    static const QString green = QStringLiteral("green");
    std::vector<Entry> rows;
    while (reader.next(record)) {
        ++report.rows;
        const auto problem = [&](const csv::Field &at, const QString &message) {
            report.problems.append(Diagnostic{
                    SourceLocation{name, at.line, reader.column(at)}, message});
        };
        if (int(record.size()) != c.count) {
            problem(record.front(), QStringLiteral("the row has %1 fields, the header %2")
                                            .arg(record.size())
                                            .arg(c.count));
            continue;
        }
        Entry e;
        e.id = reader.text(record[c.id]).trimmed();
        e.key.customer = reader.text(record[c.customer]).trimmed();
        e.key.title = reader.text(record[c.title]).trimmed();
        if (e.key.customer.isEmpty()) {
            problem(record[c.customer], QStringLiteral("customer is empty"));
            continue;
        }
        const csv::Field &zone = record[c.zone];
        const QByteArrayView zoneBytes = reader.raw(zone).trimmed();
        if (zone.plain && equalsAsciiNoCase(zoneBytes, "red")) {
            e.key.zone = red;
        } else if (zone.plain && equalsAsciiNoCase(zoneBytes, "green")) {
            e.key.zone = green;
        } else {
            const QString text = reader.text(zone).trimmed().toLower();
            if (text != red && text != green) {
                problem(zone, QStringLiteral("zone '%1' is not red or green")
                                      .arg(reader.text(zone)));
                continue;
            }
            e.key.zone = text == red ? red : green;
        }
        const csv::Field &priorityField = record[c.priority];
        const QByteArrayView p = reader.raw(priorityField).trimmed();
        if (priorityField.plain && p.size() == 2 && (p[0] == 'P' || p[0] == 'p')
            && p[1] >= '0' && p[1] <= '2') {
            e.priority = Priority(p[1] - '0');
        } else if (const auto named = priorityFromName(reader.text(priorityField))) {
            e.priority = *named;
        } else {
            problem(priorityField, QStringLiteral("priority '%1' is not P0, P1 or P2")
                                           .arg(reader.text(priorityField)));
            continue;
        }
        if (e.key.title.isEmpty()) {
            problem(record[c.title], QStringLiteral("title is empty"));
            continue;
        }
        bool bad = false;
        const auto time = [&](int column, bool mandatory) -> qint64 {
            const csv::Field &f = record[column];
            const QByteArrayView bytes = reader.raw(f).trimmed();
            if (f.plain && !bytes.isEmpty()) {
                if (const auto fast = csv::parseIsoFast(bytes))
                    return *fast;
            }
            const QString t = reader.text(f).trimmed();
            if (t.isEmpty()) {
                if (mandatory) {
                    problem(f, QStringLiteral("opened_at is empty"));
                    bad = true;
                }
                return kNone;
            }
            const auto slow = csv::parseIsoSlow(t);
            if (!slow) {
                problem(f, QStringLiteral("'%1' is not an ISO-8601 time").arg(t));
                bad = true;
            }
            return slow.value_or(kNone);
        };
        e.opened = time(c.opened, true);
        if (!bad)
            e.acknowledged = time(c.acknowledged, false);
        if (!bad)
            e.resolved = time(c.resolved, false);
        if (bad)
            continue;
        if (e.acknowledged != kNone && e.acknowledged < e.opened) {
            problem(record[c.acknowledged], QStringLiteral("acknowledged before it was opened"));
            continue;
        }
        if (e.resolved != kNone && e.resolved < e.opened) {
            problem(record[c.resolved], QStringLiteral("resolved before it was opened"));
            continue;
        }
        e.key.opened = e.opened;
        if (e.id.isEmpty())
            e.id = generatedId(e.key);
        e.changed = true;
        rows.push_back(std::move(e));
    }
    return rows;
}

// Response due times from the customers' calendars, for new incidents and those a merge opened
// earlier. They are a seventh of an import's work, so a thread of their own computes them while
// the journal is written, handing them over in chunks. Its own thread, not the global pool: a
// busy pool must not stall the import.
class DueTimes
{
public:
    DueTimes(const std::vector<Entry> &entries, const FleetSnapshot &fleet)
        : m_entries(entries), m_fleet(fleet), m_due(entries.size(), kNone)
    {
        m_thread.reset(QThread::create([this] { compute(); }));
        m_thread->start();
    }
    ~DueTimes()
    {
        m_stop.store(true);
        m_thread->wait();
    }
    DueTimes(const DueTimes &) = delete;
    DueTimes &operator=(const DueTimes &) = delete;

    // The due time of entries[i] (kNone when it needs none); waits until it is computed.
    qint64 at(size_t i)
    {
        if (i >= m_known) {
            QMutexLocker lock(&m_mutex);
            while (m_done <= i)
                m_progress.wait(&m_mutex);
            m_known = m_done;
        }
        return m_due[i];
    }

private:
    void compute()
    {
        constexpr size_t kChunk = 1024;
        QHash<QString, BusinessClock> clocks;
        const size_t n = m_entries.size();
        for (size_t i = 0; i < n && !m_stop.load(std::memory_order_relaxed); ++i) {
            const Entry &e = m_entries[i];
            if (e.row < 0 || e.openedChanged) {
                auto clock = clocks.find(e.key.customer);
                if (clock == clocks.end())
                    clock = clocks.insert(e.key.customer, clockFor(e.key.customer, m_fleet));
                const auto opened = QDateTime::fromMSecsSinceEpoch(e.opened, QTimeZone::utc());
                m_due[i] = clock->responseDue(opened, e.priority).toMSecsSinceEpoch();
            }
            if ((i + 1) % kChunk == 0 || i + 1 == n) {
                QMutexLocker lock(&m_mutex);
                m_done = i + 1;
                m_progress.wakeAll();
            }
        }
    }

    const std::vector<Entry> &m_entries;
    const FleetSnapshot &m_fleet;
    std::vector<qint64> m_due;
    size_t m_known = 0; // entries below it are computed (the reader's copy of m_done)
    size_t m_done = 0;  // guarded by m_mutex
    QMutex m_mutex;
    QWaitCondition m_progress;
    std::atomic<bool> m_stop = false;
    std::unique_ptr<QThread> m_thread;
};

Error journalError(const QString &what, const QSqlError &error)
{
    return Error{QStringLiteral("incident journal: %1: %2").arg(what, error.text())};
}

} // namespace

Result<CsvImportReport> IncidentJournal::importCsv(const QString &filePath,
                                                   const FleetSnapshot &fleet)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: cannot read: %2").arg(filePath, file.errorString())};
    const QByteArray bytes = file.readAll();
    file.close();
    const QString &name = filePath;
    csv::Reader reader(bytes);
    csv::Record record;
    record.reserve(16);
    if (!reader.next(record))
        return Error{QStringLiteral("%1:1:1: empty file, expected a header row").arg(name)};

    QHash<QString, int> header;
    for (int c = 0; c < int(record.size()); ++c)
        header.insert(reader.text(record[c]).trimmed().toLower(), c);
    for (const char *column : {"id", "customer", "zone", "priority", "title", "opened_at",
                               "acknowledged_at", "resolved_at"}) {
        if (!header.contains(QLatin1String(column)))
            return Error{QStringLiteral("%1:1:1: the header has no column '%2'")
                                 .arg(name, QLatin1String(column))};
    }
    const auto col = [&header](const char *column) { return header.value(QLatin1String(column)); };
    const Columns columns{col("id"),        col("customer"),        col("zone"),
                          col("priority"),  col("title"),           col("opened_at"),
                          col("acknowledged_at"), col("resolved_at"), int(record.size())};

    CsvImportReport report;
    std::vector<Entry> rows = checkedRows(reader, record, columns, name, report);

    // From here on one write transaction: IMMEDIATE, so that nobody writes between reading what
    // the journal holds and writing the merge. A failure (or a crash) leaves the journal as it was.
    QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return journalError(QStringLiteral("begin import"), q.lastError());
    const auto fail = [&q](const QString &what, const QSqlError &error) -> Error {
        const Error e = journalError(what, error);
        q.exec(QStringLiteral("ROLLBACK"));
        return e;
    };

    std::vector<Entry> entries;
    entries.reserve(rows.size());
    QHash<QString, qsizetype> byId;
    QHash<NaturalKey, qsizetype> byNatural;
    byId.reserve(qsizetype(rows.size()));
    byNatural.reserve(qsizetype(rows.size()));
    {
        QSqlQuery existing(db);
        existing.setForwardOnly(true);
        if (!existing.exec(QStringLiteral(
                    "SELECT row, id, customer, zone, title, priority, opened_at, acknowledged_at,"
                    " resolved_at FROM incidents ORDER BY row")))
            return fail(QStringLiteral("read incidents"), existing.lastError());
        while (existing.next()) {
            Entry e;
            e.row = existing.value(0).toLongLong();
            e.id = existing.value(1).toString();
            e.key = NaturalKey{existing.value(2).toString(), existing.value(3).toString(),
                               existing.value(4).toString(), existing.value(6).toLongLong()};
            e.priority = priorityFromName(existing.value(5).toString()).value_or(Priority::P2);
            e.opened = e.key.opened;
            e.acknowledged = existing.value(7).isNull() ? kNone : existing.value(7).toLongLong();
            e.resolved = existing.value(8).isNull() ? kNone : existing.value(8).toLongLong();
            byId.insert(e.id, qsizetype(entries.size()));
            byNatural.insert(e.key, qsizetype(entries.size()));
            entries.push_back(std::move(e));
        }
    }
    for (Entry &row : rows) {
        qsizetype match = byId.value(row.id, -1);
        if (match < 0)
            match = byNatural.value(row.key, -1);
        if (match >= 0) {
            mergeInto(entries[size_t(match)], row);
            ++report.merged;
            continue;
        }
        byId.insert(row.id, qsizetype(entries.size()));
        byNatural.insert(row.key, qsizetype(entries.size()));
        entries.push_back(std::move(row));
        ++report.inserted;
    }
    rows = {};

    DueTimes dueTimes(entries, fleet);
    // Named placeholders: Qt turns a positional index into a name on every bindValue(int).
    QSqlQuery insert(db);
    if (!insert.prepare(QStringLiteral(
                "INSERT INTO incidents (id, source, customer, zone, priority, title, opened_at,"
                " acknowledged_at, resolved_at, response_due_at) VALUES (:id, 'import',"
                " :customer, :zone, :priority, :title, :opened, :acknowledged, :resolved, :due)")))
        return fail(QStringLiteral("prepare insert"), insert.lastError());
    QSqlQuery update(db);
    if (!update.prepare(QStringLiteral(
                "UPDATE incidents SET opened_at = :opened, acknowledged_at = :acknowledged,"
                " resolved_at = :resolved, response_due_at = coalesce(:due, response_due_at)"
                " WHERE row = :row")))
        return fail(QStringLiteral("prepare update"), update.lastError());
    const QString id = QStringLiteral(":id"), customer = QStringLiteral(":customer"),
                  zone = QStringLiteral(":zone"), priority = QStringLiteral(":priority"),
                  title = QStringLiteral(":title"), opened = QStringLiteral(":opened"),
                  acknowledged = QStringLiteral(":acknowledged"),
                  resolved = QStringLiteral(":resolved"), dueAt = QStringLiteral(":due"),
                  row = QStringLiteral(":row");
    const QString priorities[] = {priorityName(Priority::P0), priorityName(Priority::P1),
                                  priorityName(Priority::P2)};
    for (size_t i = 0; i < entries.size(); ++i) {
        const Entry &e = entries[i];
        if (!e.changed)
            continue;
        if (e.row < 0) {
            insert.bindValue(id, e.id);
            insert.bindValue(customer, e.key.customer);
            insert.bindValue(zone, e.key.zone);
            insert.bindValue(priority, priorities[int(e.priority)]);
            insert.bindValue(title, e.key.title);
            insert.bindValue(opened, e.opened);
            insert.bindValue(acknowledged, timeValue(e.acknowledged));
            insert.bindValue(resolved, timeValue(e.resolved));
            insert.bindValue(dueAt, dueTimes.at(i));
            if (!insert.exec())
                return fail(QStringLiteral("cannot import %1").arg(e.id), insert.lastError());
        } else {
            update.bindValue(opened, e.opened);
            update.bindValue(acknowledged, timeValue(e.acknowledged));
            update.bindValue(resolved, timeValue(e.resolved));
            update.bindValue(dueAt, timeValue(dueTimes.at(i)));
            update.bindValue(row, e.row);
            if (!update.exec())
                return fail(QStringLiteral("cannot merge into %1").arg(e.id), update.lastError());
        }
    }
    insert.finish();
    update.finish();
    if (!q.exec(QStringLiteral("COMMIT")))
        return fail(QStringLiteral("commit import"), q.lastError());
    return report;
}

} // namespace qd
