#include "models/ChangeRequest.h"

#include "models/Fleet.h"

#include <QRegularExpression>

namespace qd {

QString
composeCommitMessage(const QString &subject, const QString &body, const QList<Trailer> &trailers)
{
    QString message = subject.trimmed() + QLatin1Char('\n');
    if (!body.trimmed().isEmpty())
        message += QLatin1Char('\n') + body.trimmed() + QLatin1Char('\n');
    if (!trailers.isEmpty()) {
        message += QLatin1Char('\n');
        for (const Trailer &trailer : trailers)
            message += trailer.key + QLatin1String(": ") + trailer.value + QLatin1Char('\n');
    }
    return message;
}

QList<Trailer> changeTrailers(const QList<ValueEdit> &edits,
                              const QList<FileText> &files,
                              const QString &changeRequestId)
{
    QStringList customers;
    QStringList zones;
    const auto note = [&](const QString &customer, const QString &zone) {
        if (!customer.isEmpty() && !customers.contains(customer))
            customers.append(customer);
        if (!zone.isEmpty() && !zones.contains(zone))
            zones.append(zone);
    };
    for (const ValueEdit &edit : edits)
        note(edit.customer, zoneKindName(edit.zone));
    for (const FileText &file : files) {
        // Overlays live at customers/<id>/<zone>/...; other files name no customer.
        const QStringList parts = file.relativePath.split(QLatin1Char('/'));
        if (parts.size() >= 3 && parts.at(0) == QLatin1String("customers"))
            note(parts.at(1), zoneKindFromName(parts.at(2)) ? parts.at(2) : QString());
    }
    QList<Trailer> trailers;
    for (const QString &customer : customers)
        trailers.append({QStringLiteral("Customer"), customer});
    for (const QString &zone : zones)
        trailers.append({QStringLiteral("Zone"), zone});
    if (!changeRequestId.trimmed().isEmpty())
        trailers.append({QStringLiteral("Change-Request"), changeRequestId.trimmed()});
    return trailers;
}

namespace {

QString refSafe(const QString &part)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._/-]+"));
    static const QRegularExpression dots(QStringLiteral("\\.\\.+"));
    static const QRegularExpression slashes(QStringLiteral("/{2,}"));
    QString safe = part.trimmed();
    safe.replace(unsafe, QStringLiteral("-"));
    safe.replace(dots, QStringLiteral("."));
    safe.replace(slashes, QStringLiteral("/"));
    while (safe.startsWith(QLatin1Char('/')) || safe.startsWith(QLatin1Char('.')) ||
           safe.startsWith(QLatin1Char('-')))
        safe.remove(0, 1);
    for (bool trimmed = true; trimmed;) {
        trimmed = false;
        if (safe.endsWith(QLatin1String(".lock"))) {
            safe.chop(5);
            trimmed = true;
        }
        while (safe.endsWith(QLatin1Char('/')) || safe.endsWith(QLatin1Char('.')) ||
               safe.endsWith(QLatin1Char('-'))) {
            safe.chop(1);
            trimmed = true;
        }
    }
    return safe;
}

} // namespace

QString reviewBranchName(const QString &user, const QString &topic)
{
    if (topic.startsWith(QLatin1String("quarterdeck/")))
        return refSafe(topic);
    QString who = refSafe(user).replace(QLatin1Char('/'), QLatin1Char('-'));
    if (who.isEmpty())
        who = QStringLiteral("user");
    QString what = refSafe(topic);
    if (what.isEmpty())
        what = QStringLiteral("change");
    return QStringLiteral("quarterdeck/%1/%2").arg(who, what);
}

bool isValidBranchName(const QString &name)
{
    return !name.isEmpty() && refSafe(name) == name && !name.contains(QLatin1String("/.")) &&
           !name.contains(QLatin1String("@{"));
}

QString pushResultText(PushResult result)
{
    switch (result) {
    case PushResult::Pushed:
        return QStringLiteral("pushed");
    case PushResult::NotAttempted:
        return QStringLiteral("not pushed");
    case PushResult::RefusedByServer:
        return QStringLiteral("refused by the server");
    case PushResult::Conflict:
        return QStringLiteral("conflict with the remote");
    case PushResult::NetworkFailure:
        return QStringLiteral("network failure");
    case PushResult::AuthenticationFailed:
        return QStringLiteral("authentication failed");
    case PushResult::HostKeyRejected:
        return QStringLiteral("host key or certificate not accepted");
    case PushResult::Cancelled:
        return QStringLiteral("cancelled");
    case PushResult::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

} // namespace qd
