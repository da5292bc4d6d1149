#pragma once

#include <QByteArray>
#include <QString>

class QNetworkRequest;

namespace qd::test {

// HTTPS and Basic auth for Prometheus and Alertmanager (`--web.config.file`: tls_server_config
// and basic_auth_users), and what a client that trusts the server needs to reach it.
struct WebConfig
{
    QString certFile; // PEM; empty: plain HTTP
    QString keyFile;
    QString caFile;        // what the servers' own probes and clients trust (it signed certFile)
    QString user;          // empty: no authentication
    QString password;      // for the probes and clients
    QByteArray bcryptHash; // of password, as basic_auth_users wants it

    QString scheme() const;
    // Writes dir/web.yml: its path, or empty when there is nothing to configure. Sets `error`
    // and gives empty when the file cannot be written.
    QString write(const QString &dir, QString *error) const;
    // Trusts caFile and sends the credentials on `request`.
    void prepare(QNetworkRequest &request) const;
};

} // namespace qd::test
