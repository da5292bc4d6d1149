#include "services/config/StrategicMerge.h"

#include <charconv>
#include <optional>

namespace qd {

namespace {

constexpr std::string_view kDirective = "$patch";

std::string directiveOf(const ManifestNode &map)
{
    const ManifestNode *directive = map.find(kDirective);
    return directive && directive->isScalar() ? directive->text() : std::string();
}

void mergeInto(ManifestNode &target, const ManifestNode &patch);

// A patch value as it lands where the target had nothing: nulls mean "delete", so they vanish.
ManifestNode withoutDeletions(const ManifestNode &patch)
{
    if (!patch.isMap())
        return patch;
    ManifestNode result = ManifestNode::map(patch.origin());
    mergeInto(result, patch);
    return result;
}

void mergeInto(ManifestNode &target, const ManifestNode &patch)
{
    if (!patch.isMap() || !target.isMap()) {
        // Kustomize sets a scalar's value and type but keeps how it was written: a plain 2.30
        // over "2.31.0" stays the string "2.30"; a quoted '2.31.2' over a plain 2.31.0 is a
        // string written plain, so a plain 2.30 over that is the number 2.3 again.
        if (target.isScalar() && patch.isScalar()) {
            const bool quoteStyle = target.hasQuoteStyle();
            target = ManifestNode::scalar(patch.text(), patch.isQuoted() || quoteStyle,
                                          patch.origin());
            target.setQuoteStyle(quoteStyle);
            return;
        }
        target = withoutDeletions(patch);
        return;
    }
    const std::string directive = directiveOf(patch);
    if (directive == "delete") {
        target = ManifestNode::null(patch.origin());
        return;
    }
    if (directive == "replace") {
        ManifestNode replacement = ManifestNode::map(patch.origin());
        for (const auto &[key, value] : patch.entries()) {
            if (key != kDirective && !value.isNull())
                replacement.insert(key, withoutDeletions(value));
        }
        target = std::move(replacement);
        return;
    }
    for (const auto &[key, value] : patch.entries()) {
        if (key == kDirective)
            continue;
        if (value.isNull()) {
            target.remove(key);
            continue;
        }
        if (value.isMap() && directiveOf(value) == "delete") {
            target.remove(key);
            continue;
        }
        ManifestNode *existing = target.find(key);
        if (!existing) {
            target.insert(key, withoutDeletions(value));
            continue;
        }
        mergeInto(*existing, value);
    }
}

} // namespace

void applyStrategicMerge(ManifestNode &target, const ManifestNode &patch)
{
    mergeInto(target, patch);
    target.removeEmptyNulls();
}

namespace {

std::vector<std::string> splitPointer(const std::string &pointer, std::string &error)
{
    std::vector<std::string> parts;
    if (pointer.empty())
        return parts;
    if (pointer.front() != '/') {
        error = "JSON pointer '" + pointer + "' must start with '/'";
        return parts;
    }
    size_t start = 1;
    while (true) {
        const size_t slash = pointer.find('/', start);
        std::string part = pointer.substr(start, slash == std::string::npos ? std::string::npos
                                                                            : slash - start);
        std::string unescaped;
        for (size_t i = 0; i < part.size(); ++i) {
            if (part[i] == '~' && i + 1 < part.size() && (part[i + 1] == '0' || part[i + 1] == '1')) {
                unescaped += part[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                unescaped += part[i];
            }
        }
        parts.push_back(std::move(unescaped));
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    return parts;
}

std::optional<size_t> indexOf(const std::string &part)
{
    size_t index = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), index);
    if (error != std::errc() || end != part.data() + part.size())
        return std::nullopt;
    return index;
}

ManifestNode *resolve(ManifestNode &root, const std::vector<std::string> &parts, size_t count)
{
    ManifestNode *node = &root;
    for (size_t i = 0; i < count && node; ++i) {
        if (node->isMap()) {
            node = node->find(parts[i]);
        } else if (node->isSequence()) {
            const auto index = indexOf(parts[i]);
            node = index && *index < node->items().size() ? &node->items()[*index] : nullptr;
        } else {
            node = nullptr;
        }
    }
    return node;
}

std::string removeAt(ManifestNode &root, const std::vector<std::string> &parts, ManifestNode *taken)
{
    if (parts.empty())
        return "cannot remove the whole document";
    ManifestNode *parent = resolve(root, parts, parts.size() - 1);
    const std::string &last = parts.back();
    if (parent && parent->isMap()) {
        ManifestNode *child = parent->find(last);
        if (!child)
            return "no value at '" + last + "'";
        if (taken)
            *taken = *child;
        parent->remove(last);
        return {};
    }
    if (parent && parent->isSequence()) {
        const auto index = indexOf(last);
        if (!index || *index >= parent->items().size())
            return "index '" + last + "' out of range";
        if (taken)
            *taken = parent->items()[*index];
        parent->items().erase(parent->items().begin() + std::ptrdiff_t(*index));
        return {};
    }
    return "path does not exist";
}

std::string addAt(ManifestNode &root, const std::vector<std::string> &parts, ManifestNode value,
                  bool replaceOnly)
{
    if (parts.empty()) {
        root = std::move(value);
        return {};
    }
    ManifestNode *parent = resolve(root, parts, parts.size() - 1);
    const std::string &last = parts.back();
    if (parent && parent->isMap()) {
        // Kustomize's JSON patch replaces a missing key of a map that exists by adding it (its
        // parent must exist, and a list index must).
        ManifestNode *child = parent->find(last);
        if (child)
            *child = std::move(value);
        else
            parent->insert(last, std::move(value));
        return {};
    }
    if (parent && parent->isSequence()) {
        auto &items = parent->items();
        if (last == "-" && !replaceOnly) {
            items.push_back(std::move(value));
            return {};
        }
        const auto index = indexOf(last);
        if (!index || *index > items.size() || (replaceOnly && *index == items.size()))
            return "index '" + last + "' out of range";
        if (replaceOnly)
            items[*index] = std::move(value);
        else
            items.insert(items.begin() + std::ptrdiff_t(*index), std::move(value));
        return {};
    }
    return "path does not exist";
}

bool sameValue(const ManifestNode &a, const ManifestNode &b)
{
    if (a.kind() != b.kind())
        return false;
    switch (a.kind()) {
    case ManifestNode::Kind::Null:
        return true;
    case ManifestNode::Kind::Scalar:
        return a.text() == b.text();
    case ManifestNode::Kind::Sequence:
        if (a.items().size() != b.items().size())
            return false;
        for (size_t i = 0; i < a.items().size(); ++i) {
            if (!sameValue(a.items()[i], b.items()[i]))
                return false;
        }
        return true;
    case ManifestNode::Kind::Map:
        if (a.entries().size() != b.entries().size())
            return false;
        for (const auto &[key, value] : a.entries()) {
            const ManifestNode *other = b.find(key);
            if (!other || !sameValue(value, *other))
                return false;
        }
        return true;
    }
    return false;
}

} // namespace

std::string applyJsonPatchOperation(ManifestNode &target, const ManifestNode &operation)
{
    const std::string op = operation.scalarAt("op");
    std::string error;
    const auto path = splitPointer(operation.scalarAt("path"), error);
    if (!error.empty())
        return error;
    const ManifestNode *value = operation.find("value");
    if (op == "add" || op == "replace" || op == "test") {
        if (!value)
            return "operation '" + op + "' needs a value";
        if (op == "test") {
            const ManifestNode *current = resolve(target, path, path.size());
            return current && sameValue(*current, *value) ? std::string() : "test failed";
        }
        return addAt(target, path, *value, op == "replace");
    }
    if (op == "remove")
        return removeAt(target, path, nullptr);
    if (op == "move" || op == "copy") {
        const auto from = splitPointer(operation.scalarAt("from"), error);
        if (!error.empty())
            return error;
        ManifestNode taken;
        if (op == "move") {
            if (auto removed = removeAt(target, from, &taken); !removed.empty())
                return removed;
        } else {
            const ManifestNode *source = resolve(target, from, from.size());
            if (!source)
                return "no value at 'from'";
            taken = *source;
        }
        return addAt(target, path, std::move(taken), false);
    }
    return "unknown operation '" + op + "'";
}

} // namespace qd
