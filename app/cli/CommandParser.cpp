#include "app/cli/CommandParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace qd::cli {

CommandParser::CommandParser(const QString &command, const QString &description)
    : m_command(command)
{
    m_parser.setApplicationDescription(description);
    m_parser.addHelpOption();
}

void CommandParser::addRepoOption()
{
    m_parser.addOption({QStringLiteral("repo"), QStringLiteral("Working clone of the config repo."),
                        QStringLiteral("DIR")});
    m_needsRepo = true;
}

void CommandParser::addJsonOption()
{
    m_parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON instead of text.")});
}

std::optional<int> CommandParser::parse(const QStringList &arguments, QTextStream &out,
                                        QTextStream &err)
{
    QStringList withProgram = arguments;
    withProgram.prepend(QStringLiteral("quarterdeck %1").arg(m_command));
    if (!m_parser.parse(withProgram)) {
        err << "quarterdeck " << m_command << ": " << m_parser.errorText() << Qt::endl;
        return UsageOrIoError;
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        // Qt names the program as it was started; the usage line names the command.
        QString help = m_parser.helpText();
        const qsizetype firstLineEnd = help.indexOf(QLatin1Char('\n'));
        const qsizetype options = help.lastIndexOf(QStringLiteral(" [options]"), firstLineEnd);
        if (help.startsWith(QStringLiteral("Usage: ")) && options > 0)
            help.replace(7, options - 7, QStringLiteral("quarterdeck ") + m_command);
        out << help;
        return Success;
    }
    if (m_needsRepo && repo().isEmpty()) {
        err << "quarterdeck " << m_command << ": --repo DIR is required" << Qt::endl;
        return UsageOrIoError;
    }
    return std::nullopt;
}

void writeJson(QTextStream &out, const QJsonValue &value)
{
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray())
                                                   : QJsonDocument(value.toObject());
    out << document.toJson(QJsonDocument::Indented);
    out.flush();
}

} // namespace qd::cli
