// Alerts -> incidents: grouping, priorities, acknowledgement by silence, due times and breach.
#include "models/Incident.h"

#include <QTest>

using namespace qd;

namespace {

QDateTime at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

Alert alert(const QString &fingerprint, const QMap<QString, QString> &labels, const char *startsAt,
            const QString &summary = {})
{
    Alert a;
    a.fingerprint = fingerprint;
    a.labels = labels;
    a.startsAt = at(startsAt);
    a.endsAt = a.startsAt.addSecs(3 * 24 * 3600);
    if (!summary.isEmpty())
        a.annotations.insert("summary", summary);
    a.state = "active";
    return a;
}

FleetSnapshot fleet()
{
    FleetSnapshot f;
    Customer acme;
    acme.id = "acme";
    acme.calendar.timezone = "America/New_York";
    Zone green;
    green.kind = ZoneKind::Green;
    green.cluster = "acme-green";
    acme.green = green;
    Zone red;
    red.kind = ZoneKind::Red;
    red.cluster = "acme-red";
    acme.red = red;
    f.customers.append(acme);
    return f;
}

} // namespace

class TestIncident : public QObject
{
    Q_OBJECT
private slots:
    void priorityFromLabels_data();
    void priorityFromLabels();
    void groupsByCustomerZoneAlertname();
    void zoneFromClusterLabel();
    void silenceAcknowledges();
    void staleSilenceDoesNotAcknowledge();
    void breachAndTimeLeft_data();
    void breachAndTimeLeft();
};

void TestIncident::priorityFromLabels_data()
{
    QTest::addColumn<QString>("priorityLabel");
    QTest::addColumn<QString>("severity");
    QTest::addColumn<QString>("expected");
    QTest::newRow("priority label wins") << "P2" << "critical" << "P2";
    QTest::newRow("P-0 spelling") << "P-0" << "" << "P0";
    QTest::newRow("critical") << "" << "critical" << "P0";
    QTest::newRow("error") << "" << "error" << "P1";
    QTest::newRow("warning, any case") << "" << "Warning" << "P1";
    QTest::newRow("info") << "" << "info" << "P2";
    QTest::newRow("unknown severity") << "" << "page-me" << "P2";
    QTest::newRow("bad priority falls back to severity") << "urgent" << "critical" << "P0";
}

void TestIncident::priorityFromLabels()
{
    QFETCH(QString, priorityLabel);
    QFETCH(QString, severity);
    QFETCH(QString, expected);
    QMap<QString, QString> labels;
    if (!priorityLabel.isEmpty())
        labels.insert("priority", priorityLabel);
    if (!severity.isEmpty())
        labels.insert("severity", severity);
    QCOMPARE(priorityName(IncidentRules().priorityFor(labels)), expected);

    // The map is configurable: a team that pages on warnings maps them to P0.
    IncidentRules strict;
    strict.severityPriority.insert("warning", Priority::P0);
    labels.remove("priority");
    labels.insert("severity", "warning");
    QCOMPARE(strict.priorityFor(labels), Priority::P0);
}

void TestIncident::groupsByCustomerZoneAlertname()
{
    const QList<Alert> alerts = {
            alert("a1", {{"alertname", "GateDown"}, {"customer", "acme"}, {"zone", "green"},
                         {"pod", "gate-1"}, {"severity", "warning"}},
                  "2026-11-20T21:30:00Z", "Gate is down"),
            alert("a2", {{"alertname", "GateDown"}, {"customer", "acme"}, {"zone", "green"},
                         {"pod", "gate-2"}, {"severity", "critical"}},
                  "2026-11-20T21:00:00Z", "Gate is down (pod 2)"),
            alert("a3", {{"alertname", "GateDown"}, {"customer", "acme"}, {"zone", "red"},
                         {"severity", "info"}},
                  "2026-11-20T21:00:00Z"),
            alert("a4", {{"alertname", "DeckSlow"}, {"customer", "acme"}, {"zone", "green"}},
                  "2026-11-20T20:00:00Z"),
            alert("a5", {{"alertname", "NodeDown"}}, "2026-11-20T20:00:00Z"), // no customer
    };
    const QList<Incident> incidents = incidentsFromAlerts(alerts, {}, fleet(), IncidentRules());
    QCOMPARE(incidents.size(), 3);

    const auto find = [&incidents](const QString &id) {
        for (const Incident &i : incidents) {
            if (i.id == id)
                return i;
        }
        return Incident();
    };
    const Incident gate = find("acme/green/GateDown");
    QCOMPARE(gate.fingerprints.size(), 2);
    QCOMPARE(gate.openedAt, at("2026-11-20T21:00:00Z")); // the earliest alert
    QCOMPARE(gate.title, QString("Gate is down (pod 2)"));
    QCOMPARE(gate.priority, Priority::P0); // the most urgent alert of the group
    QCOMPARE(gate.state, IncidentState::Open);
    QCOMPARE(gate.responseDueAt, at("2026-11-20T22:00:00Z"));

    const Incident redGate = find("acme/red/GateDown");
    QCOMPARE(redGate.priority, Priority::P2);
    QCOMPARE(redGate.title, QString("GateDown")); // no summary: the alert name

    // P2 opened Fri 2026-11-20 15:00 EST (20:00Z) with the default severity map:
    // Fri 15-17 = 2 h, Mon 8 (10), Tue 8 (18), Wed 8 (26), Thu 09-15 = 6 (32) -> Thu 15:00 EST.
    const Incident deck = find("acme/green/DeckSlow");
    QCOMPARE(deck.priority, Priority::P2);
    QCOMPARE(deck.responseDueAt, at("2026-11-26T20:00:00Z"));
}

void TestIncident::zoneFromClusterLabel()
{
    const QList<Alert> alerts = {
            alert("b1", {{"alertname", "ProbeFailing"}, {"cluster", "acme-red"},
                         {"priority", "P1"}},
                  "2026-11-23T14:00:00Z"),
    };
    const auto incidents = incidentsFromAlerts(alerts, {}, fleet(), IncidentRules());
    QCOMPARE(incidents.size(), 1);
    QCOMPARE(incidents[0].id, QString("acme/red/ProbeFailing"));
    QCOMPARE(incidents[0].customer, QString("acme"));
    QCOMPARE(incidents[0].zone, QString("red"));
    // Mon 09:00 EST + 8 h business time.
    QCOMPARE(incidents[0].responseDueAt, at("2026-11-23T22:00:00Z"));
}

void TestIncident::silenceAcknowledges()
{
    Alert a = alert("c1", {{"alertname", "GateDown"}, {"customer", "acme"}, {"zone", "green"},
                           {"priority", "P1"}},
                    "2026-11-23T14:00:00Z");
    Silence later;
    later.id = "s2";
    later.matchers = {{"alertname", "GateDown"}, {"customer", "acme"}};
    later.startsAt = at("2026-11-23T16:00:00Z");
    later.endsAt = at("2026-11-24T16:00:00Z");
    later.createdBy = "bob";
    Silence first = later;
    first.id = "s1";
    first.startsAt = at("2026-11-23T15:00:00Z");
    first.createdBy = "alice";
    first.comment = "looking";
    Silence other = later;
    other.id = "s3";
    other.startsAt = at("2026-11-23T14:10:00Z");
    other.matchers = {{"customer", "globex"}};

    const auto incidents = incidentsFromAlerts({a}, {later, other, first}, fleet(),
                                               IncidentRules());
    QCOMPARE(incidents.size(), 1);
    const Incident &i = incidents[0];
    QCOMPARE(i.state, IncidentState::Acknowledged);
    QCOMPARE(i.acknowledgedAt, at("2026-11-23T15:00:00Z"));
    QCOMPARE(i.acknowledgedBy, QString("alice"));
    QCOMPARE(i.acknowledgeComment, QString("looking"));
    QCOMPARE(i.silenceId, QString("s1"));
    QVERIFY(!i.isBreached(at("2026-11-30T00:00:00Z"))); // answered in time, stays so
    QCOMPARE(i.secondsLeft(at("2026-11-23T15:30:00Z")), 0);
}

void TestIncident::staleSilenceDoesNotAcknowledge()
{
    // A silence from last week's incident of the same alert ended before this one opened.
    Alert a = alert("d1", {{"alertname", "GateDown"}, {"customer", "acme"}, {"zone", "green"}},
                    "2026-11-23T14:00:00Z");
    Silence old;
    old.id = "old";
    old.matchers = {{"alertname", "GateDown"}};
    old.startsAt = at("2026-11-16T14:00:00Z");
    old.endsAt = at("2026-11-17T14:00:00Z");
    const auto incidents = incidentsFromAlerts({a}, {old}, fleet(), IncidentRules());
    QCOMPARE(incidents.size(), 1);
    QCOMPARE(incidents[0].state, IncidentState::Open);
    QVERIFY(!incidents[0].acknowledgedAt.isValid());
}

void TestIncident::breachAndTimeLeft_data()
{
    QTest::addColumn<QDateTime>("acknowledged");
    QTest::addColumn<QDateTime>("resolved");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<bool>("breached");
    QTest::addColumn<qint64>("left");
    // Due at 15:00Z.
    QTest::newRow("open, 30 min left") << QDateTime() << QDateTime() << at("2026-11-23T14:30:00Z")
                                       << false << qint64(1800);
    QTest::newRow("open, overdue") << QDateTime() << QDateTime() << at("2026-11-23T15:10:00Z")
                                   << true << qint64(-600);
    QTest::newRow("acknowledged late") << at("2026-11-23T15:01:00Z") << QDateTime()
                                       << at("2026-11-23T16:00:00Z") << true << qint64(0);
    QTest::newRow("acknowledged in time") << at("2026-11-23T14:59:00Z") << QDateTime()
                                          << at("2026-11-23T16:00:00Z") << false << qint64(0);
    QTest::newRow("resolved unacknowledged in time") << QDateTime() << at("2026-11-23T14:20:00Z")
                                                     << at("2026-11-24T00:00:00Z") << false
                                                     << qint64(0);
}

void TestIncident::breachAndTimeLeft()
{
    QFETCH(QDateTime, acknowledged);
    QFETCH(QDateTime, resolved);
    QFETCH(QDateTime, now);
    QFETCH(bool, breached);
    QFETCH(qint64, left);
    Incident i;
    i.priority = Priority::P0;
    i.openedAt = at("2026-11-23T14:00:00Z");
    i.responseDueAt = at("2026-11-23T15:00:00Z");
    i.acknowledgedAt = acknowledged;
    i.resolvedAt = resolved;
    QCOMPARE(i.isBreached(now), breached);
    QCOMPARE(i.secondsLeft(now), left);
}

QTEST_GUILESS_MAIN(TestIncident)
#include "tst_incident.moc"
