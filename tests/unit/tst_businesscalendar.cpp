// The response-SLA clock against due times worked out by hand. Times are written with the
// customer's UTC offset at that instant, so each row also pins the daylight-saving offset.
#include "models/BusinessCalendar.h"

#include <QTest>

using namespace qd;

namespace {

QDateTime at(const char *iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    Q_ASSERT(t.isValid());
    return t;
}

BusinessCalendar calendar(const QString &zone, const QString &hours = "09:00-17:00",
                          const QList<QDate> &holidays = {})
{
    BusinessCalendar c;
    c.timezone = zone;
    c.businessHours = hours;
    c.holidays = holidays;
    return c;
}

} // namespace

class TestBusinessCalendar : public QObject
{
    Q_OBJECT
private slots:
    void responseDue_data();
    void responseDue();
    void businessSecondsBetween_data();
    void businessSecondsBetween();
    void rejectsBadCalendars_data();
    void rejectsBadCalendars();
};

void TestBusinessCalendar::responseDue_data()
{
    QTest::addColumn<BusinessCalendar>("cal");
    QTest::addColumn<QDateTime>("opened");
    QTest::addColumn<Priority>("priority");
    QTest::addColumn<QDateTime>("due");

    const QString ny = "America/New_York";
    const QString berlin = "Europe/Berlin";
    const QString tokyo = "Asia/Tokyo";
    const QString sydney = "Australia/Sydney";

    // 1 business day = 8 h. Fri 16-17 = 1 h, Mon 09-16 = 7 h.
    QTest::newRow("P1 Friday 16:00 -> Monday 16:00")
            << calendar(ny) << at("2026-11-20T16:00:00-05:00") << Priority::P1
            << at("2026-11-23T16:00:00-05:00");
    // Saturday: the clock waits for Monday 09:00, then runs 8 h.
    QTest::newRow("P1 opened Saturday -> Monday 17:00")
            << calendar(ny) << at("2026-11-21T10:00:00-05:00") << Priority::P1
            << at("2026-11-23T17:00:00-05:00");
    // Before hours: starts at 09:00 the same day.
    QTest::newRow("P1 opened Tuesday 07:00 -> Tuesday 17:00")
            << calendar(ny) << at("2026-11-24T07:00:00-05:00") << Priority::P1
            << at("2026-11-24T17:00:00-05:00");
    // After hours: starts at 09:00 the next day.
    QTest::newRow("P1 opened Tuesday 17:00 -> Wednesday 17:00")
            << calendar(ny) << at("2026-11-24T17:00:00-05:00") << Priority::P1
            << at("2026-11-25T17:00:00-05:00");
    // Landing exactly on the end of the window stays that day.
    QTest::newRow("P1 opened Tuesday 09:00 -> Tuesday 17:00")
            << calendar(ny) << at("2026-11-24T09:00:00-05:00") << Priority::P1
            << at("2026-11-24T17:00:00-05:00");
    // Wed 15-17 = 2 h, Thu 26 is Thanksgiving (holiday), Fri 09-15 = 6 h.
    QTest::newRow("P1 across a holiday")
            << calendar(ny, "09:00-17:00", {QDate(2026, 11, 26)})
            << at("2026-11-25T15:00:00-05:00") << Priority::P1 << at("2026-11-27T15:00:00-05:00");
    // US DST starts Sun 2026-03-08: Fri 1 h (EST), Mon 7 h (EDT). UTC span is 71 h, not 72.
    QTest::newRow("P1 New York across US DST start")
            << calendar(ny) << at("2026-03-06T16:00:00-05:00") << Priority::P1
            << at("2026-03-09T16:00:00-04:00");
    // US DST ends Sun 2026-11-01. P2 = 32 h: Fri 12-17 = 5, Mon 8 (13), Tue 8 (21), Wed 8 (29),
    // Thu 09-12 = 3 (32).
    QTest::newRow("P2 New York across US DST end")
            << calendar(ny) << at("2026-10-30T12:00:00-04:00") << Priority::P2
            << at("2026-11-05T12:00:00-05:00");
    // EU DST starts Sun 2026-03-29: Fri 13:30-17 = 3.5 h (CET), Mon 09-13:30 = 4.5 h (CEST).
    QTest::newRow("P1 Berlin across EU DST start")
            << calendar(berlin) << at("2026-03-27T13:30:00+01:00") << Priority::P1
            << at("2026-03-30T13:30:00+02:00");
    // EU DST ends Sun 2026-10-25: Fri 1 h (CEST), Mon 7 h (CET).
    QTest::newRow("P1 Berlin across EU DST end")
            << calendar(berlin) << at("2026-10-23T16:00:00+02:00") << Priority::P1
            << at("2026-10-26T16:00:00+01:00");
    // Tokyo has no DST. Opened Mon 18:00 after hours -> Tue 09-17.
    QTest::newRow("P1 Tokyo after hours")
            << calendar(tokyo) << at("2026-06-01T18:00:00+09:00") << Priority::P1
            << at("2026-06-02T17:00:00+09:00");
    // 10:00-18:30 = 8.5 h a day. Thu 15:00-18:30 = 3.5 h, Fri 10:00-15:00 = 5 h.
    QTest::newRow("P1 Tokyo with 8.5 h days")
            << calendar(tokyo, "10:00-18:30") << at("2026-06-04T15:00:00+09:00") << Priority::P1
            << at("2026-06-05T15:00:00+09:00");
    // Sydney DST starts Sun 2026-10-04: Fri 10-17 = 7 h (AEST +10), Mon 09-10 = 1 h (AEDT +11).
    QTest::newRow("P1 Sydney across southern DST start")
            << calendar(sydney) << at("2026-10-02T10:00:00+10:00") << Priority::P1
            << at("2026-10-05T10:00:00+11:00");
    // P2 = 32 h: Mon 11-17 = 6, Tue 8 (14), Wed 8 (22), Thu 8 (30), Fri 25 Christmas holiday,
    // weekend, Mon 28 09-11 = 2 (32).
    QTest::newRow("P2 over a week with a holiday")
            << calendar(ny, "09:00-17:00", {QDate(2026, 12, 25)})
            << at("2026-12-21T11:00:00-05:00") << Priority::P2 << at("2026-12-28T11:00:00-05:00");
    // P0 runs around the clock: Saturday night, no business hours involved.
    QTest::newRow("P0 Saturday night")
            << calendar(ny) << at("2026-11-21T23:30:00-05:00") << Priority::P0
            << at("2026-11-22T00:30:00-05:00");
    // P0 is one real hour even across the 02:00 -> 03:00 jump: 01:30 EST + 1 h = 03:30 EDT.
    QTest::newRow("P0 across the DST jump")
            << calendar(ny) << at("2026-03-08T01:30:00-05:00") << Priority::P0
            << at("2026-03-08T03:30:00-04:00");
    // 24-hour days: a business day is 24 h of a workday. Fri 20:00 + 24 h = 4 h Fri, 20 h Mon.
    QTest::newRow("P1 with 00:00-24:00 hours")
            << calendar(tokyo, "00:00-24:00") << at("2026-06-05T20:00:00+09:00") << Priority::P1
            << at("2026-06-08T20:00:00+09:00");
}

void TestBusinessCalendar::responseDue()
{
    QFETCH(BusinessCalendar, cal);
    QFETCH(QDateTime, opened);
    QFETCH(Priority, priority);
    QFETCH(QDateTime, due);

    const auto clock = BusinessClock::fromCalendar(cal);
    QVERIFY2(clock.ok(), qPrintable(clock.errorMessage()));
    const QDateTime actual = clock->responseDue(opened, priority);
    QCOMPARE(actual.toUTC(), due.toUTC());
    // The clock agrees with itself: the business time between opened and due is what the
    // priority allows (P0 is wall-clock time).
    if (priority != Priority::P0)
        QCOMPARE(clock->businessSecondsBetween(opened, actual), clock->allowedSeconds(priority));
    else
        QCOMPARE(opened.secsTo(actual), 3600);
}

void TestBusinessCalendar::businessSecondsBetween_data()
{
    QTest::addColumn<BusinessCalendar>("cal");
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<QDateTime>("to");
    QTest::addColumn<qint64>("seconds");

    const auto ny = calendar("America/New_York");
    QTest::newRow("weekend only") << ny << at("2026-11-21T08:00:00-05:00")
                                  << at("2026-11-22T20:00:00-05:00") << qint64(0);
    QTest::newRow("Monday to Friday, whole week") << ny << at("2026-11-16T00:00:00-05:00")
                                                  << at("2026-11-21T00:00:00-05:00")
                                                  << qint64(40 * 3600);
    // Fri 16-17 and Mon 09-16 across the US spring change: 8 h, though 71 h pass in UTC.
    QTest::newRow("across DST start") << ny << at("2026-03-06T16:00:00-05:00")
                                      << at("2026-03-09T16:00:00-04:00") << qint64(8 * 3600);
    QTest::newRow("reversed span") << ny << at("2026-11-20T16:00:00-05:00")
                                   << at("2026-11-20T10:00:00-05:00") << qint64(0);
    // Tokyo Monday 09:00 JST is Sunday 2026-05-31 24:00 UTC: the customer's date counts.
    QTest::newRow("Tokyo Monday is Sunday in UTC")
            << calendar("Asia/Tokyo") << at("2026-05-31T23:00:00Z") << at("2026-06-01T02:00:00Z")
            << qint64(2 * 3600);
}

void TestBusinessCalendar::businessSecondsBetween()
{
    QFETCH(BusinessCalendar, cal);
    QFETCH(QDateTime, from);
    QFETCH(QDateTime, to);
    QFETCH(qint64, seconds);
    const auto clock = BusinessClock::fromCalendar(cal);
    QVERIFY(clock.ok());
    QCOMPARE(clock->businessSecondsBetween(from, to), seconds);
}

void TestBusinessCalendar::rejectsBadCalendars_data()
{
    QTest::addColumn<BusinessCalendar>("cal");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("unknown zone") << calendar("Mars/Olympus") << "time zone";
    QTest::newRow("reversed hours") << calendar("UTC", "17:00-09:00") << "business hours";
    QTest::newRow("garbled hours") << calendar("UTC", "9 to 5") << "business hours";
    BusinessCalendar noDays = calendar("UTC");
    noDays.workdays.clear();
    QTest::newRow("no workday") << noDays << "no workday";
    BusinessCalendar badDay = calendar("UTC");
    badDay.workdays = {"Mon", "Funday"};
    QTest::newRow("unknown workday") << badDay << "Funday";
}

void TestBusinessCalendar::rejectsBadCalendars()
{
    QFETCH(BusinessCalendar, cal);
    QFETCH(QString, messagePart);
    const auto clock = BusinessClock::fromCalendar(cal);
    QVERIFY(!clock.ok());
    QVERIFY2(clock.errorMessage().contains(messagePart), qPrintable(clock.errorMessage()));
}

QTEST_GUILESS_MAIN(TestBusinessCalendar)
#include "tst_businesscalendar.moc"
