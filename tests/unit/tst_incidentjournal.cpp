// The incident journal: history kept across restarts, resolution of alerts that vanished, CSV
// import with duplicates merged and bad rows reported as file:line:col.
#include "services/store/IncidentJournal.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;

namespace {

QDateTime at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

Incident live(const QString &alertName, const char *opened, Priority priority = Priority::P1)
{
    Incident i;
    i.customer = "acme";
    i.zone = "green";
    i.alertName = alertName;
    i.id = incidentId(i.customer, i.zone, alertName);
    i.title = alertName;
    i.priority = priority;
    i.openedAt = at(opened);
    i.responseDueAt = i.openedAt.addSecs(3600);
    return i;
}

bool writeText(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

} // namespace

class TestIncidentJournal : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void historySurvivesRestart();
    void vanishedAlertResolvesAtItsEnd();
    void importCsvMergesAndReports();
    void importCsvRefusesMissingColumn();
    void demoSeedHasBreaches();

private:
    QTemporaryDir m_dir;
};

void TestIncidentJournal::historySurvivesRestart()
{
    const QString path = m_dir.filePath("restart.sqlite");
    {
        IncidentJournal journal;
        QVERIFY(journal.open(path).ok());
        QCOMPARE(journal.schemaVersion(), 1);
        Incident gate = live("GateDown", "2026-11-20T10:00:00Z", Priority::P0);
        Incident deck = live("DeckSlow", "2026-11-20T11:00:00Z");
        QVERIFY(journal.recordObservation({gate, deck}, at("2026-11-20T12:00:00Z")).ok());
        // Acknowledged in a later poll; the first acknowledgement sticks.
        gate.acknowledgedAt = at("2026-11-20T10:20:00Z");
        gate.acknowledgedBy = "alice";
        gate.state = IncidentState::Acknowledged;
        QVERIFY(journal.recordObservation({gate, deck}, at("2026-11-20T12:01:00Z")).ok());
        gate.acknowledgedAt = at("2026-11-20T11:00:00Z");
        gate.acknowledgedBy = "bob";
        // DeckSlow is gone from Alertmanager: resolved at this poll.
        const auto resolved = journal.recordObservation({gate}, at("2026-11-20T12:02:00Z"));
        QVERIFY(resolved.ok());
        QCOMPARE(resolved->size(), 1);
        QCOMPARE(resolved->first().id, QString("acme/green/DeckSlow"));
    }
    IncidentJournal reopened;
    QVERIFY(reopened.open(path).ok());
    const auto all = reopened.incidents();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 2);
    const auto gate = reopened.incident("acme/green/GateDown");
    QVERIFY(gate.ok() && gate->has_value());
    QCOMPARE((*gate)->acknowledgedAt, at("2026-11-20T10:20:00Z"));
    QCOMPARE((*gate)->acknowledgedBy, QString("alice"));
    QCOMPARE((*gate)->state, IncidentState::Acknowledged);
    const auto deck = reopened.incident("acme/green/DeckSlow");
    QCOMPARE((*deck)->state, IncidentState::Resolved);
    QCOMPARE((*deck)->resolvedAt, at("2026-11-20T12:02:00Z"));

    // The same alert group firing again later is a new incident, history kept.
    QVERIFY(reopened.recordObservation({gate->value(), live("DeckSlow", "2026-11-21T09:00:00Z")},
                                       at("2026-11-21T09:01:00Z"))
                    .ok());
    QCOMPARE(reopened.incidents()->size(), 3);
    QCOMPARE(reopened.incidents(at("2026-11-21T00:00:00Z"), at("2026-11-22T00:00:00Z"))->size(),
             1);
}

void TestIncidentJournal::vanishedAlertResolvesAtItsEnd()
{
    IncidentJournal journal;
    QVERIFY(journal.open(m_dir.filePath("ends.sqlite")).ok());
    Incident posted = live("Probe", "2026-11-20T10:00:00Z");
    posted.lastEndsAt = at("2026-11-20T10:30:00Z"); // the alert was posted with its end
    QVERIFY(journal.recordObservation({posted}, at("2026-11-20T10:10:00Z")).ok());
    const auto resolved = journal.recordObservation({}, at("2026-11-20T11:00:00Z"));
    QVERIFY(resolved.ok());
    QCOMPARE(resolved->size(), 1);
    QCOMPARE(resolved->first().resolvedAt, at("2026-11-20T10:30:00Z"));
}

void TestIncidentJournal::importCsvMergesAndReports()
{
    IncidentJournal journal;
    QVERIFY(journal.open(m_dir.filePath("import.sqlite")).ok());
    const QString csv = m_dir.filePath("portal.csv");
    QVERIFY(writeText(csv,
                      "id,customer,zone,priority,title,opened_at,acknowledged_at,resolved_at\n"
                      "T-1,acme,green,P1,\"Gate down, again\",2026-11-20T16:00:00-05:00,,\n"
                      "T-2,acme,red,P-2,Deck slow,2026-11-19T10:00:00Z,2026-11-19T11:00:00Z,\n"
                      // same id as T-1: merged, it brings the acknowledgement and resolution
                      "T-1,acme,green,P1,\"Gate down, again\",2026-11-20T21:00:00Z,"
                      "2026-11-20T21:30:00Z,2026-11-21T01:00:00Z\n"
                      // no id, same customer/zone/title/opened as T-2: merged
                      ",acme,red,P2,Deck slow,2026-11-19T10:00:00Z,,2026-11-19T12:00:00Z\n"
                      // bad time in column 6 (line 6)
                      "T-3,acme,green,P0,Probe failing,yesterday,,\n"
                      // bad priority in column 4 (line 7)
                      "T-4,acme,green,urgent,Probe failing,2026-11-18T10:00:00Z,,\n"
                      // a quoted field over two lines, no offset = UTC
                      "T-5,globex,green,P0,\"Two\nlines\",2026-11-18T10:00:00,,\n"));
    FleetSnapshot fleet;
    Customer acme;
    acme.id = "acme";
    acme.calendar.timezone = "America/New_York";
    fleet.customers.append(acme);

    const auto report = journal.importCsv(csv, fleet);
    QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
    QCOMPARE(report->rows, 7);
    QCOMPARE(report->inserted, 3);
    QCOMPARE(report->merged, 2);
    QCOMPARE(report->problems.size(), 2);
    QCOMPARE(report->problems[0].toString(),
             csv + ":6:33: 'yesterday' is not an ISO-8601 time");
    QCOMPARE(report->problems[1].location.line, 7);
    QCOMPARE(report->problems[1].location.column, 16);

    const auto t1 = journal.incident("T-1");
    QVERIFY(t1.ok() && t1->has_value());
    QCOMPARE((*t1)->title, QString("Gate down, again"));
    QCOMPARE((*t1)->acknowledgedAt, at("2026-11-20T21:30:00Z"));
    QCOMPARE((*t1)->resolvedAt, at("2026-11-21T01:00:00Z"));
    // Fri 16:00 EST P1 -> Mon 16:00 EST, from acme's calendar.
    QCOMPARE((*t1)->responseDueAt, at("2026-11-23T21:00:00Z"));
    const auto t2 = journal.incident("T-2");
    QCOMPARE((*t2)->priority, Priority::P2);
    QCOMPARE((*t2)->resolvedAt, at("2026-11-19T12:00:00Z"));
    const auto t5 = journal.incident("T-5");
    QCOMPARE((*t5)->title, QString("Two\nlines"));
    QCOMPARE((*t5)->openedAt, at("2026-11-18T10:00:00Z"));

    // Importing the same export again adds nothing.
    const auto again = journal.importCsv(csv, fleet);
    QVERIFY(again.ok());
    QCOMPARE(again->inserted, 0);
    QCOMPARE(again->merged, 5);
    QCOMPARE(journal.incidents()->size(), 3);
}

void TestIncidentJournal::importCsvRefusesMissingColumn()
{
    IncidentJournal journal;
    QVERIFY(journal.open(m_dir.filePath("refuse.sqlite")).ok());
    const QString csv = m_dir.filePath("short.csv");
    QVERIFY(writeText(csv, "id,customer,zone,priority,title\nT-1,acme,green,P1,x\n"));
    const auto report = journal.importCsv(csv);
    QVERIFY(!report.ok());
    QVERIFY2(report.errorMessage().contains(":1:1: the header has no column 'opened_at'"),
             qPrintable(report.errorMessage()));
    QVERIFY(!journal.importCsv(m_dir.filePath("missing.csv")).ok());
}

void TestIncidentJournal::demoSeedHasBreaches()
{
    FleetSnapshot fleet;
    for (const char *id : {"acme", "globex", "initech"}) {
        Customer c;
        c.id = QString::fromLatin1(id);
        c.calendar.timezone = "Europe/Berlin";
        c.red = Zone{};
        Zone green;
        green.kind = ZoneKind::Green;
        c.green = green;
        fleet.customers.append(c);
    }
    const QDateTime now = at("2026-11-22T00:00:00Z");
    const QList<Incident> seed = generateDemoIncidents(fleet, now);
    QVERIFY(seed.size() >= 30);
    int breached = 0;
    for (const Incident &i : seed) {
        QVERIFY(i.openedAt >= now.addDays(-90) && i.openedAt < now);
        breached += i.isBreached(now) ? 1 : 0;
    }
    QVERIFY(breached > 0);
    QVERIFY(breached < seed.size() / 2);
    QCOMPARE(generateDemoIncidents(fleet, now).size(), seed.size()); // deterministic

    // Seeded once: a second seed (the next start of the demo) adds nothing.
    const QString path = m_dir.filePath("demo.sqlite");
    QVERIFY(seedDemoIncidents(fleet, path, now).ok());
    QVERIFY(seedDemoIncidents(fleet, path, now.addDays(1)).ok());
    IncidentJournal journal;
    QVERIFY(journal.open(path).ok());
    QCOMPARE(journal.incidents()->size(), seed.size());
    QCOMPARE(journal.count("demo").value(), int(seed.size()));
}

QTEST_GUILESS_MAIN(TestIncidentJournal)
#include "tst_incidentjournal.moc"
