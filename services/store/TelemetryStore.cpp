#include "services/store/TelemetryStore.h"

#include "services/Logging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimeZone>
#include <QVariant>

#include <cstring>

namespace qd {

namespace {

constexpr qint64 kDay = 86400;
constexpr qint64 kMinutesPerDay = 1440;

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("quarterdeck-telemetry-%1").arg(counter.fetchAndAddRelaxed(1));
}

Error sqlError(const QString &what, const QSqlError &error)
{
    return Error{QStringLiteral("telemetry store: %1: %2").arg(what, error.text())};
}

// Schema migrations, in order: entry i takes user_version i to i + 1.
const char *const kMigrations[] = {
        // 1: one row per cluster and UTC day, 1,440 float32 SLI samples (NaN = no data).
        "CREATE TABLE sli_day (cluster TEXT NOT NULL, day INTEGER NOT NULL, samples BLOB NOT NULL,"
        " PRIMARY KEY (cluster, day)) WITHOUT ROWID;"
        "CREATE TABLE source_state (source TEXT PRIMARY KEY, last_success INTEGER,"
        " stale_since INTEGER, reason TEXT);",
        // 2: every completed post-upgrade verification, its checks as JSON
        // ([{"id", "passed", "evidence"}]).
        "CREATE TABLE verification (id INTEGER PRIMARY KEY, customer TEXT NOT NULL,"
        " zone TEXT NOT NULL, version TEXT NOT NULL, verdict TEXT NOT NULL,"
        " at INTEGER NOT NULL, checks TEXT NOT NULL);"
        "CREATE INDEX verification_customer ON verification (customer, at);",
};

std::vector<float> decodeDay(const QByteArray &blob)
{
    std::vector<float> day(kMinutesPerDay, slo::SampleSeries::noData());
    if (blob.size() == qsizetype(kMinutesPerDay * sizeof(float)))
        std::memcpy(day.data(), blob.constData(), size_t(blob.size()));
    return day;
}

QByteArray encodeDay(const std::vector<float> &day)
{
    return QByteArray(reinterpret_cast<const char *>(day.data()),
                      qsizetype(day.size() * sizeof(float)));
}

qint64 dayOf(qint64 t)
{
    return t >= 0 ? t / kDay * kDay : ((t - kDay + 1) / kDay) * kDay;
}

} // namespace

TelemetryStore::TelemetryStore() = default;

TelemetryStore::~TelemetryStore()
{
    if (m_connection.isEmpty())
        return;
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

TelemetryStore::TelemetryStore(TelemetryStore &&other) noexcept
    : m_connection(std::exchange(other.m_connection, QString()))
{
}

QString TelemetryStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
            + QStringLiteral("/telemetry.sqlite");
}

Result<TelemetryStore> TelemetryStore::open(const QString &path)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error{QStringLiteral("telemetry store: cannot create the folder of %1").arg(path)};
    TelemetryStore store;
    store.m_connection = nextConnectionName();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), store.m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return sqlError(QStringLiteral("cannot open %1").arg(path), db.lastError());
    QSqlQuery q(db);
    // WAL: the GUI's reader never waits for a writer fetching in the background.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next())
        return sqlError(QStringLiteral("cannot switch %1 to WAL").arg(path), q.lastError());
    q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    if (auto migrated = store.migrate(); !migrated.ok())
        return migrated.error();
    return store;
}

Result<void> TelemetryStore::migrate()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const int target = int(std::size(kMigrations));
    const int current = schemaVersion();
    if (current > target)
        return Error{QStringLiteral("telemetry store: %1 has schema version %2, newer than this "
                                    "Quarterdeck knows (%3)")
                             .arg(db.databaseName())
                             .arg(current)
                             .arg(target)};
    for (int version = current; version < target; ++version) {
        if (!db.transaction())
            return sqlError(QStringLiteral("migration"), db.lastError());
        QSqlQuery q(db);
        const QStringList statements = QString::fromLatin1(kMigrations[version])
                                               .split(QLatin1Char(';'), Qt::SkipEmptyParts);
        for (const QString &statement : statements) {
            if (!q.exec(statement)) {
                const Error e = sqlError(QStringLiteral("migration to %1").arg(version + 1),
                                         q.lastError());
                db.rollback();
                return e;
            }
        }
        q.exec(QStringLiteral("PRAGMA user_version=%1").arg(version + 1));
        if (!db.commit())
            return sqlError(QStringLiteral("migration"), db.lastError());
        qCInfo(lcTelemetry) << "telemetry store migrated to schema" << version + 1;
    }
    return {};
}

int TelemetryStore::schemaVersion() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

QString TelemetryStore::journalMode() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next())
        return q.value(0).toString();
    return {};
}

Result<void> TelemetryStore::beginTransaction()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return sqlError(QStringLiteral("begin"), db.lastError());
    return {};
}

Result<void> TelemetryStore::commit()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.commit())
        return sqlError(QStringLiteral("commit"), db.lastError());
    return {};
}

Result<void> TelemetryStore::writeSamples(const QString &cluster, const slo::SampleSeries &series)
{
    if (series.step != slo::kStepSeconds || series.start % slo::kStepSeconds != 0)
        return Error{QStringLiteral("telemetry store: samples must be on the minute grid")};
    if (series.isEmpty())
        return {};
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery read(db);
    read.prepare(QStringLiteral("SELECT samples FROM sli_day WHERE cluster = ? AND day = ?"));
    QSqlQuery write(db);
    write.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO sli_day (cluster, day, samples) VALUES (?, ?, ?)"));
    const qint64 last = series.end() - series.step;
    for (qint64 day = dayOf(series.start); day <= last; day += kDay) {
        const qint64 from = std::max(day, series.start);
        const qint64 to = std::min(day + kDay, series.end());
        std::vector<float> minutes;
        if (from == day && to == day + kDay) {
            minutes.assign(kMinutesPerDay, slo::SampleSeries::noData());
        } else {
            // A partial day keeps the minutes the series does not cover.
            read.addBindValue(cluster);
            read.addBindValue(day);
            if (!read.exec())
                return sqlError(QStringLiteral("read"), read.lastError());
            minutes = read.next() ? decodeDay(read.value(0).toByteArray())
                                  : decodeDay(QByteArray());
            read.finish();
        }
        const size_t src = size_t((from - series.start) / series.step);
        const size_t dst = size_t((from - day) / series.step);
        const size_t n = size_t((to - from) / series.step);
        std::copy_n(series.values.begin() + qsizetype(src), n, minutes.begin() + qsizetype(dst));
        write.addBindValue(cluster);
        write.addBindValue(day);
        write.addBindValue(encodeDay(minutes));
        if (!write.exec())
            return sqlError(QStringLiteral("write"), write.lastError());
    }
    return {};
}

Result<slo::SampleSeries> TelemetryStore::readSamples(const QString &cluster, qint64 from,
                                                      qint64 to) const
{
    slo::SampleSeries out;
    out.start = (from + slo::kStepSeconds - 1) / slo::kStepSeconds * slo::kStepSeconds;
    if (to < out.start)
        return out;
    const qint64 count = (to - out.start) / slo::kStepSeconds + 1;
    out.values.assign(size_t(count), slo::SampleSeries::noData());
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
            "SELECT day, samples FROM sli_day WHERE cluster = ? AND day >= ? AND day <= ?"));
    q.addBindValue(cluster);
    q.addBindValue(dayOf(out.start));
    q.addBindValue(to);
    if (!q.exec())
        return sqlError(QStringLiteral("read"), q.lastError());
    while (q.next()) {
        const qint64 day = q.value(0).toLongLong();
        const std::vector<float> minutes = decodeDay(q.value(1).toByteArray());
        for (qint64 i = 0; i < kMinutesPerDay; ++i) {
            const qint64 k = (day + i * slo::kStepSeconds - out.start) / slo::kStepSeconds;
            if (day + i * slo::kStepSeconds >= out.start && k < count)
                out.values[size_t(k)] = minutes[size_t(i)];
        }
    }
    return out;
}

std::optional<qint64> TelemetryStore::newestSample(const QString &cluster) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
            "SELECT day, samples FROM sli_day WHERE cluster = ? ORDER BY day DESC LIMIT 7"));
    q.addBindValue(cluster);
    if (!q.exec())
        return std::nullopt;
    while (q.next()) {
        const qint64 day = q.value(0).toLongLong();
        const std::vector<float> minutes = decodeDay(q.value(1).toByteArray());
        for (qint64 i = kMinutesPerDay - 1; i >= 0; --i) {
            if (!slo::SampleSeries::isNoData(minutes[size_t(i)]))
                return day + i * slo::kStepSeconds;
        }
    }
    return std::nullopt;
}

Result<void> TelemetryStore::markSourceOk(const QString &source, const QDateTime &at)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO source_state (source, last_success) VALUES (?, ?) "
                             "ON CONFLICT(source) DO UPDATE SET last_success = excluded.last_success,"
                             " stale_since = NULL, reason = NULL"));
    q.addBindValue(source);
    q.addBindValue(at.toSecsSinceEpoch());
    if (!q.exec())
        return sqlError(QStringLiteral("source state"), q.lastError());
    return {};
}

Result<void> TelemetryStore::markSourceFailed(const QString &source, const QDateTime &at,
                                              const QString &reason)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    // The first failure is when the data went stale; later ones only update the reason.
    q.prepare(QStringLiteral("INSERT INTO source_state (source, stale_since, reason) VALUES (?, ?, ?)"
                             " ON CONFLICT(source) DO UPDATE SET reason = excluded.reason,"
                             " stale_since = COALESCE(stale_since, excluded.stale_since)"));
    q.addBindValue(source);
    q.addBindValue(at.toSecsSinceEpoch());
    q.addBindValue(reason);
    if (!q.exec())
        return sqlError(QStringLiteral("source state"), q.lastError());
    return {};
}

TelemetryStore::SourceRecord TelemetryStore::sourceRecord(const QString &source) const
{
    SourceRecord record;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
            "SELECT last_success, stale_since, reason FROM source_state WHERE source = ?"));
    q.addBindValue(source);
    if (!q.exec() || !q.next())
        return record;
    if (!q.value(0).isNull())
        record.lastSuccess = slo::fromEpoch(q.value(0).toLongLong());
    if (!q.value(1).isNull())
        record.staleSince = slo::fromEpoch(q.value(1).toLongLong());
    record.reason = q.value(2).toString();
    return record;
}

Result<void> TelemetryStore::prune(qint64 now, int keepDays)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("DELETE FROM sli_day WHERE day < ?"));
    q.addBindValue(dayOf(now) - qint64(keepDays) * kDay);
    if (!q.exec())
        return sqlError(QStringLiteral("prune"), q.lastError());
    return {};
}

Result<void> TelemetryStore::recordVerification(const VerificationResult &result)
{
    QJsonArray checks;
    for (const VerificationCheck &check : result.checks)
        checks.append(QJsonObject{{QStringLiteral("id"), check.id},
                                  {QStringLiteral("passed"), check.passed},
                                  {QStringLiteral("evidence"), check.evidence}});
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO verification (customer, zone, version, verdict, at, "
                             "checks) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(result.customer);
    q.addBindValue(zoneKindName(result.zone));
    q.addBindValue(result.version);
    q.addBindValue(verificationVerdictName(result.verdict));
    q.addBindValue(result.at.toSecsSinceEpoch());
    q.addBindValue(QString::fromUtf8(QJsonDocument(checks).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return sqlError(QStringLiteral("verification"), q.lastError());
    return {};
}

Result<QList<VerificationResult>> TelemetryStore::verifications(const QString &customer) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT zone, version, verdict, at, checks FROM verification "
                             "WHERE customer = ? ORDER BY at, id"));
    q.addBindValue(customer);
    if (!q.exec())
        return sqlError(QStringLiteral("verifications"), q.lastError());
    QList<VerificationResult> results;
    while (q.next()) {
        VerificationResult r;
        r.customer = customer;
        r.zone = zoneKindFromName(q.value(0).toString()).value_or(ZoneKind::Green);
        r.version = q.value(1).toString();
        const QString verdict = q.value(2).toString();
        r.verdict = verdict == QLatin1String("pass") ? VerificationVerdict::Pass
                                                     : VerificationVerdict::Fail;
        r.at = QDateTime::fromSecsSinceEpoch(q.value(3).toLongLong(), QTimeZone::utc());
        const QJsonArray checks = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).array();
        for (const QJsonValue &check : checks)
            r.checks.append({check[QStringLiteral("id")].toString(),
                             check[QStringLiteral("passed")].toBool(),
                             check[QStringLiteral("evidence")].toString()});
        results.append(r);
    }
    return results;
}

} // namespace qd
