#include "services/git/GitDiff.h"

#include "services/git/GitHandles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <vector>

namespace qd {

namespace {

using GitDiffPtr = GitPtr<git_diff, git_diff_free>;
using GitPatchPtr = GitPtr<git_patch, git_patch_free>;
using GitStatusListPtr = GitPtr<git_status_list, git_status_list_free>;

struct PathSpec
{
    explicit PathSpec(const QStringList &paths)
    {
        for (const QString &path : paths)
            m_bytes.append(path.toUtf8());
        for (QByteArray &bytes : m_bytes)
            m_pointers.push_back(bytes.data());
    }
    git_strarray array() { return {m_pointers.data(), m_pointers.size()}; }

private:
    QList<QByteArray> m_bytes;
    std::vector<char *> m_pointers;
};

Result<GitTreePtr> headTree(git_repository *repo)
{
    git_object *raw = nullptr;
    if (int rc = git_revparse_single(&raw, repo, "HEAD^{tree}"); rc < 0)
        return gitError(QStringLiteral("cannot read HEAD's tree"), rc);
    return GitTreePtr(reinterpret_cast<git_tree *>(raw));
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray bytes = file.readAll();
    return bytes.isNull() ? QByteArray("") : bytes;
}

} // namespace

Result<QString> unifiedDiffAgainstHead(git_repository *repo, const QStringList &paths)
{
    auto tree = headTree(repo);
    if (!tree)
        return tree.error();
    PathSpec spec(paths);
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
                    GIT_DIFF_SHOW_UNTRACKED_CONTENT;
    if (!paths.isEmpty()) {
        options.pathspec = spec.array();
        options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
    }
    git_diff *diffRaw = nullptr;
    if (int rc = git_diff_tree_to_workdir_with_index(&diffRaw, repo, tree->get(), &options); rc < 0)
        return gitError(QStringLiteral("cannot diff the working tree"), rc);
    GitDiffPtr diff(diffRaw);
    QByteArray text;
    const size_t deltas = git_diff_num_deltas(diff.get());
    for (size_t i = 0; i < deltas; ++i) {
        git_patch *patchRaw = nullptr;
        if (int rc = git_patch_from_diff(&patchRaw, diff.get(), i); rc < 0)
            return gitError(QStringLiteral("cannot build the patch"), rc);
        if (!patchRaw)
            continue; // unchanged or binary without content
        GitPatchPtr patch(patchRaw);
        git_buf buffer = GIT_BUF_INIT;
        if (int rc = git_patch_to_buf(&buffer, patch.get()); rc < 0)
            return gitError(QStringLiteral("cannot print the patch"), rc);
        text.append(buffer.ptr, qsizetype(buffer.size));
        git_buf_dispose(&buffer);
    }
    return QString::fromUtf8(text);
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

Result<WorkTreeSnapshot> WorkTreeSnapshot::take(git_repository *repo)
{
    WorkTreeSnapshot snapshot;
    snapshot.m_workdir = QString::fromUtf8(git_repository_workdir(repo));
    auto paths = dirtyPaths(repo);
    if (!paths)
        return paths.error();
    for (const QString &path : *paths) {
        const QString absolute = snapshot.m_workdir + path;
        snapshot.m_dirty.insert(path,
                                QFileInfo::exists(absolute) ? readFile(absolute) : QByteArray());
    }
    return snapshot;
}

Result<QStringList> WorkTreeSnapshot::changedSince(git_repository *repo) const
{
    auto paths = dirtyPaths(repo);
    if (!paths)
        return paths.error();
    QStringList changed;
    for (const QString &path : *paths) {
        const auto saved = m_dirty.constFind(path);
        if (saved == m_dirty.cend()) {
            changed.append(path);
            continue;
        }
        const QString absolute = m_workdir + path;
        const bool exists = QFileInfo::exists(absolute);
        if (exists != !saved->isNull() || (exists && readFile(absolute) != *saved))
            changed.append(path);
    }
    return changed;
}

Result<void> WorkTreeSnapshot::restore(git_repository *repo) const
{
    auto changed = changedSince(repo);
    if (!changed)
        return changed.error();
    QStringList fromHead;
    for (const QString &path : *changed) {
        const QString absolute = m_workdir + path;
        const auto saved = m_dirty.constFind(path);
        if (saved != m_dirty.cend()) {
            if (saved->isNull()) {
                QFile::remove(absolute);
                continue;
            }
            QFile file(absolute);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
                file.write(*saved) != saved->size())
                return Error{QStringLiteral("cannot restore %1: %2").arg(path, file.errorString())};
            continue;
        }
        fromHead.append(path);
    }
    if (fromHead.isEmpty())
        return {};
    // Files new since the snapshot are not in HEAD: remove them; the rest come back from HEAD.
    PathSpec spec(fromHead);
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED |
                                GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
    options.paths = spec.array();
    if (int rc = git_checkout_head(repo, &options); rc < 0)
        return gitError(QStringLiteral("cannot restore the working tree"), rc);
    // Directories a preview created for a new patch file are left empty: remove them.
    for (const QString &path : fromHead) {
        QDir dir = QFileInfo(m_workdir + path).dir();
        while (dir.absolutePath().size() > m_workdir.size() && dir.isEmpty() &&
               dir.rmdir(dir.absolutePath()))
            dir.cdUp();
    }
    return {};
}

} // namespace qd
