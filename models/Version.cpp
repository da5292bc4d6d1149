#include "Version.h"

#include <QRegularExpression>

namespace qd {

namespace {

// Pre-release labels compare run by run, digits as numbers: "rc2" < "rc10".
std::strong_ordering naturalCompare(const QString &a, const QString &b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a.at(i).isDigit() && b.at(j).isDigit()) {
            qsizetype endA = i;
            qsizetype endB = j;
            while (endA < a.size() && a.at(endA).isDigit())
                ++endA;
            while (endB < b.size() && b.at(endB).isDigit())
                ++endB;
            const auto c = a.mid(i, endA - i).toULongLong() <=> b.mid(j, endB - j).toULongLong();
            if (c != 0)
                return c;
            i = endA;
            j = endB;
            continue;
        }
        if (const auto c = a.at(i).unicode() <=> b.at(j).unicode(); c != 0)
            return c;
        ++i;
        ++j;
    }
    return (a.size() - i) <=> (b.size() - j);
}

} // namespace

Version Version::parse(const QString &text)
{
    static const QRegularExpression pattern(
            QStringLiteral(R"(^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$)"));
    Version version;
    version.m_text = text;
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return version;
    version.m_major = match.captured(1).toInt();
    version.m_minor = match.captured(2).toInt();
    version.m_patch = match.captured(3).toInt();
    version.m_preRelease = match.captured(4);
    version.m_valid = true;
    return version;
}

std::strong_ordering operator<=>(const Version &a, const Version &b)
{
    if (!a.m_valid || !b.m_valid) {
        if (a.m_valid != b.m_valid)
            return a.m_valid ? std::strong_ordering::greater : std::strong_ordering::less;
        return a.m_text.compare(b.m_text) <=> 0;
    }
    if (auto c = a.m_major <=> b.m_major; c != 0)
        return c;
    if (auto c = a.m_minor <=> b.m_minor; c != 0)
        return c;
    if (auto c = a.m_patch <=> b.m_patch; c != 0)
        return c;
    if (a.m_preRelease.isEmpty() || b.m_preRelease.isEmpty())
        return a.m_preRelease.isEmpty() <=> b.m_preRelease.isEmpty();
    return naturalCompare(a.m_preRelease, b.m_preRelease);
}

} // namespace qd
