// quarterdeck manpage: quarterdeck(1) in roff, written from the command table (describedCommands)
// so that it documents exactly what the parser accepts. The Linux packages install it.
#include "app/GuiMain.h"
#include "app/cli/Cli.h"
#include "app/cli/CommandParser.h"

namespace qd::cli {

namespace {

// Text as roff reads it: backslashes and hyphens escaped, a leading . or ' defused, and
// anything outside ASCII as a named glyph.
QString roff(const QString &text)
{
    QString escaped;
    for (const QChar c : text) {
        if (c == QLatin1Char('\\'))
            escaped += QStringLiteral("\\e");
        else if (c == QLatin1Char('-'))
            escaped += QStringLiteral("\\-");
        else if (c.unicode() > 0x7e)
            escaped += QStringLiteral("\\[u%1]").arg(
                    QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
        else
            escaped += c;
    }
    if (escaped.startsWith(QLatin1Char('.')) || escaped.startsWith(QLatin1Char('\'')))
        escaped.prepend(QStringLiteral("\\&"));
    return escaped;
}

QString optionTag(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names.append(QStringLiteral("\\fB%1\\fR")
                             .arg(roff((name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--"))
                                       + name)));
    QString tag = names.join(QStringLiteral(", "));
    if (!option.valueName().isEmpty())
        tag += QStringLiteral(" \\fI%1\\fR").arg(roff(option.valueName()));
    return tag;
}

QString manPage()
{
    QString s = QStringLiteral(
            ".\\\" quarterdeck(1), written by `quarterdeck manpage` from the command table.\n"
            ".TH QUARTERDECK 1 \"\" \"quarterdeck %1\" \"User Commands\"\n"
            ".SH NAME\n"
            "quarterdeck \\- console for managed Spinnaker fleets\n"
            ".SH SYNOPSIS\n"
            ".B quarterdeck\n"
            "[\\fB\\-\\-demo\\fR | \\fB\\-\\-repo\\fR \\fIDIR\\fR]\n"
            ".br\n"
            ".B quarterdeck\n"
            "\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n"
            ".br\n"
            ".B quarterdeck help\n"
            "\\fICOMMAND\\fR\n"
            ".br\n"
            ".B quarterdeck\n"
            "\\fB\\-\\-version\\fR\n"
            ".SH DESCRIPTION\n"
            "Without a command, quarterdeck opens the console: every customer's Red (sandbox) "
            "and Green (production) Spinnaker zones from the managed config repo, their desired "
            "and running versions, upgrades and the promotion gate, SLOs and incidents, and "
            "changes submitted as git commits.\n"
            ".PP\n"
            "With a command it runs headless: no display is needed, and \\fB\\-\\-json\\fR "
            "gives output for scripts.\n"
            ".SH GUI OPTIONS\n"
            "Qt's own options, such as \\fB\\-platform\\fR, are accepted too.\n")
                        .arg(roff(QStringLiteral(QUARTERDECK_VERSION)));
    for (const QCommandLineOption &option : guiOptions().all())
        s += QStringLiteral(".TP\n%1\n%2\n").arg(optionTag(option), roff(option.description()));
    s += QStringLiteral(".SH COMMANDS\n");
    for (const auto &command : describedCommands()) {
        QString usage = QStringLiteral("quarterdeck %1 [options]").arg(command->command());
        for (const PositionalArgument &argument : command->positionalArguments())
            usage += QLatin1Char(' ') + argument.name;
        s += QStringLiteral(".SS \"%1\"\n%2\n").arg(roff(usage), roff(command->description()));
        for (const QCommandLineOption &option : command->options())
            s += QStringLiteral(".TP\n%1\n%2\n").arg(optionTag(option), roff(option.description()));
        for (const PositionalArgument &argument : command->positionalArguments())
            s += QStringLiteral(".TP\n\\fI%1\\fR\n%2\n")
                         .arg(roff(argument.name), roff(argument.description));
        s += QStringLiteral(".PP\nExit status: %1.\n").arg(roff(command->exitCodes()));
        for (const CommandExample &example : command->examples())
            s += QStringLiteral(".PP\n.RS\n.nf\nquarterdeck %1\n.fi\n.RE\n%2\n")
                         .arg(roff(example.commandLine), roff(example.what));
    }
    s += QStringLiteral(
            ".SH EXIT STATUS\n"
            "Every command exits 0 on success, 1 when it refused (the repo is invalid, a policy "
            "or the gate said no, a conflict, a rejected push) and 2 on a usage or I/O error. "
            "Each command above names its own cases.\n"
            ".SH ENVIRONMENT\n"
            ".TP\n"
            ".B QT_LOGGING_RULES\n"
            "Log categories to turn on or off, such as \\fBquarterdeck.git.debug=true\\fR; they "
            "win over \\fB\\-\\-verbose\\fR.\n"
            ".TP\n"
            ".B QT_QPA_PLATFORM\n"
            "The GUI's platform plugin; \\fBoffscreen\\fR runs it without a display. Commands do "
            "not need one.\n"
            ".SH FILES\n"
            ".TP\n"
            ".I ~/.config/Quarterdeck/Quarterdeck.conf\n"
            "Settings: Prometheus, Alertmanager, query templates, the last repo. Passwords and "
            "tokens are in the system keychain, never here.\n"
            ".TP\n"
            ".I ~/.local/share/Quarterdeck/Quarterdeck/\n"
            "The local store (telemetry.sqlite, incidents.sqlite) and autosaved drafts.\n"
            ".SH SEE ALSO\n"
            ".BR git (1),\n"
            ".BR kubectl (1)\n");
    return s;
}

} // namespace

void describeManPage(CommandParser &command)
{
    command.setDescription(QStringLiteral(
            "Write the quarterdeck(1) manual page, in roff, to stdout: every command with its "
            "options, exit status and examples, from the same table as --help."));
    command.setExitCodes(QStringLiteral("0 written"));
    command.addExample({QStringLiteral("manpage | man -l -"),
                        QStringLiteral("Read it without installing it.")});
}

int runManPage(const CommandParser &, QTextStream &out, QTextStream &)
{
    out << manPage();
    out.flush();
    return Success;
}

} // namespace qd::cli
