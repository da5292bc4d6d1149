#pragma once

#include "models/Result.h"
#include "models/Slo.h"
#include "models/UpgradeVerification.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace qd {

// The local telemetry cache (SQLite, WAL). It keeps each cluster's SLI at the full 1-minute step
// as one blob per UTC day (1,440 floats, NaN = no data): the charts and the quarterly review both
// need minutes (an outage of 3 minutes matters to a 99.9% SLA), and one row per day keeps a
// quarter of a dozen clusters at a few thousand rows, written in one transaction.
// Blocking: use one TelemetryStore per thread (QSqlDatabase connections are per thread).
class TelemetryStore
{
public:
    static constexpr int kSchemaVersion = 2;

    TelemetryStore();
    ~TelemetryStore();
    TelemetryStore(TelemetryStore &&other) noexcept;
    TelemetryStore &operator=(TelemetryStore &&) = delete;
    TelemetryStore(const TelemetryStore &) = delete;

    // Opens (creating and migrating as needed) the store at `path`.
    static Result<TelemetryStore> open(const QString &path);
    // AppLocalDataLocation/telemetry.sqlite
    static QString defaultPath();

    int schemaVersion() const;
    QString journalMode() const; // "wal"

    // Replaces the samples of `cluster` at the instants the series covers (NaN stays "no data").
    Result<void> writeSamples(const QString &cluster, const slo::SampleSeries &series);
    // The samples of [from, to] (epoch seconds, on the minute grid), NaN where none is stored.
    Result<slo::SampleSeries> readSamples(const QString &cluster, qint64 from, qint64 to) const;
    // Newest instant with a stored sample, if any.
    std::optional<qint64> newestSample(const QString &cluster) const;

    // Source bookkeeping: when `source` last answered, and since when and why it fails.
    struct SourceRecord
    {
        QDateTime lastSuccess;
        QDateTime staleSince;
        QString reason;
    };
    Result<void> markSourceOk(const QString &source, const QDateTime &at);
    Result<void> markSourceFailed(const QString &source, const QDateTime &at, const QString &reason);
    SourceRecord sourceRecord(const QString &source) const;

    // Completed post-upgrade verifications (pass or fail; a pending one is not recorded), oldest
    // first.
    Result<void> recordVerification(const VerificationResult &result);
    Result<QList<VerificationResult>> verifications(const QString &customer) const;

    Result<void> beginTransaction();
    Result<void> commit();

    // Drops days older than `keepDays` before `now`.
    Result<void> prune(qint64 now, int keepDays);

private:
    Result<void> migrate();
    QString m_connection;
};

} // namespace qd
