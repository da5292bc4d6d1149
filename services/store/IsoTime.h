#pragma once

// ISO-8601 times as support portals export them, read from UTF-8 bytes without allocating.
#include <QByteArrayView>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace qd::csv {

// Reads `count` digits at `pos`; -1 when they are not all digits.
inline int digits(QByteArrayView t, qsizetype pos, int count)
{
    if (pos + count > t.size())
        return -1;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char c = t[pos + i];
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

// The common export shape, YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM], read by hand:
// QDateTime::fromString is the slowest step of a large import.
inline std::optional<qint64> parseIsoFast(QByteArrayView t)
{
    const int y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2);
    if (y < 0 || mo < 0 || d < 0 || t.size() < 16 || t[4] != '-' || t[7] != '-'
        || (t[10] != 'T' && t[10] != ' ') || t[13] != ':')
        return std::nullopt;
    const int h = digits(t, 11, 2), mi = digits(t, 14, 2);
    if (h < 0 || mi < 0 || h > 23 || mi > 59 || !QDate::isValid(y, mo, d))
        return std::nullopt;
    qsizetype pos = 16;
    int sec = 0;
    int msec = 0;
    if (pos < t.size() && t[pos] == ':') {
        sec = digits(t, pos + 1, 2);
        if (sec < 0 || sec > 59)
            return std::nullopt;
        pos += 3;
        if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
            ++pos;
            int scale = 100;
            const qsizetype first = pos;
            while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
                msec += (t[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == first)
                return std::nullopt;
        }
    }
    int offsetSecs = 0;
    if (pos < t.size()) {
        if (t[pos] == 'Z' && pos + 1 == t.size()) {
            ++pos;
        } else if (t[pos] == '+' || t[pos] == '-') {
            const int sign = t[pos] == '-' ? -1 : 1;
            const int oh = digits(t, pos + 1, 2);
            qsizetype next = pos + 3;
            if (next < t.size() && t[next] == ':')
                ++next;
            const int om = next < t.size() ? digits(t, next, 2) : 0;
            if (oh < 0 || om < 0 || oh > 23 || om > 59)
                return std::nullopt;
            pos = next < t.size() ? next + 2 : next;
            offsetSecs = sign * (oh * 3600 + om * 60);
        }
        if (pos != t.size())
            return std::nullopt;
    }
    const qint64 days = QDate(y, mo, d).toJulianDay() - 2440588;
    return days * 86400000 + (h * 3600 + mi * 60 + sec - offsetSecs) * qint64(1000) + msec;
}

// ISO-8601 (text already trimmed); without an offset the time is UTC (portals export UTC).
inline std::optional<qint64> parseIsoSlow(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime)
        t = QDateTime(t.date(), t.time(), QTimeZone::utc());
    return t.toMSecsSinceEpoch();
}

} // namespace qd::csv
