#pragma once

#include "models/Diagnostic.h"
#include "services/config/InputStamp.h"
#include "services/config/ManifestTree.h"
#include "services/config/YamlFile.h"

#include <QDir>
#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace qd {

class FileOverlay;

// Who a resource is when Kustomize looks for a patch's target: apiVersion (group and version),
// kind, name and namespace, where no namespace is the same as "default".
struct ResourceId
{
    std::string apiVersion;
    std::string kind;
    std::string name;
    std::string ns;

    static ResourceId of(const ManifestNode &resource);
    std::string effectiveNamespace() const { return ns.empty() ? std::string("default") : ns; }
    bool matches(const ResourceId &other) const
    {
        return apiVersion == other.apiVersion && kind == other.kind && name == other.name
               && effectiveNamespace() == other.effectiveNamespace();
    }
};

// The output of one Kustomize build: the resources as `kubectl kustomize` would print them.
struct KustomizeBuild
{
    std::vector<ManifestNode> resources;
    // For each resource, the id by which the overlay's own patches find it: its id after the
    // overlay's resources and components, before the overlay's own namespace and name
    // transformers. A patch added to the overlay must name this, not the effective name.
    std::vector<ResourceId> patchTargets;
    QStringList files;       // every file read, relative to the repo root, in reading order
    QStringList dirs;        // every directory whose entries the build depended on, relative
    Diagnostics problems;    // empty when the build succeeded
    // What kubectl builds anyway but is almost surely a mistake: a patch whose target selects
    // nothing, a duplicate key in a patch (Kustomize keeps the first).
    Diagnostics warnings;

    const ManifestNode *firstOfKind(std::string_view kind) const;
};

// Builds Kustomize overlays of one repository: resources/bases/components, patchesStrategicMerge,
// patches (file or inline, strategic merge or JSON 6902, with targets), patchesJson6902,
// namespace, name prefix/suffix, labels and annotations, in Kustomize's order. Each file is parsed
// once and shared by every overlay that reads it. One thread at a time.
class KustomizeResolver
{
public:
    explicit KustomizeResolver(const QString &repoRoot);
    ~KustomizeResolver();

    // Builds read the files a change proposes instead of the working tree's (not owned; null:
    // the working tree only). Set it before the first build.
    void readThrough(const FileOverlay *overlay) { m_overlay = overlay; }

    KustomizeBuild build(const QString &overlayDir);

    // The repo-relative name of a file id found in a node's origin.
    QString fileName(int fileId) const;
    SourceLocation locationOf(NodeOrigin origin) const;
    QString relativePath(const QString &absolutePath) const;
    // The bytes of a file the builds read (empty when it was not read).
    QByteArray textOf(int fileId) const;

    // How every file and directory the builds so far looked at was when they first looked, by
    // repo-relative path: a later load compares them to tell which zones need building again.
    const QHash<QString, InputStamp> &inputStamps() const { return m_stamps; }

private:
    struct CachedFile;
    class Builder;

    const CachedFile &load(const QString &absolutePath);
    int fileIdOf(const QString &absolutePath);
    const QString &noteDir(const QString &absoluteDir);
    bool fileExists(const QString &absolutePath) const;
    bool dirExists(const QString &absoluteDir) const;

    QDir m_root;
    QStringList m_fileNames; // by file id, relative
    QStringList m_filePaths; // by file id, absolute
    QHash<QString, int> m_fileIds;
    QHash<QString, std::shared_ptr<CachedFile>> m_cache;
    QHash<QString, InputStamp> m_stamps;
    QHash<QString, QString> m_dirNames; // absolute -> relative, for directories stamped
    const FileOverlay *m_overlay = nullptr;
};

} // namespace qd
