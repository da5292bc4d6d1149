#include "models/SourceState.h"

namespace qd {

QString SourceState::text() const
{
    switch (health) {
    case SourceHealth::Unknown: return name + QStringLiteral(" connecting");
    case SourceHealth::Ok: return name + QStringLiteral(" ok");
    case SourceHealth::Offline: return name + QStringLiteral(" offline (local data)");
    case SourceHealth::Stale:
        return QStringLiteral("%1 stale since %2: %3")
                .arg(name, staleSince.toUTC().toString(Qt::ISODate), reason);
    }
    return name;
}

} // namespace qd
