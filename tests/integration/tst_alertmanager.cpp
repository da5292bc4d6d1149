// Incidents against a real Alertmanager (TESTING.md): alerts posted with past startsAt, a silence
// made by acknowledging, expiry and resolution; Alertmanager stopped -> stale, restarted ->
// recovered; the same through `quarterdeck incidents --json`.
#include "models/Incident.h"
#include "services/config/FleetLoader.h"
#include "services/incidents/IncidentService.h"
#include "services/telemetry/AlertmanagerClient.h"
#include "support/AlertmanagerServer.h"
#include "support/ServerProcess.h"
#include "support/TestRepo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::test;

namespace {

QDateTime at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

const QByteArray kFleetYaml = R"(apiVersion: quarterdeck/v1
customers:
  - id: acme
    name: ACME Corp
    calendar: {timezone: America/New_York, businessHours: "09:00-17:00",
               workdays: [Mon, Tue, Wed, Thu, Fri], holidays: [2025-11-27]}
    slo: {target: 99.9}
    zones:
      red:   {overlay: customers/acme/red, cluster: acme-red, cloud: aws, region: us-east-1}
      green: {overlay: customers/acme/green, cluster: acme-green, cloud: aws, region: us-east-1}
)";

// Fri 2025-11-14 16:00 EST. P1: Fri 16-17 = 1 h, Mon 09-16 = 7 h -> Mon 2025-11-17 16:00 EST.
// P2 = 32 h: Fri 1, Mon 8 (9), Tue 8 (17), Wed 8 (25), Thu 09-16 = 7 (32) -> Thu 2025-11-20
// 16:00 EST.
const char *const kFridayOpened = "2025-11-14T21:00:00Z";
const char *const kP1Due = "2025-11-17T21:00:00Z";
const char *const kP2Due = "2025-11-20T21:00:00Z";

const Incident *find(const QList<Incident> &incidents, const QString &id)
{
    for (const Incident &i : incidents) {
        if (i.id == id)
            return &i;
    }
    return nullptr;
}

} // namespace

class TestAlertmanager : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void incidentsAcknowledgeAndResolve();
    void cliJson();
    void staleThenRecovered();

private:
    void postScenario();
    bool pollOnce(IncidentService &service);

    QTemporaryDir m_dir;
    QString m_repo;
    FleetSnapshot m_fleet;
    std::unique_ptr<AlertmanagerServer> m_server;
    QDateTime m_p0Opened;
};

void TestAlertmanager::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (AlertmanagerServer::program().isEmpty())
        QSKIP("prometheus-alertmanager is not installed (installer/setup-debian.sh installs it)");
    QVERIFY(m_dir.isValid());
    m_repo = m_dir.filePath("repo");
    QVERIFY(writeFile(m_repo, "fleet.yaml", kFleetYaml));
    const auto fleet = loadFleet(m_repo);
    QVERIFY2(fleet.ok(), qPrintable(fleet.errorMessage()));
    m_fleet = fleet.value();
    QVERIFY(m_fleet.customer("acme"));
}

void TestAlertmanager::init()
{
    m_server = std::make_unique<AlertmanagerServer>();
    const QString data = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()));
    QVERIFY2(m_server->start(data), qPrintable(m_server->error()));
    postScenario();
}

void TestAlertmanager::cleanup()
{
    m_server.reset();
}

void TestAlertmanager::postScenario()
{
    // A P0 two hours old (two pods, one incident), a P1 and a P2 opened on a Friday afternoon.
    m_p0Opened = QDateTime::currentDateTimeUtc().addSecs(-2 * 3600);
    m_p0Opened.setTime(QTime(m_p0Opened.time().hour(), m_p0Opened.time().minute()));
    const QJsonArray alerts = {
            AlertmanagerServer::alert({{"alertname", "GateDown"}, {"customer", "acme"},
                                       {"zone", "green"}, {"pod", "gate-1"},
                                       {"severity", "critical"}},
                                      m_p0Opened, {}, "Gate is not serving"),
            AlertmanagerServer::alert({{"alertname", "GateDown"}, {"customer", "acme"},
                                       {"zone", "green"}, {"pod", "gate-2"},
                                       {"severity", "critical"}},
                                      m_p0Opened.addSecs(300), {}, "Gate is not serving"),
            AlertmanagerServer::alert({{"alertname", "OrcaBacklog"}, {"cluster", "acme-red"},
                                       {"priority", "P1"}},
                                      at(kFridayOpened), {}, "Orca queue backlog"),
            AlertmanagerServer::alert({{"alertname", "DeckSlow"}, {"customer", "acme"},
                                       {"zone", "green"}, {"severity", "info"}},
                                      at(kFridayOpened)),
    };
    QCOMPARE(m_server->postAlerts(alerts), 200);
}

bool TestAlertmanager::pollOnce(IncidentService &service)
{
    QSignalSpy polled(&service, &IncidentService::pollFinished);
    service.refresh();
    return polled.wait(15000);
}

void TestAlertmanager::incidentsAcknowledgeAndResolve()
{
    AlertmanagerClient client;
    client.setBaseUrl(m_server->url());
    IncidentService service(&client);
    service.setFleet(m_fleet);
    QVERIFY(pollOnce(service));

    IncidentSnapshot snapshot = service.snapshot();
    QCOMPARE(snapshot.source.health, SourceHealth::Ok);
    QCOMPARE(snapshot.incidents.size(), 3);
    const QDateTime now = QDateTime::currentDateTimeUtc();

    const Incident *gate = find(snapshot.incidents, "acme/green/GateDown");
    QVERIFY(gate);
    QCOMPARE(gate->priority, Priority::P0);
    QCOMPARE(gate->fingerprints.size(), 2);
    QCOMPARE(gate->openedAt, m_p0Opened);
    QCOMPARE(gate->responseDueAt, m_p0Opened.addSecs(3600)); // around the clock
    QCOMPARE(gate->state, IncidentState::Open);
    QVERIFY(gate->isBreached(now));

    const Incident *orca = find(snapshot.incidents, "acme/red/OrcaBacklog"); // from the cluster
    QVERIFY(orca);
    QCOMPARE(orca->priority, Priority::P1);
    QCOMPARE(orca->title, QString("Orca queue backlog"));
    QCOMPARE(orca->responseDueAt, at(kP1Due));

    const Incident *deck = find(snapshot.incidents, "acme/green/DeckSlow");
    QVERIFY(deck);
    QCOMPARE(deck->priority, Priority::P2);
    QCOMPARE(deck->responseDueAt, at(kP2Due));
    QCOMPARE(deck->state, IncidentState::Open);

    // Acknowledge: shown at once, then confirmed by Alertmanager.
    QSignalSpy confirmed(&service, &IncidentService::acknowledgeConfirmed);
    QSignalSpy failed(&service, &IncidentService::acknowledgeFailed);
    service.acknowledge("acme/green/GateDown", "alice", "restarting gate");
    const Incident *optimistic = find(service.snapshot().incidents, "acme/green/GateDown");
    QVERIFY(optimistic);
    QCOMPARE(optimistic->state, IncidentState::Acknowledged);
    QCOMPARE(optimistic->ackSync, AckSync::Pending);
    QVERIFY(confirmed.wait(10000));
    QCOMPARE(failed.count(), 0);
    const QString silenceId = confirmed.first().at(1).toString();
    QVERIFY(!silenceId.isEmpty());

    // Alertmanager, asked by another client, has the silence with the user and the comment.
    const QJsonArray silences = QJsonDocument::fromJson(m_server->get("/silences")).array();
    QCOMPARE(silences.size(), 1);
    QCOMPARE(silences[0]["createdBy"].toString(), QString("alice"));
    QCOMPARE(silences[0]["comment"].toString(), QString("restarting gate"));
    QCOMPARE(silences[0]["id"].toString(), silenceId);

    // The next poll reads the acknowledgement back from Alertmanager.
    QVERIFY(pollOnce(service));
    gate = find(service.snapshot().incidents, "acme/green/GateDown");
    QVERIFY(gate);
    QCOMPARE(gate->state, IncidentState::Acknowledged);
    QCOMPARE(gate->acknowledgedBy, QString("alice"));
    QCOMPARE(gate->silenceId, silenceId);
    QVERIFY(gate->isBreached(QDateTime::currentDateTimeUtc())); // acknowledged 1 h too late
    const QDateTime acknowledgedAt = gate->acknowledgedAt;

    // Expiring the silence does not undo the response: the first acknowledgement counts.
    AlertmanagerClient independent;
    independent.setBaseUrl(m_server->url());
    bool expired = false;
    QEventLoop loop;
    independent.expireSilence(silenceId, &loop, [&](Result<bool> r) {
        expired = r.ok();
        loop.quit();
    });
    loop.exec();
    QVERIFY(expired);
    QVERIFY(pollOnce(service));
    gate = find(service.snapshot().incidents, "acme/green/GateDown");
    QVERIFY(gate);
    QCOMPARE(gate->state, IncidentState::Acknowledged);
    QCOMPARE(gate->acknowledgedAt, acknowledgedAt);

    // Acknowledging something that is not open is refused, with a reason.
    service.acknowledge("acme/green/NoSuchAlert", "alice", "?");
    QCOMPARE(failed.count(), 1);

    // The P2 resolves (its alert ends): it leaves Alertmanager and shows as resolved.
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    QCOMPARE(m_server->postAlerts({AlertmanagerServer::alert(
                     {{"alertname", "DeckSlow"}, {"customer", "acme"}, {"zone", "green"},
                      {"severity", "info"}},
                     at(kFridayOpened), QDateTime::currentDateTimeUtc())}),
             200);
    QVERIFY(pollOnce(service));
    const QDateTime after = QDateTime::currentDateTimeUtc();
    deck = find(service.snapshot().incidents, "acme/green/DeckSlow");
    QVERIFY(deck);
    QCOMPARE(deck->state, IncidentState::Resolved);
    QVERIFY2(deck->resolvedAt >= before && deck->resolvedAt <= after,
             qPrintable(deck->resolvedAt.toString(Qt::ISODateWithMs)));
    // Resolved unanswered, days after its due time: a breach.
    QVERIFY(deck->isBreached(after));
    QCOMPARE(service.snapshot().incidents.size(), 3);
}

void TestAlertmanager::cliJson()
{
    const QString binary = QStringLiteral(QD_BINARY_DIR) + "/quarterdeck";
    const ProcessRun run = runProgram(binary, {"incidents", "--repo", m_repo, "--alertmanager",
                                               m_server->url().toString(), "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray list = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(list.size(), 3);
    QJsonObject orca;
    for (const QJsonValue &v : list) {
        if (v["id"].toString() == "acme/red/OrcaBacklog")
            orca = v.toObject();
    }
    QCOMPARE(orca["customer"].toString(), QString("acme"));
    QCOMPARE(orca["zone"].toString(), QString("red"));
    QCOMPARE(orca["priority"].toString(), QString("P1"));
    QCOMPARE(orca["title"].toString(), QString("Orca queue backlog"));
    QCOMPARE(orca["openedAt"].toString(), QString("2025-11-14T21:00:00Z"));
    QCOMPARE(orca["responseDueAt"].toString(), QString(kP1Due));
    QVERIFY(orca["acknowledgedAt"].isNull());
    QVERIFY(orca["resolvedAt"].isNull());
    QCOMPARE(orca["state"].toString(), QString("open"));
    QCOMPARE(orca["breached"].toBool(), true);

    // Text output names the breach; an unreachable Alertmanager is an I/O error (exit 2).
    const ProcessRun text = runProgram(binary, {"incidents", "--repo", m_repo, "--alertmanager",
                                                m_server->url().toString()});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("BREACHED"));
    m_server->stop();
    const ProcessRun down = runProgram(binary, {"incidents", "--repo", m_repo, "--alertmanager",
                                                m_server->url().toString(), "--timeout", "3"});
    QCOMPARE(down.exitCode, 2);
    QVERIFY2(down.err.contains("Alertmanager"), down.err.constData());
    const ProcessRun usage = runProgram(binary, {"incidents", "--repo", m_repo});
    QCOMPARE(usage.exitCode, 2);
}

void TestAlertmanager::staleThenRecovered()
{
    AlertmanagerClient client;
    client.setBaseUrl(m_server->url());
    client.setTimeout(std::chrono::seconds(3));
    IncidentService service(&client);
    service.setFleet(m_fleet);
    service.setPollInterval(std::chrono::milliseconds(200));
    QSignalSpy states(&service, &IncidentService::sourceStateChanged);
    service.start();
    QTRY_COMPARE_WITH_TIMEOUT(service.snapshot().source.health, SourceHealth::Ok, 10000);
    QCOMPARE(service.snapshot().incidents.size(), 3);

    const quint16 port = m_server->port();
    m_server->stop();
    QTRY_COMPARE_WITH_TIMEOUT(service.snapshot().source.health, SourceHealth::Stale,
                              10000);
    const SourceState stale = service.snapshot().source;
    QVERIFY(stale.staleSince.isValid());
    QVERIFY2(stale.reason.contains("Alertmanager"), qPrintable(stale.reason));
    QCOMPARE(service.snapshot().incidents.size(), 3); // the last known state stays, marked stale

    // Restarted on the same address (alerts are in memory: post them again), it recovers by itself.
    QVERIFY2(m_server->start(m_dir.filePath("restarted"), port), qPrintable(m_server->error()));
    postScenario();
    QTRY_COMPARE_WITH_TIMEOUT(service.snapshot().source.health, SourceHealth::Ok, 10000);
    QVERIFY(!service.snapshot().source.staleSince.isValid());
    QVERIFY(service.snapshot().source.reason.isEmpty());
    QVERIFY(states.count() >= 3); // ok, stale, ok
    service.stop();
}

QTEST_GUILESS_MAIN(TestAlertmanager)
#include "tst_alertmanager.moc"
