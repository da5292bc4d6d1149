#include "services/config/OverlayPatcher.h"

#include "services/config/YamlFile.h"

#include <QList>

#include <yaml-cpp/yaml.h>

#include <charconv>

namespace qd::overlaypatch {

namespace {

using yamltext::Context;
using yamltext::Typing;

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

QByteArray spaces(int n)
{
    return QByteArray(n, ' ');
}

QByteArray keyToken(const std::string &key)
{
    return yamltext::scalarToken(q(key), Typing::KeepString);
}

QByteArray scalarText(const ManifestNode &node)
{
    if (node.isNull())
        return node.isEmptyNull() ? QByteArray() : QByteArrayLiteral("null");
    return yamltext::scalarToken(q(node.text()), node.isQuoted() ? Typing::KeepString : Typing::Free);
}

void emitBlock(QByteArray &out, const ManifestNode &node, int indent, const QByteArray &eol);

// The value after "key:" or "-": inline for scalars and empty collections, else on new lines.
void emitValue(QByteArray &out, const ManifestNode &value, int indent, const QByteArray &eol)
{
    if (value.isMap() && !value.entries().empty()) {
        out += eol;
        emitBlock(out, value, indent + 2, eol);
    } else if (value.isSequence() && !value.items().empty()) {
        out += eol;
        emitBlock(out, value, indent + 2, eol);
    } else if (value.isMap()) {
        out += " {}" + eol;
    } else if (value.isSequence()) {
        out += " []" + eol;
    } else {
        const QByteArray text = scalarText(value);
        out += (text.isEmpty() ? QByteArray() : ' ' + text) + eol;
    }
}

void emitBlock(QByteArray &out, const ManifestNode &node, int indent, const QByteArray &eol)
{
    if (node.isMap()) {
        for (const auto &[key, value] : node.entries()) {
            out += spaces(indent) + keyToken(key) + ':';
            emitValue(out, value, indent, eol);
        }
        return;
    }
    for (const ManifestNode &item : node.items()) {
        if (item.isMap() && !item.entries().empty()) {
            // "- first: x" then the other keys under it: write the map two deeper, then put
            // the dash into the first line's indentation.
            QByteArray map;
            emitBlock(map, item, indent + 2, eol);
            out += spaces(indent) + "- " + map.mid(indent + 2);
        } else if (item.isSequence() && !item.items().empty()) {
            out += spaces(indent) + '-' + eol;
            emitBlock(out, item, indent + 2, eol);
        } else {
            out += spaces(indent) + '-';
            emitValue(out, item, indent, eol);
        }
    }
}

std::optional<size_t> indexOf(std::string_view part)
{
    size_t index = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), index);
    if (error != std::errc() || end != part.data() + part.size())
        return std::nullopt;
    return index;
}

QList<std::string_view> split(std::string_view key)
{
    QList<std::string_view> parts;
    while (true) {
        const auto dot = key.find('.');
        parts.append(key.substr(0, dot));
        if (dot == std::string_view::npos)
            return parts;
        key = key.substr(dot + 1);
    }
}

// Sets key in the patch document, creating maps and copying whole lists from the effective
// resource where the path crosses one.
Result<bool> setPath(ManifestNode &patch, const ManifestNode &service, std::string_view key,
                     ManifestNode value)
{
    const QList<std::string_view> parts = split(key);
    ManifestNode *node = &patch;
    const ManifestNode *effective = &service;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const std::string_view part = parts.at(i);
        const bool last = i + 1 == parts.size();
        const ManifestNode *effectiveChild = nullptr;
        if (effective && effective->isMap())
            effectiveChild = effective->find(part);
        else if (effective && effective->isSequence() && indexOf(part)
                 && *indexOf(part) < effective->items().size())
            effectiveChild = &effective->items()[*indexOf(part)];
        ManifestNode *child = nullptr;
        if (node->isSequence()) {
            const auto index = indexOf(part);
            if (!index || *index >= node->items().size())
                return Error{QStringLiteral("'%1' is not an item of the list (it has %2)")
                                     .arg(q(std::string(part)))
                                     .arg(node->items().size())};
            child = &node->items()[*index];
        } else {
            if (!node->isMap())
                *node = ManifestNode::map();
            child = node->find(part);
            if (!child) {
                const bool needsList = !last && indexOf(parts.at(i + 1)).has_value();
                ManifestNode fresh = ManifestNode::map();
                if (needsList) {
                    if (!effectiveChild || !effectiveChild->isSequence())
                        return Error{QStringLiteral("'%1' is not a list in the effective resource")
                                             .arg(q(std::string(part)))};
                    fresh = *effectiveChild;
                }
                child = &node->insert(std::string(part), std::move(fresh));
            }
        }
        if (last) {
            *child = std::move(value);
            return true;
        }
        node = child;
        effective = effectiveChild;
    }
    return true;
}

} // namespace

QByteArray emitYaml(const ManifestNode &document, const QByteArray &lineEnding)
{
    QByteArray out;
    emitBlock(out, document, 0, lineEnding);
    return out;
}

Result<QByteArray> withValue(const QByteArray &existing, const ManifestNode &service,
                             const ResourceId &target, std::string_view key, const QString &value,
                             Typing typing, const QByteArray &lineEnding)
{
    ManifestNode patch = ManifestNode::map();
    QByteArray header;
    if (!existing.trimmed().isEmpty()) {
        const ParsedYaml parsed = parseYaml(existing.toStdString(), -1, kPatchFileName);
        if (!parsed.ok())
            return Error{parsed.problems.first().toString()};
        if (parsed.documents.size() != 1 || !parsed.documents.front().isMap())
            return Error{QStringLiteral("%1 must hold one SpinnakerService patch").arg(kPatchFileName)};
        patch = parsed.documents.front();
        // Keep the comment lines at the top; the rest is written again from the tree.
        for (const QByteArray &line : existing.split('\n')) {
            if (!line.trimmed().startsWith('#'))
                break;
            header += line + '\n';
        }
    } else {
        header = "# Written by Quarterdeck: values this zone sets over its shared bases." + lineEnding;
        patch.insert("apiVersion", ManifestNode::scalar(target.apiVersion, false));
        patch.insert("kind", ManifestNode::scalar(target.kind, false));
        ManifestNode &metadata = patch.insert("metadata", ManifestNode::map());
        metadata.insert("name", ManifestNode::scalar(target.name, true));
        if (!target.ns.empty())
            metadata.insert("namespace", ManifestNode::scalar(target.ns, true));
    }
    ManifestNode scalar = ManifestNode::scalar(value.toStdString(),
                                               typing == Typing::KeepString
                                                       || !yamltext::resolvesAsNonString(value));
    const auto set = setPath(patch, service, key, std::move(scalar));
    if (!set)
        return set.error();
    return header + emitYaml(patch, lineEnding);
}

namespace {

// The value of a key, the last one where the key is written twice: Kustomize reads a
// kustomization so (yaml-cpp's operator[] would find the first).
YAML::Node lastValue(const YAML::Node &map, const char *key)
{
    YAML::Node found;
    if (map.IsMap()) {
        for (const auto &pair : map) {
            if (pair.first.IsScalar() && pair.first.Scalar() == key)
                found.reset(pair.second); // rebinds: operator= would write into the tree
        }
    }
    return found;
}

bool listsPatch(const YAML::Node &root, const std::string &name)
{
    if (const YAML::Node patches = lastValue(root, "patches"); patches && patches.IsSequence()) {
        for (const auto &entry : patches) {
            const YAML::Node path = lastValue(entry, "path");
            if (path && path.IsScalar() && path.Scalar() == name)
                return true;
        }
    }
    if (const YAML::Node merges = lastValue(root, "patchesStrategicMerge"); merges && merges.IsSequence()) {
        for (const auto &entry : merges) {
            if (entry.IsScalar() && entry.Scalar() == name)
                return true;
        }
    }
    return false;
}

struct Line
{
    qsizetype begin = 0; // first byte
    qsizetype end = 0;   // after the line break
    int indent = 0;
    bool content = false; // neither blank nor a comment
    bool dash = false;    // starts with "- " or is "-"
};

QList<Line> linesOf(const QByteArray &text)
{
    QList<Line> lines;
    qsizetype begin = 0;
    while (begin < text.size()) {
        qsizetype end = text.indexOf('\n', begin);
        end = end < 0 ? text.size() : end + 1;
        Line line{begin, end, 0, false, false};
        qsizetype i = begin;
        while (i < end && text[i] == ' ')
            ++i;
        line.indent = int(i - begin);
        const char c = i < end ? text[i] : '\n';
        line.content = c != '\n' && c != '\r' && c != '#';
        line.dash = c == '-' && (i + 1 >= end || isSpace(text[i + 1]));
        lines.append(line);
        begin = end;
    }
    return lines;
}

} // namespace

Result<QByteArray> withPatchListed(const QByteArray &kustomization, const QString &patchName)
{
    YAML::Node root;
    try {
        root = YAML::Load(kustomization.toStdString());
    } catch (const YAML::Exception &error) {
        return Error{QStringLiteral("the kustomization does not parse: %1").arg(q(error.msg))};
    }
    if (root && !root.IsNull() && !root.IsMap())
        return Error{QStringLiteral("the kustomization is not a mapping")};
    const std::string name = patchName.toStdString();
    if (root.IsMap() && listsPatch(root, name))
        return kustomization;

    const QByteArray eol = yamltext::lineEndingOf(kustomization);
    const QByteArray entry = "- path: " + yamltext::scalarToken(patchName, Typing::KeepString);
    const QList<Line> lines = linesOf(kustomization);
    QByteArray out = kustomization;

    YAML::Node keyNode;
    YAML::Node value;
    bool hasPatches = false;
    if (root.IsMap()) {
        for (const auto &pair : root) {
            if (pair.first.IsScalar() && pair.first.Scalar() == "patches") {
                keyNode.reset(pair.first); // rebinds: operator= would write into the tree
                value.reset(pair.second);
                hasPatches = true;
            }
        }
    }
    if (!hasPatches) {
        // No patches yet: add the key at the end, with the list style the file already uses.
        QByteArray itemIndent;
        for (const Line &line : lines) {
            if (line.dash) {
                itemIndent = spaces(line.indent);
                break;
            }
        }
        if (!out.isEmpty() && !out.endsWith('\n'))
            out += eol;
        return out + "patches:" + eol + itemIndent + entry + eol;
    }
    const int keyLine = keyNode.Mark().line;
    if (keyLine < 0 || keyLine >= lines.size())
        return Error{QStringLiteral("the parser reported no position for 'patches'")};
    if (value.IsSequence() && value.Style() == YAML::EmitterStyle::Flow) {
        qsizetype open = value.Mark().pos;
        if (open < 0 || open >= out.size() || out[open] != '[')
            return Error{QStringLiteral("cannot find the '[' of 'patches'")};
        int depth = 0;
        char quote = 0;
        for (qsizetype i = open; i < out.size(); ++i) {
            const char c = out[i];
            if (quote) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '{') {
                ++depth;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                const QByteArray item = "{path: " + yamltext::scalarToken(patchName, Typing::KeepString,
                                                                           Context::Flow) + '}';
                return out.insert(i, value.size() == 0 ? item : ", " + item);
            }
        }
        return Error{QStringLiteral("cannot find the ']' of 'patches'")};
    }
    if (!value.IsNull() && !value.IsSequence())
        return Error{QStringLiteral("'patches' is not a list")};
    const Line &key = lines.at(keyLine);
    // The block list runs while lines are blank, comments, deeper than the key, or "- " items at
    // the key's own indentation.
    qsizetype lastContent = keyLine;
    int itemIndent = -1;
    for (qsizetype i = keyLine + 1; i < lines.size(); ++i) {
        const Line &line = lines.at(i);
        if (!line.content)
            continue;
        if (line.indent < key.indent || (line.indent == key.indent && !line.dash))
            break;
        if (line.dash && itemIndent < 0)
            itemIndent = line.indent;
        lastContent = i;
    }
    if (itemIndent < 0)
        itemIndent = key.indent + 2;
    const qsizetype at = lines.at(lastContent).end;
    QByteArray insert = spaces(itemIndent) + entry + eol;
    if (at == out.size() && !out.endsWith('\n'))
        insert.prepend(eol);
    return out.insert(at, insert);
}

} // namespace qd::overlaypatch
