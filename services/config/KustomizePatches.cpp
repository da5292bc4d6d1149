// What an overlay does to the resources it accumulated: strategic-merge and JSON 6902 patches,
// target selection, and the namespace, name, label and annotation transforms.
#include "services/config/KustomizeBuilder.h"

#include "services/config/StrategicMerge.h"

#include <QRegularExpression>

#include <algorithm>

namespace qd {

using kustomize::groupOf;
using kustomize::looksLikeInlineYaml;
using kustomize::q;
using kustomize::versionOf;

namespace {

// Adds key=value under metadata.<field>, creating the maps as needed.
void setMetadataEntry(ManifestNode &resource, const char *field, const std::string &key,
                      const ManifestNode &value)
{
    ManifestNode &metadata = resource.insert("metadata", ManifestNode::map(value.origin()));
    if (!metadata.isMap())
        metadata = ManifestNode::map(value.origin());
    ManifestNode &entries = metadata.insert(field, ManifestNode::map(value.origin()));
    if (!entries.isMap())
        entries = ManifestNode::map(value.origin());
    // Kustomize writes label and annotation values as strings.
    ManifestNode text = ManifestNode::scalar(value.isScalar() ? value.text() : std::string(), true,
                                             value.origin());
    if (ManifestNode *existing = entries.find(key))
        *existing = std::move(text);
    else
        entries.insert(key, std::move(text));
}

// "SpinnakerService 'spinnaker' in namespace 'x' (spinnaker.io/v1alpha2)"
QString describe(const ResourceId &id)
{
    const QString where = id.ns.empty() ? QString()
                                        : QStringLiteral(" in namespace '%1'").arg(q(id.ns));
    return QStringLiteral("%1 '%2'%3 (%4)").arg(q(id.kind), q(id.name), where, q(id.apiVersion));
}

// The patch as Kustomize merges it into the target it found: named and placed as the target
// (a patch's own name and namespace only select; merging them would rename the resource).
// A patch with a target takes the target's kind and apiVersion as well as its name (Kustomize
// copies them from each selected resource); one without has matched them already.
enum class Targeted { No, Yes };
ManifestNode anonymous(const ManifestNode &patch, Targeted targeted)
{
    ManifestNode merged = patch;
    if (ManifestNode *metadata = merged.find("metadata"); metadata && metadata->isMap()) {
        metadata->remove("name");
        metadata->remove("namespace");
    }
    if (targeted == Targeted::Yes) {
        merged.remove("apiVersion");
        merged.remove("kind");
    }
    return merged;
}

} // namespace

namespace {

// Where the text of an inline patch is written in its kustomization, so that what it sets has
// the file, line and column an edit must change.
struct Placement
{
    int firstLine = 0;
    int firstColumn = 1;
    int indent = 0;
};

Placement placementOf(const QByteArray &file, NodeOrigin at)
{
    const QList<QByteArray> lines = file.split('\n');
    const QByteArray line = at.line >= 1 && at.line <= lines.size() ? lines.at(at.line - 1)
                                                                    : QByteArray();
    const char lead = at.column >= 1 && at.column <= line.size() ? line.at(at.column - 1) : '\0';
    if (lead != '|' && lead != '>') {
        // A quoted or plain scalar: its content starts on its own line, after any quote.
        const bool quoted = lead == '\'' || lead == '"';
        return {at.line, at.column + (quoted ? 1 : 0), 0};
    }
    // A block scalar: its content starts on the next line, every line at the indent of the
    // first one that is not blank.
    Placement place{at.line + 1, 1, 0};
    for (qsizetype i = at.line; i < lines.size(); ++i) {
        const QByteArray content = lines.at(i).trimmed();
        if (content.isEmpty())
            continue;
        const QByteArray &text = lines.at(i);
        int spaces = 0;
        while (spaces < text.size() && text.at(spaces) == ' ')
            ++spaces;
        place.indent = spaces;
        place.firstColumn = spaces + 1;
        break;
    }
    return place;
}

} // namespace

std::vector<ManifestNode> KustomizeResolver::Builder::patchDocuments(const QString &dir,
                                                                     const ManifestNode &entry,
                                                                     const char *listName)
{
    if (entry.isScalar() && looksLikeInlineYaml(entry.text())) {
        const NodeOrigin at = entry.origin();
        const Placement place = placementOf(m_resolver.textOf(at.file), at);
        ParsedYaml parsed = parseYaml(entry.text(), at.file, m_resolver.fileName(at.file),
                                      place.firstLine, place.firstColumn, place.indent);
        if (!usable(parsed, Role::Patch))
            return {};
        return std::move(parsed.documents);
    }
    const CachedFile *file = loadListedFile(dir, entry, listName);
    if (!file)
        return {};
    return file->parsed.documents;
}

void KustomizeResolver::Builder::applyStrategicMergeByOwnId(const ManifestNode &patch,
                                                            kustomize::Resources &resources)
{
    const ResourceId id = ResourceId::of(patch);
    if (!patch.isMap() || id.kind.empty() || id.name.empty()) {
        problem(patch.origin(), QStringLiteral("a strategic merge patch needs kind and metadata.name "
                                               "to find its target"));
        return;
    }
    // Like Kustomize: by any id the resource had (its names before a lower level's prefix or
    // namespace), and exactly one resource. The overlay's own namespace and name transformers
    // have not run yet, so a patch naming the namespace the overlay sets finds nothing.
    std::vector<kustomize::Resource *> matched;
    for (auto &resource : resources) {
        if (resource.knownBy(id))
            matched.push_back(&resource);
    }
    const QString shown = describe(id);
    if (matched.size() > 1) {
        problem(patch.origin(), QStringLiteral("patch targets %1, which matches %2 resources: "
                                               "Kustomize needs exactly one")
                                        .arg(shown)
                                        .arg(matched.size()));
        return;
    }
    if (matched.empty()) {
        QStringList present;
        for (const auto &resource : resources)
            present.append(describe(resource.currentId()));
        problem(patch.origin(), QStringLiteral("patch targets %1, which the overlay does not "
                                               "have at this point (it has %2)")
                                        .arg(shown,
                                             present.isEmpty() ? QStringLiteral("no resources")
                                                               : present.join(QStringLiteral(", "))));
        return;
    }
    applyStrategicMerge(matched.front()->node, anonymous(patch, Targeted::No));
}

void KustomizeResolver::Builder::applyStrategicMergePatches(const QString &dir,
                                                            const ManifestNode &kustomization,
                                                            kustomize::Resources &resources)
{
    const ManifestNode *list = kustomization.find("patchesStrategicMerge");
    if (!list || !list->isSequence())
        return;
    for (const auto &entry : list->items()) {
        for (const auto &patch : patchDocuments(dir, entry, "patchesStrategicMerge")) {
            if (!patch.isNull())
                applyStrategicMergeByOwnId(patch, resources);
        }
    }
}

std::vector<ManifestNode *> KustomizeResolver::Builder::select(const ManifestNode &target,
                                                               kustomize::Resources &resources)
{
    std::vector<ManifestNode *> selected;
    const auto matches = [&target](const char *field, const std::string &actual,
                                   const std::string &original = {}) {
        const ManifestNode *wanted = target.find(field);
        if (!wanted || !wanted->isScalar() || wanted->text().empty())
            return true;
        const QRegularExpression pattern(
                QRegularExpression::anchoredPattern(q(wanted->text())));
        const auto one = [&](const std::string &value) {
            return pattern.isValid() ? pattern.match(q(value)).hasMatch() : wanted->text() == value;
        };
        return one(actual) || (!original.empty() && one(original));
    };
    const auto selectorMatches = [&target](const char *selectorField, const char *metadataField,
                                           const ManifestNode &resource) {
        const std::string selector = target.scalarAt(selectorField);
        if (selector.empty())
            return true;
        const ManifestNode *values = resource.at(std::string("metadata.") + metadataField);
        for (const QString &term : q(selector).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString key = term.section(QLatin1Char('='), 0, 0).trimmed();
            const QString value = term.section(QLatin1Char('='), 1).trimmed();
            const ManifestNode *actual = values ? values->find(key.toStdString()) : nullptr;
            if (!actual || (term.contains(QLatin1Char('=')) && q(actual->text()) != value))
                return false;
        }
        return true;
    };
    // Kustomize matches the name and the namespace against the resource's current and its
    // original id (no namespace counts as "default"), everything else against the current one.
    for (auto &accumulated : resources) {
        const ManifestNode &resource = accumulated.node;
        const ResourceId current = accumulated.currentId();
        const ResourceId original = accumulated.originalId();
        const std::string &apiVersion = current.apiVersion;
        if (matches("kind", current.kind) && matches("name", current.name, original.name)
            && matches("namespace", current.effectiveNamespace(), original.effectiveNamespace())
            && matches("group", groupOf(apiVersion)) && matches("version", versionOf(apiVersion))
            && selectorMatches("labelSelector", "labels", resource)
            && selectorMatches("annotationSelector", "annotations", resource))
            selected.push_back(&accumulated.node);
    }
    return selected;
}

void KustomizeResolver::Builder::applyOperations(const ManifestNode &operations, ManifestNode &resource)
{
    for (const auto &operation : operations.items()) {
        const std::string error = applyJsonPatchOperation(resource, operation);
        if (!error.empty())
            problem(operation.origin(), QStringLiteral("JSON patch '%1 %2' failed: %3")
                                                .arg(q(operation.scalarAt("op")),
                                                     q(operation.scalarAt("path")), q(error)));
    }
    resource.forgetQuoteStyle();
}

void KustomizeResolver::Builder::applyPatches(const QString &dir, const ManifestNode &kustomization,
                                              kustomize::Resources &resources)
{
    const ManifestNode *list = kustomization.find("patches");
    if (!list || !list->isSequence())
        return;
    for (const auto &entry : list->items()) {
        if (!entry.isMap()) {
            problem(entry.origin(), QStringLiteral("entries of 'patches' need 'path' or 'patch'"));
            continue;
        }
        const ManifestNode *source = entry.find("path");
        if (!source)
            source = entry.find("patch");
        if (!source || !source->isScalar()) {
            problem(entry.origin(), QStringLiteral("entries of 'patches' need 'path' or 'patch'"));
            continue;
        }
        ManifestNode inlineSource = *source;
        if (entry.find("patch") == source && !looksLikeInlineYaml(source->text())) {
            // A one-line inline patch ("patch: '[{op: ...}]'") is YAML, not a path.
            inlineSource = ManifestNode::scalar(source->text() + "\n", source->isQuoted(),
                                                source->origin());
        }
        const ManifestNode *target = entry.find("target");
        const std::vector<ManifestNode> documents = patchDocuments(dir, inlineSource, "patches");
        const auto mergePatches = std::count_if(documents.begin(), documents.end(),
                                                [](const ManifestNode &d) { return d.isMap(); });
        if (target && mergePatches > 1) {
            problem(entry.origin(), QStringLiteral("a 'patches' entry with a target may hold one "
                                                   "strategic merge patch only, not %1")
                                            .arg(mergePatches));
            continue;
        }
        for (const auto &patch : documents) {
            if (patch.isSequence()) {
                if (!target) {
                    problem(entry.origin(), QStringLiteral("a JSON 6902 patch needs a target"));
                    continue;
                }
                const auto selected = select(*target, resources);
                if (selected.empty())
                    warning(target->origin(), QStringLiteral("patch target matches no resource"));
                for (ManifestNode *resource : selected)
                    applyOperations(patch, *resource);
            } else if (patch.isMap()) {
                if (!target) {
                    applyStrategicMergeByOwnId(patch, resources);
                    continue;
                }
                const auto selected = select(*target, resources);
                if (selected.empty())
                    warning(target->origin(), QStringLiteral("patch target matches no resource"));
                const ManifestNode merged = anonymous(patch, Targeted::Yes);
                for (ManifestNode *resource : selected)
                    applyStrategicMerge(*resource, merged);
            }
        }
    }
}

void KustomizeResolver::Builder::applyJson6902Patches(const QString &dir,
                                                      const ManifestNode &kustomization,
                                                      kustomize::Resources &resources)
{
    const ManifestNode *list = kustomization.find("patchesJson6902");
    if (!list || !list->isSequence())
        return;
    for (const auto &entry : list->items()) {
        const ManifestNode *target = entry.find("target");
        const ManifestNode *path = entry.find("path");
        if (!target || !path) {
            problem(entry.origin(), QStringLiteral("entries of 'patchesJson6902' need target and path"));
            continue;
        }
        for (const auto &operations : patchDocuments(dir, *path, "patchesJson6902")) {
            if (!operations.isSequence()) {
                problem(operations.origin(), QStringLiteral("a JSON 6902 patch must be a list of "
                                                            "operations"));
                continue;
            }
            const auto selected = select(*target, resources);
            if (selected.empty())
                warning(target->origin(), QStringLiteral("patch target matches no resource"));
            for (ManifestNode *resource : selected)
                applyOperations(operations, *resource);
        }
    }
}

void KustomizeResolver::Builder::applyMetadataTransforms(const ManifestNode &kustomization,
                                                         kustomize::Resources &resources)
{
    if (const ManifestNode *ns = kustomization.find("namespace"); ns && ns->isScalar()) {
        for (auto &accumulated : resources) {
            ManifestNode &resource = accumulated.node;
            if (resource.scalarAt("metadata.namespace") != ns->text())
                accumulated.rememberId();
            ManifestNode &metadata = resource.insert("metadata", ManifestNode::map(ns->origin()));
            ManifestNode value = ManifestNode::scalar(ns->text(), ns->isQuoted(), ns->origin());
            if (ManifestNode *existing = metadata.find("namespace"))
                *existing = value;
            else
                metadata.insert("namespace", value);
        }
    }
    // Prefix and suffix are two transformers: a patch may name the resource as either left it.
    const auto rename = [&resources](const ManifestNode *part, bool asPrefix) {
        if (!part || !part->isScalar() || part->text().empty())
            return;
        for (auto &accumulated : resources) {
            ManifestNode *metadata = accumulated.node.find("metadata");
            ManifestNode *name = metadata ? metadata->find("name") : nullptr;
            if (!name || !name->isScalar())
                continue;
            accumulated.rememberId();
            *name = ManifestNode::scalar(asPrefix ? part->text() + name->text()
                                                  : name->text() + part->text(),
                                         true, part->origin());
        }
    };
    rename(kustomization.find("namePrefix"), true);
    rename(kustomization.find("nameSuffix"), false);
    const auto addPairs = [&resources](const ManifestNode *pairs, const char *field) {
        if (!pairs || !pairs->isMap())
            return;
        for (auto &resource : resources) {
            for (const auto &[key, value] : pairs->entries())
                setMetadataEntry(resource.node, field, key, value);
        }
    };
    addPairs(kustomization.find("commonLabels"), "labels");
    if (const ManifestNode *labels = kustomization.find("labels"); labels && labels->isSequence()) {
        for (const auto &group : labels->items())
            addPairs(group.find("pairs"), "labels");
    }
    addPairs(kustomization.find("commonAnnotations"), "annotations");
}

} // namespace qd
