#include "support/YamlWriter.h"

#include <QByteArrayList>

namespace qd::test {

YamlValue YamlValue::scalar(QByteArray text, QByteArray comment)
{
    YamlValue value(Kind::Scalar);
    value.m_text = std::move(text);
    value.m_comment = std::move(comment);
    return value;
}

YamlValue YamlValue::literal(QByteArray text)
{
    YamlValue value(Kind::Literal);
    value.m_text = std::move(text);
    return value;
}

YamlValue &YamlValue::set(const QByteArray &key, YamlValue value)
{
    for (auto &[existing, old] : m_entries) {
        if (existing == key) {
            old = std::move(value);
            return old;
        }
    }
    m_entries.emplace_back(key, std::move(value));
    return m_entries.back().second;
}

YamlValue &YamlValue::add(const QByteArray &key, YamlValue value)
{
    m_entries.emplace_back(key, std::move(value));
    return m_entries.back().second;
}

void YamlValue::remove(const QByteArray &key)
{
    std::erase_if(m_entries, [&key](const auto &entry) { return entry.first == key; });
}

YamlValue &YamlValue::append(YamlValue value)
{
    m_items.push_back(std::move(value));
    return m_items.back();
}

YamlValue &YamlValue::child(const QByteArray &key)
{
    for (auto &[existing, value] : m_entries) {
        if (existing == key)
            return value;
    }
    return set(key, map());
}

const YamlValue *YamlValue::find(const QByteArray &key) const
{
    for (const auto &[existing, value] : m_entries) {
        if (existing == key)
            return &value;
    }
    return nullptr;
}

namespace {

QByteArray spaces(int n)
{
    return QByteArray(n, ' ');
}

// What follows "key:" or "- " on the same line for a value that fits on it, or empty.
QByteArray inlinePart(const QByteArray &text, const QByteArray &comment)
{
    QByteArray part = text.isEmpty() ? QByteArray() : " " + text;
    if (!comment.isEmpty())
        part += "  # " + comment;
    return part;
}

} // namespace

void YamlValue::writeBlock(QByteArray &out, int indent) const
{
    const auto writeChild = [&out, indent](const QByteArray &lead, const YamlValue &value) {
        switch (value.m_kind) {
        case Kind::Scalar:
            out += spaces(indent) + lead + inlinePart(value.m_text, value.m_comment) + "\n";
            return;
        case Kind::Literal:
            out += spaces(indent) + lead + " |-\n";
            for (const QByteArray &line : value.m_text.split('\n'))
                out += line.isEmpty() ? QByteArray("\n") : spaces(indent + 2) + line + "\n";
            return;
        case Kind::Map:
        case Kind::List:
            if (value.isEmpty()) {
                out += spaces(indent) + lead + (value.m_kind == Kind::Map ? " {}\n" : " []\n");
                return;
            }
            if (lead.startsWith('-') && value.m_kind == Kind::Map) {
                // "- key: value" with the rest of the map aligned under the first key.
                QByteArray nested;
                value.writeBlock(nested, indent + 2);
                out += spaces(indent) + "- " + nested.mid(indent + 2);
                return;
            }
            out += spaces(indent) + lead + "\n";
            value.writeBlock(out, indent + 2);
            return;
        }
    };
    if (m_kind == Kind::Map) {
        for (const auto &[key, value] : m_entries)
            writeChild(key + ":", value);
    } else if (m_kind == Kind::List) {
        for (const YamlValue &item : m_items)
            writeChild("-", item);
    }
}

QByteArray YamlValue::block() const
{
    if (m_kind == Kind::Scalar || m_kind == Kind::Literal)
        return m_text + "\n";
    QByteArray out;
    writeBlock(out, 0);
    return out;
}

QByteArray YamlValue::flow() const
{
    switch (m_kind) {
    case Kind::Scalar:
    case Kind::Literal:
        return m_text;
    case Kind::Map: {
        QByteArrayList parts;
        for (const auto &[key, value] : m_entries) {
            const QByteArray text = value.flow();
            parts.append(text.isEmpty() ? key + ":" : key + ": " + text);
        }
        return "{" + parts.join(", ") + "}";
    }
    case Kind::List: {
        QByteArrayList parts;
        for (const YamlValue &item : m_items)
            parts.append(item.flow());
        return "[" + parts.join(", ") + "]";
    }
    }
    return {};
}

} // namespace qd::test
