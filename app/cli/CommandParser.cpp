#include "app/cli/CommandParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <numeric>
#include <vector>

namespace qd::cli {

namespace {

// Levenshtein distance, for "did you mean".
int editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(size_t(b.size()) + 1);
    std::iota(row.begin(), row.end(), 0);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[size_t(j)];
            row[size_t(j)] = std::min({above + 1, row[size_t(j) - 1] + 1,
                                       diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row.back();
}

QString dashed(const QString &name)
{
    return (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
}

// "-m, --message <MSG>", as --help shows an option.
QString optionSyntax(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names.append(dashed(name));
    QString syntax = names.join(QStringLiteral(", "));
    if (!option.valueName().isEmpty())
        syntax += QStringLiteral(" <%1>").arg(option.valueName());
    return syntax;
}

} // namespace

QString wrapped(const QString &text, int width, int indent)
{
    QString result;
    int column = 0;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (column > 0 && column + 1 + word.size() > width) {
            result += QLatin1Char('\n') + QString(indent, QLatin1Char(' '));
            column = 0;
        } else if (column > 0) {
            result += QLatin1Char(' ');
            ++column;
        }
        result += word;
        column += int(word.size());
    }
    return result;
}

CommandParser::CommandParser(const QString &command, const QString &summary)
    : m_command(command)
    , m_summary(summary)
    , m_exitCodes(QStringLiteral("0 success, 1 refused, 2 usage or I/O error"))
{
    addOption({{QStringLiteral("h"), QStringLiteral("help")},
               QStringLiteral("Show this help: options, exit codes and examples.")});
    addOption({QStringLiteral("verbose"),
               QStringLiteral("Also print routine log lines (store migrated, demo created, "
                              "pushed) on stderr.")});
}

void CommandParser::addOption(const QCommandLineOption &option)
{
    m_options.append(option);
    m_parser.addOption(option);
}

void CommandParser::addRepoOption()
{
    addOption({QStringLiteral("repo"), QStringLiteral("Working clone of the config repo."),
               QStringLiteral("DIR")});
    m_needsRepo = true;
}

void CommandParser::addJsonOption()
{
    addOption({QStringLiteral("json"), QStringLiteral("Print JSON instead of text.")});
}

void CommandParser::addPositionalArgument(const PositionalArgument &argument)
{
    m_positionals.append(argument);
    m_parser.addPositionalArgument(argument.name, argument.description);
}

QString CommandParser::helpText() const
{
    QString text = QStringLiteral("Usage: quarterdeck %1 [options]").arg(m_command);
    for (const PositionalArgument &argument : m_positionals)
        text += QLatin1Char(' ') + argument.name;
    text += QLatin1Char('\n') + wrapped(m_description.isEmpty() ? m_summary : m_description, 79, 0)
            + QStringLiteral("\n\nOptions:\n");
    // Two columns, as Qt's own help has them; a long left cell pushes its text to the next line.
    constexpr int kLeft = 30;
    const auto table = [&text](const QString &left, const QString &right) {
        text += QStringLiteral("  ") + left;
        text += left.size() <= kLeft - 2 ? QString(kLeft - 2 - left.size(), QLatin1Char(' '))
                                         : QLatin1Char('\n') + QString(kLeft, QLatin1Char(' '));
        text += QStringLiteral("  ") + wrapped(right, 79 - kLeft - 2, kLeft + 2)
                + QLatin1Char('\n');
    };
    for (const QCommandLineOption &option : m_options)
        table(optionSyntax(option), option.description());
    if (!m_positionals.isEmpty()) {
        text += QStringLiteral("\nArguments:\n");
        for (const PositionalArgument &argument : m_positionals)
            table(argument.name, argument.description);
    }
    text += QLatin1Char('\n') + wrapped(QStringLiteral("Exit codes: %1.").arg(m_exitCodes), 79, 2)
            + QLatin1Char('\n');
    if (!m_examples.isEmpty()) {
        text += QStringLiteral("\nExamples:\n");
        for (const CommandExample &example : m_examples)
            text += QStringLiteral("  quarterdeck %1\n      %2\n")
                            .arg(example.commandLine, wrapped(example.what, 73, 6));
    }
    return text;
}

std::optional<int> CommandParser::parse(const QStringList &arguments, QTextStream &out,
                                        QTextStream &err)
{
    QStringList withProgram = arguments;
    withProgram.prepend(QStringLiteral("quarterdeck %1").arg(m_command));
    if (!m_parser.parse(withProgram)) {
        const QStringList unknown = m_parser.unknownOptionNames();
        if (!unknown.isEmpty()) {
            QStringList known;
            for (const QCommandLineOption &option : m_options) {
                for (const QString &name : option.names())
                    known.append(dashed(name));
            }
            const QString given = dashed(unknown.first());
            const QString nearest = nearestWord(given, known);
            err << "quarterdeck " << m_command << ": unknown option '" << given << "'";
            if (!nearest.isEmpty())
                err << "; did you mean '" << nearest << "'?";
            err << " (quarterdeck " << m_command << " --help lists the options)" << Qt::endl;
        } else {
            err << "quarterdeck " << m_command << ": " << m_parser.errorText() << Qt::endl;
        }
        return UsageOrIoError;
    }
    if (m_parser.isSet(QStringLiteral("verbose")))
        QLoggingCategory::setFilterRules(QStringLiteral("quarterdeck.*=true"));
    if (m_parser.isSet(QStringLiteral("help"))) {
        out << helpText();
        out.flush();
        return Success;
    }
    if (m_needsRepo && repo().isEmpty()) {
        err << "quarterdeck " << m_command << ": --repo DIR is required" << Qt::endl;
        return UsageOrIoError;
    }
    return std::nullopt;
}

std::vector<std::unique_ptr<CommandParser>> describedCommands()
{
    std::vector<std::unique_ptr<CommandParser>> commands;
    for (const CommandSpec &spec : commandTable()) {
        commands.push_back(std::make_unique<CommandParser>(QLatin1String(spec.name),
                                                           QLatin1String(spec.summary)));
        spec.describe(*commands.back());
    }
    return commands;
}

ValueKind valueKind(const QCommandLineOption &option)
{
    const QString name = option.valueName();
    if (name.isEmpty())
        return ValueKind::None;
    if (name == QLatin1String("DIR"))
        return ValueKind::Directory;
    if (name == QLatin1String("FILE") || name == QLatin1String("PATH"))
        return ValueKind::File;
    if (name == QLatin1String("ZONE"))
        return ValueKind::Zone;
    return ValueKind::Free;
}

QString nearestWord(const QString &word, const QStringList &candidates)
{
    QString best;
    int bestDistance = 3;
    for (const QString &candidate : candidates) {
        const bool prefix = !word.isEmpty() && candidate.startsWith(word);
        const int distance = prefix ? 1 : editDistance(word, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

void writeJson(QTextStream &out, const QJsonValue &value)
{
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray())
                                                   : QJsonDocument(value.toObject());
    out << document.toJson(QJsonDocument::Indented);
    out.flush();
}

} // namespace qd::cli
