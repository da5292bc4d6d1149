#include "models/PromotionPolicy.h"

#include <QRegularExpression>

namespace qd {

std::optional<std::chrono::seconds> parsePolicyDuration(const QString &text)
{
    static const QRegularExpression pattern(
            QStringLiteral(R"(^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$)"));
    const QString trimmed = text.trimmed();
    const auto match = pattern.match(trimmed);
    if (trimmed.isEmpty() || !match.hasMatch())
        return std::nullopt;
    constexpr qint64 kUnits[] = {86400, 3600, 60, 1};
    qint64 seconds = 0;
    for (int group = 1; group <= 4; ++group) {
        if (match.captured(group).isEmpty())
            continue;
        bool ok = false;
        const qint64 count = match.captured(group).toLongLong(&ok);
        if (!ok || count > 100000) // no policy waits for centuries; also keeps the sum in range
            return std::nullopt;
        seconds += count * kUnits[group - 1];
    }
    return std::chrono::seconds(seconds);
}

} // namespace qd
