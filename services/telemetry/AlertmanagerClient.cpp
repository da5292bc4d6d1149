#include "services/telemetry/AlertmanagerClient.h"

#include "services/AppSettings.h"
#include "services/Async.h"
#include "services/Logging.h"

#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

namespace qd {

namespace {

// Alertmanager writes nanoseconds ("...:05.123456789Z"); Qt reads milliseconds.
QDateTime parseTime(const QJsonValue &value)
{
    QString text = value.toString();
    if (text.isEmpty())
        return {};
    static const QRegularExpression fraction(QStringLiteral("\\.(\\d{3})\\d+"));
    text.replace(fraction, QStringLiteral(".\\1"));
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    // Go's zero time means "not set".
    if (!t.isValid() || t.date().year() <= 1)
        return {};
    return t.toUTC();
}

QString formatTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QMap<QString, QString> labelMap(const QJsonValue &value)
{
    QMap<QString, QString> map;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

Alert alertFromJson(const QJsonObject &o)
{
    Alert a;
    a.fingerprint = o.value(QLatin1String("fingerprint")).toString();
    a.labels = labelMap(o.value(QLatin1String("labels")));
    a.annotations = labelMap(o.value(QLatin1String("annotations")));
    a.startsAt = parseTime(o.value(QLatin1String("startsAt")));
    a.endsAt = parseTime(o.value(QLatin1String("endsAt")));
    a.updatedAt = parseTime(o.value(QLatin1String("updatedAt")));
    const QJsonObject status = o.value(QLatin1String("status")).toObject();
    a.state = status.value(QLatin1String("state")).toString();
    a.silencedBy = stringList(status.value(QLatin1String("silencedBy")));
    a.inhibitedBy = stringList(status.value(QLatin1String("inhibitedBy")));
    return a;
}

Result<QJsonArray> parseArray(const QByteArray &json, const char *what)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return Error{QStringLiteral("Alertmanager sent %1 that is not JSON: %2 at byte %3")
                             .arg(QLatin1String(what), error.errorString())
                             .arg(error.offset)};
    if (!document.isArray())
        return Error{QStringLiteral("Alertmanager sent %1 that is not a JSON list")
                             .arg(QLatin1String(what))};
    return document.array();
}

QJsonObject matcherJson(const SilenceMatcher &m)
{
    return {{QStringLiteral("name"), m.name},
            {QStringLiteral("value"), m.value},
            {QStringLiteral("isRegex"), m.isRegex},
            {QStringLiteral("isEqual"), m.isEqual}};
}

QUrlQuery filterQuery(const AlertFilter &filter)
{
    QUrlQuery query;
    const auto flag = [](bool on) { return on ? QStringLiteral("true") : QStringLiteral("false"); };
    query.addQueryItem(QStringLiteral("active"), flag(filter.active));
    query.addQueryItem(QStringLiteral("silenced"), flag(filter.silenced));
    query.addQueryItem(QStringLiteral("inhibited"), flag(filter.inhibited));
    query.addQueryItem(QStringLiteral("unprocessed"), flag(filter.unprocessed));
    for (const QString &matcher : filter.matchers)
        query.addQueryItem(QStringLiteral("filter"),
                           QString::fromLatin1(QUrl::toPercentEncoding(matcher)));
    if (!filter.receiver.isEmpty())
        query.addQueryItem(QStringLiteral("receiver"),
                           QString::fromLatin1(QUrl::toPercentEncoding(filter.receiver)));
    return query;
}

// Runs `parse` on a worker thread and hands the result to `done` on context's thread.
template<typename T>
void parseOffThread(QObject *context, std::function<void(Result<T>)> done,
                    Result<T> (*parse)(const QByteArray &), Result<QByteArray> body)
{
    if (!body) {
        done(Error{body.error()});
        return;
    }
    runThen(context, [parse, bytes = body.value()] { return parse(bytes); },
            [done](Result<T> parsed) { done(std::move(parsed)); });
}

} // namespace

Result<QList<Alert>> parseAlerts(const QByteArray &json)
{
    const auto array = parseArray(json, "alerts");
    if (!array)
        return array.error();
    QList<Alert> alerts;
    alerts.reserve(array->size());
    for (const QJsonValue &item : array.value())
        alerts.append(alertFromJson(item.toObject()));
    return alerts;
}

Result<QList<AlertGroup>> parseAlertGroups(const QByteArray &json)
{
    const auto array = parseArray(json, "alert groups");
    if (!array)
        return array.error();
    QList<AlertGroup> groups;
    for (const QJsonValue &item : array.value()) {
        const QJsonObject o = item.toObject();
        AlertGroup group;
        group.labels = labelMap(o.value(QLatin1String("labels")));
        group.receiver = o.value(QLatin1String("receiver")).toObject().value(
                QLatin1String("name")).toString();
        for (const QJsonValue &alert : o.value(QLatin1String("alerts")).toArray())
            group.alerts.append(alertFromJson(alert.toObject()));
        groups.append(group);
    }
    return groups;
}

Result<QList<Silence>> parseSilences(const QByteArray &json)
{
    const auto array = parseArray(json, "silences");
    if (!array)
        return array.error();
    QList<Silence> silences;
    for (const QJsonValue &item : array.value()) {
        const QJsonObject o = item.toObject();
        Silence s;
        s.id = o.value(QLatin1String("id")).toString();
        s.startsAt = parseTime(o.value(QLatin1String("startsAt")));
        s.endsAt = parseTime(o.value(QLatin1String("endsAt")));
        s.updatedAt = parseTime(o.value(QLatin1String("updatedAt")));
        s.createdBy = o.value(QLatin1String("createdBy")).toString();
        s.comment = o.value(QLatin1String("comment")).toString();
        s.state = o.value(QLatin1String("status")).toObject().value(
                QLatin1String("state")).toString();
        for (const QJsonValue &m : o.value(QLatin1String("matchers")).toArray()) {
            const QJsonObject mo = m.toObject();
            s.matchers.append({mo.value(QLatin1String("name")).toString(),
                               mo.value(QLatin1String("value")).toString(),
                               mo.value(QLatin1String("isRegex")).toBool(),
                               mo.value(QLatin1String("isEqual")).toBool(true)});
        }
        silences.append(s);
    }
    return silences;
}

AlertmanagerClient::AlertmanagerClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_ssl(QSslConfiguration::defaultConfiguration())
{
    m_ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
}

AlertmanagerClient::~AlertmanagerClient() = default;

void AlertmanagerClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

Result<void> AlertmanagerClient::setCaFile(const QString &pemFile)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!pemFile.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(pemFile, QSsl::Pem);
        if (certs.isEmpty())
            return Error{QStringLiteral("%1: no PEM certificate in this file").arg(pemFile)};
        ssl.addCaCertificates(certs);
    }
    m_ssl = ssl;
    return {};
}

QString AlertmanagerClient::secretKey(const QUrl &baseUrl)
{
    return alertmanagerSecretKey(baseUrl); // services/AppSettings keeps the keys
}

QNetworkReply *AlertmanagerClient::send(const QString &method, const QString &path,
                                        const QUrlQuery &query, const QByteArray &body)
{
    QUrl url = m_baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + QStringLiteral("/api/v2") + path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setTransferTimeout(int(m_timeout.count()));
    if (url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(m_ssl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    if (!m_authorization.isEmpty())
        request.setRawHeader("Authorization", m_authorization.toUtf8());
    qCDebug(lcIncidents) << method << url.toString(QUrl::RemoveUserInfo);
    return m_network->sendCustomRequest(request, method.toLatin1(), body);
}

void AlertmanagerClient::finish(QNetworkReply *reply, QObject *context,
                                std::function<void(Result<QByteArray>)> done)
{
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    const qint64 timeoutSecs = std::max<qint64>(1, m_timeout.count() / 1000);
    connect(reply, &QNetworkReply::finished, context, [reply, done, timeoutSecs] {
        const QString where = reply->url().toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (reply->error() == QNetworkReply::OperationCanceledError) {
            done(Error{QStringLiteral("Alertmanager at %1 did not answer within %2 s")
                               .arg(where)
                               .arg(timeoutSecs)});
        } else if (status == 401 || status == 403) {
            // Alertmanager says no more than that (and Qt keeps the body of a 401).
            done(Error{QStringLiteral("Alertmanager at %1 refused the credentials (HTTP %2): "
                                      "check the user and password or token in Settings")
                               .arg(where)
                               .arg(status)});
        } else if (status >= 400 || (status == 0 && reply->error() != QNetworkReply::NoError)) {
            const QString detail = status > 0 ? QString::fromUtf8(body).trimmed().left(300)
                                              : reply->errorString();
            done(Error{status > 0 ? QStringLiteral("Alertmanager at %1 answered HTTP %2: %3")
                                            .arg(where)
                                            .arg(status)
                                            .arg(detail)
                                  : QStringLiteral("cannot reach Alertmanager at %1: %2")
                                            .arg(where, detail)});
        } else {
            done(body);
        }
    });
}

void AlertmanagerClient::fetchAlerts(const AlertFilter &filter, QObject *context,
                                     Callback<QList<Alert>> done)
{
    finish(send(QStringLiteral("GET"), QStringLiteral("/alerts"), filterQuery(filter), {}),
           context, [context, done = std::move(done)](Result<QByteArray> body) {
               parseOffThread<QList<Alert>>(context, done, &parseAlerts, std::move(body));
           });
}

void AlertmanagerClient::fetchAlertGroups(const AlertFilter &filter, QObject *context,
                                          Callback<QList<AlertGroup>> done)
{
    finish(send(QStringLiteral("GET"), QStringLiteral("/alerts/groups"), filterQuery(filter), {}),
           context, [context, done = std::move(done)](Result<QByteArray> body) {
               parseOffThread<QList<AlertGroup>>(context, done, &parseAlertGroups,
                                                 std::move(body));
           });
}

void AlertmanagerClient::fetchSilences(const QStringList &matchers, QObject *context,
                                       Callback<QList<Silence>> done)
{
    QUrlQuery query;
    for (const QString &matcher : matchers)
        query.addQueryItem(QStringLiteral("filter"),
                           QString::fromLatin1(QUrl::toPercentEncoding(matcher)));
    finish(send(QStringLiteral("GET"), QStringLiteral("/silences"), query, {}), context,
           [context, done = std::move(done)](Result<QByteArray> body) {
               parseOffThread<QList<Silence>>(context, done, &parseSilences, std::move(body));
           });
}

void AlertmanagerClient::createSilence(const SilenceRequest &request, QObject *context,
                                       Callback<QString> done)
{
    QJsonArray matchers;
    for (const SilenceMatcher &m : request.matchers)
        matchers.append(matcherJson(m));
    const QDateTime startsAt = request.startsAt.isValid() ? request.startsAt
                                                          : QDateTime::currentDateTimeUtc();
    const QJsonObject body{{QStringLiteral("matchers"), matchers},
                           {QStringLiteral("startsAt"), formatTime(startsAt)},
                           {QStringLiteral("endsAt"), formatTime(request.endsAt)},
                           {QStringLiteral("createdBy"), request.createdBy},
                           {QStringLiteral("comment"), request.comment}};
    finish(send(QStringLiteral("POST"), QStringLiteral("/silences"), {},
                QJsonDocument(body).toJson(QJsonDocument::Compact)),
           context, [done = std::move(done)](Result<QByteArray> reply) {
               if (!reply) {
                   done(reply.error());
                   return;
               }
               const QString id = QJsonDocument::fromJson(reply.value())
                                          .object()
                                          .value(QLatin1String("silenceID"))
                                          .toString();
               if (id.isEmpty())
                   done(Error{QStringLiteral("Alertmanager created no silence: %1")
                                      .arg(QString::fromUtf8(reply.value()).left(300))});
               else
                   done(id);
           });
}

void AlertmanagerClient::expireSilence(const QString &silenceId, QObject *context,
                                       Callback<bool> done)
{
    finish(send(QStringLiteral("DELETE"),
                QStringLiteral("/silence/")
                        + QString::fromLatin1(QUrl::toPercentEncoding(silenceId)),
                {}, {}),
           context, [done = std::move(done)](Result<QByteArray> reply) {
               if (!reply)
                   done(reply.error());
               else
                   done(true);
           });
}

} // namespace qd
