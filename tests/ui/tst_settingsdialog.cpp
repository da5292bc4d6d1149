// The Settings dialog on the offscreen platform, inside its own D-Bus session with gnome-keyring
// (tests/support/run-in-keyring.sh): filled in as a user would and applied, the services start
// using the new sources at once — Prometheus and Alertmanager (small HTTP servers on loopback)
// are asked with the new URLs, query template and credentials — the secrets are in the keychain
// (read back with secret-tool) and in no file under HOME, and the other values are settings.
// Clearing Alertmanager's URL switches the Incidents pane to the journal; the demo journal shows
// in it offline. A screenshot of the dialog is saved for the docs.
#include "services/LiveSources.h"
#include "services/incidents/IncidentService.h"
#include "services/store/IncidentJournal.h"
#include "services/telemetry/AlertmanagerClient.h"
#include "services/telemetry/SloService.h"
#include "ui/IncidentStatusWidget.h"
#include "ui/IncidentsPane.h"
#include "ui/SettingsDialog.h"
#include "ui/SourceStateWidget.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace qd;

namespace {

const QString kPromToken = "prom-tok-5e1d0c77";
const QString kAmPassword = "am-pass-93b2f4a1";
const QString kGitToken = "git-tok-0a7c6b3e";

// An HTTP server on loopback that answers every request with one JSON body and keeps each
// request's head (request line, percent-decoded, and headers) for the test to look at.
class RecordingServer : public QObject
{
public:
    explicit RecordingServer(QByteArray body)
        : m_body(std::move(body))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    QList<QByteArray> requests;

    bool saw(const QByteArray &path, const QByteArray &header) const
    {
        for (const QByteArray &head : requests) {
            if (head.contains(path) && head.contains(header))
                return true;
        }
        return false;
    }

private:
    void serve(QTcpSocket *socket)
    {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            QByteArray &buffer = m_buffers[socket];
            buffer += socket->readAll();
            // GET requests only: a request is its head.
            for (qsizetype end = buffer.indexOf("\r\n\r\n"); end >= 0;
                 end = buffer.indexOf("\r\n\r\n")) {
                requests.append(QByteArray::fromPercentEncoding(buffer.left(end)));
                buffer.remove(0, end + 4);
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Content-Length: " +
                              QByteArray::number(m_body.size()) + "\r\n\r\n" + m_body);
            }
        });
    }

    QTcpServer m_server;
    QByteArray m_body;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

FleetSnapshot smallFleet()
{
    FleetSnapshot fleet;
    for (const QString &id : {QStringLiteral("acme"), QStringLiteral("globex")}) {
        Customer customer;
        customer.id = id;
        customer.name = id.toUpper();
        for (ZoneKind kind : {ZoneKind::Red, ZoneKind::Green}) {
            Zone zone;
            zone.kind = kind;
            zone.cluster = id + QLatin1Char('-') + zoneKindName(kind);
            (kind == ZoneKind::Red ? customer.red : customer.green) = zone;
        }
        fleet.customers.append(customer);
    }
    return fleet;
}

QString secretToolLookup(const QString &key)
{
    QProcess lookup;
    lookup.start("secret-tool", {"lookup", "server", "Quarterdeck", "user", key});
    if (!lookup.waitForFinished(10000) || lookup.exitCode() != 0)
        return QString();
    return QString::fromUtf8(lookup.readAllStandardOutput()).trimmed();
}

template<typename T>
T *field(QWidget *dialog, const char *name)
{
    auto *widget = dialog->findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no field %s", name);
    return widget;
}

void type(QWidget *dialog, const char *name, const QString &text)
{
    QLineEdit *edit = field<QLineEdit>(dialog, name);
    edit->clear();
    QTest::keyClicks(edit, text);
}

void chooseAuth(QWidget *dialog, const char *name, HttpAuth auth)
{
    QComboBox *box = field<QComboBox>(dialog, name);
    box->setCurrentIndex(box->findData(int(auth)));
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void invalidValuesAreNotApplied();
    void gitCaFileIsSavedAndReadBack();
    void appliedSettingsReachTheServicesAndSecretsTheKeychain();
    void clearingAlertmanagerShowsTheJournal();
    void demoJournalShowsOffline();
    void screenshot();

private:
    QTemporaryDir m_dir;
    FleetSnapshot m_fleet;
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("Quarterdeck");
    QCoreApplication::setApplicationName("Quarterdeck-settings-test");
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_fleet = smallFleet();
}

void TestSettingsDialog::invalidValuesAreNotApplied()
{
    SettingsDialog dialog;
    dialog.setValues(AppSettings::load());
    dialog.show();
    QSignalSpy applied(&dialog, &SettingsDialog::applied);
    QPushButton *apply =
            field<QDialogButtonBox>(&dialog, "settingsButtons")->button(QDialogButtonBox::Apply);
    QVERIFY(apply->isEnabled());

    type(&dialog, "prometheusUrl", "prometheus.example:9090"); // no scheme
    QVERIFY(!apply->isEnabled());
    QVERIFY(field<QLabel>(&dialog, "settingsMessage")->text().contains("http://"));
    type(&dialog, "prometheusUrl", "https://prometheus.example:9090");
    QVERIFY(apply->isEnabled());

    chooseAuth(&dialog, "alertmanagerAuth", HttpAuth::Basic); // without a URL or a user
    QVERIFY(!apply->isEnabled());
    QVERIFY(!dialog.apply());
    type(&dialog, "alertmanagerUrl", "https://alertmanager.example");
    QVERIFY(dialog.validationError().contains("user name"));
    type(&dialog, "alertmanagerUsername", "riley");
    QVERIFY(dialog.validationError().isEmpty());

    type(&dialog, "severityMap", "critical=P0, warning=urgent");
    QVERIFY(dialog.validationError().contains("warning=urgent"));
    QVERIFY(!dialog.apply());
    QCOMPARE(applied.count(), 0);
    QVERIFY(!QSettings().contains("telemetry/prometheus/url"));
}

void TestSettingsDialog::gitCaFileIsSavedAndReadBack()
{
    // No secret typed: applying saves at once, without the keychain.
    const QString caFile = m_dir.filePath("private-ca.pem");
    {
        SettingsDialog dialog;
        dialog.setValues(AppSettings::load());
        dialog.show();
        dialog.findChild<QTabWidget *>()->setCurrentIndex(2); // Git
        QVERIFY(field<QLineEdit>(&dialog, "gitCaFile")->isVisible());
        QVERIFY(field<QToolButton>(&dialog, "gitCaFileBrowse")->isVisible()); // the file picker
        type(&dialog, "gitCaFile", caFile);
        QSignalSpy applied(&dialog, &SettingsDialog::applied);
        QVERIFY(dialog.apply());
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.first().first().value<AppSettings>().git.caFile, caFile);
    }
    QCOMPARE(QSettings().value("git/caFile").toString(), caFile);
    QCOMPARE(AppSettings::load().git.caFile, caFile);

    // The next dialog shows it; emptied, the setting goes (git trusts the system's CAs only).
    SettingsDialog dialog;
    dialog.setValues(AppSettings::load());
    QCOMPARE(field<QLineEdit>(&dialog, "gitCaFile")->text(), caFile);
    field<QLineEdit>(&dialog, "gitCaFile")->clear();
    QVERIFY(dialog.apply());
    QVERIFY(!QSettings().contains("git/caFile"));
    QCOMPARE(AppSettings::load().git.caFile, QString());
}

void TestSettingsDialog::appliedSettingsReachTheServicesAndSecretsTheKeychain()
{
    if (qEnvironmentVariableIsEmpty("QD_KEYRING_HOME"))
        QSKIP("run through tests/support/run-in-keyring.sh (ctest does)");
    RecordingServer prometheus(
            R"({"status":"success","data":{"resultType":"matrix","result":[]}})");
    RecordingServer alertmanager("[]");

    SloService slo(m_dir.filePath("telemetry.sqlite"));
    slo.setRefreshInterval(0);
    AlertmanagerClient client;
    IncidentService incidents(&client);
    LiveSources sources(&slo, &client, &incidents);
    sources.apply(AppSettings::load());
    slo.setFleet(m_fleet);
    incidents.setFleet(m_fleet);
    QTRY_COMPARE(slo.sourceState().health, SourceHealth::Offline);
    QCOMPARE(incidents.snapshot().source.health, SourceHealth::Offline);

    SettingsDialog dialog;
    connect(&dialog, &SettingsDialog::applied, &sources, &LiveSources::apply);
    dialog.setValues(AppSettings::load());
    dialog.setGitRemoteUrl("https://git.example/fleet-config.git");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    type(&dialog, "prometheusUrl", prometheus.url());
    chooseAuth(&dialog, "prometheusAuth", HttpAuth::Bearer);
    type(&dialog, "prometheusSecret", kPromToken);
    field<QSpinBox>(&dialog, "prometheusTimeout")->setValue(5);
    type(&dialog, "query_availability", R"(probe_success{job="blackbox",cluster="$cluster"})");
    type(&dialog, "alertmanagerUrl", alertmanager.url());
    chooseAuth(&dialog, "alertmanagerAuth", HttpAuth::Basic);
    type(&dialog, "alertmanagerUsername", "riley");
    type(&dialog, "alertmanagerSecret", kAmPassword);
    type(&dialog, "severityMap", "critical=P0, warning=P2, page=P0");
    type(&dialog, "gitAuthorName", "Ada Lovelace");
    type(&dialog, "gitAuthorEmail", "ada@example.com");
    type(&dialog, "gitHttpsUser", "ada");
    type(&dialog, "gitToken", kGitToken);
    type(&dialog, "gitSshKeyFile", m_dir.filePath("id_ed25519"));
    type(&dialog, "gitCaFile", m_dir.filePath("git-ca.pem"));
    QCOMPARE(field<QLineEdit>(&dialog, "gitRemoteUrl")->text(),
             QString("https://git.example/fleet-config.git"));
    QCOMPARE(dialog.validationError(), QString());

    QSignalSpy applied(&dialog, &SettingsDialog::applied);
    QPushButton *apply =
            field<QDialogButtonBox>(&dialog, "settingsButtons")->button(QDialogButtonBox::Apply);
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(applied.wait(20000));
    QVERIFY2(field<QLabel>(&dialog, "settingsMessage")->text().contains("applied"),
             qPrintable(field<QLabel>(&dialog, "settingsMessage")->text()));
    QVERIFY(field<QLineEdit>(&dialog, "prometheusSecret")->text().isEmpty());

    // Prometheus is asked at once, with the new template and the keychain's token.
    QTRY_VERIFY_WITH_TIMEOUT(prometheus.saw(R"(job="blackbox",cluster="acme-green")",
                                            "Authorization: Bearer " + kPromToken.toLatin1()),
                             15000);
    QTRY_COMPARE_WITH_TIMEOUT(slo.sourceState().health, SourceHealth::Ok, 15000);
    // Alertmanager is polled with Basic credentials.
    const QByteArray basic = "Basic " + QByteArray("riley:" + kAmPassword.toLatin1()).toBase64();
    QTRY_VERIFY_WITH_TIMEOUT(alertmanager.saw("/api/v2/alerts", "Authorization: " + basic), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(incidents.snapshot().source.health, SourceHealth::Ok, 15000);
    QVERIFY(!incidents.showingJournal());

    // The settings hold everything but the secrets.
    const AppSettings saved = AppSettings::load();
    QCOMPARE(saved.prometheus.url, QUrl(prometheus.url()));
    QCOMPARE(saved.prometheus.timeoutMs, 5000);
    QCOMPARE(saved.prometheus.secretKey, "prometheus/" + prometheus.url());
    QCOMPARE(saved.alertmanager.auth, HttpAuth::Basic);
    QCOMPARE(saved.alertmanager.rules.severityPriority.value("warning"), Priority::P2);
    QCOMPARE(saved.alertmanager.rules.severityPriority.value("page"), Priority::P0);
    QCOMPARE(saved.git.authorName, QString("Ada Lovelace"));
    QCOMPARE(saved.git.httpsUser, QString("ada"));
    QCOMPARE(saved.git.caFile, m_dir.filePath("git-ca.pem"));
    QCOMPARE(sources.current().git.authorEmail, QString("ada@example.com"));

    // The secrets are in the keychain, where the services and the CLI look for them...
    QCOMPARE(secretToolLookup("prometheus/" + prometheus.url()), kPromToken);
    QCOMPARE(secretToolLookup("alertmanager/" + alertmanager.url()), kAmPassword);
    QCOMPARE(secretToolLookup("git/https://git.example/fleet-config.git"), kGitToken);

    // ...and in no file under HOME (the settings file included; the keyring's is encrypted).
    QSettings().sync();
    const QString home = qEnvironmentVariable("QD_KEYRING_HOME");
    QDirIterator files(home, QDir::Files | QDir::Hidden | QDir::NoSymLinks,
                       QDirIterator::Subdirectories);
    bool sawSettings = false;
    while (files.hasNext()) {
        QFile file(files.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = file.readAll();
        sawSettings = sawSettings || content.contains("Ada Lovelace");
        for (const QString &secret : {kPromToken, kAmPassword, kGitToken})
            QVERIFY2(!content.contains(secret.toUtf8()), qPrintable(file.fileName()));
    }
    QVERIFY2(sawSettings, "the settings file is not under HOME: the scan proves nothing");
}

void TestSettingsDialog::clearingAlertmanagerShowsTheJournal()
{
    RecordingServer alertmanager("[]");
    QSettings().setValue("alertmanager/url", alertmanager.url());
    QSettings().setValue("alertmanager/auth", "none");
    AlertmanagerClient client;
    IncidentService incidents(&client);
    incidents.setJournalPath(m_dir.filePath("journal.sqlite"));
    LiveSources sources(nullptr, &client, &incidents);
    sources.apply(AppSettings::load());
    QTRY_COMPARE(incidents.snapshot().source.health, SourceHealth::Ok);

    SettingsDialog dialog;
    connect(&dialog, &SettingsDialog::applied, &sources, &LiveSources::apply);
    dialog.setValues(AppSettings::load());
    field<QLineEdit>(&dialog, "alertmanagerUrl")->clear();
    QVERIFY(dialog.apply());
    QTRY_VERIFY(incidents.showingJournal());
    QCOMPARE(incidents.snapshot().source.health, SourceHealth::Offline);
    QVERIFY(!QSettings().contains("alertmanager/url"));
    const qsizetype polls = alertmanager.requests.size();
    QTest::qWait(200); // long enough for a poll that should not happen to show
    QCOMPARE(alertmanager.requests.size(), polls);
}

void TestSettingsDialog::demoJournalShowsOffline()
{
    // What `quarterdeck --demo` does without an Alertmanager: the seeded journal, offline.
    QSettings().remove("alertmanager");
    const QString journal = m_dir.filePath("demo-journal.sqlite");
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto seeded = seedDemoIncidents(m_fleet, journal, now);
    QVERIFY2(seeded.ok(), qPrintable(seeded.errorMessage()));

    AlertmanagerClient client;
    IncidentService incidents(&client);
    incidents.setJournalPath(journal);
    LiveSources sources(nullptr, &client, &incidents);
    IncidentsPane pane(&incidents);
    pane.resize(1000, 500);
    pane.show();
    sources.apply(AppSettings::load());

    const int expected = int(generateDemoIncidents(m_fleet, now).size());
    QVERIFY(expected > 0);
    QTRY_COMPARE(incidents.snapshot().incidents.size(), qsizetype(expected));
    // Every incident shows, history included, and the pane says where they come from.
    QTRY_COMPARE(pane.tableView()->model()->rowCount(), expected);
    QVERIFY(field<QLabel>(&pane, "incidentCount")->text().contains("from the journal"));
    QCOMPARE(pane.statusWidget()->sourceState()->text(),
             QString("Alertmanager offline: journal only"));
    // Nothing to acknowledge with.
    pane.tableView()->selectRow(0);
    QVERIFY(!field<QPushButton>(&pane, "acknowledgeButton")->isEnabled());
}

void TestSettingsDialog::screenshot()
{
    // The picture in docs/settings.md: the first page, filled in with the values of an example.
    SettingsDialog dialog;
    dialog.setValues(AppSettings{});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    type(&dialog, "prometheusUrl", "https://prometheus.example.com:9090");
    chooseAuth(&dialog, "prometheusAuth", HttpAuth::Bearer);
    type(&dialog, "prometheusSecret", "not-a-real-token");
    type(&dialog, "prometheusCaFile", "/etc/quarterdeck/example-ca.pem");
    type(&dialog, "query_availability", R"(probe_success{job="blackbox",cluster="$cluster"})");
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
        edit->setCursorPosition(0);
    QVERIFY(dialog.validationError().isEmpty());
    const QString shots = QStringLiteral(QD_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(shots));
    const QString path = QDir(shots).filePath("settings-dialog.png");
    QVERIFY(dialog.grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
