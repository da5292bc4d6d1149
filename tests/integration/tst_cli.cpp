// The headless commands as a script sees them: the quarterdeck binary, its stdout JSON, its
// stderr "file:line:col: message" lines and its exit codes (0 ok, 1 refused, 2 usage or I/O).
#include "support/CliRun.h"
#include "support/TestRepo.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = qd::test::CliRun;
using qd::test::noDisplay;
using qd::test::quarterdeck;

// A portal export: T-1 twice (merged), a bad priority on line 4, a row without an id.
const QByteArray kIncidentsCsv =
        "id,customer,zone,priority,title,opened_at,acknowledged_at,resolved_at\n"
        "T-1,acme,green,P1,Gate 502s,2026-11-20T16:00:00-05:00,2026-11-20T16:30:00-05:00,"
        "2026-11-20T18:00:00-05:00\n"
        "T-1,acme,green,P1,Gate 502s,2026-11-20T15:00:00-05:00,,\n"
        "T-2,globex,red,P7,Deck slow,2026-11-21T09:00:00Z,,\n"
        ",acme,red,P2,\"Clouddriver caching, again\",2026-11-19T10:00:00Z,,\n";

QJsonObject jsonObject(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << error.errorString() << text;
    return document.object();
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fleetJson();
    void fleetText();
    void validateValid();
    void validateInvalid();
    void usageAndIoErrors_data();
    void usageAndIoErrors();
    void importIncidentsCsv();
    void importIntoTheGuisJournalByDefault();
    void importFailures_data();
    void importFailures();
    void helpAndVersionNeedNoDisplay();
    void unknownCommandNamesTheNearest();
    void unknownOptionNamesTheNearest();

private:
    QTemporaryDir m_dir;
    QString m_work;
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const Run init = quarterdeck({"demo", "init", m_dir.path()});
    QVERIFY2(init.exitCode == 0, init.err.constData());
    m_work = m_dir.filePath("work");
    QVERIFY(init.out.contains(m_work.toUtf8()));
    QVERIFY(QFileInfo::exists(m_dir.filePath("remote.git/HEAD")));
    // Once: a second init leaves the clone as it is.
    const Run again = quarterdeck({"demo", "init", m_dir.path()});
    QCOMPARE(again.exitCode, 0);
}

void TestCli::fleetJson()
{
    const Run run = quarterdeck({"fleet", "--repo", m_work, "--json"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), run.err.constData());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonArray customers = document.array();
    QVERIFY(customers.size() >= 12);
    const auto acme = std::find_if(customers.begin(), customers.end(), [](const QJsonValue &c) {
        return c[QStringLiteral("id")] == QStringLiteral("acme");
    });
    QVERIFY(acme != customers.end());
    const QJsonObject customer = acme->toObject();
    QCOMPARE(customer["name"].toString(), QStringLiteral("ACME Corp"));
    const QJsonObject red = customer["zones"].toObject()["red"].toObject();
    const QJsonObject green = customer["zones"].toObject()["green"].toObject();
    QCOMPARE(red["cluster"].toString(), QStringLiteral("acme-red"));
    QCOMPARE(red["overlay"].toString(), QStringLiteral("customers/acme/red"));
    QCOMPARE(red["version"].toString(), QStringLiteral("2.31.0-rc1"));
    QCOMPARE(red["versionFile"].toString(), QStringLiteral("customers/acme/red/patch-version.yml"));
    QVERIFY(red["versionLine"].isDouble());
    QCOMPARE(green["version"].toString(), QStringLiteral("2.30.1"));
    QCOMPARE(customer["upgradeState"].toString(), QStringLiteral("redAhead"));

    // The line it names is the line that holds the version.
    QFile file(QDir(m_work).filePath(red["versionFile"].toString()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    const QByteArray line = lines.value(red["versionLine"].toInt() - 1);
    QVERIFY2(line.trimmed().startsWith("version: 2.31.0-rc1"), line.constData());
}

void TestCli::fleetText()
{
    const Run run = quarterdeck({"fleet", "--repo", m_work});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("CUSTOMER"));
    QVERIFY(run.out.contains("acme-green"));
    QVERIFY(run.out.contains("customers/acme/red/patch-version.yml:"));
}

void TestCli::validateValid()
{
    const Run text = quarterdeck({"validate", "--repo", m_work});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.startsWith("valid:"), text.out.constData());
    const Run json = quarterdeck({"validate", "--repo", m_work, "--json"});
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(json.out).array().size(), 0);
}

void TestCli::validateInvalid()
{
    QTemporaryDir copy;
    QVERIFY(qd::test::copyTree(m_work, copy.path()));
    QFile fleet(copy.filePath("fleet.yaml"));
    QVERIFY(fleet.open(QIODevice::ReadOnly));
    QByteArray text = fleet.readAll();
    fleet.close();
    // A second customer with the first one's id, and a zone that does not exist.
    const qsizetype first = text.indexOf("  - id: ");
    const qsizetype second = text.indexOf("  - id: ", first + 1);
    text.replace(second, text.indexOf('\n', second) - second,
                 text.mid(first, text.indexOf('\n', first) - first));
    QVERIFY(qd::test::writeFile(copy.path(), "fleet.yaml", text));
    const int duplicateLine = int(text.left(second).count('\n')) + 1;

    const Run json = quarterdeck({"validate", "--repo", copy.path(), "--json"});
    QCOMPARE(json.exitCode, 1);
    const QJsonArray problems = QJsonDocument::fromJson(json.out).array();
    QVERIFY(!problems.isEmpty());
    const QJsonObject duplicate = problems.first().toObject();
    QCOMPARE(duplicate["file"].toString(), QStringLiteral("fleet.yaml"));
    QCOMPARE(duplicate["line"].toInt(), duplicateLine);
    QCOMPARE(duplicate["column"].toInt(), 9);
    QVERIFY(duplicate["message"].toString().startsWith("duplicate customer id"));

    const Run plain = quarterdeck({"validate", "--repo", copy.path()});
    QCOMPARE(plain.exitCode, 1);
    QVERIFY2(plain.err.startsWith(QStringLiteral("fleet.yaml:%1:9: duplicate customer id")
                                          .arg(duplicateLine)
                                          .toUtf8()),
             plain.err.constData());
    QVERIFY(plain.out.startsWith("invalid:"));
}

void TestCli::usageAndIoErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("fleet without --repo") << QStringList{"fleet"} << QByteArray("--repo DIR is required");
    QTest::newRow("unknown option") << QStringList{"validate", "--repo", ".", "--yaml"}
                                    << QByteArray("unknown option '--yaml'");
    QTest::newRow("repo does not exist")
            << QStringList{"validate", "--repo", "/nonexistent/fleet-config"}
            << QByteArray("config repo '/nonexistent/fleet-config' does not exist");
    QTest::newRow("not a config repo") << QStringList{"fleet", "--repo", "/"}
                                       << QByteArray("has no fleet.yaml");
    QTest::newRow("incidents without a source")
            << QStringList{"incidents", "--repo", "."}
            << QByteArray("--alertmanager URL (or --import FILE) is required");
    QTest::newRow("demo without DIR") << QStringList{"demo", "init"}
                                      << QByteArray("usage: quarterdeck demo init DIR");
}

void TestCli::usageAndIoErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const Run run = quarterdeck(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestCli::importIncidentsCsv()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString csv = dir.filePath("portal.csv");
    QVERIFY(qd::test::writeFile(dir.path(), "portal.csv", kIncidentsCsv));
    const QString journal = dir.filePath("journal/incidents.sqlite");
    const QStringList import = {"incidents", "--repo",    m_work, "--import",
                                csv,         "--journal", journal};

    const Run first = quarterdeck(import + QStringList{"--json"});
    QCOMPARE(first.exitCode, 1); // a row was refused; the others are in
    QVERIFY2(first.err.isEmpty(), first.err.constData());
    const QJsonObject report = jsonObject(first.out);
    QCOMPARE(report["imported"].toInt(), 2);
    QCOMPARE(report["merged"].toInt(), 1);
    QCOMPARE(report["skipped"].toInt(), 1);
    const QJsonArray problems = report["problems"].toArray();
    QCOMPARE(problems.size(), 1);
    const QJsonObject problem = problems.first().toObject();
    QCOMPARE(problem["file"].toString(), csv);
    QCOMPARE(problem["line"].toInt(), 4);
    QCOMPARE(problem["column"].toInt(), int(qstrlen("T-2,globex,red,")) + 1);
    QVERIFY2(problem["message"].toString().contains("priority 'P7'"),
             qPrintable(problem["message"].toString()));
    QVERIFY(QFileInfo::exists(journal));

    // The journal holds them: the same file again only merges, in text this time.
    const Run second = quarterdeck(import);
    QCOMPARE(second.exitCode, 1);
    QVERIFY2(second.out.contains(": 4 rows: 0 imported, 3 merged, 1 skipped"),
             second.out.constData());
    QVERIFY2(second.out.contains("the other rows were imported"), second.out.constData());
    QCOMPARE(second.err, (csv + ":4:16: priority 'P7' is not P0, P1 or P2\n").toUtf8());

    // Without the bad row everything is imported: exit 0.
    QByteArray good = kIncidentsCsv;
    good.remove(good.indexOf("T-2,"), good.indexOf('\n', good.indexOf("T-2,")) + 1
                                              - good.indexOf("T-2,"));
    QVERIFY(qd::test::writeFile(dir.path(), "good.csv", good));
    const Run clean = quarterdeck({"incidents", "--repo", m_work, "--import",
                                   dir.filePath("good.csv"), "--journal", journal, "--json"});
    QCOMPARE(clean.exitCode, 0);
    const QJsonObject cleanReport = jsonObject(clean.out);
    QCOMPARE(cleanReport["imported"].toInt(), 0);
    QCOMPARE(cleanReport["merged"].toInt(), 3);
    QCOMPARE(cleanReport["skipped"].toInt(), 0);
    QCOMPARE(cleanReport["problems"].toArray().size(), 0);
}

void TestCli::importIntoTheGuisJournalByDefault()
{
    // AppLocalDataLocation/incidents.sqlite, as in the GUI, under a data home of the test's own.
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QVERIFY(qd::test::writeFile(home.path(), "portal.csv", kIncidentsCsv));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("XDG_DATA_HOME", home.filePath("data"));
    const Run run = quarterdeck({"incidents", "--repo", m_work, "--import",
                                 home.filePath("portal.csv")},
                                environment);
    QCOMPARE(run.exitCode, 1);
    const QString journal = home.filePath("data/Quarterdeck/Quarterdeck/incidents.sqlite");
    QVERIFY2(run.out.contains(journal.toUtf8()), run.out.constData());
    QVERIFY(QFileInfo::exists(journal));
}

void TestCli::importFailures_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QStringList>("extraArguments");
    QTest::addColumn<QString>("message"); // %1 is the CSV file
    QTest::newRow("missing column")
            << QByteArray("id,customer,zone,priority,opened_at,acknowledged_at,resolved_at\n"
                          "T-1,acme,green,P1,2026-11-20T16:00:00Z,,\n")
            << QStringList() << QStringLiteral("%1:1:1: the header has no column 'title'");
    QTest::newRow("unreadable file") << QByteArray() << QStringList()
                                     << QStringLiteral("%1.missing: cannot read");
    QTest::newRow("with --alertmanager")
            << kIncidentsCsv << QStringList{"--alertmanager", "http://127.0.0.1:1"}
            << QStringLiteral("--import and --alertmanager do not go together");
}

void TestCli::importFailures()
{
    QFETCH(QByteArray, csv);
    QFETCH(QStringList, extraArguments);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString file = dir.filePath("portal.csv");
    QVERIFY(qd::test::writeFile(dir.path(), "portal.csv", csv));
    if (csv.isEmpty())
        file += ".missing";
    const QString journal = dir.filePath("incidents.sqlite");
    const Run run = quarterdeck(QStringList{"incidents", "--repo", m_work, "--import", file,
                                            "--journal", journal, "--json"}
                                + extraArguments);
    QCOMPARE(run.exitCode, 2);
    if (message.contains("%1"))
        message = message.arg(dir.filePath("portal.csv"));
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

// What a user without a display sees (noDisplay: no platform plugin to load), yet help and version
// work.
void TestCli::helpAndVersionNeedNoDisplay()
{
    const QStringList commands = {"demo", "fleet", "validate", "set", "slo",
                                  "incidents", "upgrades", "promote", "verify"};
    for (const QStringList &arguments : {QStringList{"--help"}, QStringList{"help"}, QStringList{"-h"}}) {
        const Run run = quarterdeck(arguments, noDisplay());
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(!run.err.contains("display"), run.err.constData());
        for (const QString &command : commands)
            QVERIFY2(run.out.contains("\n  " + command.toUtf8() + ' '), qPrintable(command));
    }
    // Each command's own help, both ways, names the command and its options.
    for (const QString &command : commands) {
        const Run viaHelp = quarterdeck({"help", command}, noDisplay());
        const Run viaOption = quarterdeck({command, "--help"}, noDisplay());
        QCOMPARE(viaHelp.exitCode, 0);
        QCOMPARE(viaHelp.out, viaOption.out);
        QVERIFY2(viaHelp.out.startsWith("Usage: quarterdeck " + command.toUtf8() + " [options]"),
                 viaHelp.out.constData());
    }
    QVERIFY(quarterdeck({"help", "promote"}, noDisplay()).out.contains("--override <REASON>"));

    const Run version = quarterdeck({"--version"}, noDisplay());
    QVERIFY2(version.exitCode == 0, version.err.constData());
    const QString text = QString::fromUtf8(version.out);
    QVERIFY2(text.startsWith("quarterdeck 0.1.0 ("), qPrintable(text));
    QVERIFY2(text.contains(QString("Qt %1,").arg(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(QRegularExpression("libgit2 1\\.\\d+\\.\\d+, yaml-cpp 0\\.\\d")),
             qPrintable(text));
}

void TestCli::unknownCommandNamesTheNearest()
{
    Run run = quarterdeck({"promot", "--repo", m_work}, noDisplay());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("unknown command 'promot'; did you mean 'promote'?"), run.err.constData());
    QVERIFY(run.out.isEmpty());
    run = quarterdeck({"vaildate"}, noDisplay());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("did you mean 'validate'?"), run.err.constData());
    run = quarterdeck({"frobnicate"}, noDisplay());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(!run.err.contains("did you mean"), run.err.constData());
    run = quarterdeck({"help", "sloo"}, noDisplay());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("did you mean 'slo'?"), run.err.constData());
}

void TestCli::unknownOptionNamesTheNearest()
{
    Run run = quarterdeck({"fleet", "--repo", m_work, "--jsn"}, noDisplay());
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.err.count('\n'), 1);
    QVERIFY2(run.err.contains("quarterdeck fleet: unknown option '--jsn'; did you mean '--json'?"),
             run.err.constData());
    QVERIFY(run.out.isEmpty());
    run = quarterdeck({"set", "--repo", m_work, "--custmer", "acme"}, noDisplay());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("did you mean '--customer'?"), run.err.constData());
    run = quarterdeck({"validate", "--repo", m_work, "--frobnicate"}, noDisplay());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("unknown option '--frobnicate'"), run.err.constData());
    QVERIFY2(!run.err.contains("did you mean"), run.err.constData());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
