// quarterdeck completion bash|zsh|fish: the shell's completion script, written from the command
// table (describedCommands), so that it offers exactly what the parser accepts.
#include "app/GuiMain.h"
#include "app/cli/Cli.h"
#include "app/cli/CommandParser.h"

namespace qd::cli {

namespace {

QStringList dashedNames(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names.append((name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name);
    return names;
}

QString commandNames()
{
    QStringList names;
    for (const CommandSpec &spec : commandTable())
        names.append(QLatin1String(spec.name));
    return names.join(QLatin1Char(' '));
}

QStringList topLevelOptions()
{
    QStringList words;
    for (const QCommandLineOption &option : guiOptions().all())
        words += dashedNames(option);
    words << QStringLiteral("--help") << QStringLiteral("--version");
    return words;
}

// Single-quoted for bash and zsh.
QString shellQuoted(QString text)
{
    return QLatin1Char('\'') + text.replace(QLatin1Char('\''), QStringLiteral("'\\''"))
           + QLatin1Char('\'');
}

QString bashScript()
{
    QString s = QStringLiteral(
            "# bash completion for quarterdeck; written by `quarterdeck completion bash` from\n"
            "# the command table the parser uses.\n"
            "_quarterdeck()\n{\n"
            "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} words=\n"
            "    if ((COMP_CWORD == 1)); then\n"
            "        words='%1 help %2'\n"
            "    else\n"
            "        case ${COMP_WORDS[1]} in\n"
            "        help) ((COMP_CWORD == 2)) && words='%1' ;;\n")
                        .arg(commandNames(), topLevelOptions().join(QLatin1Char(' ')));
    s += QStringLiteral("        --repo)\n"
                        "            if [[ $prev == --repo ]]; then\n"
                        "                compopt -o filenames 2>/dev/null\n"
                        "                COMPREPLY=($(compgen -d -- \"$cur\")); return\n"
                        "            fi\n"
                        "            words='%1' ;;\n")
                 .arg(topLevelOptions().join(QLatin1Char(' ')));
    for (const auto &command : describedCommands()) {
        s += QStringLiteral("        %1)\n            case $prev in\n").arg(command->command());
        QStringList words;
        QStringList free;
        for (const QCommandLineOption &option : command->options()) {
            const QStringList names = dashedNames(option);
            words += names;
            const QString pattern = names.join(QLatin1Char('|'));
            switch (valueKind(option)) {
            case ValueKind::None:
                break;
            case ValueKind::Directory:
                s += QStringLiteral("            %1) compopt -o filenames 2>/dev/null; "
                                    "COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n")
                             .arg(pattern);
                break;
            case ValueKind::File:
                s += QStringLiteral("            %1) compopt -o filenames 2>/dev/null; "
                                    "COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n")
                             .arg(pattern);
                break;
            case ValueKind::Zone:
                s += QStringLiteral("            %1) COMPREPLY=($(compgen -W 'red green' -- "
                                    "\"$cur\")); return ;;\n")
                             .arg(pattern);
                break;
            case ValueKind::Free:
                free += names;
                break;
            }
        }
        if (!free.isEmpty()) // a value only the user knows: offer nothing rather than options
            s += QStringLiteral("            %1) return ;;\n").arg(free.join(QLatin1Char('|')));
        s += QStringLiteral("            esac\n");
        for (const PositionalArgument &argument : command->positionalArguments())
            words += argument.choices;
        s += QStringLiteral("            words='%1' ;;\n").arg(words.join(QLatin1Char(' ')));
    }
    s += QStringLiteral("        esac\n    fi\n"
                        "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n}\n"
                        "complete -F _quarterdeck quarterdeck\n");
    return s;
}

// Inside an _arguments spec's [description] and a _describe item.
QString zshEscaped(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    text.replace(QLatin1Char('['), QStringLiteral("\\["));
    text.replace(QLatin1Char(']'), QStringLiteral("\\]"));
    text.replace(QLatin1Char(':'), QStringLiteral("\\:"));
    return text;
}

QString zshAction(const QCommandLineOption &option)
{
    switch (valueKind(option)) {
    case ValueKind::None:
        return {};
    case ValueKind::Directory:
        return QStringLiteral(":%1:_files -/").arg(option.valueName());
    case ValueKind::File:
        return QStringLiteral(":%1:_files").arg(option.valueName());
    case ValueKind::Zone:
        return QStringLiteral(":%1:(red green)").arg(option.valueName());
    case ValueKind::Free:
        break;
    }
    return QStringLiteral(":%1: ").arg(option.valueName());
}

QString zshScript()
{
    QString s = QStringLiteral(
            "#compdef quarterdeck\n"
            "# zsh completion for quarterdeck; written by `quarterdeck completion zsh` from the\n"
            "# command table the parser uses.\n\n"
            "_quarterdeck() {\n"
            "    local -a commands top\n"
            "    commands=(\n");
    for (const CommandSpec &spec : commandTable())
        s += QStringLiteral("        %1\n")
                     .arg(shellQuoted(QStringLiteral("%1:%2").arg(
                             QLatin1String(spec.name), zshEscaped(QLatin1String(spec.summary)))));
    s += QStringLiteral("        %1\n    )\n    top=(\n")
                 .arg(shellQuoted(QStringLiteral("help:a command's options, exit codes and "
                                                 "examples")));
    for (const QCommandLineOption &option : guiOptions().all())
        s += QStringLiteral("        %1\n")
                     .arg(shellQuoted(QStringLiteral("--%1:%2").arg(
                             option.names().constFirst(), zshEscaped(option.description()))));
    s += QStringLiteral("        '--help:the commands and options'\n"
                        "        '--version:the version, and those of Qt, libgit2 and yaml-cpp'\n"
                        "    )\n"
                        "    if ((CURRENT == 2)); then\n"
                        "        if [[ $PREFIX == -* ]]; then\n"
                        "            _describe -t options 'quarterdeck option' top\n"
                        "        else\n"
                        "            _describe -t commands 'quarterdeck command' commands\n"
                        "        fi\n"
                        "        return\n"
                        "    fi\n"
                        "    local command=$words[2]\n"
                        "    shift words\n"
                        "    ((CURRENT--))\n"
                        "    case $command in\n"
                        "    help) ((CURRENT == 2)) && _describe -t commands 'command' commands ;;\n"
                        "    --repo) ((CURRENT == 2)) && _files -/ ;;\n");
    for (const auto &command : describedCommands()) {
        s += QStringLiteral("    %1)\n        _arguments -s -S").arg(command->command());
        for (const QCommandLineOption &option : command->options()) {
            const QStringList names = dashedNames(option);
            const QString described = QStringLiteral("[%1]").arg(zshEscaped(option.description()));
            const QString equals = option.valueName().isEmpty() ? QString() : QStringLiteral("=");
            if (names.size() == 1) {
                s += QStringLiteral(" \\\n            ")
                     + shellQuoted(names.first() + equals + described + zshAction(option));
            } else {
                const QString exclusive = QStringLiteral("(%1)").arg(names.join(QLatin1Char(' ')));
                for (const QString &name : names) {
                    const QString nameEquals = name.startsWith(QStringLiteral("--")) ? equals
                                                                                     : QString();
                    s += QStringLiteral(" \\\n            ")
                         + shellQuoted(exclusive + name + nameEquals + described
                                       + zshAction(option));
                }
            }
        }
        for (const PositionalArgument &argument : command->positionalArguments()) {
            const QString action = !argument.choices.isEmpty()
                    ? QStringLiteral("(%1)").arg(argument.choices.join(QLatin1Char(' ')))
                    : argument.name == QLatin1String("DIR") ? QStringLiteral("_files -/")
                                                            : QStringLiteral(" ");
            const QString repeat = argument.name.endsWith(QStringLiteral("..."))
                    ? QStringLiteral("*")
                    : QString();
            s += QStringLiteral(" \\\n            ")
                 + shellQuoted(QStringLiteral("%1:%2:%3").arg(repeat, zshEscaped(argument.name),
                                                              action));
        }
        s += QStringLiteral("\n        ;;\n");
    }
    s += QStringLiteral("    esac\n}\n\n"
                        "if [[ $funcstack[1] == _quarterdeck ]]; then\n"
                        "    _quarterdeck \"$@\"\n"
                        "else\n"
                        "    compdef _quarterdeck quarterdeck\n"
                        "fi\n");
    return s;
}

// Single-quoted for fish: only \ and ' are special.
QString fishQuoted(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    text.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

QString fishOption(const QCommandLineOption &option)
{
    QString s;
    for (const QString &name : option.names())
        s += (name.size() == 1 ? QStringLiteral(" -s ") : QStringLiteral(" -l ")) + name;
    switch (valueKind(option)) {
    case ValueKind::None:
        break;
    case ValueKind::Directory:
        s += QStringLiteral(" -x -a '(__fish_complete_directories)'");
        break;
    case ValueKind::File:
        s += QStringLiteral(" -r -F");
        break;
    case ValueKind::Zone:
        s += QStringLiteral(" -x -a 'red green'");
        break;
    case ValueKind::Free:
        s += QStringLiteral(" -x");
        break;
    }
    return s + QStringLiteral(" -d ") + fishQuoted(option.description());
}

QString fishScript()
{
    QString s = QStringLiteral(
            "# fish completion for quarterdeck; written by `quarterdeck completion fish` from the\n"
            "# command table the parser uses.\n"
            "complete -c quarterdeck -f\n");
    const QString first = QStringLiteral("complete -c quarterdeck -n __fish_use_subcommand");
    for (const CommandSpec &spec : commandTable())
        s += QStringLiteral("%1 -a %2 -d %3\n")
                     .arg(first, QLatin1String(spec.name), fishQuoted(QLatin1String(spec.summary)));
    s += first + QStringLiteral(" -a help -d 'a command\\'s options, exit codes and examples'\n");
    for (const QCommandLineOption &option : guiOptions().all())
        s += first + fishOption(option) + QLatin1Char('\n');
    s += first + QStringLiteral(" -l help -d 'the commands and options'\n");
    s += first + QStringLiteral(" -l version -d 'the version, and those of Qt, libgit2 and "
                                "yaml-cpp'\n");
    s += QStringLiteral("complete -c quarterdeck -n '__fish_seen_subcommand_from help' -a %1\n")
                 .arg(fishQuoted(commandNames()));
    for (const auto &command : describedCommands()) {
        const QString when = QStringLiteral("complete -c quarterdeck -n '__fish_seen_subcommand_from "
                                            "%1'")
                                     .arg(command->command());
        for (const QCommandLineOption &option : command->options())
            s += when + fishOption(option) + QLatin1Char('\n');
        for (const PositionalArgument &argument : command->positionalArguments()) {
            if (!argument.choices.isEmpty())
                s += QStringLiteral("%1 -a %2 -d %3\n")
                             .arg(when, fishQuoted(argument.choices.join(QLatin1Char(' '))),
                                  fishQuoted(argument.description));
            else if (argument.name == QLatin1String("DIR"))
                s += when + QStringLiteral(" -a '(__fish_complete_directories)'\n");
        }
    }
    return s;
}

} // namespace

void describeCompletion(CommandParser &command)
{
    command.setDescription(QStringLiteral(
            "Write the completion script of a shell to stdout: the commands, their options and "
            "the values they take (directories, files, red or green). The Linux packages install "
            "all three."));
    command.addPositionalArgument({QStringLiteral("SHELL"), QStringLiteral("bash, zsh or fish."),
                                   {QStringLiteral("bash"), QStringLiteral("zsh"),
                                    QStringLiteral("fish")}});
    command.setExitCodes(QStringLiteral("0 written, 2 usage error"));
    command.addExample({QStringLiteral("completion bash > ~/.local/share/bash-completion/completions/"
                                       "quarterdeck"),
                        QStringLiteral("Tab completion for bash, for this user.")});
    command.addExample({QStringLiteral("completion fish > ~/.config/fish/completions/"
                                       "quarterdeck.fish"),
                        QStringLiteral("The same for fish.")});
}

int runCompletion(const CommandParser &command, QTextStream &out, QTextStream &err)
{
    const QStringList positional = command.parser().positionalArguments();
    const QString shell = positional.size() == 1 ? positional.first() : QString();
    if (shell == QLatin1String("bash"))
        out << bashScript();
    else if (shell == QLatin1String("zsh"))
        out << zshScript();
    else if (shell == QLatin1String("fish"))
        out << fishScript();
    else {
        err << "quarterdeck completion: name the shell: bash, zsh or fish" << Qt::endl;
        return UsageOrIoError;
    }
    out.flush();
    return Success;
}

} // namespace qd::cli
