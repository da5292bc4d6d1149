#include "support/AlertmanagerServer.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>

namespace qd::test {

QByteArray AlertmanagerServer::request(const QString &method, const QString &path,
                                       const QByteArray &body, int *status) const
{
    QNetworkAccessManager network;
    QNetworkRequest req(QUrl(url().toString() + QStringLiteral("/api/v2") + path));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    req.setTransferTimeout(10000);
    m_web.prepare(req);
    QNetworkReply *reply = network.sendCustomRequest(req, method.toLatin1(), body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    delete reply;
    return answer;
}

QString AlertmanagerServer::program()
{
    for (const char *name : {"prometheus-alertmanager", "alertmanager"}) {
        const QString path = QStandardPaths::findExecutable(QString::fromLatin1(name));
        if (!path.isEmpty())
            return path;
    }
    return {};
}

bool AlertmanagerServer::start(const QString &dataDir, quint16 port)
{
    QDir().mkpath(dataDir);
    const QString config = dataDir + QStringLiteral("/am.yml");
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write("route: {receiver: \"null\", group_by: [alertname, cluster], group_wait: 1s, "
               "group_interval: 1s}\nreceivers: [{name: \"null\"}]\n");
    file.close();
    m_port = port ? port : freeTcpPort();
    // The empty cluster address keeps it off 0.0.0.0:9094.
    QStringList args{QStringLiteral("--config.file=") + config,
                     QStringLiteral("--storage.path=") + dataDir,
                     QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port),
                     QStringLiteral("--cluster.listen-address=")};
    QString error;
    const QString webConfig = m_web.write(dataDir, &error);
    if (!error.isEmpty())
        return false;
    if (!webConfig.isEmpty())
        args << QStringLiteral("--web.config.file=") + webConfig;
    return m_process.start(program(), args, m_port);
}

void AlertmanagerServer::stop()
{
    m_process.stop();
}

QUrl AlertmanagerServer::url() const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(m_web.scheme()).arg(m_port));
}

int AlertmanagerServer::postAlerts(const QJsonArray &alerts)
{
    int status = 0;
    request(QStringLiteral("POST"), QStringLiteral("/alerts"),
            QJsonDocument(alerts).toJson(QJsonDocument::Compact), &status);
    return status;
}

QByteArray AlertmanagerServer::get(const QString &path)
{
    int status = 0;
    const QByteArray body = request(QStringLiteral("GET"), path, {}, &status);
    return status == 200 ? body : QByteArray();
}

QJsonObject AlertmanagerServer::alert(const QMap<QString, QString> &labels,
                                      const QDateTime &startsAt, const QDateTime &endsAt,
                                      const QString &summary)
{
    QJsonObject labelObject;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        labelObject.insert(it.key(), it.value());
    QJsonObject a{{QStringLiteral("labels"), labelObject},
                  {QStringLiteral("startsAt"), startsAt.toUTC().toString(Qt::ISODateWithMs)}};
    if (endsAt.isValid())
        a.insert(QStringLiteral("endsAt"), endsAt.toUTC().toString(Qt::ISODateWithMs));
    if (!summary.isEmpty())
        a.insert(QStringLiteral("annotations"), QJsonObject{{QStringLiteral("summary"), summary}});
    return a;
}

} // namespace qd::test
