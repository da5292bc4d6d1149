// The man page and the shell completions, as a user's man(1), bash and fish read them: written by
// the built binary from the command table its parser uses, so every command and option the
// parser accepts must be in each (installer/README.md). Also each command's --help and --verbose.
#include "support/CliRun.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Run = qd::test::CliRun;
using qd::test::noDisplay;
using qd::test::quarterdeck;

class TestCliDocs : public QObject
{
    Q_OBJECT

private slots:
    void everyCommandsHelpHasExitCodesAndAnExample();
    void routineLogLinesOnlyWithVerbose();
    void manPageDocumentsEveryCommandAndOption();
    void completionsOfferEveryCommandAndOption();
};

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

void TestCliDocs::everyCommandsHelpHasExitCodesAndAnExample()
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

void TestCliDocs::routineLogLinesOnlyWithVerbose()
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

void TestCliDocs::manPageDocumentsEveryCommandAndOption()
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

void TestCliDocs::completionsOfferEveryCommandAndOption()
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
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkpath("work") && QDir(root.path()).mkpath("remote.git"));
        QFile plain(root.filePath("telemetry.sqlite"));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        const QString repoRoot = root.path();
        const QStringList dirs = completions(shell, script,
                                             "quarterdeck fleet --repo " + repoRoot + '/');
        QVERIFY2(!dirs.isEmpty(), qPrintable(shell));
        for (const QString &entry : dirs)
            QVERIFY2(QFileInfo(entry).isDir(), qPrintable(shell + ": " + entry));
    }
}

QTEST_GUILESS_MAIN(TestCliDocs)
#include "tst_clidocs.moc"
