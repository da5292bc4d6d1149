// The incident journal: history kept across restarts, resolution of alerts that vanished, CSV
// import with duplicates merged and bad rows reported as file:line:col.
#include "services/store/IncidentJournal.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

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
    void importCsvQuotingAndLineEndings();
    void importCsvMergeMovesResponseDue();
    void importCsvFailureLeavesJournalUnchanged();
    void importCsvCrashLosesNothing();
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

void TestIncidentJournal::importCsvQuotingAndLineEndings()
{
    IncidentJournal journal;
    QVERIFY(journal.open(m_dir.filePath("quoting.sqlite")).ok());
    const QString csv = m_dir.filePath("quoting.csv");
    QVERIFY(writeText(
            csv,
            // a byte order mark and CRLF line ends, as spreadsheet exports write them
            "\xEF\xBB\xBFid,customer,zone,priority,title,opened_at,acknowledged_at,resolved_at\r\n"
            // lines 2-3: doubled quotes and a CRLF inside a quoted field
            "Q-1,acme,Green,p1,\"He said \"\"stop\"\", then\r\nleft\",2026-11-18T10:00:00Z,,\r\n"
            "\r\n" // line 4: blank, skipped
            // line 5: quoted plain field, fractional seconds and an offset
            "Q-2,\"acme\",red,P2,\"\xC3\x9cnicode\",2026-11-18T11:00:00.250+01:00,,\r\n"
            // line 6: the bad time sits at column 19 in characters (20 in bytes)
            "Q-3,\xC3\x9f" "cme,red,P2,x,nope,,\r\n"
            // lines 7-8: a bad time after a line break inside a quoted field
            "Q-4,acme,red,P2,\"two\r\nlines\",never,,\r\n"
            // line 9: no line end at the end of the file
            "Q-5,acme,red,P0,last,2026-11-18T12:00:00Z,,"));
    const auto report = journal.importCsv(csv);
    QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
    QCOMPARE(report->rows, 5);
    QCOMPARE(report->inserted, 3);
    QCOMPARE(report->problems.size(), 2);
    QCOMPARE(report->problems[0].toString(), csv + ":6:19: 'nope' is not an ISO-8601 time");
    QCOMPARE(report->problems[1].toString(), csv + ":8:8: 'never' is not an ISO-8601 time");

    const auto q1 = journal.incident("Q-1");
    QVERIFY(q1.ok() && q1->has_value());
    QCOMPARE((*q1)->title, QString("He said \"stop\", then\r\nleft"));
    QCOMPARE((*q1)->zone, QString("green"));
    QCOMPARE((*q1)->priority, Priority::P1);
    const auto q2 = journal.incident("Q-2");
    QVERIFY(q2.ok() && q2->has_value());
    QCOMPARE((*q2)->title, QString::fromUtf8("\xC3\x9cnicode"));
    QCOMPARE((*q2)->openedAt, at("2026-11-18T10:00:00.250Z"));
    const auto q5 = journal.incident("Q-5");
    QVERIFY(q5.ok() && q5->has_value());
    QCOMPARE((*q5)->responseDueAt, at("2026-11-18T13:00:00Z"));
}

void TestIncidentJournal::importCsvMergeMovesResponseDue()
{
    IncidentJournal journal;
    QVERIFY(journal.open(m_dir.filePath("due.sqlite")).ok());
    FleetSnapshot fleet;
    Customer acme;
    acme.id = "acme";
    acme.calendar.timezone = "America/New_York";
    fleet.customers.append(acme);
    const QByteArray header =
            "id,customer,zone,priority,title,opened_at,acknowledged_at,resolved_at\n";
    const QString first = m_dir.filePath("due-1.csv");
    // Fri 16:00 EST, P1: due Mon 16:00 EST.
    QVERIFY(writeText(first, header + "M-1,acme,green,P1,Gate down,2026-11-20T21:00:00Z,,\n"));
    QVERIFY(journal.importCsv(first, fleet).ok());
    QCOMPARE((*journal.incident("M-1"))->responseDueAt, at("2026-11-23T21:00:00Z"));

    // A later export knows it opened a day earlier (Thu 16:00 EST): due Fri 16:00 EST.
    const QString second = m_dir.filePath("due-2.csv");
    QVERIFY(writeText(second, header + "M-1,acme,green,P1,Gate down,2026-11-19T21:00:00Z,,\n"
                                     // and in one file: the second row opens it earlier
                                     "M-2,acme,red,P1,Deck slow,2026-11-20T21:00:00Z,,\n"
                                     "M-2,acme,red,P1,Deck slow,2026-11-19T21:00:00Z,,\n"));
    const auto report = journal.importCsv(second, fleet);
    QVERIFY(report.ok());
    QCOMPARE(report->merged, 2);
    QCOMPARE((*journal.incident("M-1"))->openedAt, at("2026-11-19T21:00:00Z"));
    QCOMPARE((*journal.incident("M-1"))->responseDueAt, at("2026-11-20T21:00:00Z"));
    QCOMPARE((*journal.incident("M-2"))->openedAt, at("2026-11-19T21:00:00Z"));
    QCOMPARE((*journal.incident("M-2"))->responseDueAt, at("2026-11-20T21:00:00Z"));
}

void TestIncidentJournal::importCsvFailureLeavesJournalUnchanged()
{
    const QString path = m_dir.filePath("atomic.sqlite");
    IncidentJournal journal;
    QVERIFY(journal.open(path).ok());
    const QByteArray header =
            "id,customer,zone,priority,title,opened_at,acknowledged_at,resolved_at\n";
    const QString first = m_dir.filePath("atomic-1.csv");
    QVERIFY(writeText(first, header + "A-1,acme,green,P1,Gate down,2026-11-20T10:00:00Z,,\n"
                                    "A-2,acme,red,P2,Deck slow,2026-11-20T11:00:00Z,,\n"));
    QVERIFY(journal.importCsv(first).ok());

    // Another writer's trigger refuses the third incident: the merge into A-1 and the insert of
    // A-4 written before it must be undone as well.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "saboteur");
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY2(q.exec("CREATE TRIGGER refuse BEFORE INSERT ON incidents WHEN NEW.id = 'A-5'"
                        " BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END"),
                 qPrintable(q.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase("saboteur");
    const QString second = m_dir.filePath("atomic-2.csv");
    QVERIFY(writeText(second,
                      header + "A-1,acme,green,P1,Gate down,2026-11-20T10:00:00Z,,"
                               "2026-11-20T12:00:00Z\n"
                               "A-4,acme,red,P2,New one,2026-11-20T12:00:00Z,,\n"
                               "A-5,acme,red,P2,Refused,2026-11-20T13:00:00Z,,\n"));
    const auto report = journal.importCsv(second);
    QVERIFY(!report.ok());
    QVERIFY2(report.errorMessage().contains("refused by trigger"),
             qPrintable(report.errorMessage()));
    QCOMPARE(journal.incidents()->size(), 2);
    QVERIFY(!(*journal.incident("A-1"))->resolvedAt.isValid());
    QVERIFY(!journal.incident("A-4")->has_value());
    // The journal is still usable: the next import (or poll) writes.
    QVERIFY(journal.importCsv(first).ok());
}

void TestIncidentJournal::importCsvCrashLosesNothing()
{
#ifdef Q_OS_LINUX
    const QString path = m_dir.filePath("crash.sqlite");
    const QByteArray header =
            "id,customer,zone,priority,title,opened_at,acknowledged_at,resolved_at\n";
    const QString first = m_dir.filePath("crash-1.csv");
    QVERIFY(writeText(first, header + "C-1,acme,green,P1,Gate down,2026-11-20T10:00:00Z,,\n"
                                    "C-2,acme,red,P2,Deck slow,2026-11-20T11:00:00Z,,\n"));
    {
        IncidentJournal journal;
        QVERIFY(journal.open(path).ok());
        QVERIFY(journal.importCsv(first).ok());
    } // closed: checkpointed into the database file
    QByteArray big = header;
    for (int n = 0; n < 5000; ++n) {
        big += "B-" + QByteArray::number(n) + ",acme,green,P2,\"" + QByteArray(200, 'x')
               + QByteArray::number(n) + "\",2026-11-20T10:00:00Z,,\n";
    }
    const QString second = m_dir.filePath("crash-2.csv");
    QVERIFY(writeText(second, big));

    // The child dies (SIGXFSZ) as soon as any file it writes grows 64 KiB past the journal:
    // in the middle of writing the import, long before it could commit.
    const rlim_t limit = rlim_t(QFileInfo(path).size() + 64 * 1024);
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        std::signal(SIGXFSZ, SIG_DFL);
        const rlimit rl{limit, limit};
        setrlimit(RLIMIT_FSIZE, &rl);
        IncidentJournal journal;
        if (!journal.open(path).ok())
            _exit(2);
        _exit(journal.importCsv(second).ok() ? 0 : 3);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ,
             qPrintable(QString("child status %1").arg(status)));

    IncidentJournal reopened;
    QVERIFY(reopened.open(path).ok());
    QCOMPARE(reopened.incidents()->size(), 2);
    QVERIFY(reopened.incident("C-1")->has_value());
    QVERIFY(reopened.importCsv(second).ok());
    QCOMPARE(reopened.count("import").value(), 5002);
#else
    QSKIP("needs fork() and RLIMIT_FSIZE");
#endif
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
