#pragma once

#include <QByteArray>

#include <deque>
#include <utility>
#include <vector>

namespace qd::test {

// A YAML value built in a test and written out in block or flow style, for generated inputs.
// Scalars are kept as written ("'2.30'", "&v 2.31.0", "*v", "~", "" for a key with no value), so
// the generator chooses every byte a parser will see.
class YamlValue
{
public:
    enum class Kind { Scalar, Literal, Map, List };

    static YamlValue scalar(QByteArray text, QByteArray comment = {});
    static YamlValue literal(QByteArray text); // a block scalar "|-" (an inline patch)
    static YamlValue map() { return YamlValue(Kind::Map); }
    static YamlValue list() { return YamlValue(Kind::List); }

    YamlValue &set(const QByteArray &key, YamlValue value);
    // Adds key even when the map has it already (a duplicate key, for refusals).
    YamlValue &add(const QByteArray &key, YamlValue value);
    void remove(const QByteArray &key);
    YamlValue &append(YamlValue value);
    // The value under key, added as an empty map when missing.
    YamlValue &child(const QByteArray &key);
    // The value under key (the first), or nullptr.
    const YamlValue *find(const QByteArray &key) const;

    Kind kind() const { return m_kind; }
    bool isEmpty() const { return m_entries.empty() && m_items.empty(); }

    // Block style, every line ending in "\n"; comments kept.
    QByteArray block() const;
    // One line of flow style ("{a: 1, b: [x, y]}"); comments and literals cannot be written so.
    QByteArray flow() const;

private:
    explicit YamlValue(Kind kind) : m_kind(kind) {}
    void writeBlock(QByteArray &out, int indent) const;

    Kind m_kind = Kind::Scalar;
    QByteArray m_text;
    QByteArray m_comment;
    // Deques: adding an entry keeps references to the others valid while a test builds a tree.
    std::deque<std::pair<QByteArray, YamlValue>> m_entries;
    std::deque<YamlValue> m_items;
};

} // namespace qd::test
