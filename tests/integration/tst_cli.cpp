// The headless commands as a script sees them: the quarterdeck binary, its stdout JSON, its
// stderr "file:line:col: message" lines and its exit codes (0 ok, 1 refused, 2 usage or I/O).
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

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run quarterdeck(const QStringList &arguments,
                const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
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
    void everyCommandsHelpHasExitCodesAndAnExample();
    void routineLogLinesOnlyWithVerbose();
    void manPageDocumentsEveryCommandAndOption();
    void completionsOfferEveryCommandAndOption();

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

// What a user without a display sees: no platform plugin is loaded (DISPLAY unset, and no
// QT_QPA_PLATFORM to fall back on), yet help and version work.
QProcessEnvironment noDisplay()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.remove("QT_QPA_PLATFORM");
    return env;
}

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

namespace {

// The commands `quarterdeck --help` lists, read from its "Commands:" block.
QStringList listedCommands()
{
    const Run run = quarterdeck({"--help"});
    QStringList commands;
    bool inCommands = false;
    for (const QString &line : QString::fromUtf8(run.out).split(QLatin1Char('\n'))) {
        if (line == QLatin1String("Commands:"))
            inCommands = true;
        else if (inCommands && line.startsWith(QLatin1String("  ")))
            commands.append(line.trimmed().section(QLatin1Char(' '), 0, 0));
        else if (inCommands)
            break;
    }
    return commands;
}

// Every option a command's --help lists, as "-m" and "--message".
QStringList listedOptions(const QString &command)
{
    const Run run = quarterdeck({command, "--help"});
    static const QRegularExpression optionLine(
            QStringLiteral("^  (?:(-\\w), )?(--[\\w-]+)"), QRegularExpression::MultilineOption);
    QStringList options;
    for (auto it = optionLine.globalMatch(QString::fromUtf8(run.out)); it.hasNext();) {
        const auto match = it.next();
        if (match.hasCaptured(1))
            options.append(match.captured(1));
        options.append(match.captured(2));
    }
    return options;
}

QByteArray generated(const QStringList &arguments)
{
    const Run run = quarterdeck(arguments);
    if (run.exitCode != 0)
        qWarning() << arguments << "failed:" << run.err;
    return run.out;
}

} // namespace

void TestCli::everyCommandsHelpHasExitCodesAndAnExample()
{
    const QStringList commands = listedCommands();
    QVERIFY2(commands.size() >= 11, qPrintable(commands.join(' ')));
    for (const QString &command : commands) {
        const QString help = QString::fromUtf8(quarterdeck({"help", command}).out);
        QVERIFY2(help.contains("\nExit codes: 0 "), qPrintable(command));
        QVERIFY2(help.contains("\nExamples:\n  quarterdeck " + command + ' '), qPrintable(help));
        const QStringList options = listedOptions(command);
        for (const char *everywhere : {"--help", "--verbose"})
            QVERIFY2(options.contains(everywhere), qPrintable(command));
        for (const QString &line : help.split('\n'))
            QVERIFY2(line.size() <= 79 || line.startsWith("  quarterdeck "), qPrintable(line));
    }
}

void TestCli::routineLogLinesOnlyWithVerbose()
{
    QProcessEnvironment env = noDisplay();
    env.remove("QT_LOGGING_RULES");
    QTemporaryDir dir;
    Run run = quarterdeck({"demo", "init", dir.filePath("quiet")}, env);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.isEmpty(), run.err.constData());
    QVERIFY(run.out.contains("demo clone:"));

    run = quarterdeck({"demo", "init", dir.filePath("loud"), "--verbose"}, env);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("created the demo fleet in"), run.err.constData());
    QVERIFY2(run.err.contains("telemetry store migrated to schema"), run.err.constData());

    // Errors stay on stderr without --verbose.
    run = quarterdeck({"fleet", "--repo", dir.filePath("nowhere")}, env);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(!run.err.isEmpty(), "an error must be reported");
}

void TestCli::manPageDocumentsEveryCommandAndOption()
{
    const QString page = QString::fromUtf8(generated({"manpage"}));
    QVERIFY2(page.startsWith(".\\\" quarterdeck(1)"), qPrintable(page.left(200)));
    QVERIFY(page.contains("\n.TH QUARTERDECK 1 "));
    const auto roff = [](QString text) { return text.replace('-', "\\-"); };
    for (const QString &command : listedCommands()) {
        QVERIFY2(page.contains(".SS \"quarterdeck " + roff(command) + " [options]"),
                 qPrintable(command));
        // The command's section holds each of its options.
        const qsizetype start = page.indexOf(".SS \"quarterdeck " + roff(command) + ' ');
        const qsizetype end = page.indexOf(".SS ", start + 4);
        const QString section = page.mid(start, end < 0 ? -1 : end - start);
        for (const QString &option : listedOptions(command))
            QVERIFY2(section.contains("\\fB" + roff(option) + "\\fR"),
                     qPrintable(command + ' ' + option));
        QVERIFY2(section.contains(".PP\nExit status: 0 "), qPrintable(command));
    }
    for (const char *gui : {"--demo", "--repo", "--exit-after-first-paint"})
        QVERIFY2(page.contains("\\fB" + roff(gui) + "\\fR"), gui);

    // groff renders it without a warning, as lintian and man(1) would see it.
    const QString groff = QStandardPaths::findExecutable("groff");
    if (groff.isEmpty())
        QSKIP("groff is not installed (installer/setup-debian.sh installs groff-base)");
    QTemporaryDir dir;
    const QString file = dir.filePath("quarterdeck.1");
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly) && out.write(page.toUtf8()) > 0);
    out.close();
    QProcess process;
    process.start(groff, {"-man", "-Tutf8", "-ww", file});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray warnings = process.readAllStandardError();
    QVERIFY2(warnings.isEmpty(), warnings.constData());
    const QString rendered = QString::fromUtf8(process.readAllStandardOutput())
                                     .remove(QRegularExpression(".\\x08")) // overstrike
                                     .simplified();
    QVERIFY2(rendered.contains("quarterdeck promote [options]"), qPrintable(rendered.left(400)));
    QVERIFY2(rendered.contains("Evaluate the Red \u2192 Green"), "the arrow survives roff");
}

namespace {

// What `shell` offers for `line` (the word being completed is the last, possibly empty).
QStringList completions(const QString &shell, const QString &script, const QString &line)
{
    QProcess process;
    if (shell == QLatin1String("bash")) {
        process.start("bash", {"-c", QStringLiteral(
                "source '%1'; COMP_LINE='%2'; read -ra COMP_WORDS <<< \"$COMP_LINE\"; "
                "[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=(''); "
                "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _quarterdeck; "
                "printf '%s\\n' \"${COMPREPLY[@]}\"").arg(script, line)});
    } else {
        process.start("fish", {"--no-config", "-c",
                               QStringLiteral("source '%1'; complete -C '%2'").arg(script, line)});
    }
    if (!process.waitForFinished(60000))
        return {"(did not finish)"};
    QStringList words;
    for (const QString &row : QString::fromUtf8(process.readAllStandardOutput()).split('\n'))
        if (!row.isEmpty())
            words.append(row.section('\t', 0, 0));
    words.sort();
    return words;
}

} // namespace

void TestCli::completionsOfferEveryCommandAndOption()
{
    QTemporaryDir dir;
    QMap<QString, QString> scripts;
    for (const char *shell : {"bash", "zsh", "fish"}) {
        const QByteArray text = generated({"completion", shell});
        QVERIFY2(!text.isEmpty(), shell);
        scripts[shell] = dir.filePath(QStringLiteral("quarterdeck.") + shell);
        QFile file(scripts[shell]);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(text) == text.size());
    }
    QCOMPARE(quarterdeck({"completion", "tcsh"}).exitCode, 2);

    const QStringList commands = listedCommands();
    QFile zshFile(scripts["zsh"]);
    QVERIFY(zshFile.open(QIODevice::ReadOnly));
    const QString zsh = QString::fromUtf8(zshFile.readAll());
    for (const QString &command : commands) {
        QVERIFY2(zsh.contains("\n        '" + command + ':'), qPrintable(command));
        const qsizetype start = zsh.indexOf("\n    " + command + ")\n");
        QVERIFY2(start > 0, qPrintable(command));
        const QString block = zsh.mid(start, zsh.indexOf(";;", start) - start);
        for (const QString &option : listedOptions(command))
            QVERIFY2(block.contains(QRegularExpression(
                             "[')]" + QRegularExpression::escape(option) + "[=\\[]")),
                     qPrintable(command + ' ' + option));
    }
    if (!QStandardPaths::findExecutable("zsh").isEmpty()) {
        QProcess check;
        check.start("zsh", {"-n", scripts["zsh"]});
        QVERIFY(check.waitForFinished(60000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
    }

    // bash and fish run their scripts: what they offer is exactly what the parser accepts.
    for (const QString &shell : {QStringLiteral("bash"), QStringLiteral("fish")}) {
        if (QStandardPaths::findExecutable(shell).isEmpty()) {
            qWarning("%s is not installed: its completion is not run", qPrintable(shell));
            continue;
        }
        const QString script = scripts[shell];
        QStringList expected = commands;
        expected.append("help");
        expected.sort();
        QStringList offered = completions(shell, script, "quarterdeck ");
        offered.removeIf([](const QString &w) { return w.startsWith('-'); });
        QCOMPARE(offered, expected);
        QCOMPARE(completions(shell, script, "quarterdeck vali"), QStringList{"validate"});
        QCOMPARE(completions(shell, script, "quarterdeck help prom"), QStringList{"promote"});
        for (const QString &command : commands) {
            QStringList longOptions;
            for (const QString &option : listedOptions(command))
                if (option.startsWith("--"))
                    longOptions.append(option);
            longOptions.sort();
            QCOMPARE(completions(shell, script, "quarterdeck " + command + " --"), longOptions);
        }
        QCOMPARE(completions(shell, script, "quarterdeck set --zone "),
                 (QStringList{"green", "red"}));
        offered = completions(shell, script, "quarterdeck completion ");
        offered.removeIf([](const QString &w) { return w.startsWith('-'); });
        QCOMPARE(offered, (QStringList{"bash", "fish", "zsh"}));
        // --repo completes directories only.
        const QString repoRoot = QFileInfo(m_work).absolutePath();
        const QStringList dirs = completions(shell, script,
                                             "quarterdeck fleet --repo " + repoRoot + '/');
        QVERIFY2(!dirs.isEmpty(), qPrintable(shell));
        for (const QString &entry : dirs)
            QVERIFY2(QFileInfo(entry).isDir(), qPrintable(shell + ": " + entry));
    }
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
