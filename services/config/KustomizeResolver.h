#pragma once

#include "models/Diagnostic.h"
#include "services/config/ManifestTree.h"
#include "services/config/YamlFile.h"

#include <QDir>
#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace qd {

// The output of one Kustomize build: the resources as `kubectl kustomize` would print them.
struct KustomizeBuild
{
    std::vector<ManifestNode> resources;
    QStringList files;       // every file read, relative to the repo root, in reading order
    Diagnostics problems;    // empty when the build succeeded

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

    KustomizeBuild build(const QString &overlayDir);

    // The repo-relative name of a file id found in a node's origin.
    QString fileName(int fileId) const;
    SourceLocation locationOf(NodeOrigin origin) const;
    QString relativePath(const QString &absolutePath) const;

private:
    struct CachedFile;
    class Builder;

    const CachedFile &load(const QString &absolutePath);
    int fileIdOf(const QString &absolutePath);

    QDir m_root;
    QStringList m_fileNames;
    QHash<QString, int> m_fileIds;
    QHash<QString, std::shared_ptr<CachedFile>> m_cache;
};

} // namespace qd
