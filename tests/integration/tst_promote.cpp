// `quarterdeck promote` as an SRE runs it: the Red → Green gate read from a real Prometheus
// (info metric and probe_success backfilled with promtool around the current time) and a real
// Alertmanager, and the promotion committed and pushed to a `git daemon` remote, read back with
// the git CLI. Expected availabilities, soak times and trailers are worked out here.
#include "support/AlertmanagerServer.h"
#include "support/CliConfig.h"
#include "support/EvidenceJson.h"
#include "support/GitServers.h"
#include "support/KubectlKustomize.h"
#include "support/PrometheusServer.h"
#include "support/TestRepo.h"
#include "services/config/FleetLoader.h"
#include "services/incidents/IncidentService.h"
#include "services/telemetry/AlertmanagerClient.h"
#include "services/upgrades/UpgradeService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace qd;
using namespace qd::test;

namespace {

constexpr qint64 M = 60;
constexpr qint64 H = 3600;

// The catalog of every version the demo fleet uses: 2.32.0 a month old, 2.32.2 three days old.
QByteArray releasesYaml(const QDate &today)
{
    const auto entry = [&](const char *version, int daysAgo) {
        return QStringLiteral("  - {version: %1, date: %2}\n")
                .arg(QLatin1String(version), today.addDays(-daysAgo).toString(Qt::ISODate));
    };
    return ("releases:\n" + entry("2.30.1", 300) + entry("2.31.0-rc1", 250) + entry("2.31.0", 240)
            + entry("2.31.2", 200) + entry("2.32.0", 30) + entry("2.32.2", 3))
            .toUtf8();
}

OpenMetricsSeries info(const QString &cluster, const QString &version, qint64 from, qint64 to)
{
    OpenMetricsSeries series;
    series.labels = {{"cluster", cluster}, {"version", version}, {"status", "OK"}};
    for (qint64 t = from; t <= to; t += M)
        series.samples.append({t, 1.0});
    return series;
}

// probe_success of a cluster every minute of [from, to], 0 in the minutes of [badFrom, badTo).
OpenMetricsSeries probes(const QString &cluster, qint64 from, qint64 to, qint64 badFrom,
                         qint64 badTo)
{
    OpenMetricsSeries series;
    series.labels = {{"cluster", cluster}};
    for (qint64 t = from; t <= to; t += M)
        series.samples.append({t, t >= badFrom && t < badTo ? 0.0 : 1.0});
    return series;
}

} // namespace

class TestPromote : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void upgradesBoardShowsEachCustomersStage();
    void upgradeServiceGathersTheSameBoard();
    void everyRulePassesAndGreenIsPromoted();
    void refusedByTheGateThenOverridden();
    void uncommittedGreenEditAndUnknownSourcesFail();
    void usageErrors();

private:
    ProcessRun promote(const QStringList &arguments);
    QString remoteHead() { return gitOut(m_remote, {"rev-parse", "main"}); }
    QString trailer(const QString &commit, const QString &key);

    QTemporaryDir m_dir;
    QString m_work;
    QString m_remote;
    GitDaemon m_daemon;
    PrometheusServer m_prometheus;
    AlertmanagerServer m_alertmanager;
    std::unique_ptr<CliConfig> m_config;
    qint64 m_now = 0; // the minute the history ends at (it goes on 20 minutes past)
    double m_coralbayAvailability = 0;
    double m_globexAvailability = 0;
};

void TestPromote::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (PrometheusServer::program().isEmpty())
        QSKIP("prometheus and promtool are not installed");
    if (AlertmanagerServer::program().isEmpty())
        QSKIP("prometheus-alertmanager is not installed");
    QVERIFY(m_dir.isValid());
    m_config = std::make_unique<CliConfig>(m_dir.filePath("config")); // no URLs from settings
    QString error;
    QVERIFY2(makeDemoClone(m_dir.path(), &m_work, &m_remote, &error), qPrintable(error));
    QVERIFY2(m_daemon.start(m_dir.path()), qPrintable(m_daemon.error()));
    QCOMPARE(git(m_work, {"remote", "set-url", "origin", m_daemon.url("remote.git")}).exitCode, 0);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_now = now.toSecsSinceEpoch() / M * M;
    const qint64 end = m_now + 20 * M;
    const qint64 start = m_now - 26 * H;

    // The catalog, and 10 minutes of coralbay's Red in maintenance (of its 14 bad minutes).
    QVERIFY(writeFile(m_work, "releases.yaml", releasesYaml(now.date())));
    const qint64 badFrom = m_now - 10 * H;
    QVERIFY(replaceInFile(m_work + "/maintenance.yaml", "windows:\n",
                          QStringLiteral("windows:\n  - {customer: coralbay, zone: red, start: "
                                         "\"%1\", end: \"%2\", reason: \"node pool upgrade\"}\n")
                                  .arg(isoUtc(badFrom), isoUtc(badFrom + 10 * M))));
    QCOMPARE(git(m_work, {"add", "-A"}).exitCode, 0);
    QCOMPARE(git(m_work, {"commit", "-qm", "Release catalog"}).exitCode, 0);
    QCOMPARE(git(m_work, {"push", "-q", "origin", "HEAD:main"}).exitCode, 0);
    QCOMPARE(git(m_work, {"fetch", "-q", "origin"}).exitCode, 0);

    // The soak period is the default 24 h, on the minute grid: 1,441 samples from now - 24 h to
    // now. coralbay-red: 14 bad minutes, 10 of them in maintenance -> 4 bad of 1,431 eligible.
    // globex-red: 60 bad minutes, no maintenance -> 60 bad of 1,441.
    m_coralbayAvailability = 100.0 * (1431 - 4) / 1431; // 99.720%, over the 99.0% bar
    m_globexAvailability = 100.0 * (1441 - 60) / 1441; // 95.836%
    const QByteArray infos = openMetricsGauge(
            "kube_customresource_spinnakerservice_info",
            {info("coralbay-red", "2.32.0", start, end),
             info("coralbay-green", "2.31.2", start, end),
             info("globex-red", "2.31.2", start, m_now - 3 * H - M),
             info("globex-red", "2.32.2", m_now - 3 * H, end),
             info("globex-green", "2.31.2", start, end),
             info("fjord-red", "2.31.0", start, end),
             info("fjord-green", "2.30.1", start, end)});
    const QByteArray probe = openMetricsGauge(
            "probe_success",
            {probes("coralbay-red", start, end, badFrom, badFrom + 14 * M),
             probes("globex-red", start, end, m_now - 5 * H, m_now - 4 * H),
             probes("fjord-red", start, end, 0, 0)});
    QVERIFY(infos.endsWith("# EOF\n"));
    // Two families in one OpenMetrics text: one "# EOF", at the end.
    QVERIFY2(m_prometheus.start(m_dir.filePath("prom"), infos.chopped(6) + probe),
             qPrintable(m_prometheus.error()));

    QVERIFY2(m_alertmanager.start(m_dir.filePath("am")), qPrintable(m_alertmanager.error()));
    const QDateTime opened = now.addSecs(-H);
    QCOMPARE(m_alertmanager.postAlerts(
                     {AlertmanagerServer::alert({{"alertname", "GateDown"},
                                                 {"cluster", "globex-green"}, {"priority", "P1"}},
                                                opened, {}, "Gate is not serving"),
                      // A P2 does not hold a promotion back.
                      AlertmanagerServer::alert({{"alertname", "DeckSlow"},
                                                 {"cluster", "coralbay-green"},
                                                 {"priority", "P2"}},
                                                opened, {}, "Deck is slow")}),
             200);
}

void TestPromote::init()
{
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
}

ProcessRun TestPromote::promote(const QStringList &arguments)
{
    return runProgram(QStringLiteral(QD_BINARY_DIR) + "/quarterdeck",
                      QStringList{"promote", "--repo", m_work} + arguments, m_work,
                      m_config->environment());
}

QString TestPromote::trailer(const QString &commit, const QString &key)
{
    return gitOut(m_remote, {"log", "-1", "--format=%(trailers:key=" + key + ",valueonly)",
                             commit});
}

void TestPromote::upgradesBoardShowsEachCustomersStage()
{
    const QString store = m_dir.filePath("board.sqlite"); // no verification recorded
    const ProcessRun run = runProgram(
            QStringLiteral(QD_BINARY_DIR) + "/quarterdeck",
            {"upgrades", "--repo", m_work, "--prometheus", m_prometheus.url().toString(),
             "--alertmanager", m_alertmanager.url().toString(), "--store", store, "--json"},
            m_work, m_config->environment());
    QVERIFY2(run.exitCode == 0, run.out + run.err);
    QHash<QString, QJsonObject> rows;
    for (const QJsonValue &row : QJsonDocument::fromJson(run.out).array())
        rows.insert(row["customer"].toString(), row.toObject());
    // Every customer of the demo fleet has both zones: one row each.
    QCOMPARE(rows.size(), gitOut(m_work, {"grep", "-c", "^  - id:", "HEAD", "--", "fleet.yaml"})
                                  .section(':', -1).toInt());

    // coralbay: Red has run 2.32.0 for the whole history, and every rule passes.
    const QJsonObject coralbay = rows.value("coralbay");
    QCOMPARE(coralbay["stage"].toString(), QString("ready to promote"));
    QCOMPARE(coralbay["candidate"].toString(), QString("2.32.0"));
    QCOMPARE(coralbay["gate"]["verdict"].toString(), QString("pass"));
    QCOMPARE(coralbay["gate"]["rules"].toArray().size(), 7);
    QCOMPARE(coralbay["red"]["desired"].toString(), QString("2.32.0"));
    QCOMPARE(coralbay["red"]["running"].toString(), QString("2.32.0"));
    QCOMPARE(coralbay["red"]["status"].toString(), QString("OK"));
    QCOMPARE(coralbay["red"]["drift"].toBool(true), false);
    QCOMPARE(coralbay["green"]["running"].toString(), QString("2.31.2"));

    // globex: Red switched to 2.32.2 three hours before the history's last minute; the gate
    // waits on the same rules `promote` names.
    const QJsonObject globex = rows.value("globex");
    QCOMPARE(globex["stage"].toString(), QString("Red soaking"));
    QCOMPARE(globex["red"]["since"].toString(), isoUtc(m_now - 3 * H));
    QCOMPARE(failedIds(globex["gate"]["rules"].toArray()),
             (QStringList{"candidate-released", "red-soaked", "red-available", "no-open-incidents"}));
    QVERIFY2(globex["stageReason"].toString().contains(
                     "waits on candidate-released, red-soaked, red-available, no-open-incidents"),
             qPrintable(globex["stageReason"].toString()));

    // acme's clusters have no info metric at all: unknown, saying why, never a guess.
    const QJsonObject acme = rows.value("acme");
    QCOMPARE(acme["stage"].toString(), QString("unknown"));
    QVERIFY(acme["red"]["running"].isNull());
    QVERIFY(acme["red"]["drift"].isNull());
    QCOMPARE(acme["red"]["desired"].toString(), QString("2.31.0-rc1"));
    QVERIFY2(acme["stageReason"].toString().startsWith("Red's running version is unknown"),
             qPrintable(acme["stageReason"].toString()));

    // fjord: Red runs 2.31.0 (240 days old) for the whole history with no bad minute, and
    // Green's file is clean; once that file has an uncommitted edit, the gate waits on it.
    QCOMPARE(rows.value("fjord")["stage"].toString(), QString("ready to promote"));
    const QString fjordGreen = m_work + "/customers/fjord/green/patch-version.yml";
    QVERIFY(replaceInFile(fjordGreen, "# Spinnaker version to deploy", "# edited, not committed"));
    const ProcessRun edited = runProgram(
            QStringLiteral(QD_BINARY_DIR) + "/quarterdeck",
            {"upgrades", "--repo", m_work, "--prometheus", m_prometheus.url().toString(),
             "--alertmanager", m_alertmanager.url().toString(), "--store", store, "--json"},
            m_work, m_config->environment());
    QCOMPARE(git(m_work, {"checkout", "--", "."}).exitCode, 0);
    QCOMPARE(edited.exitCode, 0);
    for (const QJsonValue &row : QJsonDocument::fromJson(edited.out).array()) {
        if (row["customer"].toString() == "fjord") {
            QCOMPARE(row["stage"].toString(), QString("Red soaking"));
            QCOMPARE(failedIds(row["gate"]["rules"].toArray()), QStringList{"green-clean"});
        }
    }

    // Text mode: one line per customer with its stage, and the reason under it.
    const ProcessRun text = runProgram(
            QStringLiteral(QD_BINARY_DIR) + "/quarterdeck",
            {"upgrades", "--repo", m_work, "--prometheus", m_prometheus.url().toString(),
             "--alertmanager", m_alertmanager.url().toString(), "--store", store},
            m_work, m_config->environment());
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("coralbay  ready to promote  red 2.32.0 OK  green 2.31.2 OK"),
             text.out.constData());
}

void TestPromote::upgradeServiceGathersTheSameBoard()
{
    // The GUI's service: the same stages, with Alertmanager read from the incident service's
    // last poll, and nothing on the board until both have answered.
    const auto fleet = loadFleet(m_work);
    QVERIFY2(fleet, qPrintable(fleet.errorMessage()));
    AlertmanagerClient alertmanager;
    alertmanager.setBaseUrl(m_alertmanager.url());
    IncidentService incidents(&alertmanager);
    incidents.setFleet(fleet.value());
    QSignalSpy polled(&incidents, &IncidentService::pollFinished);
    incidents.refresh();
    QVERIFY(polled.wait(30000));

    UpgradeService service(&incidents, m_dir.filePath("service.sqlite"));
    QSignalSpy board(&service, &UpgradeService::boardChanged);
    PrometheusSettings prometheus;
    prometheus.url = m_prometheus.url();
    service.setPrometheus(prometheus);
    QCOMPARE(board.count(), 0); // no fleet yet: nothing to gather
    service.setFleet(fleet.value());
    QVERIFY(board.wait(60000));
    QVERIFY(service.hasBoard());
    QHash<QString, UpgradeRow> rows;
    for (const UpgradeRow &row : service.rows())
        rows.insert(row.inputs.customer, row);
    QCOMPARE(rows.size(), fleet->customers.size());
    QCOMPARE(upgradeStageName(rows.value("coralbay").stage.stage), QString("ready to promote"));
    QCOMPARE(upgradeStageName(rows.value("globex").stage.stage), QString("Red soaking"));
    QCOMPARE(rows.value("globex").gate.failedRuleIds(),
             (QStringList{"candidate-released", "red-soaked", "red-available", "no-open-incidents"}));
    QCOMPARE(upgradeStageName(rows.value("acme").stage.stage), QString("unknown"));

    // Without Prometheus, every live state is unknown, and so is every stage.
    service.setPrometheus(PrometheusSettings{});
    QVERIFY(board.wait(60000));
    for (const UpgradeRow &row : service.rows())
        QVERIFY2(row.stage.stage == UpgradeStage::Unknown, qPrintable(row.inputs.customer));
    QVERIFY(service.rows().first().stage.reason.contains("no Prometheus"));
}

void TestPromote::everyRulePassesAndGreenIsPromoted()
{
    const QString redFile = "customers/coralbay/red/patch-version.yml";
    const QString greenFile = "customers/coralbay/green/patch-version.yml";
    // The commit that set Red's version, by the git CLI: the last one to touch its line.
    const QString redCommit =
            gitOut(m_work, {"log", "-1", "--format=%H", "-L9,9:" + redFile}).section('\n', 0, 0);
    QCOMPARE(redCommit.size(), 40);
    const QString before = remoteHead();

    const ProcessRun run = promote({"--customer", "coralbay", "--prometheus",
                                    m_prometheus.url().toString(), "--alertmanager",
                                    m_alertmanager.url().toString(), "--push", "--json",
                                    "--change-request", "CHG-7"});
    QVERIFY2(run.exitCode == 0, run.out + run.err);
    const QJsonObject verdict = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(verdict["customer"].toString(), QString("coralbay"));
    QCOMPARE(verdict["candidate"].toString(), QString("2.32.0"));
    QCOMPARE(verdict["verdict"].toString(), QString("pass"));
    QCOMPARE(verdict["overridden"].toBool(), false);
    QCOMPARE(verdict["rules"].toArray().size(), 7);
    QCOMPARE(failedIds(verdict["rules"].toArray()), QStringList());
    QVERIFY2(entryWithId(verdict["rules"].toArray(), "red-available")["evidence"].toString().contains(
                     QString::number(m_coralbayAvailability, 'f', 3) + "%"),
             qPrintable(entryWithId(verdict["rules"].toArray(), "red-available")["evidence"].toString()));
    QVERIFY(entryWithId(verdict["rules"].toArray(), "candidate-released")["evidence"].toString().contains("30 days ago"));

    // On the remote: one new commit, Green's version line changed, and the trailers.
    const QString head = remoteHead();
    QCOMPARE(verdict["commit"].toString(), head);
    QCOMPARE(gitOut(m_remote, {"rev-parse", "main~1"}), before);
    QCOMPARE(gitOut(m_remote, {"diff", "--name-only", before, head}), greenFile);
    QVERIFY(gitOut(m_remote, {"show", "main:" + greenFile}).contains("      version: 2.32.0"));
    QCOMPARE(trailer(head, "Customer"), QString("coralbay"));
    QCOMPARE(trailer(head, "Zone"), QString("green"));
    QCOMPARE(trailer(head, "Change-Request"), QString("CHG-7"));
    QCOMPARE(trailer(head, "Promoted-From"), "red@" + redCommit);
    QCOMPARE(trailer(head, "Promotion-Override"), QString());
    if (hasKubectl()) {
        const QString checkout = m_dir.filePath("checkout-coralbay");
        QCOMPARE(git(m_dir.path(), {"clone", "-q", m_remote, checkout}).exitCode, 0);
        const QStringList disagreements = zonesDisagreeingWithKubectl(checkout);
        QVERIFY2(disagreements.isEmpty(), qPrintable(disagreements.join('\n')));
    }

    // Promoted: Green now asks for the candidate, so there is nothing more to promote.
    const ProcessRun again = promote({"--customer", "coralbay", "--prometheus",
                                      m_prometheus.url().toString(), "--alertmanager",
                                      m_alertmanager.url().toString()});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains("candidate-newer"), again.err.constData());
    QCOMPARE(remoteHead(), head);
}

void TestPromote::refusedByTheGateThenOverridden()
{
    const QStringList sources = {"--customer", "globex", "--prometheus",
                                 m_prometheus.url().toString(), "--alertmanager",
                                 m_alertmanager.url().toString(), "--push", "--json"};
    const QString before = remoteHead();
    const ProcessRun refused = promote(sources);
    QCOMPARE(refused.exitCode, 1);
    QJsonObject verdict = QJsonDocument::fromJson(refused.out).object();
    QCOMPARE(verdict["verdict"].toString(), QString("fail"));
    QVERIFY(verdict["commit"].isNull());
    QCOMPARE(failedIds(verdict["rules"].toArray()), (QStringList{"candidate-released", "red-soaked",
                                               "red-available", "no-open-incidents"}));
    QVERIFY(entryWithId(verdict["rules"].toArray(), "candidate-released")["evidence"].toString().contains(
            "3 days ago (at least 14 needed)"));
    // Red has run 2.32.2 since three hours before the history's last minute.
    const QString soaked = entryWithId(verdict["rules"].toArray(), "red-soaked")["evidence"].toString();
    QVERIFY2(soaked.contains("of 24h 00m") && soaked.contains(isoUtc(m_now - 3 * H + 24 * H)),
             qPrintable(soaked));
    QVERIFY2(entryWithId(verdict["rules"].toArray(), "red-available")["evidence"].toString().contains(
                     QString::number(m_globexAvailability, 'f', 3) + "%"),
             qPrintable(entryWithId(verdict["rules"].toArray(), "red-available")["evidence"].toString()));
    QVERIFY(entryWithId(verdict["rules"].toArray(), "no-open-incidents")["evidence"].toString().contains("P1 globex"));
    QCOMPARE(remoteHead(), before);
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());

    // The failing rules are on stderr in text mode.
    const ProcessRun text = promote(sources.mid(0, 6));
    QCOMPARE(text.exitCode, 1);
    QVERIFY2(text.err.contains("FAIL  red-soaked") && text.err.contains("--override"),
             text.err.constData());

    const ProcessRun overridden =
            promote(sources + QStringList{"--override", "freeze ends Friday;\nthe customer asked"});
    QVERIFY2(overridden.exitCode == 0, overridden.err.constData());
    verdict = QJsonDocument::fromJson(overridden.out).object();
    QCOMPARE(verdict["verdict"].toString(), QString("fail"));
    QCOMPARE(verdict["overridden"].toBool(), true);
    const QString head = remoteHead();
    QCOMPARE(verdict["commit"].toString(), head);
    QCOMPARE(trailer(head, "Promotion-Override"), QString("freeze ends Friday; the customer asked"));
    QCOMPARE(trailer(head, "Promotion-Failed-Rules"),
             QString("candidate-released, red-soaked, red-available, no-open-incidents"));
    QVERIFY(trailer(head, "Promoted-From").startsWith("red@"));
    QVERIFY(gitOut(m_remote, {"show", "main:customers/globex/green/patch-version.yml"})
                    .contains("      version: 2.32.2"));
}

void TestPromote::uncommittedGreenEditAndUnknownSourcesFail()
{
    const QString greenFile = m_work + "/customers/fjord/green/patch-version.yml";
    QVERIFY(replaceInFile(greenFile, "# Spinnaker version to deploy", "# edited, not committed"));
    const QString before = remoteHead();
    const ProcessRun dirty = promote({"--customer", "fjord", "--prometheus",
                                      m_prometheus.url().toString(), "--alertmanager",
                                      m_alertmanager.url().toString(), "--json"});
    QCOMPARE(git(m_work, {"checkout", "--", "."}).exitCode, 0);
    QCOMPARE(dirty.exitCode, 1);
    QJsonObject verdict = QJsonDocument::fromJson(dirty.out).object();
    QCOMPARE(failedIds(verdict["rules"].toArray()), QStringList{"green-clean"});
    QVERIFY(entryWithId(verdict["rules"].toArray(), "green-clean")["evidence"].toString().contains("uncommitted edit"));

    // No Prometheus and no Alertmanager (none given, none in the settings): every rule that
    // needs them fails as unknown, saying why.
    const ProcessRun unknown = promote({"--customer", "fjord", "--json"});
    QCOMPARE(unknown.exitCode, 1);
    verdict = QJsonDocument::fromJson(unknown.out).object();
    QCOMPARE(failedIds(verdict["rules"].toArray()), (QStringList{"red-running", "red-soaked", "red-available",
                                               "no-open-incidents", "green-clean"}));
    for (const QString id : {"red-running", "red-soaked", "red-available", "no-open-incidents",
                             "green-clean"})
        QVERIFY2(entryWithId(verdict["rules"].toArray(), id)["evidence"].toString().startsWith("unknown: "), qPrintable(id));
    QVERIFY(entryWithId(verdict["rules"].toArray(), "red-running")["evidence"].toString().contains("no Prometheus"));
    QVERIFY(entryWithId(verdict["rules"].toArray(), "no-open-incidents")["evidence"].toString().contains("no Alertmanager"));
    QCOMPARE(remoteHead(), before);
}

void TestPromote::usageErrors()
{
    QCOMPARE(promote({}).exitCode, 2);
    const ProcessRun noReason = promote({"--customer", "fjord", "--override", " "});
    QCOMPARE(noReason.exitCode, 2);
    QVERIFY(noReason.err.contains("--override needs the reason"));
    const ProcessRun unknown = promote({"--customer", "nobody"});
    QVERIFY2(unknown.exitCode == 2, unknown.err.constData());
    QVERIFY(unknown.err.contains("no customer 'nobody'"));
}

QTEST_GUILESS_MAIN(TestPromote)
#include "tst_promote.moc"
