#pragma once

#include "models/Alert.h"
#include "models/Result.h"

#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QUrlQuery;

namespace qd {

// Which alerts to ask for (Alertmanager's own filters).
struct AlertFilter
{
    QStringList matchers; // label matchers as Alertmanager takes them: customer="acme", zone=~"g.*"
    bool active = true;
    bool silenced = true;
    bool inhibited = true;
    bool unprocessed = true;
    QString receiver; // a regex; empty = any
};

struct SilenceRequest
{
    QList<SilenceMatcher> matchers;
    QDateTime startsAt; // default: now
    QDateTime endsAt;
    QString createdBy;
    QString comment;
};

// Alertmanager's HTTP API v2 on one base URL. Asynchronous: each callback runs on the thread
// of `context` (dropped when context is gone); JSON is parsed on a worker thread. Every request
// fails with a message after the timeout.
class AlertmanagerClient : public QObject
{
    Q_OBJECT
public:
    explicit AlertmanagerClient(QObject *parent = nullptr);
    ~AlertmanagerClient() override;

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    // Adds the PEM certificates of `pemFile` to the system CAs (verification stays on); an empty
    // path goes back to the system CAs alone.
    Result<void> setCaFile(const QString &pemFile);

    // The Authorization header for every request: "Bearer TOKEN" or "Basic BASE64". Empty = none.
    // (authorizationHeader() in services/AppSettings makes it from the settings and the secret.)
    void setAuthorization(const QString &headerValue) { m_authorization = headerValue; }
    static QString secretKey(const QUrl &baseUrl); // "alertmanager/<url>", the keychain entry

    template<typename T>
    using Callback = std::function<void(Result<T>)>;

    void fetchAlerts(const AlertFilter &filter, QObject *context, Callback<QList<Alert>> done);
    void fetchAlertGroups(const AlertFilter &filter, QObject *context,
                          Callback<QList<AlertGroup>> done);
    void fetchSilences(const QStringList &matchers, QObject *context,
                       Callback<QList<Silence>> done);
    // Gives the new silence's id.
    void createSilence(const SilenceRequest &request, QObject *context, Callback<QString> done);
    void expireSilence(const QString &silenceId, QObject *context, Callback<bool> done);

private:
    QNetworkReply *send(const QString &method, const QString &path, const QUrlQuery &query,
                        const QByteArray &body);
    void finish(QNetworkReply *reply, QObject *context,
                std::function<void(Result<QByteArray>)> done);

    QNetworkAccessManager *m_network = nullptr;
    QUrl m_baseUrl;
    QString m_authorization;
    QSslConfiguration m_ssl;
    std::chrono::milliseconds m_timeout{10000};
};

// The parsers, free functions so tests can feed them text.
Result<QList<Alert>> parseAlerts(const QByteArray &json);
Result<QList<AlertGroup>> parseAlertGroups(const QByteArray &json);
Result<QList<Silence>> parseSilences(const QByteArray &json);

} // namespace qd
