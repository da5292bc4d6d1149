#include "services/telemetry/PrometheusClient.h"

#include "services/AppSettings.h"
#include "services/Async.h"
#include "services/Logging.h"
#include "services/secrets/SecretStore.h"

#include <QFuture>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>
#include <QSslCertificate>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

namespace qd {

namespace {

QString labelKey(const QHash<QString, QString> &labels)
{
    QStringList keys = labels.keys();
    keys.sort();
    QString out;
    for (const QString &k : std::as_const(keys))
        out += k + QLatin1Char('\x1f') + labels.value(k) + QLatin1Char('\x1e');
    return out;
}

} // namespace

QString queryTemplate(QueryKind kind)
{
    // The settings and DESIGN.md's defaults live in services/AppSettings.
    switch (kind) {
    case QueryKind::Availability:
        return storedQueryTemplate(QStringLiteral("availability"));
    case QueryKind::ReplicasAvailable:
        return storedQueryTemplate(QStringLiteral("replicasAvailable"));
    case QueryKind::ReplicasDesired:
        return storedQueryTemplate(QStringLiteral("replicasDesired"));
    case QueryKind::SpinnakerInfo:
        return storedQueryTemplate(QStringLiteral("spinnakerInfo"));
    }
    return {};
}

QString expandQuery(QueryKind kind, const QString &cluster)
{
    // Label values are PromQL strings: escape what would end them.
    QString escaped = cluster;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return queryTemplate(kind).replace(QStringLiteral("$cluster"), escaped);
}

namespace {

// Errors that say the server cannot be reached at all, so that every request waiting for it
// would end the same way: refused, no such host, or no answer within the timeout.
bool meansUnreachable(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout; our own aborts are ignored
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return true;
    default:
        return false;
    }
}

} // namespace

struct PrometheusClient::Request
{
    RequestId id = 0;
    QString promql;
    bool range = false;
    qint64 time = 0;
    QList<std::pair<qint64, qint64>> chunks; // [start, end] of each query_range call
    qsizetype nextChunk = 0;
    qint64 step = 60;
    QPointer<QObject> context;
    SeriesCallback done;
    QPointer<QNetworkReply> reply;
    bool cancelled = false;
    bool failedFast = false; // failed with another request's unreachable server; reply ignored
    QList<PromSeries> series;
    QHash<QString, qsizetype> seriesIndex;
};

PrometheusClient::PrometheusClient(const QUrl &baseUrl, QObject *parent)
    : QObject(parent), m_baseUrl(baseUrl), m_network(new QNetworkAccessManager(this)),
      m_ssl(QSslConfiguration::defaultConfiguration())
{
    m_ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
}

PrometheusClient::~PrometheusClient()
{
    cancelAll();
}

Result<void> PrometheusClient::setCaFile(const QString &pemFile)
{
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(pemFile, QSsl::Pem);
    if (certs.isEmpty())
        return Error{QStringLiteral("%1: no PEM certificate in this file").arg(pemFile)};
    m_ssl.addCaCertificates(certs);
    return {};
}

void PrometheusClient::setAuth(Auth auth, const QString &username, const QString &secretKey,
                               SecretStore *secrets)
{
    m_auth = auth;
    m_username = username;
    m_secretKey = secretKey;
    m_secrets = secrets;
    m_secret.clear();
    m_secretLoaded = auth == Auth::None;
}

void PrometheusClient::setCredentials(Auth auth, const QString &username, const QString &secret)
{
    m_auth = auth;
    m_username = username;
    m_secret = secret;
    m_secretLoaded = true;
}

PrometheusClient::RequestId PrometheusClient::query(const QString &promql, qint64 time,
                                                    QObject *context, SeriesCallback done)
{
    auto request = std::make_shared<Request>();
    request->id = m_nextId++;
    request->promql = promql;
    request->time = time;
    request->context = context;
    request->done = std::move(done);
    start(request);
    return request->id;
}

PrometheusClient::RequestId PrometheusClient::queryRange(const QString &promql, qint64 from,
                                                         qint64 to, qint64 step, QObject *context,
                                                         SeriesCallback done)
{
    auto request = std::make_shared<Request>();
    request->id = m_nextId++;
    request->promql = promql;
    request->range = true;
    request->step = std::max<qint64>(1, step);
    request->context = context;
    request->done = std::move(done);
    // Prometheus refuses more than 11,000 points per series in one call.
    const qint64 span = (kMaxPointsPerChunk - 1) * request->step;
    for (qint64 s = from; s <= to; s += span + request->step)
        request->chunks.append({s, std::min(to, s + span)});
    start(request);
    return request->id;
}

void PrometheusClient::cancel(RequestId id)
{
    const auto request = m_requests.take(id);
    if (!request)
        return;
    request->cancelled = true;
    // A reply to a server held unreachable is left to fail by itself: aborting one whose
    // failure is already on its way makes Qt report a second error.
    if (request->reply && request->reply->error() == QNetworkReply::NoError
        && m_unreachable.hasExpired())
        request->reply->abort();
}

void PrometheusClient::cancelAll()
{
    const auto ids = m_requests.keys();
    for (RequestId id : ids)
        cancel(id);
}

void PrometheusClient::start(const std::shared_ptr<Request> &request)
{
    m_requests.insert(request->id, request);
    withSecret([this, request](Result<void> ready) {
        if (request->cancelled)
            return;
        if (!ready.ok()) {
            finish(request, ready.error());
            return;
        }
        sendNext(request);
    });
}

void PrometheusClient::withSecret(std::function<void(Result<void>)> next)
{
    if (m_secretLoaded || !m_secrets) {
        // Without a keychain the request goes unauthenticated; Prometheus will say 401.
        QMetaObject::invokeMethod(this, [next] { next({}); }, Qt::QueuedConnection);
        return;
    }
    m_secrets->read(m_secretKey, this, [this, next](Result<QString> secret) {
        if (!secret.ok()) {
            next(Error{QStringLiteral("no credentials for Prometheus in the keychain (%1): %2")
                               .arg(m_secretKey, secret.errorMessage())});
            return;
        }
        m_secret = secret.value();
        m_secretLoaded = true;
        next({});
    });
}

// Sends the request's next HTTP call, or queues it behind the kMaxInFlight already on their way:
// the client keeps its own queue rather than QNetworkAccessManager's, so that what it has not
// sent yet can be failed (failAllWaiting) without a connection attempt each.
void PrometheusClient::sendNext(const std::shared_ptr<Request> &request)
{
    if (!m_unreachable.hasExpired()) {
        failSoon(request, m_unreachableReason);
        return;
    }
    if (m_inFlight >= kMaxInFlight) {
        m_queued.append(request);
        return;
    }
    ++m_inFlight;
    QUrl url = m_baseUrl;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + (request->range ? QStringLiteral("/api/v1/query_range")
                                       : QStringLiteral("/api/v1/query")));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("query"), request->promql);
    if (request->range) {
        const auto [s, e] = request->chunks.at(request->nextChunk);
        form.addQueryItem(QStringLiteral("start"), QString::number(s));
        form.addQueryItem(QStringLiteral("end"), QString::number(e));
        form.addQueryItem(QStringLiteral("step"), QString::number(request->step));
    } else {
        form.addQueryItem(QStringLiteral("time"), QString::number(request->time));
    }
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader,
                   QByteArrayLiteral("application/x-www-form-urlencoded"));
    http.setSslConfiguration(m_ssl);
    // An inactivity timeout: a server that accepts and then stalls fails after this long.
    http.setTransferTimeout(m_timeoutMs);
    if (m_auth == Auth::Bearer)
        http.setRawHeader("Authorization", "Bearer " + m_secret.toUtf8());
    else if (m_auth == Auth::Basic)
        http.setRawHeader("Authorization",
                          "Basic " + (m_username + QLatin1Char(':') + m_secret).toUtf8().toBase64());
    QNetworkReply *reply = m_network->post(http, form.query(QUrl::FullyEncoded).toUtf8());
    request->reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, request, reply] {
        reply->deleteLater();
        --m_inFlight;
        // After this answer is handled: a failure may fail the queue first (failAllWaiting).
        QMetaObject::invokeMethod(this, &PrometheusClient::sendQueued, Qt::QueuedConnection);
        if (request->cancelled || request->failedFast)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
        if (reply->error() != QNetworkReply::NoError && body.isEmpty()) {
            const QString why = reply->error() == QNetworkReply::OperationCanceledError
                    ? QStringLiteral("no answer within %1 s").arg(m_timeoutMs / 1000.0)
                    : status == 401 || status == 403
                    ? QStringLiteral("refused the credentials (HTTP %1): check the user and "
                                     "password or token in Settings")
                              .arg(status)
                    : reply->errorString();
            const QString message =
                    QStringLiteral("Prometheus at %1: %2").arg(m_baseUrl.toDisplayString(), why);
            if (meansUnreachable(reply->error()))
                failAllWaiting(message);
            finish(request, Error{message});
            return;
        }
        // Prometheus answers 400/422/503 with a JSON body naming the problem: parse it too.
        runThen(this, [body] { return parsePrometheusResponse(body); },
                [this, request, status](Result<QList<PromSeries>> parsed) {
                    if (request->cancelled || request->failedFast)
                        return;
                    if (!parsed.ok()) {
                        const QString prefix = status && status != 200
                                ? QStringLiteral("HTTP %1, ").arg(status)
                                : QString();
                        finish(request, Error{QStringLiteral("Prometheus at %1: %2%3")
                                                      .arg(m_baseUrl.toDisplayString(), prefix,
                                                           parsed.errorMessage())});
                        return;
                    }
                    for (PromSeries &s : parsed.value()) {
                        const QString key = labelKey(s.labels);
                        const auto it = request->seriesIndex.constFind(key);
                        if (it == request->seriesIndex.cend()) {
                            request->seriesIndex.insert(key, request->series.size());
                            request->series.append(std::move(s));
                            continue;
                        }
                        PromSeries &into = request->series[*it];
                        into.times.insert(into.times.end(), s.times.begin(), s.times.end());
                        into.values.insert(into.values.end(), s.values.begin(), s.values.end());
                    }
                    if (request->range && ++request->nextChunk < request->chunks.size()) {
                        sendNext(request);
                        return;
                    }
                    finish(request, std::move(request->series));
                });
    });
}

// The server could not be reached: every request still waiting for an answer fails with the
// same reason, and so does every request sent in the next kUnreachableHoldMs, without asking
// again. A fleet-wide refresh (a query per zone) then costs a failing Prometheus one attempt and
// one log line, not one per zone, nor one timeout per zone queued six at a time.
// Those on their way are not aborted (their answers are ignored): they fail the same way soon.
void PrometheusClient::failAllWaiting(const QString &reason)
{
    m_unreachable = QDeadlineTimer(kUnreachableHoldMs);
    m_unreachableReason = reason;
    int failed = 0;
    const auto waiting = m_requests.values();
    for (const std::shared_ptr<Request> &other : waiting) {
        if (other->failedFast || (other->reply && other->reply->isFinished()))
            continue; // already failed, or its answer is being parsed
        if (!other->reply && !m_queued.contains(other))
            continue; // still reading its secret: sendNext fails it
        failSoon(other, reason);
        ++failed;
    }
    m_queued.clear();
    if (failed > 0)
        qCInfo(lcTelemetry).noquote() << reason
                                      << QStringLiteral("(%1 more requests failed with it)").arg(failed);
}

void PrometheusClient::sendQueued()
{
    while (m_inFlight < kMaxInFlight && !m_queued.isEmpty()) {
        const std::shared_ptr<Request> next = m_queued.takeFirst();
        if (m_requests.contains(next->id)) // not cancelled meanwhile
            sendNext(next);
    }
}

// Finishes `request` with `reason` from the event loop, unless it is cancelled first; not logged
// (failAllWaiting logged the reason).
void PrometheusClient::failSoon(const std::shared_ptr<Request> &request, const QString &reason)
{
    request->failedFast = true;
    QTimer::singleShot(0, this, [this, request, reason] {
        if (m_requests.contains(request->id))
            finish(request, Error{reason}, Log::Quiet);
    });
}

void PrometheusClient::finish(const std::shared_ptr<Request> &request,
                              Result<QList<PromSeries>> result, Log log)
{
    m_requests.remove(request->id);
    if (!result.ok() && log == Log::Failure)
        qCInfo(lcTelemetry) << result.errorMessage();
    QObject *context = request->context.data();
    if (!context)
        return;
    auto done = std::move(request->done);
    if (context->thread() == thread()) {
        done(std::move(result));
        return;
    }
    QMetaObject::invokeMethod(context, [done, result] { done(result); }, Qt::QueuedConnection);
}

} // namespace qd
