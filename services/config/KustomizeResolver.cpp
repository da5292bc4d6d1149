#include "services/config/KustomizeResolver.h"

#include "services/config/KustomizeBuilder.h"
#include "services/config/FileOverlay.h"
#include "services/config/KustomizeNumbers.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace qd {

const ManifestNode *KustomizeBuild::firstOfKind(std::string_view kind) const
{
    for (const auto &resource : resources) {
        if (resource.scalarAt("kind") == kind)
            return &resource;
    }
    return nullptr;
}

ResourceId ResourceId::of(const ManifestNode &resource)
{
    return {resource.scalarAt("apiVersion"), resource.scalarAt("kind"),
            resource.scalarAt("metadata.name"), resource.scalarAt("metadata.namespace")};
}

bool kustomize::Resource::knownBy(const ResourceId &id) const
{
    return id.matches(currentId())
           || std::any_of(earlierIds.begin(), earlierIds.end(),
                          [&id](const ResourceId &earlier) { return id.matches(earlier); });
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
    m_filePaths.append(absolutePath);
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

const QString &KustomizeResolver::noteDir(const QString &absoluteDir)
{
    auto it = m_dirNames.constFind(absoluteDir);
    if (it == m_dirNames.constEnd()) {
        // Stamped before anything in it is looked at, so that a change meanwhile shows later.
        const QString relative = relativePath(absoluteDir);
        m_stamps.insert(relative, InputStamp::take(absoluteDir));
        it = m_dirNames.insert(absoluteDir, relative);
    }
    return *it;
}

const KustomizeResolver::CachedFile &KustomizeResolver::load(const QString &absolutePath)
{
    auto &slot = m_cache[absolutePath];
    if (slot)
        return *slot;
    slot = std::make_shared<CachedFile>();
    slot->fileId = fileIdOf(absolutePath);
    slot->displayName = fileName(slot->fileId);
    // Renaming a file (even only its case) changes its directory: stamp that too.
    slot->dirName = noteDir(QFileInfo(absolutePath).absolutePath());
    InputStamp &stamp = m_stamps[slot->displayName];
    if (const QByteArray *proposed = m_overlay ? m_overlay->find(absolutePath) : nullptr) {
        // Never remembered as the working tree's (FleetLoader leaves such zones out).
        stamp = InputStamp{};
        stamp.exists = true;
        slot->exists = true;
        slot->bytes = *proposed;
        slot->parsed = parseYaml(std::string(proposed->constData(), size_t(proposed->size())),
                                 slot->fileId, slot->displayName);
        return *slot;
    }
    stamp = InputStamp::take(absolutePath);
    QFile file(absolutePath);
    if (!stamp.exists || stamp.isDir || !file.open(QIODevice::ReadOnly))
        return *slot;
    slot->exists = true;
    slot->bytes = file.readAll();
    const QByteArray &bytes = slot->bytes;
    stamp.contentHash = contentHashOf(bytes);
    slot->parsed = parseYaml(std::string(bytes.constData(), size_t(bytes.size())), slot->fileId,
                             slot->displayName);
    return *slot;
}

bool KustomizeResolver::fileExists(const QString &absolutePath) const
{
    return m_overlay ? m_overlay->fileExists(absolutePath) : QFileInfo::exists(absolutePath);
}

bool KustomizeResolver::dirExists(const QString &absoluteDir) const
{
    return m_overlay ? m_overlay->dirExists(absoluteDir) : QFileInfo(absoluteDir).isDir();
}

QByteArray KustomizeResolver::textOf(int fileId) const
{
    if (fileId < 0 || fileId >= m_filePaths.size())
        return {};
    const auto cached = m_cache.constFind(m_filePaths.at(fileId));
    return cached != m_cache.constEnd() && *cached ? (*cached)->bytes : QByteArray();
}

KustomizeBuild KustomizeResolver::build(const QString &overlayDir)
{
    KustomizeBuild out;
    const QString dir = QDir::cleanPath(QDir::isAbsolutePath(overlayDir)
                                                ? overlayDir
                                                : m_root.absoluteFilePath(overlayDir));
    Builder builder(*this, out);
    if (!dirExists(dir)) {
        out.problems.append({{relativePath(dir), 0, 0},
                             QStringLiteral("overlay directory '%1' does not exist")
                                     .arg(relativePath(dir))});
        return out;
    }
    kustomize::Resources resources;
    builder.accumulate(dir, resources, Builder::Expect::Kustomization, {});
    out.resources.reserve(resources.size());
    for (kustomize::Resource &resource : resources) {
        kustomize::normalizeNumbers(resource.node);
        out.resources.push_back(std::move(resource.node));
    }
    return out;
}

} // namespace qd
