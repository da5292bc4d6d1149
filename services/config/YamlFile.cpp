#include "services/config/YamlFile.h"

#include <yaml-cpp/yaml.h>

#include <unordered_set>

namespace qd {

namespace {

class Converter
{
public:
    Converter(const std::string &text, int fileId, const QString &displayName, int firstLine,
              int firstColumn, int indent)
        : m_text(text)
        , m_fileId(fileId)
        , m_displayName(displayName)
        , m_firstLine(firstLine)
        , m_firstColumn(firstColumn)
        , m_indent(indent)
    {}

    ManifestNode convert(const YAML::Node &node, NodeOrigin fallback)
    {
        const NodeOrigin origin = originOf(node.Mark(), fallback);
        switch (node.Type()) {
        case YAML::NodeType::Scalar:
            return ManifestNode::scalar(node.Scalar(), node.Tag() != "?", origin);
        case YAML::NodeType::Sequence: {
            ManifestNode sequence = ManifestNode::sequence(origin);
            sequence.items().reserve(node.size());
            for (const auto &item : node)
                sequence.items().push_back(convert(item, origin));
            return sequence;
        }
        case YAML::NodeType::Map: {
            ManifestNode map = ManifestNode::map(origin);
            map.entries().reserve(node.size());
            std::unordered_set<std::string> seen;
            for (const auto &entry : node) {
                const NodeOrigin keyOrigin = originOf(entry.first.Mark(), origin);
                std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
                if (!seen.insert(key).second) {
                    problem(keyOrigin, QStringLiteral("duplicate key '%1'")
                                               .arg(QString::fromStdString(key)));
                    m_duplicates.append(m_problems.last());
                    continue;
                }
                map.entries().emplace_back(std::move(key), convert(entry.second, keyOrigin));
            }
            return map;
        }
        case YAML::NodeType::Null:
            return ManifestNode::null(origin, writtenNull(node.Mark()) ? ManifestNode::Null::Written
                                                                       : ManifestNode::Null::Empty);
        case YAML::NodeType::Undefined:
            break;
        }
        return ManifestNode::null(origin);
    }

    // "key: ~" or "key: null" as opposed to "key:" with nothing after it. Kustomize keeps the
    // first and drops the second when it merges a patch, so the difference must survive parsing.
    bool writtenNull(const YAML::Mark &mark) const
    {
        if (mark.is_null() || mark.pos < 0 || size_t(mark.pos) >= m_text.size())
            return false;
        const std::string_view rest = std::string_view(m_text).substr(size_t(mark.pos));
        for (std::string_view word : {"~", "null", "Null", "NULL"}) {
            if (rest.substr(0, word.size()) == word
                && (rest.size() == word.size()
                    || std::string_view(" \t\r\n,]}#").find(rest[word.size()])
                               != std::string_view::npos))
                return true;
        }
        return false;
    }

    void problem(NodeOrigin origin, const QString &message)
    {
        m_problems.append({{m_displayName, origin.line, origin.column}, message});
    }

    NodeOrigin originOf(const YAML::Mark &mark, NodeOrigin fallback) const
    {
        if (mark.is_null() || mark.line < 0)
            return fallback;
        // Embedded YAML starts at firstColumn on its first line, at the block's indent on others.
        const int column = mark.column + (mark.line == 0 ? m_firstColumn : 1 + m_indent);
        return {m_fileId, mark.line + m_firstLine, column};
    }

    Diagnostics takeProblems() { return std::move(m_problems); }
    Diagnostics takeDuplicates() { return std::move(m_duplicates); }

private:
    const std::string &m_text;
    int m_fileId;
    QString m_displayName;
    int m_firstLine;
    int m_firstColumn;
    int m_indent;
    Diagnostics m_problems;
    Diagnostics m_duplicates;
};

} // namespace

ParsedYaml parseYaml(const std::string &text, int fileId, const QString &displayName,
                     int firstLine, int firstColumn, int indent)
{
    ParsedYaml parsed;
    Converter converter(text, fileId, displayName, firstLine, firstColumn, indent);
    try {
        const std::vector<YAML::Node> documents = YAML::LoadAll(text);
        parsed.documents.reserve(documents.size());
        for (const auto &document : documents)
            parsed.documents.push_back(converter.convert(document, {fileId, firstLine, 1}));
        parsed.problems = converter.takeProblems();
        parsed.duplicateKeys = converter.takeDuplicates();
    } catch (const YAML::Exception &error) {
        const NodeOrigin at = converter.originOf(error.mark, {fileId, firstLine, 1});
        parsed.documents.clear();
        parsed.problems.append({{displayName, at.line, at.column},
                                QStringLiteral("YAML syntax error: %1")
                                        .arg(QString::fromStdString(error.msg))});
    }
    return parsed;
}

} // namespace qd
