#pragma once

#include "models/Fleet.h"
#include "models/Priority.h"
#include "models/Result.h"

#include <QDateTime>
#include <QSet>
#include <QTime>
#include <QTimeZone>

#include <memory>

namespace qd {

// The response-SLA clock of one customer, compiled from the BusinessCalendar in fleet.yaml.
// The clock runs only inside business hours, on workdays that are not holidays, on the wall
// clock of the customer's time zone: a day's window is [date start, date end) in that zone,
// converted to UTC, so daylight-saving changes move it as the customer's office sees it.
// Every QDateTime given may be in any time spec; results are in UTC.
class BusinessClock
{
public:
    // UTC, 09:00-17:00, Monday to Friday, no holidays.
    BusinessClock();

    // Fails with a message naming the bad part (unknown time zone, hours not "HH:MM-HH:MM"
    // with start before end, unknown weekday, no workday at all). "24:00" ends at midnight.
    static Result<BusinessClock> fromCalendar(const BusinessCalendar &calendar);

    QTimeZone timeZone() const { return m_zone; }

    // The length of one business day: end - start of the business hours, in seconds.
    qint64 businessDaySeconds() const;

    bool isBusinessDay(const QDate &localDate) const;

    // Seconds of business time in [from, to); 0 when to <= from.
    qint64 businessSecondsBetween(const QDateTime &from, const QDateTime &to) const;

    // The instant at which `seconds` of business time have run from `from`. When it lands exactly
    // at the end of a day's window, that end is returned (not the next day's start).
    QDateTime addBusinessSeconds(const QDateTime &from, qint64 seconds) const;

    // P0: opened + 1 hour around the clock; P1: + 1 business day; P2: + 4 business days.
    QDateTime responseDue(const QDateTime &opened, Priority priority) const;

    // Response time in seconds that the priority allows (P0 wall-clock, else business time).
    qint64 allowedSeconds(Priority priority) const;

private:
    // One local date's boundaries, in milliseconds since the epoch (UTC).
    struct Day
    {
        qint64 midnight = 0; // local 00:00 of the date
        qint64 start = 0;    // business hours begin
        qint64 end = 0;      // business hours end
    };
    // Time-zone conversions are the costly part (an import computes 100,000 due times), so each
    // date is converted once; copies of a clock share the cache, which is thread-safe.
    struct DayCache;
    Day day(qint64 julianDay) const;
    qint64 localJulianDay(qint64 msecs) const;

    QTimeZone m_zone;
    QTime m_start;
    QTime m_end;            // invalid means midnight at the end of the day ("24:00")
    QSet<int> m_workdays;   // Qt::DayOfWeek values
    QSet<QDate> m_holidays; // local dates
    std::shared_ptr<DayCache> m_cache;
};

} // namespace qd
