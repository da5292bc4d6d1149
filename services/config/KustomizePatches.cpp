// What an overlay does to the resources it accumulated: strategic-merge and JSON 6902 patches,
// target selection, and the namespace, name, label and annotation transforms.
#include "services/config/KustomizeBuilder.h"

#include "services/config/StrategicMerge.h"

#include <QRegularExpression>

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

} // namespace

std::vector<ManifestNode> KustomizeResolver::Builder::patchDocuments(const QString &dir,
                                                                     const ManifestNode &entry,
                                                                     const char *listName)
{
    if (entry.isScalar() && looksLikeInlineYaml(entry.text())) {
        // Inline patch: a block scalar whose content starts on the line after its indicator.
        const NodeOrigin at = entry.origin();
        ParsedYaml parsed = parseYaml(entry.text(), at.file, m_resolver.fileName(at.file),
                                      at.line + 1, at.column);
        if (!parsed.ok()) {
            m_out.problems.append(parsed.problems);
            return {};
        }
        return std::move(parsed.documents);
    }
    const CachedFile *file = loadListedFile(dir, entry, listName);
    if (!file)
        return {};
    return file->parsed.documents;
}

void KustomizeResolver::Builder::applyStrategicMergeByOwnId(const ManifestNode &patch,
                                                            std::vector<ManifestNode> &resources)
{
    const std::string kind = patch.scalarAt("kind");
    const std::string name = patch.scalarAt("metadata.name");
    if (!patch.isMap() || kind.empty() || name.empty()) {
        problem(patch.origin(), QStringLiteral("a strategic merge patch needs kind and metadata.name "
                                               "to find its target"));
        return;
    }
    const std::string group = groupOf(patch.scalarAt("apiVersion"));
    bool applied = false;
    for (auto &resource : resources) {
        if (resource.scalarAt("kind") == kind && resource.scalarAt("metadata.name") == name
            && groupOf(resource.scalarAt("apiVersion")) == group) {
            applyStrategicMerge(resource, patch);
            applied = true;
        }
    }
    if (!applied) {
        QStringList present;
        for (const auto &resource : resources)
            present.append(QStringLiteral("%1 '%2'").arg(q(resource.scalarAt("kind")),
                                                          q(resource.scalarAt("metadata.name"))));
        problem(patch.origin(), QStringLiteral("patch targets %1 '%2', which the overlay does not "
                                               "have (it has %3)")
                                        .arg(q(kind), q(name),
                                             present.isEmpty() ? QStringLiteral("no resources")
                                                               : present.join(QStringLiteral(", "))));
    }
}

void KustomizeResolver::Builder::applyStrategicMergePatches(const QString &dir,
                                                            const ManifestNode &kustomization,
                                                            std::vector<ManifestNode> &resources)
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
                                                               std::vector<ManifestNode> &resources)
{
    std::vector<ManifestNode *> selected;
    const auto matches = [&target](const char *field, const std::string &actual) {
        const ManifestNode *wanted = target.find(field);
        if (!wanted || !wanted->isScalar() || wanted->text().empty())
            return true;
        const QRegularExpression pattern(
                QRegularExpression::anchoredPattern(q(wanted->text())));
        return pattern.isValid() ? pattern.match(q(actual)).hasMatch() : wanted->text() == actual;
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
    for (auto &resource : resources) {
        const std::string apiVersion = resource.scalarAt("apiVersion");
        if (matches("kind", resource.scalarAt("kind")) && matches("name", resource.scalarAt("metadata.name"))
            && matches("namespace", resource.scalarAt("metadata.namespace"))
            && matches("group", groupOf(apiVersion)) && matches("version", versionOf(apiVersion))
            && selectorMatches("labelSelector", "labels", resource)
            && selectorMatches("annotationSelector", "annotations", resource))
            selected.push_back(&resource);
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
}

void KustomizeResolver::Builder::applyPatches(const QString &dir, const ManifestNode &kustomization,
                                              std::vector<ManifestNode> &resources)
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
            inlineSource = ManifestNode::scalar(source->text() + "\n", true, source->origin());
        }
        const ManifestNode *target = entry.find("target");
        for (const auto &patch : patchDocuments(dir, inlineSource, "patches")) {
            if (patch.isSequence()) {
                if (!target) {
                    problem(entry.origin(), QStringLiteral("a JSON 6902 patch needs a target"));
                    continue;
                }
                for (ManifestNode *resource : select(*target, resources))
                    applyOperations(patch, *resource);
            } else if (patch.isMap()) {
                if (!target) {
                    applyStrategicMergeByOwnId(patch, resources);
                    continue;
                }
                const auto selected = select(*target, resources);
                if (selected.empty())
                    problem(target->origin(), QStringLiteral("patch target matches no resource"));
                // With an explicit target the patch's own name means nothing (Kustomize
                // renames the patch to each target): merging it would rename the resource.
                ManifestNode anonymous = patch;
                if (ManifestNode *metadata = anonymous.find("metadata"); metadata && metadata->isMap())
                    metadata->remove("name");
                for (ManifestNode *resource : selected)
                    applyStrategicMerge(*resource, anonymous);
            }
        }
    }
}

void KustomizeResolver::Builder::applyJson6902Patches(const QString &dir,
                                                      const ManifestNode &kustomization,
                                                      std::vector<ManifestNode> &resources)
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
            for (ManifestNode *resource : select(*target, resources))
                applyOperations(operations, *resource);
        }
    }
}

void KustomizeResolver::Builder::applyMetadataTransforms(const ManifestNode &kustomization,
                                                         std::vector<ManifestNode> &resources)
{
    if (const ManifestNode *ns = kustomization.find("namespace"); ns && ns->isScalar()) {
        for (auto &resource : resources) {
            ManifestNode &metadata = resource.insert("metadata", ManifestNode::map(ns->origin()));
            ManifestNode value = ManifestNode::scalar(ns->text(), ns->isQuoted(), ns->origin());
            if (ManifestNode *existing = metadata.find("namespace"))
                *existing = value;
            else
                metadata.insert("namespace", value);
        }
    }
    const ManifestNode *prefix = kustomization.find("namePrefix");
    const ManifestNode *suffix = kustomization.find("nameSuffix");
    if ((prefix && prefix->isScalar()) || (suffix && suffix->isScalar())) {
        for (auto &resource : resources) {
            ManifestNode *name = resource.find("metadata") ? resource.find("metadata")->find("name")
                                                           : nullptr;
            if (!name || !name->isScalar())
                continue;
            const NodeOrigin origin = (prefix && prefix->isScalar() ? prefix : suffix)->origin();
            *name = ManifestNode::scalar((prefix && prefix->isScalar() ? prefix->text() : "")
                                                 + name->text()
                                                 + (suffix && suffix->isScalar() ? suffix->text() : ""),
                                         true, origin);
        }
    }
    const auto addPairs = [&resources](const ManifestNode *pairs, const char *field) {
        if (!pairs || !pairs->isMap())
            return;
        for (auto &resource : resources) {
            for (const auto &[key, value] : pairs->entries())
                setMetadataEntry(resource, field, key, value);
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
