#include "services/config/KustomizeResolver.h"

#include "services/config/StrategicMerge.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <array>

namespace qd {

namespace {

const std::array<QString, 3> kKustomizationNames = {QStringLiteral("kustomization.yaml"),
                                                    QStringLiteral("kustomization.yml"),
                                                    QStringLiteral("Kustomization")};

// Fields a kustomization may have. Those Quarterdeck does not apply either cannot change a
// SpinnakerService (generators, images, replicas) or are reported as unsupported below.
const std::array<std::string_view, 30> kKnownFields = {
        "apiVersion", "kind", "metadata", "resources", "bases", "components",
        "patchesStrategicMerge", "patches", "patchesJson6902", "namespace", "namePrefix",
        "nameSuffix", "commonLabels", "labels", "commonAnnotations", "configMapGenerator",
        "secretGenerator", "generatorOptions", "images", "replicas", "replacements", "vars",
        "transformers", "generators", "validators", "crds", "openapi", "buildMetadata",
        "sortOptions", "helmCharts"};
const std::array<std::string_view, 5> kUnsupportedFields = {"replacements", "vars", "transformers",
                                                            "validators", "helmCharts"};

template<size_t N>
bool contains(const std::array<std::string_view, N> &list, std::string_view word)
{
    return std::find(list.begin(), list.end(), word) != list.end();
}

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

bool looksLikeInlineYaml(const std::string &entry)
{
    return entry.find('\n') != std::string::npos;
}

bool isRemote(const std::string &entry)
{
    return entry.find("://") != std::string::npos || entry.rfind("github.com/", 0) == 0
           || entry.rfind("git@", 0) == 0;
}

std::string groupOf(const std::string &apiVersion)
{
    const auto slash = apiVersion.find('/');
    return slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
}

std::string versionOf(const std::string &apiVersion)
{
    const auto slash = apiVersion.find('/');
    return slash == std::string::npos ? apiVersion : apiVersion.substr(slash + 1);
}

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

const ManifestNode *KustomizeBuild::firstOfKind(std::string_view kind) const
{
    for (const auto &resource : resources) {
        if (resource.scalarAt("kind") == kind)
            return &resource;
    }
    return nullptr;
}

struct KustomizeResolver::CachedFile
{
    bool exists = false;
    int fileId = -1;
    QString displayName;
    ParsedYaml parsed;
};

// One build: walks kustomizations depth first, the way Kustomize accumulates them.
class KustomizeResolver::Builder
{
public:
    enum class Expect { Kustomization, Component };

    Builder(KustomizeResolver &resolver, KustomizeBuild &out) : m_resolver(resolver), m_out(out) {}

    bool accumulate(const QString &dir, std::vector<ManifestNode> &resources, Expect expect,
                    NodeOrigin referencedFrom);

private:
    void problem(NodeOrigin origin, const QString &message)
    {
        m_out.problems.append({m_resolver.locationOf(origin), message});
    }
    void problemInFile(const QString &file, const QString &message)
    {
        m_out.problems.append({{file, 0, 0}, message});
    }
    void noteFile(const QString &displayName)
    {
        if (!m_out.files.contains(displayName))
            m_out.files.append(displayName);
    }

    QString findKustomization(const QString &dir, NodeOrigin referencedFrom);
    const CachedFile *loadListedFile(const QString &dir, const ManifestNode &entry,
                                     const char *listName);
    QString nearMatch(const QString &path) const;
    bool nameMatchesExactly(const QString &path) const;
    std::vector<std::string> stringList(const ManifestNode &kustomization, const char *field);

    void addResources(const QString &dir, const ManifestNode &kustomization,
                      std::vector<ManifestNode> &resources);
    void addComponents(const QString &dir, const ManifestNode &kustomization,
                       std::vector<ManifestNode> &resources);
    void applyStrategicMergePatches(const QString &dir, const ManifestNode &kustomization,
                                    std::vector<ManifestNode> &resources);
    void applyPatches(const QString &dir, const ManifestNode &kustomization,
                      std::vector<ManifestNode> &resources);
    void applyJson6902Patches(const QString &dir, const ManifestNode &kustomization,
                              std::vector<ManifestNode> &resources);
    void applyMetadataTransforms(const ManifestNode &kustomization,
                                 std::vector<ManifestNode> &resources);

    std::vector<ManifestNode> patchDocuments(const QString &dir, const ManifestNode &entry,
                                             const char *listName);
    void applyStrategicMergeByOwnId(const ManifestNode &patch,
                                    std::vector<ManifestNode> &resources);
    std::vector<ManifestNode *> select(const ManifestNode &target,
                                       std::vector<ManifestNode> &resources);
    void applyOperations(const ManifestNode &operations, ManifestNode &resource);

    KustomizeResolver &m_resolver;
    KustomizeBuild &m_out;
    QStringList m_stack;
};

// Kustomize on Linux refuses a listed name whose case differs from the file's. On a
// case-insensitive file system (macOS, Windows) the file opens anyway; check the exact name there
// so that the repo is reported broken everywhere it would break in CI or on a cluster.
bool KustomizeResolver::Builder::nameMatchesExactly(const QString &path) const
{
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    const QFileInfo info(path);
    return info.dir().entryList(QDir::AllEntries | QDir::NoDotAndDotDot).contains(info.fileName());
#else
    Q_UNUSED(path)
    return true; // the file system already told: names are case-sensitive here
#endif
}

QString KustomizeResolver::Builder::nearMatch(const QString &path) const
{
    const QFileInfo info(path);
    const QDir parent = info.dir();
    if (!parent.exists())
        return {};
    const QStringList names = parent.entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    for (const QString &name : names) {
        if (name.compare(info.fileName(), Qt::CaseInsensitive) == 0)
            return name;
    }
    return {};
}

QString KustomizeResolver::Builder::findKustomization(const QString &dir, NodeOrigin referencedFrom)
{
    QStringList found;
    for (const QString &name : kKustomizationNames) {
        if (QFileInfo::exists(dir + QLatin1Char('/') + name))
            found.append(name);
    }
    const QString shown = m_resolver.relativePath(dir);
    if (found.isEmpty()) {
        const QString message = QStringLiteral("no kustomization.yaml, kustomization.yml or "
                                               "Kustomization in '%1'")
                                        .arg(shown);
        if (referencedFrom.file >= 0)
            problem(referencedFrom, message);
        else
            problemInFile(shown, message);
        return {};
    }
    if (found.size() > 1) {
        problemInFile(shown, QStringLiteral("found both %1 and %2: Kustomize refuses to choose")
                                     .arg(found.at(0), found.at(1)));
        return {};
    }
    return dir + QLatin1Char('/') + found.first();
}

std::vector<std::string> KustomizeResolver::Builder::stringList(const ManifestNode &kustomization,
                                                                const char *field)
{
    std::vector<std::string> result;
    const ManifestNode *list = kustomization.find(field);
    if (!list || list->isNull())
        return result;
    if (!list->isSequence()) {
        problem(list->origin(), QStringLiteral("'%1' must be a list").arg(QLatin1String(field)));
        return result;
    }
    for (const auto &item : list->items())
        result.push_back(item.text());
    return result;
}

const KustomizeResolver::CachedFile *
KustomizeResolver::Builder::loadListedFile(const QString &dir, const ManifestNode &entry,
                                           const char *listName)
{
    if (!entry.isScalar() || entry.text().empty()) {
        problem(entry.origin(), QStringLiteral("entries of '%1' must be paths")
                                        .arg(QLatin1String(listName)));
        return nullptr;
    }
    const QString path = QDir::cleanPath(dir + QLatin1Char('/') + q(entry.text()));
    const CachedFile &file = m_resolver.load(path);
    if (!file.exists || !nameMatchesExactly(path)) {
        const QString near = nearMatch(path);
        QString message = QStringLiteral("'%1' listed in %2 does not exist")
                                  .arg(q(entry.text()), QLatin1String(listName));
        if (!near.isEmpty())
            message += QStringLiteral("; did you mean '%1'? (file names are case-sensitive)")
                               .arg(near);
        problem(entry.origin(), message);
        return nullptr;
    }
    noteFile(file.displayName);
    if (!file.parsed.ok()) {
        m_out.problems.append(file.parsed.problems);
        return nullptr;
    }
    return &file;
}

bool KustomizeResolver::Builder::accumulate(const QString &dir, std::vector<ManifestNode> &resources,
                                            Expect expect, NodeOrigin referencedFrom)
{
    if (m_stack.contains(dir)) {
        problem(referencedFrom, QStringLiteral("'%1' includes itself").arg(m_resolver.relativePath(dir)));
        return false;
    }
    const QString kustomizationPath = findKustomization(dir, referencedFrom);
    if (kustomizationPath.isEmpty())
        return false;
    const CachedFile &file = m_resolver.load(kustomizationPath);
    noteFile(file.displayName);
    if (!file.parsed.ok()) {
        m_out.problems.append(file.parsed.problems);
        return false;
    }
    static const ManifestNode empty = ManifestNode::map();
    const ManifestNode &kustomization = file.parsed.documents.empty() ? empty
                                                                      : file.parsed.documents.front();
    if (!kustomization.isMap() && !kustomization.isNull()) {
        problem(kustomization.origin(), QStringLiteral("a kustomization must be a mapping"));
        return false;
    }
    for (const auto &[key, value] : kustomization.entries()) {
        if (!contains(kKnownFields, key))
            problem(value.origin(), QStringLiteral("unknown kustomization field '%1'").arg(q(key)));
        else if (contains(kUnsupportedFields, key))
            problem(value.origin(), QStringLiteral("'%1' is not supported by Quarterdeck: the "
                                                   "effective values could not be trusted")
                                            .arg(q(key)));
    }
    const bool isComponent = kustomization.scalarAt("kind") == "Component";
    if (expect == Expect::Component && !isComponent) {
        problem(referencedFrom, QStringLiteral("'%1' is listed in components but is not a "
                                               "Component (kind: Component)")
                                        .arg(m_resolver.relativePath(dir)));
        return false;
    }
    if (expect == Expect::Kustomization && isComponent) {
        problem(referencedFrom, QStringLiteral("'%1' is a Component: list it under components")
                                        .arg(m_resolver.relativePath(dir)));
        return false;
    }

    m_stack.append(dir);
    // A component transforms what its parent accumulated so far; a kustomization only its own.
    std::vector<ManifestNode> own;
    std::vector<ManifestNode> &work = isComponent ? resources : own;
    // Like Kustomize, stop at the first failing step: patches applied to resources that could
    // not be read would only add confusing follow-on errors.
    const auto failed = [this, before = m_out.problems.size()] {
        return m_out.problems.size() > before;
    };
    addResources(dir, kustomization, work);
    if (!failed())
        addComponents(dir, kustomization, work);
    if (!failed()) {
        applyStrategicMergePatches(dir, kustomization, work);
        applyPatches(dir, kustomization, work);
        applyMetadataTransforms(kustomization, work);
        applyJson6902Patches(dir, kustomization, work);
    }
    m_stack.removeLast();

    if (!isComponent)
        std::move(own.begin(), own.end(), std::back_inserter(resources));
    return true;
}

void KustomizeResolver::Builder::addResources(const QString &dir, const ManifestNode &kustomization,
                                              std::vector<ManifestNode> &resources)
{
    for (const char *field : {"resources", "bases"}) {
        const ManifestNode *list = kustomization.find(field);
        if (!list || !list->isSequence())
            continue;
        for (const auto &entry : list->items()) {
            if (entry.isScalar() && isRemote(entry.text())) {
                problem(entry.origin(), QStringLiteral("remote resource '%1' is not supported: "
                                                       "Quarterdeck reads the repository only")
                                                .arg(q(entry.text())));
                continue;
            }
            const QString path = QDir::cleanPath(dir + QLatin1Char('/') + q(entry.text()));
            if (entry.isScalar() && QFileInfo(path).isDir()) {
                accumulate(path, resources, Expect::Kustomization, entry.origin());
                continue;
            }
            const CachedFile *file = loadListedFile(dir, entry, field);
            if (!file)
                continue;
            for (const auto &document : file->parsed.documents) {
                if (document.isNull())
                    continue;
                if (!document.isMap() || document.scalarAt("kind").empty()
                    || document.scalarAt("apiVersion").empty()) {
                    problem(document.origin(), QStringLiteral("not a Kubernetes resource: "
                                                              "apiVersion and kind are required"));
                    continue;
                }
                resources.push_back(document);
            }
        }
    }
}

void KustomizeResolver::Builder::addComponents(const QString &dir, const ManifestNode &kustomization,
                                               std::vector<ManifestNode> &resources)
{
    const ManifestNode *list = kustomization.find("components");
    if (!list || !list->isSequence())
        return;
    for (const auto &entry : list->items()) {
        const QString path = QDir::cleanPath(dir + QLatin1Char('/') + q(entry.text()));
        if (!QFileInfo(path).isDir()) {
            const QString near = nearMatch(path);
            problem(entry.origin(), QStringLiteral("component '%1' is not a directory%2")
                                            .arg(q(entry.text()),
                                                 near.isEmpty() ? QString()
                                                                : QStringLiteral("; did you mean '%1'?")
                                                                          .arg(near)));
            continue;
        }
        accumulate(path, resources, Expect::Component, entry.origin());
    }
}

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

KustomizeResolver::KustomizeResolver(const QString &repoRoot)
    : m_root(QDir::cleanPath(QFileInfo(repoRoot).absoluteFilePath()))
{}

KustomizeResolver::~KustomizeResolver() = default;

QString KustomizeResolver::relativePath(const QString &absolutePath) const
{
    return QDir::cleanPath(m_root.relativeFilePath(absolutePath));
}

int KustomizeResolver::fileIdOf(const QString &absolutePath)
{
    const auto it = m_fileIds.constFind(absolutePath);
    if (it != m_fileIds.constEnd())
        return *it;
    const int id = int(m_fileNames.size());
    m_fileNames.append(relativePath(absolutePath));
    m_fileIds.insert(absolutePath, id);
    return id;
}

QString KustomizeResolver::fileName(int fileId) const
{
    return fileId >= 0 && fileId < m_fileNames.size() ? m_fileNames.at(fileId) : QString();
}

SourceLocation KustomizeResolver::locationOf(NodeOrigin origin) const
{
    return {fileName(origin.file), origin.line, origin.column};
}

const KustomizeResolver::CachedFile &KustomizeResolver::load(const QString &absolutePath)
{
    auto &slot = m_cache[absolutePath];
    if (slot)
        return *slot;
    slot = std::make_shared<CachedFile>();
    slot->fileId = fileIdOf(absolutePath);
    slot->displayName = fileName(slot->fileId);
    QFile file(absolutePath);
    if (!QFileInfo(absolutePath).isFile() || !file.open(QIODevice::ReadOnly))
        return *slot;
    slot->exists = true;
    const QByteArray bytes = file.readAll();
    slot->parsed = parseYaml(std::string(bytes.constData(), size_t(bytes.size())), slot->fileId,
                             slot->displayName);
    return *slot;
}

KustomizeBuild KustomizeResolver::build(const QString &overlayDir)
{
    KustomizeBuild out;
    const QString dir = QDir::cleanPath(QDir::isAbsolutePath(overlayDir)
                                                ? overlayDir
                                                : m_root.absoluteFilePath(overlayDir));
    Builder builder(*this, out);
    if (!QFileInfo(dir).isDir()) {
        out.problems.append({{relativePath(dir), 0, 0},
                             QStringLiteral("overlay directory '%1' does not exist")
                                     .arg(relativePath(dir))});
        return out;
    }
    builder.accumulate(dir, out.resources, Builder::Expect::Kustomization, {});
    return out;
}

} // namespace qd
