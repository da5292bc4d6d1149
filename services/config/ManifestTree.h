#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qd {

// Where a value of a manifest was written: an index into the resolver's file table, 1-based line
// and column. Kept small because every node of every overlay carries one.
struct NodeOrigin
{
    int file = -1;
    int line = 0;
    int column = 0;
};

// A YAML value of a Kubernetes manifest that remembers where each part came from, so that after
// Kustomize's merges the console can say which file and line set the effective value.
class ManifestNode
{
public:
    enum class Kind { Null, Scalar, Map, Sequence };
    using Entry = std::pair<std::string, ManifestNode>;

    // A null written as "~" or "null", or a key with no value at all. Kustomize treats them
    // differently after a strategic merge, so the resolver must know which it saw.
    enum class Null { Written, Empty };

    static ManifestNode null(NodeOrigin origin = {}, Null how = Null::Written);
    static ManifestNode scalar(std::string value, bool quoted, NodeOrigin origin = {});
    static ManifestNode map(NodeOrigin origin = {});
    static ManifestNode sequence(NodeOrigin origin = {});

    Kind kind() const { return m_kind; }
    bool isNull() const { return m_kind == Kind::Null; }
    bool isEmptyNull() const { return m_kind == Kind::Null && m_quoted; }
    bool isScalar() const { return m_kind == Kind::Scalar; }
    bool isMap() const { return m_kind == Kind::Map; }
    bool isSequence() const { return m_kind == Kind::Sequence; }

    // Removes every "key:" with no value, in this map and all maps below it.
    void removeEmptyNulls();

    // A scalar's text; "quoted" scalars are strings whatever they look like.
    const std::string &text() const { return m_text; }
    bool isQuoted() const { return m_quoted; }
    // Whether the string is still written in quotes. Kustomize keeps a string's quotes when a
    // strategic merge sets its value, but a JSON patch passes the whole resource through JSON,
    // after which its strings are strings without a style.
    bool hasQuoteStyle() const { return m_kind == Kind::Scalar && m_quoteStyle; }
    void forgetQuoteStyle();
    void setQuoteStyle(bool quoted) { m_quoteStyle = quoted; }
    NodeOrigin origin() const { return m_origin; }
    void setOrigin(NodeOrigin origin) { m_origin = origin; }

    std::vector<Entry> &entries() { return m_entries; }
    const std::vector<Entry> &entries() const { return m_entries; }
    std::vector<ManifestNode> &items() { return m_items; }
    const std::vector<ManifestNode> &items() const { return m_items; }

    const ManifestNode *find(std::string_view key) const;
    ManifestNode *find(std::string_view key);
    // Inserts key (at the end) when missing; returns the value.
    ManifestNode &insert(std::string key, ManifestNode value);
    bool remove(std::string_view key);

    // A dotted path such as "spec.spinnakerConfig.config.version"; "items.0.name" indexes a list.
    const ManifestNode *at(std::string_view dottedPath) const;
    // The scalar at a dotted path, or empty when there is none.
    std::string scalarAt(std::string_view dottedPath) const;

private:
    Kind m_kind = Kind::Null;
    bool m_quoted = false; // for a null: it was an empty value, not "~" or "null"
    bool m_quoteStyle = false;
    NodeOrigin m_origin;
    std::string m_text;
    std::vector<Entry> m_entries;
    std::vector<ManifestNode> m_items;
};

} // namespace qd
