#include "services/AppSettings.h"

#include <QSettings>

namespace qd {

namespace {

namespace key {
const QString promUrl = QStringLiteral("telemetry/prometheus/url");
const QString promAuth = QStringLiteral("telemetry/prometheus/auth");
const QString promUser = QStringLiteral("telemetry/prometheus/username");
const QString promCa = QStringLiteral("telemetry/prometheus/caFile");
const QString promTimeout = QStringLiteral("telemetry/prometheus/timeoutMs");
const QString queryPrefix = QStringLiteral("telemetry/query/");
const QString amUrl = QStringLiteral("alertmanager/url");
const QString amAuth = QStringLiteral("alertmanager/auth");
const QString amUser = QStringLiteral("alertmanager/username");
const QString amCa = QStringLiteral("alertmanager/caFile");
const QString amTimeout = QStringLiteral("alertmanager/timeoutMs");
const QString amSeverity = QStringLiteral("alertmanager/severityPriority");
const QString amUnmapped = QStringLiteral("alertmanager/unmappedPriority");
const QString gitAuthorName = QStringLiteral("git/authorName");
const QString gitAuthorEmail = QStringLiteral("git/authorEmail");
const QString gitHttpsUser = QStringLiteral("git/httpsUser");
const QString gitSshKey = QStringLiteral("git/sshKeyFile");
const QString gitCa = QStringLiteral("git/caFile");
} // namespace key

struct TemplateDefault
{
    const char *name;
    const char *query;
};

// DESIGN.md, "Telemetry conventions".
constexpr TemplateDefault kTemplates[] = {
        {"availability", "probe_success{cluster=\"$cluster\"}"},
        {"replicasAvailable",
         "kube_deployment_status_replicas_available{cluster=\"$cluster\",namespace=\"spinnaker\"}"},
        {"replicasDesired",
         "kube_deployment_spec_replicas{cluster=\"$cluster\",namespace=\"spinnaker\"}"},
        {"spinnakerInfo", "kube_customresource_spinnakerservice_info{cluster=\"$cluster\"}"},
};

QUrl urlSetting(const QSettings &settings, const QString &name)
{
    const QString text = settings.value(name).toString().trimmed();
    return text.isEmpty() ? QUrl() : QUrl::fromUserInput(text);
}

int positiveInt(const QSettings &settings, const QString &name, int fallback)
{
    bool ok = false;
    const int value = settings.value(name).toInt(&ok);
    return ok && value > 0 ? value : fallback;
}

// An empty value removes the key, so that the defaults (and other readers' fallbacks) apply.
void setOrRemove(QSettings &settings, const QString &name, const QString &value)
{
    if (value.isEmpty())
        settings.remove(name);
    else
        settings.setValue(name, value);
}

PrometheusSettings::Auth toPrometheusAuth(HttpAuth auth)
{
    switch (auth) {
    case HttpAuth::None:
        break;
    case HttpAuth::Bearer:
        return PrometheusSettings::Auth::Bearer;
    case HttpAuth::Basic:
        return PrometheusSettings::Auth::Basic;
    }
    return PrometheusSettings::Auth::None;
}

HttpAuth fromPrometheusAuth(PrometheusSettings::Auth auth)
{
    switch (auth) {
    case PrometheusSettings::Auth::None:
        break;
    case PrometheusSettings::Auth::Bearer:
        return HttpAuth::Bearer;
    case PrometheusSettings::Auth::Basic:
        return HttpAuth::Basic;
    }
    return HttpAuth::None;
}

QString urlText(const QUrl &url)
{
    return url.isEmpty() ? QString() : url.toString(QUrl::StripTrailingSlash);
}

} // namespace

QString httpAuthName(HttpAuth auth)
{
    switch (auth) {
    case HttpAuth::None:
        return QStringLiteral("none");
    case HttpAuth::Bearer:
        return QStringLiteral("bearer");
    case HttpAuth::Basic:
        return QStringLiteral("basic");
    }
    return {};
}

HttpAuth httpAuthFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("bearer"))
        return HttpAuth::Bearer;
    if (n == QLatin1String("basic"))
        return HttpAuth::Basic;
    return HttpAuth::None;
}

QString authorizationHeader(HttpAuth auth, const QString &username, const QString &secret)
{
    switch (auth) {
    case HttpAuth::None:
        return {};
    case HttpAuth::Bearer:
        return QStringLiteral("Bearer ") + secret;
    case HttpAuth::Basic:
        return QStringLiteral("Basic ") +
               QString::fromLatin1((username + QLatin1Char(':') + secret).toUtf8().toBase64());
    }
    return {};
}

QString AlertmanagerSettings::secretKey() const
{
    return alertmanagerSecretKey(url);
}

QString prometheusSecretKey(const QUrl &url)
{
    return QStringLiteral("prometheus/") + url.toString(QUrl::StripTrailingSlash);
}

QString alertmanagerSecretKey(const QUrl &url)
{
    return QStringLiteral("alertmanager/") + url.toString(QUrl::StripTrailingSlash);
}

QString gitSecretKey(const QString &remoteUrl)
{
    return QStringLiteral("git/") + remoteUrl;
}

QStringList queryTemplateNames()
{
    QStringList names;
    for (const auto &t : kTemplates)
        names << QString::fromLatin1(t.name);
    return names;
}

QString defaultQueryTemplate(const QString &name)
{
    for (const auto &t : kTemplates) {
        if (name == QLatin1String(t.name))
            return QString::fromLatin1(t.query);
    }
    return {};
}

QString storedQueryTemplate(const QString &name)
{
    const QString stored = QSettings().value(key::queryPrefix + name).toString().trimmed();
    return stored.isEmpty() ? defaultQueryTemplate(name) : stored;
}

QString severityMapText(const QHash<QString, Priority> &map)
{
    QStringList severities = map.keys();
    // Most urgent first, then by name: the order people write the map in.
    std::sort(severities.begin(), severities.end(), [&map](const QString &a, const QString &b) {
        return map.value(a) != map.value(b) ? map.value(a) < map.value(b) : a < b;
    });
    QStringList parts;
    for (const QString &severity : std::as_const(severities))
        parts << severity + QLatin1Char('=') + priorityName(map.value(severity));
    return parts.join(QStringLiteral(", "));
}

Result<QHash<QString, Priority>> parseSeverityMap(const QString &text)
{
    QHash<QString, Priority> map;
    const QStringList entries = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &raw : entries) {
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            continue;
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        const QString severity = entry.left(eq).trimmed().toLower();
        const auto priority = eq < 0 ? std::nullopt : priorityFromName(entry.mid(eq + 1).trimmed());
        if (severity.isEmpty() || !priority)
            return Error{QStringLiteral("\"%1\" is not severity=P0, P1 or P2").arg(entry)};
        map.insert(severity, *priority);
    }
    return map;
}

AppSettings AppSettings::load()
{
    const QSettings settings;
    AppSettings s;
    s.prometheus.url = urlSetting(settings, key::promUrl);
    s.prometheus.auth =
            toPrometheusAuth(httpAuthFromName(settings.value(key::promAuth).toString()));
    s.prometheus.username = settings.value(key::promUser).toString();
    s.prometheus.caFile = settings.value(key::promCa).toString();
    s.prometheus.timeoutMs = positiveInt(settings, key::promTimeout, 15000);
    s.prometheus.secretKey =
            s.prometheus.url.isEmpty() ? QString() : prometheusSecretKey(s.prometheus.url);
    for (const QString &name : queryTemplateNames()) {
        const QString query = settings.value(key::queryPrefix + name).toString().trimmed();
        if (!query.isEmpty() && query != defaultQueryTemplate(name))
            s.queryTemplates.insert(name, query);
    }

    AlertmanagerSettings &am = s.alertmanager;
    am.url = urlSetting(settings, key::amUrl);
    am.auth = httpAuthFromName(settings.value(key::amAuth).toString());
    am.username = settings.value(key::amUser).toString();
    am.caFile = settings.value(key::amCa).toString();
    am.timeoutMs = positiveInt(settings, key::amTimeout, 10000);
    if (settings.contains(key::amSeverity)) {
        // A broken value (edited by hand) keeps the defaults rather than mapping nothing.
        if (auto map = parseSeverityMap(settings.value(key::amSeverity).toString()); map.ok())
            am.rules.severityPriority = map.value();
    }
    if (const auto unmapped = priorityFromName(settings.value(key::amUnmapped).toString()))
        am.rules.unmappedPriority = *unmapped;

    s.git.authorName = settings.value(key::gitAuthorName).toString();
    s.git.authorEmail = settings.value(key::gitAuthorEmail).toString();
    s.git.httpsUser = settings.value(key::gitHttpsUser).toString();
    s.git.sshKeyFile = settings.value(key::gitSshKey).toString();
    s.git.caFile = settings.value(key::gitCa).toString();
    return s;
}

void AppSettings::save() const
{
    QSettings settings;
    setOrRemove(settings, key::promUrl, urlText(prometheus.url));
    settings.setValue(key::promAuth, httpAuthName(fromPrometheusAuth(prometheus.auth)));
    setOrRemove(settings, key::promUser, prometheus.username);
    setOrRemove(settings, key::promCa, prometheus.caFile);
    settings.setValue(key::promTimeout, prometheus.timeoutMs);
    for (const QString &name : queryTemplateNames()) {
        const QString query = queryTemplates.value(name).trimmed();
        setOrRemove(settings, key::queryPrefix + name,
                    query == defaultQueryTemplate(name) ? QString() : query);
    }

    setOrRemove(settings, key::amUrl, urlText(alertmanager.url));
    settings.setValue(key::amAuth, httpAuthName(alertmanager.auth));
    setOrRemove(settings, key::amUser, alertmanager.username);
    setOrRemove(settings, key::amCa, alertmanager.caFile);
    settings.setValue(key::amTimeout, alertmanager.timeoutMs);
    settings.setValue(key::amSeverity, severityMapText(alertmanager.rules.severityPriority));
    settings.setValue(key::amUnmapped, priorityName(alertmanager.rules.unmappedPriority));

    setOrRemove(settings, key::gitAuthorName, git.authorName.trimmed());
    setOrRemove(settings, key::gitAuthorEmail, git.authorEmail.trimmed());
    setOrRemove(settings, key::gitHttpsUser, git.httpsUser.trimmed());
    setOrRemove(settings, key::gitSshKey, git.sshKeyFile.trimmed());
    setOrRemove(settings, key::gitCa, git.caFile.trimmed());
}

} // namespace qd
