#include "models/BusinessCalendar.h"

#include <QHash>
#include <QMutex>

#include <algorithm>

namespace qd {

namespace {

// Ten years of days: far beyond any response-SLA, and a bound for calendars that are all holiday.
constexpr int kMaxDaysScanned = 3660;

std::optional<int> weekdayFromName(const QString &name)
{
    static const char *const kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const QString n = name.trimmed().toLower();
    if (n.size() < 3)
        return std::nullopt;
    for (int i = 0; i < 7; ++i) {
        const QLatin1String prefix(kNames[i]);
        if (n.startsWith(prefix))
            return i + 1; // Qt::Monday == 1
    }
    return std::nullopt;
}

std::optional<QTime> parseHour(const QString &text, bool allowMidnightEnd, bool *isEndOfDay)
{
    *isEndOfDay = false;
    if (allowMidnightEnd && text == QLatin1String("24:00")) {
        *isEndOfDay = true;
        return QTime();
    }
    const QTime time = QTime::fromString(text, QStringLiteral("HH:mm"));
    if (!time.isValid())
        return std::nullopt;
    return time;
}

} // namespace

struct BusinessClock::DayCache
{
    QMutex mutex;
    QHash<qint64, Day> days; // by Julian day
};

BusinessClock::BusinessClock()
    : m_zone(QTimeZone::utc())
    , m_start(9, 0)
    , m_end(17, 0)
    , m_workdays{Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday}
    , m_cache(std::make_shared<DayCache>())
{}

Result<BusinessClock> BusinessClock::fromCalendar(const BusinessCalendar &calendar)
{
    BusinessClock clock;
    const QString zoneId = calendar.timezone.trimmed();
    if (!zoneId.isEmpty()) {
        clock.m_zone = QTimeZone(zoneId.toUtf8());
        if (!clock.m_zone.isValid())
            return Error{QStringLiteral("unknown time zone '%1'").arg(calendar.timezone)};
    }

    const QStringList hours = calendar.businessHours.trimmed().split(QLatin1Char('-'));
    bool startIsEndOfDay = false;
    bool endIsEndOfDay = false;
    const auto start = hours.size() == 2 ? parseHour(hours[0].trimmed(), false, &startIsEndOfDay)
                                         : std::nullopt;
    const auto end = hours.size() == 2 ? parseHour(hours[1].trimmed(), true, &endIsEndOfDay)
                                       : std::nullopt;
    if (!start || !end || (!endIsEndOfDay && *end <= *start)) {
        return Error{QStringLiteral("business hours '%1' are not HH:MM-HH:MM with the start "
                                    "before the end")
                             .arg(calendar.businessHours)};
    }
    clock.m_start = *start;
    clock.m_end = *end;

    clock.m_workdays.clear();
    for (const QString &weekday : calendar.workdays) {
        const auto number = weekdayFromName(weekday);
        if (!number)
            return Error{QStringLiteral("unknown workday '%1'").arg(weekday)};
        clock.m_workdays.insert(*number);
    }
    if (clock.m_workdays.isEmpty())
        return Error{QStringLiteral("the calendar has no workday")};

    for (const QDate &holiday : calendar.holidays)
        clock.m_holidays.insert(holiday);
    return clock;
}

qint64 BusinessClock::businessDaySeconds() const
{
    const int startSecs = m_start.msecsSinceStartOfDay() / 1000;
    const int endSecs = m_end.isValid() ? m_end.msecsSinceStartOfDay() / 1000 : 24 * 3600;
    return endSecs - startSecs;
}

bool BusinessClock::isBusinessDay(const QDate &localDate) const
{
    return m_workdays.contains(localDate.dayOfWeek()) && !m_holidays.contains(localDate);
}

BusinessClock::Day BusinessClock::day(qint64 julianDay) const
{
    {
        QMutexLocker lock(&m_cache->mutex);
        const auto it = m_cache->days.constFind(julianDay);
        if (it != m_cache->days.cend())
            return *it;
    }
    const QDate date = QDate::fromJulianDay(julianDay);
    Day d;
    d.midnight = QDateTime(date, QTime(0, 0), m_zone).toMSecsSinceEpoch();
    d.start = QDateTime(date, m_start, m_zone).toMSecsSinceEpoch();
    d.end = m_end.isValid() ? QDateTime(date, m_end, m_zone).toMSecsSinceEpoch()
                            : QDateTime(date.addDays(1), QTime(0, 0), m_zone).toMSecsSinceEpoch();
    QMutexLocker lock(&m_cache->mutex);
    if (m_cache->days.size() > 100000) // years of dates: start over rather than grow forever
        m_cache->days.clear();
    m_cache->days.insert(julianDay, d);
    return d;
}

qint64 BusinessClock::localJulianDay(qint64 msecs) const
{
    constexpr qint64 kMsecsPerDay = 86400000;
    constexpr qint64 kUnixEpochJulianDay = 2440588;
    const qint64 utcDay = (msecs >= 0 ? msecs : msecs - kMsecsPerDay + 1) / kMsecsPerDay
                          + kUnixEpochJulianDay;
    // Offsets are within a day of UTC, so the local date is the UTC date or a neighbour.
    for (qint64 candidate = utcDay - 1; candidate <= utcDay + 1; ++candidate) {
        if (day(candidate).midnight <= msecs && msecs < day(candidate + 1).midnight)
            return candidate;
    }
    return utcDay;
}

qint64 BusinessClock::businessSecondsBetween(const QDateTime &from, const QDateTime &to) const
{
    if (!from.isValid() || !to.isValid() || to <= from)
        return 0;
    const qint64 f = from.toMSecsSinceEpoch();
    const qint64 t = to.toMSecsSinceEpoch();
    const qint64 last = localJulianDay(t);
    qint64 totalMsecs = 0;
    for (qint64 jd = localJulianDay(f); jd <= last; ++jd) {
        if (!isBusinessDay(QDate::fromJulianDay(jd)))
            continue;
        const Day d = day(jd);
        const qint64 start = std::max(d.start, f);
        const qint64 end = std::min(d.end, t);
        if (start < end)
            totalMsecs += end - start;
    }
    return totalMsecs / 1000;
}

QDateTime BusinessClock::addBusinessSeconds(const QDateTime &from, qint64 seconds) const
{
    if (!from.isValid())
        return {};
    const qint64 f = from.toMSecsSinceEpoch();
    if (seconds <= 0)
        return QDateTime::fromMSecsSinceEpoch(f, QTimeZone::utc());
    qint64 remaining = seconds * 1000;
    qint64 jd = localJulianDay(f);
    for (int i = 0; i < kMaxDaysScanned; ++i, ++jd) {
        if (!isBusinessDay(QDate::fromJulianDay(jd)))
            continue;
        const Day d = day(jd);
        const qint64 start = std::max(d.start, f);
        if (start >= d.end)
            continue;
        const qint64 available = d.end - start;
        if (remaining <= available)
            return QDateTime::fromMSecsSinceEpoch(start + remaining, QTimeZone::utc());
        remaining -= available;
    }
    return {};
}

qint64 BusinessClock::allowedSeconds(Priority priority) const
{
    switch (priority) {
    case Priority::P0:
        return 3600;
    case Priority::P1:
        return businessDaySeconds();
    case Priority::P2:
        break;
    }
    return 4 * businessDaySeconds();
}

QDateTime BusinessClock::responseDue(const QDateTime &opened, Priority priority) const
{
    if (!opened.isValid())
        return {};
    if (priority == Priority::P0) // around the clock
        return opened.toUTC().addSecs(allowedSeconds(priority));
    return addBusinessSeconds(opened, allowedSeconds(priority));
}

} // namespace qd
