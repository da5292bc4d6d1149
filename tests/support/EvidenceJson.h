#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace qd::test {

// The `{"id", "passed", "evidence"}` lists of the CLI's JSON (promote's rules, verify's checks).

// The entry with this id, empty when there is none.
QJsonObject entryWithId(const QJsonArray &entries, const QString &id);
// The ids of the entries that did not pass, in their order.
QStringList failedIds(const QJsonArray &entries);
// ISO-8601 UTC with a "Z", as the CLI prints times.
QString isoUtc(qint64 epochSeconds);

} // namespace qd::test
