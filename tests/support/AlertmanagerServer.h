#pragma once

#include "support/ServerProcess.h"
#include "support/WebConfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QMap>
#include <QString>
#include <QUrl>

namespace qd::test {

// A real Alertmanager on 127.0.0.1 (TESTING.md), on a free port, with its data in `dataDir`,
// killed when the object goes. Also an independent HTTP client for it, so tests do not check
// Quarterdeck's client with itself.
class AlertmanagerServer
{
public:
    static QString program(); // empty when Alertmanager is not installed

    // HTTPS and Basic auth on every endpoint; the server's own client uses them too. Set before
    // start().
    void setWebConfig(const WebConfig &config) { m_web = config; }

    // Starts on `port` (0 = pick a free one); the same dataDir keeps silences across restarts.
    bool start(const QString &dataDir, quint16 port = 0);
    void stop();
    QString error() const { return m_process.error(); }
    quint16 port() const { return m_port; }
    QUrl url() const; // https:// with a WebConfig certificate; the host is 127.0.0.1

    // POST /api/v2/alerts. Returns the HTTP status (0 when unreachable).
    int postAlerts(const QJsonArray &alerts);
    // GET path (under /api/v2); the body, empty on failure.
    QByteArray get(const QString &path);

    static QJsonObject alert(const QMap<QString, QString> &labels, const QDateTime &startsAt,
                             const QDateTime &endsAt = {}, const QString &summary = {});

private:
    QByteArray request(const QString &method, const QString &path, const QByteArray &body,
                       int *status) const;

    WebConfig m_web;
    ServerProcess m_process;
    quint16 m_port = 0;
};

} // namespace qd::test
