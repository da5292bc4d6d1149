// Walking an overlay: kustomization files, resources, bases and components, in Kustomize's order.
#include "services/config/KustomizeBuilder.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <array>

namespace qd {

using kustomize::groupOf;
using kustomize::looksLikeInlineYaml;
using kustomize::q;
using kustomize::versionOf;

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

bool isRemote(const std::string &entry)
{
    return entry.find("://") != std::string::npos || entry.rfind("github.com/", 0) == 0
           || entry.rfind("git@", 0) == 0;
}

} // namespace

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
    // Which of the three names exist decides what is read: the directory is an input too.
    const QString &relative = m_resolver.noteDir(dir);
    if (!m_out.dirs.contains(relative))
        m_out.dirs.append(relative);
    QStringList found;
    for (const QString &name : kKustomizationNames) {
        if (m_resolver.fileExists(dir + QLatin1Char('/') + name))
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
    noteFile(file);
    const Role role = QByteArray(listName).startsWith("patches") ? Role::Patch : Role::Resource;
    return usable(file.parsed, role) ? &file : nullptr;
}

bool KustomizeResolver::Builder::accumulate(const QString &dir, kustomize::Resources &resources,
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
    noteFile(file);
    // Kustomize reads a key written twice in a kustomization as its last value (kubectl 1.32):
    // such a file is read again so, and each duplicate is a warning.
    ParsedYaml lastWins;
    const ParsedYaml *parsed = &file.parsed;
    if (!parsed->ok() && parsed->onlyDuplicateKeys()) {
        lastWins = parseYaml(std::string(file.bytes.constData(), size_t(file.bytes.size())),
                             file.fileId, file.displayName, 1, 1, 0, DuplicateKeys::KeepLast);
        for (const Diagnostic &duplicate : lastWins.duplicateKeys) {
            if (!m_out.warnings.contains(duplicate))
                m_out.warnings.append(duplicate);
        }
        if (lastWins.onlyDuplicateKeys())
            lastWins.problems.clear();
        parsed = &lastWins;
    }
    if (!parsed->ok()) {
        m_out.problems.append(parsed->problems);
        return false;
    }
    static const ManifestNode empty = ManifestNode::map();
    const ManifestNode &kustomization = parsed->documents.empty() ? empty : parsed->documents.front();
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

    const bool isOverlay = m_stack.isEmpty();
    m_stack.append(dir);
    // A component transforms what its parent accumulated so far; a kustomization only its own.
    kustomize::Resources own;
    kustomize::Resources &work = isComponent ? resources : own;
    // Like Kustomize, stop at the first failing step: patches applied to resources that could
    // not be read would only add confusing follow-on errors.
    const auto failed = [this, before = m_out.problems.size()] {
        return m_out.problems.size() > before;
    };
    addResources(dir, kustomization, work);
    if (!failed())
        addComponents(dir, kustomization, work);
    if (isOverlay) {
        m_out.patchTargets.clear();
        for (const kustomize::Resource &resource : work)
            m_out.patchTargets.push_back(resource.currentId());
    }
    if (!failed()) {
        applyStrategicMergePatches(dir, kustomization, work);
        applyPatches(dir, kustomization, work);
        applyMetadataTransforms(kustomization, work);
        applyJson6902Patches(dir, kustomization, work);
    } else {
        checkPatchFiles(dir, kustomization);
    }
    m_stack.removeLast();

    if (!isComponent)
        std::move(own.begin(), own.end(), std::back_inserter(resources));
    return true;
}

void KustomizeResolver::Builder::checkPatchFiles(const QString &dir,
                                                 const ManifestNode &kustomization)
{
    // Not applied (their targets may be what failed), but a missing or broken patch file is a
    // problem of its own that the user must not learn of only after fixing the first one.
    const auto check = [&](const ManifestNode *entry, const char *listName) {
        if (entry && entry->isScalar() && !looksLikeInlineYaml(entry->text()))
            loadListedFile(dir, *entry, listName);
    };
    for (const char *field : {"patchesStrategicMerge", "patches", "patchesJson6902"}) {
        const ManifestNode *list = kustomization.find(field);
        if (!list || !list->isSequence())
            continue;
        for (const auto &entry : list->items())
            check(entry.isMap() ? entry.find("path") : &entry, field);
    }
}

void KustomizeResolver::Builder::addResources(const QString &dir, const ManifestNode &kustomization,
                                              kustomize::Resources &resources)
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
            if (entry.isScalar() && m_resolver.dirExists(path)) {
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
                resources.push_back({document, {}});
            }
        }
    }
}

void KustomizeResolver::Builder::addComponents(const QString &dir, const ManifestNode &kustomization,
                                               kustomize::Resources &resources)
{
    const ManifestNode *list = kustomization.find("components");
    if (!list || !list->isSequence())
        return;
    for (const auto &entry : list->items()) {
        const QString path = QDir::cleanPath(dir + QLatin1Char('/') + q(entry.text()));
        if (!m_resolver.dirExists(path)) {
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

} // namespace qd
