// The support portal's CSV export into the incident journal (columns in docs/incidents.md).
#include "services/store/IncidentJournal.h"

#include "services/store/JournalRows.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>

namespace qd {

using namespace journal;

namespace {

struct Field
{
    QString text;
    int line = 1;
    int column = 1;
};
using Record = QList<Field>;

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. Positions are of the
// field's first character, counted from 1. Unquoted fields are taken as slices, not char by char.
QList<Record> parseCsv(const QString &text)
{
    QList<Record> records;
    Record record;
    int line = 1;
    int column = 1;
    const qsizetype n = text.size();
    const QChar *data = text.constData();
    qsizetype i = 0;
    const auto endRecord = [&] {
        if (!(record.size() == 1 && record.first().text.isEmpty()))
            records.append(record);
        record.clear();
    };
    while (i < n) {
        Field field{QString(), line, column};
        if (data[i] == QLatin1Char('"')) {
            ++i;
            ++column;
            while (i < n) {
                const QChar c = data[i];
                if (c == QLatin1Char('"')) {
                    if (i + 1 < n && data[i + 1] == QLatin1Char('"')) {
                        field.text += c;
                        i += 2;
                        column += 2;
                        continue;
                    }
                    ++i;
                    ++column;
                    break;
                }
                field.text += c;
                ++i;
                ++column;
                if (c == QLatin1Char('\n')) {
                    ++line;
                    column = 1;
                }
            }
        }
        // Unquoted text (or what follows a closing quote, kept leniently) up to the delimiter.
        qsizetype j = i;
        while (j < n && data[j] != QLatin1Char(',') && data[j] != QLatin1Char('\n')
               && data[j] != QLatin1Char('\r'))
            ++j;
        if (j > i)
            field.text += QStringView(data + i, j - i);
        column += int(j - i);
        i = j;
        record.append(field);
        if (i >= n)
            break;
        if (data[i] == QLatin1Char(',')) {
            ++i;
            ++column;
            if (i == n)
                record.append(Field{QString(), line, column});
            continue;
        }
        if (data[i] == QLatin1Char('\r'))
            ++i;
        if (i < n && data[i] == QLatin1Char('\n'))
            ++i;
        ++line;
        column = 1;
        endRecord();
    }
    if (!record.isEmpty())
        endRecord();
    return records;
}

// Reads `count` digits at `pos`; -1 when they are not all digits.
int digits(QStringView text, qsizetype pos, int count)
{
    if (pos + count > text.size())
        return -1;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[pos + i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// The common export shape, YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM], read by hand:
// QDateTime::fromString is the slowest step of a large import.
std::optional<qint64> parseIsoFast(QStringView t)
{
    const int y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2);
    if (y < 0 || mo < 0 || d < 0 || t.size() < 16 || t[4] != u'-' || t[7] != u'-'
        || (t[10] != u'T' && t[10] != u' ') || t[13] != u':')
        return std::nullopt;
    const int h = digits(t, 11, 2), mi = digits(t, 14, 2);
    if (h < 0 || mi < 0 || h > 23 || mi > 59 || !QDate::isValid(y, mo, d))
        return std::nullopt;
    qsizetype pos = 16;
    int sec = 0;
    int msec = 0;
    if (pos < t.size() && t[pos] == u':') {
        sec = digits(t, pos + 1, 2);
        if (sec < 0 || sec > 59)
            return std::nullopt;
        pos += 3;
        if (pos < t.size() && (t[pos] == u'.' || t[pos] == u',')) {
            ++pos;
            int scale = 100;
            const qsizetype first = pos;
            while (pos < t.size() && t[pos].isDigit()) {
                msec += (t[pos].unicode() - u'0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == first)
                return std::nullopt;
        }
    }
    int offsetSecs = 0;
    if (pos < t.size()) {
        if (t[pos] == u'Z' && pos + 1 == t.size()) {
            ++pos;
        } else if (t[pos] == u'+' || t[pos] == u'-') {
            const int sign = t[pos] == u'-' ? -1 : 1;
            const int oh = digits(t, pos + 1, 2);
            qsizetype next = pos + 3;
            if (next < t.size() && t[next] == u':')
                ++next;
            const int om = next < t.size() ? digits(t, next, 2) : 0;
            if (oh < 0 || om < 0 || oh > 23 || om > 59)
                return std::nullopt;
            pos = next < t.size() ? next + 2 : next;
            offsetSecs = sign * (oh * 3600 + om * 60);
        }
        if (pos != t.size())
            return std::nullopt;
    }
    const qint64 days = QDate(y, mo, d).toJulianDay() - 2440588;
    return days * 86400000 + (h * 3600 + mi * 60 + sec - offsetSecs) * qint64(1000) + msec;
}

// ISO-8601; without an offset the time is UTC (portals export UTC).
QDateTime parseIso(const QString &text)
{
    const QStringView trimmed = QStringView(text).trimmed();
    if (const auto msecs = parseIsoFast(trimmed))
        return QDateTime::fromMSecsSinceEpoch(*msecs, QTimeZone::utc());
    QDateTime t = QDateTime::fromString(trimmed.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        return {};
    if (t.timeSpec() == Qt::LocalTime)
        t = QDateTime(t.date(), t.time(), QTimeZone::utc());
    return t.toUTC();
}

QString naturalKey(const Incident &i)
{
    return i.customer + QChar(0x1f) + i.zone + QChar(0x1f) + i.title + QChar(0x1f)
           + QString::number(i.openedAt.toMSecsSinceEpoch());
}

void appendLiteral(QString &sql, const QString &text)
{
    sql += QLatin1Char('\'');
    for (const QChar c : text) {
        if (c == QLatin1Char('\''))
            sql += QLatin1Char('\'');
        if (!c.isNull()) // SQLite text literals end at NUL
            sql += c;
    }
    sql += QLatin1Char('\'');
}

void appendTime(QString &sql, const QDateTime &t)
{
    if (t.isValid())
        sql += QString::number(t.toMSecsSinceEpoch());
    else
        sql += QLatin1String("NULL");
}

// The columns an imported row has; the others stay NULL.
constexpr const char *kImportColumns = "id, source, customer, zone, priority, title, opened_at, "
                                       "acknowledged_at, resolved_at, response_due_at";

// One "(...)" of literals in the order of kImportColumns.
void appendValues(QString &sql, const Incident &i)
{
    sql += QLatin1Char('(');
    appendLiteral(sql, i.id);
    sql += QLatin1String(",'import',");
    appendLiteral(sql, i.customer);
    sql += QLatin1Char(',');
    appendLiteral(sql, i.zone);
    sql += QLatin1Char(',');
    appendLiteral(sql, priorityName(i.priority));
    sql += QLatin1Char(',');
    appendLiteral(sql, i.title);
    for (const QDateTime *t : {&i.openedAt, &i.acknowledgedAt, &i.resolvedAt, &i.responseDueAt}) {
        sql += QLatin1Char(',');
        appendTime(sql, *t);
    }
    sql += QLatin1Char(')');
}

struct Entry
{
    Incident incident;
    qint64 row = -1; // -1: new, to be inserted
    bool changed = false;
};

void mergeInto(Entry &entry, const Incident &row)
{
    Incident &i = entry.incident;
    const auto earliest = [](const QDateTime &a, const QDateTime &b) {
        return !a.isValid() ? b : (!b.isValid() ? a : std::min(a, b));
    };
    const auto latest = [](const QDateTime &a, const QDateTime &b) {
        return !a.isValid() ? b : (!b.isValid() ? a : std::max(a, b));
    };
    const Incident before = i;
    i.openedAt = earliest(i.openedAt, row.openedAt);
    i.acknowledgedAt = earliest(i.acknowledgedAt, row.acknowledgedAt);
    i.resolvedAt = latest(i.resolvedAt, row.resolvedAt);
    entry.changed = entry.changed || i.openedAt != before.openedAt
                    || i.acknowledgedAt != before.acknowledgedAt
                    || i.resolvedAt != before.resolvedAt;
}

} // namespace

Result<CsvImportReport> IncidentJournal::importCsv(const QString &filePath,
                                                   const FleetSnapshot &fleet)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: cannot read: %2").arg(filePath, file.errorString())};
    QString text = QString::fromUtf8(file.readAll());
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);
    const QString name = filePath;
    const QList<Record> records = parseCsv(text);
    if (records.isEmpty())
        return Error{QStringLiteral("%1:1:1: empty file, expected a header row").arg(name)};

    const char *const required[] = {"id", "customer", "zone", "priority", "title",
                                    "opened_at", "acknowledged_at", "resolved_at"};
    QHash<QString, int> columns;
    for (int c = 0; c < records.first().size(); ++c)
        columns.insert(records.first().at(c).text.trimmed().toLower(), c);
    for (const char *column : required) {
        if (!columns.contains(QLatin1String(column)))
            return Error{QStringLiteral("%1:1:1: the header has no column '%2'")
                                 .arg(name, QLatin1String(column))};
    }
    const int headerSize = int(records.first().size());
    const auto col = [&columns](const char *column) { return columns.value(QLatin1String(column)); };
    const int cId = col("id"), cCustomer = col("customer"), cZone = col("zone"),
              cPriority = col("priority"), cTitle = col("title"), cOpened = col("opened_at"),
              cAck = col("acknowledged_at"), cResolved = col("resolved_at");

    // Everything already in the journal, keyed both ways, so merging needs no query per row.
    QList<Entry> entries;
    QHash<QString, qsizetype> byId;
    QHash<QString, qsizetype> byNatural;
    entries.reserve(records.size());
    byId.reserve(records.size());
    byNatural.reserve(records.size());
    {
        QSqlQuery q(database());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT row, %1 FROM incidents").arg(QLatin1String(kColumns))))
            return Error{QStringLiteral("incident journal: %1").arg(q.lastError().text())};
        while (q.next()) {
            Entry e{incidentFrom(q, 1), q.value(0).toLongLong(), false};
            byId.insert(e.incident.id, entries.size());
            byNatural.insert(naturalKey(e.incident), entries.size());
            entries.append(e);
        }
    }

    CsvImportReport report;
    QHash<QString, BusinessClock> clocks;
    for (qsizetype r = 1; r < records.size(); ++r) {
        const Record &record = records.at(r);
        ++report.rows;
        const auto problem = [&](const Field &at, const QString &message) {
            report.problems.append(
                    Diagnostic{SourceLocation{name, at.line, at.column}, message});
        };
        if (record.size() != headerSize) {
            problem(record.first(), QStringLiteral("the row has %1 fields, the header %2")
                                            .arg(record.size())
                                            .arg(headerSize));
            continue;
        }
        Incident i;
        i.id = record[cId].text.trimmed();
        i.customer = record[cCustomer].text.trimmed();
        i.zone = record[cZone].text.trimmed().toLower();
        i.title = record[cTitle].text.trimmed();
        if (i.customer.isEmpty()) {
            problem(record[cCustomer], QStringLiteral("customer is empty"));
            continue;
        }
        if (i.zone != QLatin1String("red") && i.zone != QLatin1String("green")) {
            problem(record[cZone], QStringLiteral("zone '%1' is not red or green")
                                           .arg(record[cZone].text));
            continue;
        }
        const auto priority = priorityFromName(record[cPriority].text);
        if (!priority) {
            problem(record[cPriority], QStringLiteral("priority '%1' is not P0, P1 or P2")
                                               .arg(record[cPriority].text));
            continue;
        }
        i.priority = *priority;
        if (i.title.isEmpty()) {
            problem(record[cTitle], QStringLiteral("title is empty"));
            continue;
        }
        bool bad = false;
        const auto time = [&](int c, bool mandatory) {
            const QString t = record[c].text.trimmed();
            if (t.isEmpty()) {
                if (mandatory) {
                    problem(record[c], QStringLiteral("opened_at is empty"));
                    bad = true;
                }
                return QDateTime();
            }
            const QDateTime parsed = parseIso(t);
            if (!parsed.isValid()) {
                problem(record[c], QStringLiteral("'%1' is not an ISO-8601 time").arg(t));
                bad = true;
            }
            return parsed;
        };
        i.openedAt = time(cOpened, true);
        if (bad)
            continue;
        i.acknowledgedAt = time(cAck, false);
        if (bad)
            continue;
        i.resolvedAt = time(cResolved, false);
        if (bad)
            continue;
        if (i.acknowledgedAt.isValid() && i.acknowledgedAt < i.openedAt) {
            problem(record[cAck], QStringLiteral("acknowledged before it was opened"));
            continue;
        }
        if (i.resolvedAt.isValid() && i.resolvedAt < i.openedAt) {
            problem(record[cResolved], QStringLiteral("resolved before it was opened"));
            continue;
        }
        const QString natural = naturalKey(i);
        if (i.id.isEmpty()) {
            i.id = QStringLiteral("csv-")
                   + QString::fromLatin1(QCryptographicHash::hash(natural.toUtf8(),
                                                                  QCryptographicHash::Sha1)
                                                 .toHex()
                                                 .left(12));
        }
        i.state = i.resolvedAt.isValid()        ? IncidentState::Resolved
                  : i.acknowledgedAt.isValid() ? IncidentState::Acknowledged
                                               : IncidentState::Open;

        qsizetype match = byId.value(i.id, -1);
        if (match < 0)
            match = byNatural.value(natural, -1);
        if (match >= 0) {
            mergeInto(entries[match], i);
            ++report.merged;
            continue;
        }
        auto clock = clocks.find(i.customer);
        if (clock == clocks.end())
            clock = clocks.insert(i.customer, clockFor(i.customer, fleet));
        i.responseDueAt = clock->responseDue(i.openedAt, i.priority);
        byId.insert(i.id, entries.size());
        byNatural.insert(natural, entries.size());
        entries.append(Entry{i, -1, true});
        ++report.inserted;
    }

    QSqlDatabase db = database();
    if (!db.transaction())
        return Error{QStringLiteral("incident journal: %1").arg(db.lastError().text())};
    // New rows go in as multi-row INSERTs with quoted literals: binding 16 values a row through
    // QSqlQuery costs more than SQLite's own work at this size.
    QSqlQuery write(db);
    QString sql;
    int pendingRows = 0;
    const QString insertHead = QStringLiteral("INSERT INTO incidents (%1) VALUES ")
                                       .arg(QLatin1String(kImportColumns));
    const auto flush = [&]() -> bool {
        if (pendingRows == 0)
            return true;
        const bool ok = write.exec(sql);
        sql.clear();
        pendingRows = 0;
        return ok;
    };
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE incidents SET opened_at = ?, acknowledged_at = ?, "
                                  "resolved_at = ? WHERE row = ?"));
    for (const Entry &e : std::as_const(entries)) {
        if (!e.changed)
            continue;
        bool ok = true;
        if (e.row < 0) {
            sql += pendingRows == 0 ? insertHead : QStringLiteral(",");
            appendValues(sql, e.incident);
            if (++pendingRows == 500)
                ok = flush();
        } else {
            update.addBindValue(timeValue(e.incident.openedAt));
            update.addBindValue(timeValue(e.incident.acknowledgedAt));
            update.addBindValue(timeValue(e.incident.resolvedAt));
            update.addBindValue(e.row);
            ok = update.exec();
        }
        if (!ok) {
            const QString message = (e.row < 0 ? write : update).lastError().text();
            db.rollback();
            return Error{QStringLiteral("incident journal: cannot import %1: %2")
                                 .arg(e.incident.id, message)};
        }
    }
    if (!flush()) {
        const QString message = write.lastError().text();
        db.rollback();
        return Error{QStringLiteral("incident journal: cannot import: %1").arg(message)};
    }
    if (!db.commit())
        return Error{QStringLiteral("incident journal: %1").arg(db.lastError().text())};
    return report;
}

} // namespace qd
