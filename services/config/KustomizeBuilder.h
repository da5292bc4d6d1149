#pragma once

// Internal to the Kustomize resolver: the builder that walks one overlay, and small helpers its
// two source files share. Not part of the services' API.

#include "services/config/KustomizeResolver.h"

#include <array>
#include <string>
#include <string_view>

namespace qd {

struct KustomizeResolver::CachedFile
{
    bool exists = false;
    int fileId = -1;
    QString displayName;
    QString dirName; // the directory holding it, relative
    QByteArray bytes; // as read: inline patches are placed by the text around them
    ParsedYaml parsed;
};

namespace kustomize {

inline QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

inline std::string groupOf(const std::string &apiVersion)
{
    const auto slash = apiVersion.find('/');
    return slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
}

inline std::string versionOf(const std::string &apiVersion)
{
    const auto slash = apiVersion.find('/');
    return slash == std::string::npos ? apiVersion : apiVersion.substr(slash + 1);
}

inline bool looksLikeInlineYaml(const std::string &entry)
{
    return entry.find('\n') != std::string::npos;
}

// A resource while an overlay is built, with every id it had before its current one (oldest
// first): Kustomize finds a patch's target by any of them, so a patch written against a base's
// names still applies after a lower level added a prefix or a namespace.
struct Resource
{
    ManifestNode node;
    std::vector<ResourceId> earlierIds;

    ResourceId currentId() const { return ResourceId::of(node); }
    ResourceId originalId() const { return earlierIds.empty() ? currentId() : earlierIds.front(); }
    bool knownBy(const ResourceId &id) const;
    // Records the current id before a transformer changes the name or namespace.
    void rememberId() { earlierIds.push_back(currentId()); }
};

using Resources = std::vector<Resource>;

} // namespace kustomize

// One build: walks kustomizations depth first, the way Kustomize accumulates them.
class KustomizeResolver::Builder
{
public:
    enum class Expect { Kustomization, Component };

    Builder(KustomizeResolver &resolver, KustomizeBuild &out) : m_resolver(resolver), m_out(out) {}

    bool accumulate(const QString &dir, kustomize::Resources &resources, Expect expect,
                    NodeOrigin referencedFrom);

private:
    void problem(NodeOrigin origin, const QString &message)
    {
        m_out.problems.append({m_resolver.locationOf(origin), message});
    }
    void warning(NodeOrigin origin, const QString &message)
    {
        const Diagnostic found{m_resolver.locationOf(origin), message};
        if (!m_out.warnings.contains(found))
            m_out.warnings.append(found);
    }
    // Whether a parsed patch or resource can be used; records its problems. Kustomize reads a
    // patch with duplicate keys (the first wins) but refuses a resource with them.
    enum class Role { Resource, Patch };
    bool usable(const ParsedYaml &parsed, Role role)
    {
        if (parsed.ok())
            return true;
        if (role == Role::Patch && parsed.onlyDuplicateKeys()) {
            for (const Diagnostic &duplicate : parsed.problems) {
                if (!m_out.warnings.contains(duplicate))
                    m_out.warnings.append(duplicate);
            }
            return true;
        }
        m_out.problems.append(parsed.problems);
        return false;
    }
    void problemInFile(const QString &file, const QString &message)
    {
        m_out.problems.append({{file, 0, 0}, message});
    }
    void noteFile(const CachedFile &file)
    {
        if (!m_out.files.contains(file.displayName))
            m_out.files.append(file.displayName);
        if (!m_out.dirs.contains(file.dirName))
            m_out.dirs.append(file.dirName);
    }

    QString findKustomization(const QString &dir, NodeOrigin referencedFrom);
    const CachedFile *loadListedFile(const QString &dir, const ManifestNode &entry,
                                     const char *listName);
    QString nearMatch(const QString &path) const;
    bool nameMatchesExactly(const QString &path) const;
    std::vector<std::string> stringList(const ManifestNode &kustomization, const char *field);

    void checkPatchFiles(const QString &dir, const ManifestNode &kustomization);
    void addResources(const QString &dir, const ManifestNode &kustomization,
                      kustomize::Resources &resources);
    void addComponents(const QString &dir, const ManifestNode &kustomization,
                       kustomize::Resources &resources);
    void applyStrategicMergePatches(const QString &dir, const ManifestNode &kustomization,
                                    kustomize::Resources &resources);
    void applyPatches(const QString &dir, const ManifestNode &kustomization,
                      kustomize::Resources &resources);
    void applyJson6902Patches(const QString &dir, const ManifestNode &kustomization,
                              kustomize::Resources &resources);
    void applyMetadataTransforms(const ManifestNode &kustomization,
                                 kustomize::Resources &resources);

    std::vector<ManifestNode> patchDocuments(const QString &dir, const ManifestNode &entry,
                                             const char *listName);
    void applyStrategicMergeByOwnId(const ManifestNode &patch,
                                    kustomize::Resources &resources);
    std::vector<ManifestNode *> select(const ManifestNode &target, kustomize::Resources &resources);
    void applyOperations(const ManifestNode &operations, ManifestNode &resource);

    KustomizeResolver &m_resolver;
    KustomizeBuild &m_out;
    QStringList m_stack;
};

// Kustomize on Linux refuses a listed name whose case differs from the file's. On a
// case-insensitive file system (macOS, Windows) the file opens anyway; check the exact name there
// so that the repo is reported broken everywhere it would break in CI or on a cluster.

} // namespace qd
