#pragma once

#include <QString>

#include <optional>

namespace qd {

// Response priority of an incident (DESIGN.md): P0 = 1 hour around the clock, P1 = 1 business
// day, P2 = 4 business days.
enum class Priority { P0, P1, P2 };

QString priorityName(Priority priority); // "P0", "P1", "P2"
std::optional<Priority> priorityFromName(const QString &name); // "P0"/"p0"/"P-0"

} // namespace qd
