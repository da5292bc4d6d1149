#include "Fleet.h"

#include "Version.h"

namespace qd {

QString zoneKindName(ZoneKind kind)
{
    return kind == ZoneKind::Red ? QStringLiteral("red") : QStringLiteral("green");
}

std::optional<ZoneKind> zoneKindFromName(const QString &name)
{
    if (name == QLatin1String("red"))
        return ZoneKind::Red;
    if (name == QLatin1String("green"))
        return ZoneKind::Green;
    return std::nullopt;
}

const Zone *Customer::zone(ZoneKind kind) const
{
    const auto &z = kind == ZoneKind::Red ? red : green;
    return z ? &*z : nullptr;
}

UpgradeState Customer::upgradeState() const
{
    if (!red || !green || red->resolution.version.isEmpty() || green->resolution.version.isEmpty())
        return UpgradeState::Unknown;
    const auto redVersion = Version::parse(red->resolution.version);
    const auto greenVersion = Version::parse(green->resolution.version);
    if (redVersion == greenVersion)
        return UpgradeState::InSync;
    return redVersion > greenVersion ? UpgradeState::RedAhead : UpgradeState::GreenAhead;
}

const Customer *FleetSnapshot::customer(const QString &id) const
{
    for (const auto &c : customers) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

} // namespace qd
