#include "models/Priority.h"

namespace qd {

QString priorityName(Priority priority)
{
    switch (priority) {
    case Priority::P0:
        return QStringLiteral("P0");
    case Priority::P1:
        return QStringLiteral("P1");
    case Priority::P2:
        break;
    }
    return QStringLiteral("P2");
}

std::optional<Priority> priorityFromName(const QString &name)
{
    QString n = name.trimmed().toUpper();
    n.remove(QLatin1Char('-'));
    if (n == QLatin1String("P0"))
        return Priority::P0;
    if (n == QLatin1String("P1"))
        return Priority::P1;
    if (n == QLatin1String("P2"))
        return Priority::P2;
    return std::nullopt;
}

} // namespace qd
