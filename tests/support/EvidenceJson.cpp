#include "support/EvidenceJson.h"

#include <QDateTime>

namespace qd::test {

QJsonObject entryWithId(const QJsonArray &entries, const QString &id)
{
    for (const QJsonValue &entry : entries) {
        if (entry[QStringLiteral("id")].toString() == id)
            return entry.toObject();
    }
    return {};
}

QStringList failedIds(const QJsonArray &entries)
{
    QStringList failed;
    for (const QJsonValue &entry : entries) {
        if (!entry[QStringLiteral("passed")].toBool())
            failed.append(entry[QStringLiteral("id")].toString());
    }
    return failed;
}

QString isoUtc(qint64 epochSeconds)
{
    return QDateTime::fromSecsSinceEpoch(epochSeconds, Qt::UTC).toString(Qt::ISODate);
}

} // namespace qd::test
