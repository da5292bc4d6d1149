#include "services/git/GitDiff.h"

#include "services/git/GitHandles.h"

#include <optional>

namespace qd {

namespace {

using GitPatchPtr = GitPtr<git_patch, git_patch_free>;
using GitStatusListPtr = GitPtr<git_status_list, git_status_list_free>;
using GitTreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using GitBlobPtr = GitPtr<git_blob, git_blob_free>;

Result<GitTreePtr> treeOf(git_repository *repo, const QString &revision)
{
    git_object *raw = nullptr;
    const QByteArray spec = (revision + QStringLiteral("^{tree}")).toUtf8();
    if (int rc = git_revparse_single(&raw, repo, spec.constData()); rc < 0)
        return gitError(QStringLiteral("cannot read the tree of %1").arg(revision), rc);
    return GitTreePtr(reinterpret_cast<git_tree *>(raw));
}

// The bytes a tree holds at path; nullopt when it has no such file.
Result<std::optional<QByteArray>> fileInTree(git_repository *repo, git_tree *tree, const QString &path)
{
    git_tree_entry *entryRaw = nullptr;
    const QByteArray name = path.toUtf8();
    if (int rc = git_tree_entry_bypath(&entryRaw, tree, name.constData()); rc < 0) {
        if (rc == GIT_ENOTFOUND) {
            git_error_clear();
            return std::optional<QByteArray>();
        }
        return gitError(QStringLiteral("cannot read %1 in HEAD").arg(path), rc);
    }
    GitTreeEntryPtr entry(entryRaw);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB)
        return std::optional<QByteArray>(); // a folder there: the file is new
    git_blob *blobRaw = nullptr;
    if (int rc = git_blob_lookup(&blobRaw, repo, git_tree_entry_id(entry.get())); rc < 0)
        return gitError(QStringLiteral("cannot read %1 in HEAD").arg(path), rc);
    GitBlobPtr blob(blobRaw);
    return std::optional<QByteArray>(
            QByteArray(static_cast<const char *>(git_blob_rawcontent(blob.get())),
                       qsizetype(git_blob_rawsize(blob.get()))));
}

} // namespace

Result<QString> unifiedDiffAgainstHead(git_repository *repo, const QMap<QString, QByteArray> &proposed)
{
    auto tree = treeOf(repo, QStringLiteral("HEAD"));
    if (!tree)
        return tree.error();
    QByteArray text;
    for (auto it = proposed.cbegin(); it != proposed.cend(); ++it) {
        const auto before = fileInTree(repo, tree->get(), it.key());
        if (!before)
            return before.error();
        const QByteArray name = it.key().toUtf8();
        git_patch *patchRaw = nullptr;
        const char *oldBytes = *before ? (*before)->constData() : nullptr;
        const size_t oldSize = *before ? size_t((*before)->size()) : 0;
        if (int rc = git_patch_from_buffers(&patchRaw, oldBytes, oldSize,
                                            *before ? name.constData() : nullptr,
                                            it->constData(), size_t(it->size()), name.constData(),
                                            nullptr);
            rc < 0)
            return gitError(QStringLiteral("cannot build the patch of %1").arg(it.key()), rc);
        GitPatchPtr patch(patchRaw);
        if (git_patch_num_hunks(patch.get()) == 0)
            continue; // the same bytes as HEAD
        git_buf buffer = GIT_BUF_INIT;
        if (int rc = git_patch_to_buf(&buffer, patch.get()); rc < 0)
            return gitError(QStringLiteral("cannot print the patch of %1").arg(it.key()), rc);
        text.append(buffer.ptr, qsizetype(buffer.size));
        git_buf_dispose(&buffer);
    }
    return QString::fromUtf8(text);
}

Result<std::optional<QByteArray>>
committedFile(git_repository *repo, const QString &revision, const QString &path)
{
    auto tree = treeOf(repo, revision);
    if (!tree)
        return tree.error();
    return fileInTree(repo, tree->get(), path);
}

Result<QStringList> dirtyPaths(git_repository *repo)
{
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list *raw = nullptr;
    if (int rc = git_status_list_new(&raw, repo, &options); rc < 0)
        return gitError(QStringLiteral("cannot read the working tree's status"), rc);
    GitStatusListPtr list(raw);
    QStringList paths;
    const size_t count = git_status_list_entrycount(list.get());
    for (size_t i = 0; i < count; ++i) {
        const git_status_entry *entry = git_status_byindex(list.get(), i);
        if (entry->status == GIT_STATUS_CURRENT || (entry->status & GIT_STATUS_IGNORED))
            continue;
        const git_diff_delta *delta =
                entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;
        if (!delta)
            continue;
        const char *path = delta->new_file.path ? delta->new_file.path : delta->old_file.path;
        paths.append(QString::fromUtf8(path));
    }
    return paths;
}

} // namespace qd
