// The checks an edit must pass: one zone's build before and after, compared the way Kubernetes
// compares resources.
#include "services/config/ZoneComparison.h"

#include "services/config/ScalarRewriter.h"

#include <charconv>

namespace qd::zonecheck {

namespace {

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

ZoneState buildZone(const std::shared_ptr<KustomizeResolver> &resolver, const QString &overlay)
{
    ZoneState state;
    state.resolver = resolver;
    const KustomizeBuild build = resolver->build(overlay);
    state.files = build.files;
    for (const Diagnostic &problem : build.problems)
        state.problems.append(problem.toString());
    const ManifestNode *service = build.firstOfKind("SpinnakerService");
    for (size_t i = 0; i < build.resources.size(); ++i) {
        if (&build.resources[i] != service) {
            state.others.push_back(build.resources[i]);
            continue;
        }
        state.service = *service;
        state.serviceTarget = i < build.patchTargets.size() ? build.patchTargets[i]
                                                            : ResourceId::of(*service);
    }
    return state;
}

bool isStringNode(const ManifestNode &node)
{
    return node.isQuoted() || !yamltext::resolvesAsNonString(q(node.text()));
}

QString difference(const ManifestNode &a, const ManifestNode &b, const QString &path)
{
    const QString here = path.isEmpty() ? QStringLiteral("(root)") : path;
    if (a.kind() != b.kind())
        return here;
    if (a.isScalar())
        return a.text() == b.text() && isStringNode(a) == isStringNode(b) ? QString() : here;
    if (a.isMap()) {
        if (a.entries().size() != b.entries().size())
            return here;
        for (const auto &[key, value] : a.entries()) {
            const ManifestNode *other = b.find(key);
            const QString child = path.isEmpty() ? q(key) : path + QLatin1Char('.') + q(key);
            if (!other)
                return child;
            if (QString d = difference(value, *other, child); !d.isEmpty())
                return d;
        }
    }
    if (a.isSequence()) {
        if (a.items().size() != b.items().size())
            return here;
        for (size_t i = 0; i < a.items().size(); ++i) {
            if (QString d = difference(a.items()[i], b.items()[i],
                                       path + QLatin1Char('.') + QString::number(i));
                !d.isEmpty())
                return d;
        }
    }
    return {};
}

QString otherDifference(const ZoneState &a, const ZoneState &b)
{
    if (a.others.size() != b.others.size())
        return QStringLiteral("the resources the overlay builds");
    for (size_t i = 0; i < a.others.size(); ++i) {
        if (const QString d = difference(a.others[i], b.others[i], {}); !d.isEmpty())
            return QStringLiteral("%1 '%2' (%3)")
                    .arg(q(a.others[i].scalarAt("kind")), q(a.others[i].scalarAt("metadata.name")),
                         d);
    }
    return {};
}

Result<ManifestNode> expectedAfter(const ManifestNode &before,
                                   const std::string &key,
                                   const QString &value,
                                   yamltext::Typing typing)
{
    ManifestNode expected = before;
    ManifestNode *node = &expected;
    std::string_view rest = key;
    while (true) {
        const auto dot = rest.find('.');
        const std::string part(rest.substr(0, dot));
        ManifestNode *child = nullptr;
        if (node->isSequence()) {
            size_t index = 0;
            const auto [end, error] =
                    std::from_chars(part.data(), part.data() + part.size(), index);
            if (error != std::errc() || end != part.data() + part.size() ||
                index >= node->items().size())
                return Error{QStringLiteral("list index %1 is out of range").arg(q(part))};
            child = &node->items()[index];
        } else {
            if (!node->isMap())
                *node = ManifestNode::map();
            child = &node->insert(part, ManifestNode::map());
        }
        if (dot == std::string_view::npos) {
            *child = ManifestNode::scalar(value.toStdString(),
                                          typing == yamltext::Typing::KeepString ||
                                                  !yamltext::resolvesAsNonString(value));
            return expected;
        }
        node = child;
        rest = rest.substr(dot + 1);
    }
}

} // namespace qd::zonecheck
