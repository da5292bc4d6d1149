#include "services/git/GitRestore.h"

#include "services/git/GitHandles.h"

#include <set>
#include <string>
#include <vector>

namespace qd {

namespace {

Result<GitTreePtr> treeOf(git_repository *repo, const QString &commitId)
{
    git_object *raw = nullptr;
    const QByteArray spec = (commitId + QStringLiteral("^{tree}")).toLatin1();
    if (int rc = git_revparse_single(&raw, repo, spec.constData()); rc < 0)
        return gitError(QStringLiteral("cannot read the tree of %1").arg(commitId.left(7)), rc);
    return GitTreePtr(reinterpret_cast<git_tree *>(raw));
}

// The paths where two trees differ, either side's name.
Result<void> differingPaths(git_repository *repo, git_tree *from, git_tree *to,
                            std::set<std::string> &paths)
{
    git_diff *raw = nullptr;
    if (int rc = git_diff_tree_to_tree(&raw, repo, from, to, nullptr); rc < 0)
        return gitError(QStringLiteral("cannot compare two commits"), rc);
    const size_t count = git_diff_num_deltas(raw);
    for (size_t i = 0; i < count; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(raw, i);
        paths.insert(delta->old_file.path);
        paths.insert(delta->new_file.path);
    }
    git_diff_free(raw);
    return {};
}

} // namespace

Result<void> restoreBranchTo(git_repository *repo, const QString &commitId, const QStringList &others)
{
    auto target = treeOf(repo, commitId);
    if (!target)
        return target.error();
    git_oid headOid;
    if (int rc = git_reference_name_to_id(&headOid, repo, "HEAD"); rc < 0)
        return gitError(QStringLiteral("cannot read HEAD"), rc);
    QStringList compared = others;
    compared.append(QString::fromLatin1(git_oid_tostr_s(&headOid)));
    std::set<std::string> paths;
    for (const QString &other : std::as_const(compared)) {
        auto tree = treeOf(repo, other);
        if (!tree)
            return tree.error();
        if (auto found = differingPaths(repo, tree->get(), target->get(), paths); !found)
            return found.error();
    }

    git_oid targetOid;
    if (int rc = git_oid_fromstr(&targetOid, commitId.toLatin1().constData()); rc < 0)
        return gitError(QStringLiteral("bad commit id %1").arg(commitId), rc);
    git_reference *headRaw = nullptr;
    if (int rc = git_repository_head(&headRaw, repo); rc < 0)
        return gitError(QStringLiteral("cannot read HEAD"), rc);
    GitReferencePtr head(headRaw);
    git_reference *movedRaw = nullptr;
    if (int rc = git_reference_set_target(&movedRaw, head.get(), &targetOid,
                                          "quarterdeck: put back an interrupted replay");
        rc < 0)
        return gitError(QStringLiteral("cannot move the branch back"), rc);
    git_reference_free(movedRaw);
    if (paths.empty())
        return {};

    std::vector<char *> pointers;
    std::vector<std::string> owned(paths.begin(), paths.end());
    for (std::string &path : owned)
        pointers.push_back(path.data());
    const git_strarray pathArray{pointers.data(), pointers.size()};
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED
                                | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
    options.paths = pathArray;
    if (int rc = git_checkout_tree(repo, reinterpret_cast<git_object *>(target->get()), &options);
        rc < 0)
        return gitError(QStringLiteral("cannot check out %1").arg(commitId.left(7)), rc);
    git_object *commitRaw = nullptr;
    if (int rc = git_revparse_single(&commitRaw, repo, commitId.toLatin1().constData()); rc < 0)
        return gitError(QStringLiteral("cannot read %1").arg(commitId.left(7)), rc);
    GitObjectPtr commit(commitRaw);
    if (int rc = git_reset_default(repo, commit.get(), &pathArray); rc < 0)
        return gitError(QStringLiteral("cannot reset the index to %1").arg(commitId.left(7)), rc);
    return {};
}

} // namespace qd
