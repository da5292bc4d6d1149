#pragma once

#include "models/Result.h"
#include "models/Slo.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace qd {

class SecretStore;

// One series of a Prometheus result: its labels and its (time, value) samples, time ascending.
struct PromSeries
{
    QHash<QString, QString> labels;
    std::vector<qint64> times; // epoch seconds
    std::vector<double> values;
};

// Parses a /api/v1/query or /api/v1/query_range response ("matrix" or "vector"). Pure; runs on
// a worker thread. Errors name what was wrong with the body, or Prometheus's own error.
Result<QList<PromSeries>> parsePrometheusResponse(const QByteArray &body);

// Puts matrix results on a fixed grid [from, from + step, ..., to] as one SLI series: the mean of
// every series at each instant; NaN where none has a sample.
slo::SampleSeries toSampleSeries(const QList<PromSeries> &series, qint64 from, qint64 to,
                                 qint64 step);

// The query templates (QSettings "telemetry/query/<name>", DESIGN.md's defaults) with $cluster
// substituted.
enum class QueryKind { Availability, ReplicasAvailable, ReplicasDesired, SpinnakerInfo };
QString queryTemplate(QueryKind kind);
QString expandQuery(QueryKind kind, const QString &cluster);

// Prometheus's HTTP API. Asynchronous: callbacks run on the thread of `context` once the
// response is parsed (JSON is parsed on the thread pool) and are dropped if `context` is gone.
// TLS peer verification is always on; a custom CA is added to the system ones.
class PrometheusClient : public QObject
{
    Q_OBJECT
public:
    enum class Auth { None, Bearer, Basic };

    explicit PrometheusClient(const QUrl &baseUrl, QObject *parent = nullptr);
    ~PrometheusClient() override;

    QUrl baseUrl() const { return m_baseUrl; }
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; } // per HTTP request
    Result<void> setCaFile(const QString &pemFile);
    // The secret is read from the keychain (through `secrets`) before the first request.
    void setAuth(Auth auth, const QString &username, const QString &secretKey, SecretStore *secrets);
    // For callers that already hold the secret (and tests).
    void setCredentials(Auth auth, const QString &username, const QString &secret);

    using SeriesCallback = std::function<void(Result<QList<PromSeries>>)>;
    using RequestId = quint64;

    // /api/v1/query at `time` (epoch seconds).
    RequestId query(const QString &promql, qint64 time, QObject *context, SeriesCallback done);
    // /api/v1/query_range over [from, to] at `step`, in chunks of fewer than 11,000 points per
    // series; the chunks' series are joined by their labels.
    RequestId queryRange(const QString &promql, qint64 from, qint64 to, qint64 step,
                         QObject *context, SeriesCallback done);
    // The callback of a cancelled request is never called.
    void cancel(RequestId id);
    void cancelAll();

    static constexpr qint64 kMaxPointsPerChunk = 10000;
    // How long an unreachable server is not asked again (failAllWaiting).
    static constexpr int kUnreachableHoldMs = 2000;
    // HTTP calls on their way at once: QNetworkAccessManager's connections per host.
    static constexpr int kMaxInFlight = 6;

private:
    struct Request;
    void start(const std::shared_ptr<Request> &request);
    void sendNext(const std::shared_ptr<Request> &request);
    void withSecret(std::function<void(Result<void>)> next);
    enum class Log { Failure, Quiet };
    void finish(const std::shared_ptr<Request> &request, Result<QList<PromSeries>> result,
                Log log = Log::Failure);
    void failAllWaiting(const QString &reason);
    void failSoon(const std::shared_ptr<Request> &request, const QString &reason);
    void sendQueued();

    QUrl m_baseUrl;
    QNetworkAccessManager *m_network = nullptr;
    QSslConfiguration m_ssl;
    int m_timeoutMs = 15000;
    Auth m_auth = Auth::None;
    QString m_username;
    QString m_secretKey;
    QString m_secret;
    bool m_secretLoaded = false;
    SecretStore *m_secrets = nullptr;
    RequestId m_nextId = 1;
    QHash<RequestId, std::shared_ptr<Request>> m_requests;
    // Set when the server could not be reached: until it expires, requests fail at once.
    QDeadlineTimer m_unreachable; // expired
    QString m_unreachableReason;
    QList<std::shared_ptr<Request>> m_queued; // waiting for one of the kMaxInFlight to finish
    int m_inFlight = 0;
};

} // namespace qd
