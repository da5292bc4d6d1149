// The headless commands as a script sees them: the quarterdeck binary, its stdout JSON, its
// stderr "file:line:col: message" lines and its exit codes (0 ok, 1 refused, 2 usage or I/O).
#include "support/TestRepo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run quarterdeck(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(QD_BINARY_DIR "/quarterdeck"), arguments);
    Run run;
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit) {
        run.err = "quarterdeck did not finish: " + process.errorString().toUtf8();
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
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
                                    << QByteArray("Unknown option 'yaml'");
    QTest::newRow("repo does not exist")
            << QStringList{"validate", "--repo", "/nonexistent/fleet-config"}
            << QByteArray("config repo '/nonexistent/fleet-config' does not exist");
    QTest::newRow("not a config repo") << QStringList{"fleet", "--repo", "/"}
                                       << QByteArray("has no fleet.yaml");
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

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
