#include "services/config/YamlFile.h"

#include "services/config/YamlLoad.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace qd {

namespace {

// Builds the manifest trees straight from the parser's events, in one pass (no YAML::Node graph
// in between), with every node's origin, duplicate keys reported (the first is kept) and written
// nulls told from empty ones.
class TreeBuilder : public YAML::EventHandler
{
public:
    TreeBuilder(const std::string &text, int fileId, const QString &displayName, int firstLine,
                int firstColumn, int indent, DuplicateKeys duplicates)
        : m_text(text)
        , m_fileId(fileId)
        , m_displayName(displayName)
        , m_firstLine(firstLine)
        , m_firstColumn(firstColumn)
        , m_indent(indent)
        , m_keepLast(duplicates == DuplicateKeys::KeepLast)
    {}

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        m_guard.documentStart(mark);
        m_stack.clear();
        m_root.reset();
    }
    void OnDocumentEnd() override
    {
        m_documents.push_back(m_root ? std::move(*m_root)
                                     : ManifestNode::null(documentOrigin(), ManifestNode::Null::Empty));
        m_root.reset();
    }

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        complete(ManifestNode::null(originOf(mark, fallback()), writtenNull(mark)
                                                                        ? ManifestNode::Null::Written
                                                                        : ManifestNode::Null::Empty),
                 anchor);
    }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        m_guard.alias(mark, anchor);
        const auto it = m_anchors.find(anchor);
        if (it == m_anchors.end())
            throw YAML::ParserException(mark, "the alias names no anchor before it");
        complete(it->second, YAML::NullAnchor);
    }
    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        complete(ManifestNode::scalar(value, tag != "?", originOf(mark, fallback())), anchor);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        open(ManifestNode::sequence(originOf(mark, fallback())), anchor);
    }
    void OnSequenceEnd() override { closeCollection(); }
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        open(ManifestNode::map(originOf(mark, fallback())), anchor);
    }
    void OnMapEnd() override { closeCollection(); }

    NodeOrigin originOf(const YAML::Mark &mark, NodeOrigin fallback) const
    {
        if (mark.is_null() || mark.line < 0)
            return fallback;
        // Embedded YAML starts at firstColumn on its first line, at the block's indent on others.
        const int column = mark.column + (mark.line == 0 ? m_firstColumn : 1 + m_indent);
        return {m_fileId, mark.line + m_firstLine, column};
    }
    NodeOrigin documentOrigin() const { return {m_fileId, m_firstLine, 1}; }

    std::vector<ManifestNode> takeDocuments() { return std::move(m_documents); }
    Diagnostics takeProblems() { return std::move(m_problems); }
    Diagnostics takeDuplicates() { return std::move(m_duplicates); }

private:
    struct Frame
    {
        ManifestNode node;
        YAML::anchor_t anchor = YAML::NullAnchor;
        // In a map: the key read, waiting for its value.
        bool hasKey = false;
        bool duplicateKey = false;
        std::string key;
        NodeOrigin keyOrigin;
        std::unordered_set<std::string> seen;
    };

    // Where a node without a mark of its own is said to be: a map value at its key, an item at
    // its sequence, a key at its map, a document at its first line.
    NodeOrigin fallback() const
    {
        if (m_stack.empty())
            return documentOrigin();
        const Frame &top = m_stack.back();
        return top.hasKey ? top.keyOrigin : top.node.origin();
    }

    void open(ManifestNode collection, YAML::anchor_t anchor)
    {
        m_guard.collectionStart(anchor);
        Frame &frame = m_stack.emplace_back();
        frame.node = std::move(collection);
        frame.anchor = anchor;
    }

    void closeCollection()
    {
        m_guard.collectionEnd();
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        complete(std::move(frame.node), frame.anchor);
    }

    void complete(ManifestNode node, YAML::anchor_t anchor)
    {
        if (anchor != YAML::NullAnchor)
            m_anchors.insert_or_assign(anchor, node);
        if (m_stack.empty()) {
            m_root = std::move(node);
            return;
        }
        Frame &top = m_stack.back();
        if (top.node.isSequence()) {
            top.node.items().push_back(std::move(node));
        } else if (!top.hasKey) {
            top.hasKey = true;
            top.key = node.isScalar() ? node.text() : std::string();
            top.keyOrigin = node.origin();
            top.duplicateKey = !top.seen.insert(top.key).second;
            if (top.duplicateKey) {
                const QString message = m_keepLast ? QStringLiteral("duplicate key '%1': the last is used")
                                                   : QStringLiteral("duplicate key '%1'");
                problem(top.keyOrigin, message.arg(QString::fromStdString(top.key)));
                m_duplicates.append(m_problems.last());
            }
        } else {
            if (!top.duplicateKey)
                top.node.entries().emplace_back(std::move(top.key), std::move(node));
            else if (ManifestNode *kept = m_keepLast ? top.node.find(top.key) : nullptr)
                *kept = std::move(node);
            top.hasKey = false;
            top.key.clear();
        }
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

    const std::string &m_text;
    int m_fileId;
    QString m_displayName;
    int m_firstLine;
    int m_firstColumn;
    int m_indent;
    bool m_keepLast;
    yaml::StreamGuard m_guard;
    std::vector<Frame> m_stack;
    std::optional<ManifestNode> m_root;
    std::unordered_map<YAML::anchor_t, ManifestNode> m_anchors;
    std::vector<ManifestNode> m_documents;
    Diagnostics m_problems;
    Diagnostics m_duplicates;
};

} // namespace

ParsedYaml parseYaml(const std::string &text, int fileId, const QString &displayName,
                     int firstLine, int firstColumn, int indent, DuplicateKeys duplicates)
{
    ParsedYaml parsed;
    TreeBuilder builder(text, fileId, displayName, firstLine, firstColumn, indent, duplicates);
    try {
        std::istringstream stream(text);
        YAML::Parser parser(stream);
        while (parser.HandleNextDocument(builder)) {
        }
        parsed.documents = builder.takeDocuments();
        parsed.problems = builder.takeProblems();
        parsed.duplicateKeys = builder.takeDuplicates();
    } catch (const YAML::Exception &error) {
        const NodeOrigin at = builder.originOf(error.mark, builder.documentOrigin());
        parsed.problems.append({{displayName, at.line, at.column},
                                QStringLiteral("YAML syntax error: %1")
                                        .arg(QString::fromStdString(error.msg))});
    }
    return parsed;
}

} // namespace qd
