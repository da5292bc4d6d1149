#include "Diagnostic.h"

#include <algorithm>
#include <tuple>

namespace qd {

QString Diagnostic::toString() const
{
    if (!location.isValid())
        return message;
    if (location.line <= 0)
        return QStringLiteral("%1: %2").arg(location.file, message);
    return QStringLiteral("%1:%2:%3: %4")
            .arg(location.file)
            .arg(location.line)
            .arg(std::max(location.column, 1))
            .arg(message);
}

void sortDiagnostics(Diagnostics &diagnostics)
{
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const auto &a, const auto &b) {
        return std::tie(a.location.file, a.location.line, a.location.column)
               < std::tie(b.location.file, b.location.line, b.location.column);
    });
}

} // namespace qd
