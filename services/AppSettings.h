#pragma once

#include "models/Incident.h"
#include "models/Result.h"
#include "services/telemetry/SloService.h"

#include <QMap>
#include <QString>
#include <QUrl>

namespace qd {

// How a live source authenticates. The token or password itself is never a setting: it lives in
// the keychain (qd::SecretStore) under the source's secret key.
enum class HttpAuth { None, Bearer, Basic };
QString httpAuthName(HttpAuth auth);            // "none", "bearer", "basic"
HttpAuth httpAuthFromName(const QString &name); // unknown or empty: None
// The Authorization header value for a secret: "Bearer TOKEN", "Basic BASE64"; empty for None.
QString authorizationHeader(HttpAuth auth, const QString &username, const QString &secret);

struct AlertmanagerSettings
{
    QUrl url; // empty: not configured, the Incidents pane shows the journal
    HttpAuth auth = HttpAuth::None;
    QString username; // Basic
    QString caFile;   // PEM bundle added to the system CAs
    int timeoutMs = 10000;
    IncidentRules rules; // the severity -> priority map

    QString secretKey() const; // "alertmanager/<url>"
};

struct GitSettings
{
    QString authorName;  // empty: git config user.name
    QString authorEmail; // empty: git config user.email
    QString httpsUser;   // for https:// remotes whose URL names no user
    QString sshKeyFile;  // empty: ssh-agent
    QString caFile;      // PEM bundle trusted for https:// remotes besides the system's CAs
};

// Every setting the GUI and the CLI share, read from and written to QSettings in one place. The
// keys (also documented in docs/settings.md):
//   telemetry/prometheus/{url,auth,username,caFile,timeoutMs}, telemetry/query/<name>
//   alertmanager/{url,auth,username,caFile,timeoutMs,severityPriority,unmappedPriority}
//   git/{authorName,authorEmail,httpsUser,sshKeyFile,caFile}
struct AppSettings
{
    PrometheusSettings prometheus; // secretKey filled from the url
    // Query templates that differ from DESIGN.md's defaults, by name (queryTemplateNames()).
    QMap<QString, QString> queryTemplates;
    AlertmanagerSettings alertmanager;
    GitSettings git;

    static AppSettings load();
    void save() const;
};

// Keychain keys: "prometheus/<url>", "alertmanager/<url>", "git/<remote url as configured>".
QString prometheusSecretKey(const QUrl &url);
QString alertmanagerSecretKey(const QUrl &url);
QString gitSecretKey(const QString &remoteUrl);

// The query templates (DESIGN.md, "Telemetry conventions") by setting name: "availability",
// "replicasAvailable", "replicasDesired", "spinnakerInfo", in that order.
QStringList queryTemplateNames();
QString defaultQueryTemplate(const QString &name);
QString storedQueryTemplate(const QString &name); // the setting, else the default

// "critical=P0, error=P1" <-> the map; errors name the entry that is wrong.
QString severityMapText(const QHash<QString, Priority> &map);
Result<QHash<QString, Priority>> parseSeverityMap(const QString &text);

} // namespace qd
