#include "services/config/ManifestTree.h"

#include <algorithm>
#include <charconv>

namespace qd {

ManifestNode ManifestNode::null(NodeOrigin origin, Null how)
{
    ManifestNode node;
    node.m_origin = origin;
    node.m_quoted = how == Null::Empty;
    return node;
}

void ManifestNode::removeEmptyNulls()
{
    if (m_kind == Kind::Map) {
        std::erase_if(m_entries, [](const Entry &entry) { return entry.second.isEmptyNull(); });
        for (auto &entry : m_entries)
            entry.second.removeEmptyNulls();
    } else if (m_kind == Kind::Sequence) {
        for (auto &item : m_items)
            item.removeEmptyNulls();
    }
}

ManifestNode ManifestNode::scalar(std::string value, bool quoted, NodeOrigin origin)
{
    ManifestNode node;
    node.m_kind = Kind::Scalar;
    node.m_text = std::move(value);
    node.m_quoted = quoted;
    node.m_quoteStyle = quoted;
    node.m_origin = origin;
    return node;
}

void ManifestNode::forgetQuoteStyle()
{
    m_quoteStyle = false;
    for (auto &entry : m_entries)
        entry.second.forgetQuoteStyle();
    for (auto &item : m_items)
        item.forgetQuoteStyle();
}

ManifestNode ManifestNode::map(NodeOrigin origin)
{
    ManifestNode node;
    node.m_kind = Kind::Map;
    node.m_origin = origin;
    return node;
}

ManifestNode ManifestNode::sequence(NodeOrigin origin)
{
    ManifestNode node;
    node.m_kind = Kind::Sequence;
    node.m_origin = origin;
    return node;
}

const ManifestNode *ManifestNode::find(std::string_view key) const
{
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [key](const Entry &entry) { return entry.first == key; });
    return it == m_entries.end() ? nullptr : &it->second;
}

ManifestNode *ManifestNode::find(std::string_view key)
{
    return const_cast<ManifestNode *>(std::as_const(*this).find(key));
}

ManifestNode &ManifestNode::insert(std::string key, ManifestNode value)
{
    if (ManifestNode *existing = find(key))
        return *existing;
    m_entries.emplace_back(std::move(key), std::move(value));
    return m_entries.back().second;
}

bool ManifestNode::remove(std::string_view key)
{
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [key](const Entry &entry) { return entry.first == key; });
    if (it == m_entries.end())
        return false;
    m_entries.erase(it);
    return true;
}

const ManifestNode *ManifestNode::at(std::string_view dottedPath) const
{
    const ManifestNode *node = this;
    while (node && !dottedPath.empty()) {
        const auto dot = dottedPath.find('.');
        const std::string_view part = dottedPath.substr(0, dot);
        dottedPath = dot == std::string_view::npos ? std::string_view() : dottedPath.substr(dot + 1);
        if (node->isMap()) {
            node = node->find(part);
        } else if (node->isSequence()) {
            size_t index = 0;
            const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), index);
            if (error != std::errc() || end != part.data() + part.size()
                || index >= node->m_items.size())
                return nullptr;
            node = &node->m_items[index];
        } else {
            return nullptr;
        }
    }
    return node;
}

std::string ManifestNode::scalarAt(std::string_view dottedPath) const
{
    const ManifestNode *node = at(dottedPath);
    return node && node->isScalar() ? node->text() : std::string();
}

} // namespace qd
