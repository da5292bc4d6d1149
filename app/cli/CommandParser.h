#pragma once

#include "app/cli/Cli.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <optional>

namespace qd::cli {

// QCommandLineParser for one command, with usage errors reported the same way by every command.
class CommandParser
{
public:
    CommandParser(const QString &command, const QString &description);

    QCommandLineParser &parser() { return m_parser; }
    void addRepoOption();
    void addJsonOption();

    // Parses; on --help or a usage error returns the exit code the command should end with.
    std::optional<int> parse(const QStringList &arguments, QTextStream &out, QTextStream &err);

    bool json() const { return m_parser.isSet(QStringLiteral("json")); }
    QString repo() const { return m_parser.value(QStringLiteral("repo")); }

private:
    QString m_command;
    QCommandLineParser m_parser;
    bool m_needsRepo = false;
};

// Writes a compact JSON document and a newline.
void writeJson(QTextStream &out, const class QJsonValue &value);

} // namespace qd::cli
