#include "support/WebConfig.h"

#include <QFile>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>

namespace qd::test {

QString WebConfig::scheme() const
{
    return certFile.isEmpty() ? QStringLiteral("http") : QStringLiteral("https");
}

QString WebConfig::write(const QString &dir, QString *error) const
{
    QByteArray yaml;
    if (!certFile.isEmpty())
        yaml += "tls_server_config:\n  cert_file: " + certFile.toUtf8() +
                "\n  key_file: " + keyFile.toUtf8() + '\n';
    if (!user.isEmpty())
        yaml += "basic_auth_users:\n  " + user.toUtf8() + ": " + bcryptHash + '\n';
    if (yaml.isEmpty())
        return {};
    const QString path = dir + QStringLiteral("/web.yml");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(yaml) != yaml.size()) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return {};
    }
    return path;
}

void WebConfig::prepare(QNetworkRequest &request) const
{
    if (!caFile.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(QSslCertificate::fromPath(caFile));
        request.setSslConfiguration(ssl);
    }
    if (!user.isEmpty())
        request.setRawHeader("Authorization",
                             "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64());
}

} // namespace qd::test
