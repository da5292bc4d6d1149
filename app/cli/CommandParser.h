#pragma once

#include "app/cli/Cli.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <memory>
#include <optional>
#include <vector>

namespace qd::cli {

struct PositionalArgument
{
    QString name;        // as the help shows it: DIR, KEY=VALUE
    QString description;
    QStringList choices; // the words it may be, for completion; empty when free
};

struct CommandExample
{
    QString commandLine; // without the leading "quarterdeck "
    QString what;
};

// One command's options, positional arguments, exit codes and examples, and its parser.
// Everything a command accepts is declared here, so that its --help, the man page and the shell
// completions (CommandDocs) are all written from the same declarations the parser uses.
class CommandParser
{
public:
    CommandParser(const QString &command, const QString &summary);

    void setDescription(const QString &description) { m_description = description; }
    void addOption(const QCommandLineOption &option);
    void addRepoOption();
    void addJsonOption();
    void addPositionalArgument(const PositionalArgument &argument);
    // The default is "0 success, 1 refused, 2 usage or I/O error".
    void setExitCodes(const QString &exitCodes) { m_exitCodes = exitCodes; }
    void addExample(const CommandExample &example) { m_examples.append(example); }

    const QString &command() const { return m_command; }
    const QString &summary() const { return m_summary; }
    const QString &description() const { return m_description; }
    // Every option in the order --help lists them, --help and --verbose included.
    const QList<QCommandLineOption> &options() const { return m_options; }
    const QList<PositionalArgument> &positionalArguments() const { return m_positionals; }
    const QString &exitCodes() const { return m_exitCodes; }
    const QList<CommandExample> &examples() const { return m_examples; }

    // Parses; on --help or a usage error returns the exit code the command should end with.
    // --verbose turns on the routine log lines that commands keep off stderr.
    std::optional<int> parse(const QStringList &arguments, QTextStream &out, QTextStream &err);
    QString helpText() const;

    // The parsed values.
    const QCommandLineParser &parser() const { return m_parser; }
    bool json() const { return m_parser.isSet(QStringLiteral("json")); }
    QString repo() const { return m_parser.value(QStringLiteral("repo")); }

private:
    QString m_command;
    QString m_summary;
    QString m_description;
    QString m_exitCodes;
    QList<QCommandLineOption> m_options;
    QList<PositionalArgument> m_positionals;
    QList<CommandExample> m_examples;
    QCommandLineParser m_parser;
    bool m_needsRepo = false;
};

// Every command of commandTable(), described: what the man page and the completions are written
// from.
std::vector<std::unique_ptr<CommandParser>> describedCommands();

// What an option's value is, as its value name says: for the shell completions.
enum class ValueKind { None, Directory, File, Zone, Free };
ValueKind valueKind(const QCommandLineOption &option);

// The word of `candidates` closest to `word` when it is a likely typo (at most 2 edits, or
// `word` is a prefix of it); empty when none is.
QString nearestWord(const QString &word, const QStringList &candidates);

// `text` broken at spaces into lines of at most `width`, the later ones indented by `indent`.
QString wrapped(const QString &text, int width, int indent);

// Writes a compact JSON document and a newline.
void writeJson(QTextStream &out, const class QJsonValue &value);

} // namespace qd::cli
