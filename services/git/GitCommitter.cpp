#include "services/git/GitCommitter.h"

#include "services/AppSettings.h"
#include "services/git/GitHandles.h"

#include <QFileInfo>

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace qd {

namespace {

using GitConfigPtr = GitPtr<git_config, git_config_free>;
using GitRevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;
using GitConflictIteratorPtr = GitPtr<git_index_conflict_iterator, git_index_conflict_iterator_free>;

QString oidString(const git_oid &oid)
{
    char buffer[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(buffer, sizeof buffer, &oid);
    return QString::fromLatin1(buffer);
}

Result<GitCommitPtr> lookupCommit(git_repository *repo, const QString &id)
{
    git_oid oid;
    if (int rc = git_oid_fromstr(&oid, id.toLatin1().constData()); rc < 0)
        return gitError(QStringLiteral("bad commit id %1").arg(id), rc);
    git_commit *raw = nullptr;
    if (int rc = git_commit_lookup(&raw, repo, &oid); rc < 0)
        return gitError(QStringLiteral("cannot read commit %1").arg(id), rc);
    return GitCommitPtr(raw);
}

Result<GitCommitPtr> headCommit(git_repository *repo)
{
    git_oid oid;
    if (int rc = git_reference_name_to_id(&oid, repo, "HEAD"); rc < 0)
        return gitError(QStringLiteral("cannot read HEAD"), rc);
    return lookupCommit(repo, oidString(oid));
}

// HEAD's commit, or null when HEAD's branch is unborn (nothing committed yet). Any other
// failure to read HEAD (a corrupt ref, an unreadable object) is an error: taking it for an
// unborn branch would build the next commit on an empty tree and delete every other file.
Result<GitCommitPtr> headCommitOrUnborn(git_repository *repo)
{
    const int unborn = git_repository_head_unborn(repo); // 1 on GIT_EUNBORNBRANCH / GIT_ENOTFOUND
    if (unborn < 0)
        return gitError(QStringLiteral("cannot read HEAD"), unborn);
    if (unborn == 1)
        return GitCommitPtr();
    return headCommit(repo);
}

// A git config value; empty when it is not set.
Result<QString> configString(git_config *config, const char *name)
{
    git_buf buffer = GIT_BUF_INIT;
    if (int rc = git_config_get_string_buf(&buffer, config, name); rc == GIT_ENOTFOUND) {
        git_error_clear();
        return QString();
    } else if (rc < 0) {
        return gitError(QStringLiteral("cannot read git config %1").arg(QLatin1String(name)), rc);
    }
    const QString value = QString::fromUtf8(buffer.ptr, qsizetype(buffer.size));
    git_buf_dispose(&buffer);
    return value;
}

Result<QString> writeCommit(git_repository *repo,
                            git_tree *tree,
                            const git_commit *parent,
                            const QString &message,
                            const git_signature *author,
                            const git_signature *committer)
{
    const git_commit *parents[] = {parent};
    git_oid id;
    if (int rc = git_commit_create(&id, repo, "HEAD", author, committer, "UTF-8",
                                   message.toUtf8().constData(), tree, parent ? 1 : 0,
                                   parent ? parents : nullptr);
        rc < 0)
        return gitError(QStringLiteral("cannot commit"), rc);
    // On a full disk libgit2 has been seen to report success while the branch kept its old
    // commit: read it back rather than tell the user a commit exists that HEAD does not name.
    git_oid now;
    if (int rc = git_reference_name_to_id(&now, repo, "HEAD"); rc < 0)
        return gitError(QStringLiteral("cannot read HEAD after committing"), rc);
    if (!git_oid_equal(&now, &id))
        return Error{QStringLiteral("cannot commit: HEAD still names %1, not the new commit %2 "
                                    "(is the disk full?)")
                             .arg(oidString(now).left(7), oidString(id).left(7))};
    return oidString(id);
}

using GitTreeBuilderPtr = GitPtr<git_treebuilder, git_treebuilder_free>;

// One path of a tree set to a blob, or removed (no blob).
struct TreeChange
{
    QByteArray path; // relative to the tree, '/'-separated
    std::optional<git_oid> blob;
    git_filemode_t mode = GIT_FILEMODE_BLOB;
};

// `base` (null: an empty tree) with the changes made, writing only the trees they lie in.
// nullopt: the tree would be empty (a folder whose last file went).
Result<std::optional<git_oid>>
writeChangedTree(git_repository *repo, const git_tree *base, const std::vector<TreeChange> &changes)
{
    git_treebuilder *builderRaw = nullptr;
    if (int rc = git_treebuilder_new(&builderRaw, repo, base); rc < 0)
        return gitError(QStringLiteral("cannot build a tree"), rc);
    GitTreeBuilderPtr builder(builderRaw);
    std::map<QByteArray, std::vector<TreeChange>> below; // by the folder's name
    for (const TreeChange &change : changes) {
        const qsizetype slash = change.path.indexOf('/');
        if (slash >= 0) {
            below[change.path.left(slash)].push_back(
                    {change.path.mid(slash + 1), change.blob, change.mode});
            continue;
        }
        int rc = 0;
        if (change.blob)
            rc = git_treebuilder_insert(nullptr, builder.get(), change.path.constData(),
                                        &*change.blob, change.mode);
        else if (git_treebuilder_get(builder.get(), change.path.constData()))
            rc = git_treebuilder_remove(builder.get(), change.path.constData());
        if (rc < 0)
            return gitError(QStringLiteral("cannot put %1 in a tree")
                                    .arg(QString::fromUtf8(change.path)),
                            rc);
    }
    for (const auto &[name, inside] : below) {
        GitTreePtr subtree; // null when the folder is new (or was a file)
        if (const git_tree_entry *entry = git_treebuilder_get(builder.get(), name.constData());
            entry && git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
            git_tree *raw = nullptr;
            if (int rc = git_tree_lookup(&raw, repo, git_tree_entry_id(entry)); rc < 0)
                return gitError(QStringLiteral("cannot read the tree of %1")
                                        .arg(QString::fromUtf8(name)),
                                rc);
            subtree.reset(raw);
        }
        auto id = writeChangedTree(repo, subtree.get(), inside);
        if (!id)
            return id.error();
        int rc = 0;
        if (*id)
            rc = git_treebuilder_insert(nullptr, builder.get(), name.constData(), &**id,
                                        GIT_FILEMODE_TREE);
        else if (git_treebuilder_get(builder.get(), name.constData()))
            rc = git_treebuilder_remove(builder.get(), name.constData());
        if (rc < 0)
            return gitError(QStringLiteral("cannot put %1 in a tree").arg(QString::fromUtf8(name)),
                            rc);
    }
    if (git_treebuilder_entrycount(builder.get()) == 0)
        return std::optional<git_oid>();
    git_oid id;
    if (int rc = git_treebuilder_write(&id, builder.get()); rc < 0)
        return gitError(QStringLiteral("cannot write a tree"), rc);
    return std::optional<git_oid>(id);
}

Result<git_oid>
treeWithChanges(git_repository *repo, const git_tree *base, const std::vector<TreeChange> &changes)
{
    auto id = writeChangedTree(repo, base, changes);
    if (!id)
        return id.error();
    if (*id)
        return **id;
    git_oid empty; // every file went: the root is the one tree that may be empty
    git_treebuilder *raw = nullptr;
    if (int rc = git_treebuilder_new(&raw, repo, nullptr); rc < 0)
        return gitError(QStringLiteral("cannot build a tree"), rc);
    GitTreeBuilderPtr builder(raw);
    if (int rc = git_treebuilder_write(&empty, builder.get()); rc < 0)
        return gitError(QStringLiteral("cannot write a tree"), rc);
    return empty;
}

} // namespace

Result<CommitAuthor> resolveAuthor(git_repository *repo, const CommitAuthor &requested)
{
    CommitAuthor author = requested;
    const GitSettings settings = AppSettings::load().git;
    if (author.name.isEmpty())
        author.name = settings.authorName;
    if (author.email.isEmpty())
        author.email = settings.authorEmail;
    if (author.name.isEmpty() || author.email.isEmpty()) {
        git_config *raw = nullptr;
        if (int rc = git_repository_config_snapshot(&raw, repo); rc < 0)
            return gitError(QStringLiteral("cannot read git config"), rc);
        GitConfigPtr config(raw);
        for (auto [field, name] : {std::pair{&author.name, "user.name"},
                                   std::pair{&author.email, "user.email"}}) {
            if (!field->isEmpty())
                continue;
            auto value = configString(config.get(), name);
            if (!value)
                return value.error();
            *field = *value;
        }
    }
    if (author.name.isEmpty() || author.email.isEmpty())
        return Error{QStringLiteral("no commit author: set user.name and user.email with git "
                                    "config, or the author in Quarterdeck's settings")};
    return author;
}

Result<QString> commitTreeOnHead(git_repository *repo,
                                 git_tree *tree,
                                 const QString &message,
                                 const CommitAuthor &author)
{
    git_signature *signatureRaw = nullptr;
    if (int rc = git_signature_now(&signatureRaw, author.name.toUtf8().constData(),
                                   author.email.toUtf8().constData());
        rc < 0)
        return gitError(QStringLiteral("invalid author '%1 <%2>'").arg(author.name, author.email),
                        rc);
    GitSignaturePtr signature(signatureRaw);
    auto parent = headCommitOrUnborn(repo); // null: the first commit of an unborn branch
    if (!parent)
        return parent.error();
    return writeCommit(repo, tree, parent->get(), message, signature.get(), signature.get());
}

Result<QString> commitPaths(git_repository *repo,
                            const QStringList &paths,
                            const QString &message,
                            const CommitAuthor &author)
{
    git_index *indexRaw = nullptr;
    if (int rc = git_repository_index(&indexRaw, repo); rc < 0)
        return gitError(QStringLiteral("cannot read the index"), rc);
    GitIndexPtr index(indexRaw);
    if (int rc = git_index_read(index.get(), 0); rc < 0)
        return gitError(QStringLiteral("cannot read the index"), rc);
    const QString workdir = QString::fromUtf8(git_repository_workdir(repo));
    std::vector<TreeChange> changes;
    for (const QString &path : paths) {
        const QByteArray path8 = path.toUtf8();
        const bool exists = QFileInfo::exists(workdir + path);
        const int rc = exists ? git_index_add_bypath(index.get(), path8.constData())
                              : git_index_remove_bypath(index.get(), path8.constData());
        if (rc < 0)
            return gitError(QStringLiteral("cannot stage %1").arg(path), rc);
        TreeChange change{path8, std::nullopt, GIT_FILEMODE_BLOB};
        if (exists) {
            // The blob and mode as staged: the same filters and modes as git add.
            const git_index_entry *entry = git_index_get_bypath(index.get(), path8.constData(), 0);
            if (!entry)
                return Error{QStringLiteral("cannot stage %1").arg(path)};
            change.blob = entry->id;
            change.mode = git_filemode_t(entry->mode);
        }
        changes.push_back(std::move(change));
    }
    if (int rc = git_index_write(index.get()); rc < 0)
        return gitError(QStringLiteral("cannot write the index"), rc);
    // HEAD's tree with these paths replaced, not the index's tree: only the trees along the paths
    // are read and written (git_index_write_tree reads every tree of the repo back afterwards to
    // refresh its cache), and whatever else the user staged stays staged, not committed.
    auto head = headCommitOrUnborn(repo);
    if (!head)
        return head.error();
    GitTreePtr base; // null: an unborn branch, whose first commit starts from an empty tree
    if (head->get()) {
        git_tree *baseRaw = nullptr;
        if (int rc = git_commit_tree(&baseRaw, head->get()); rc < 0)
            return gitError(QStringLiteral("cannot read HEAD's tree"), rc);
        base.reset(baseRaw);
    }
    auto treeId = treeWithChanges(repo, base.get(), changes);
    if (!treeId)
        return treeId.error();
    git_tree *treeRaw = nullptr;
    if (int rc = git_tree_lookup(&treeRaw, repo, &*treeId); rc < 0)
        return gitError(QStringLiteral("cannot read the new tree"), rc);
    GitTreePtr tree(treeRaw);
    return commitTreeOnHead(repo, tree.get(), message, author);
}

Result<void> createAndCheckoutBranch(git_repository *repo, const QString &name)
{
    auto head = headCommit(repo);
    if (!head)
        return head.error();
    git_reference *raw = nullptr;
    if (int rc = git_branch_create(&raw, repo, name.toUtf8().constData(), head->get(), 0); rc < 0)
        return gitError(QStringLiteral("cannot create branch %1").arg(name), rc);
    GitReferencePtr branch(raw);
    // Same commit as HEAD: switching needs no checkout, and the working tree keeps its changes.
    if (int rc = git_repository_set_head(repo, git_reference_name(branch.get())); rc < 0)
        return gitError(QStringLiteral("cannot switch to branch %1").arg(name), rc);
    return {};
}

QString currentBranch(git_repository *repo)
{
    git_reference *raw = nullptr;
    if (git_repository_head(&raw, repo) < 0) {
        git_error_clear();
        return {};
    }
    GitReferencePtr head(raw);
    return git_reference_is_branch(head.get())
                   ? QString::fromUtf8(git_reference_shorthand(head.get()))
                   : QString();
}

Result<QString>
remoteBranchId(git_repository *repo, const QString &remoteName, const QString &branch)
{
    const QByteArray ref = QStringLiteral("refs/remotes/%1/%2").arg(remoteName, branch).toUtf8();
    git_oid oid;
    if (int rc = git_reference_name_to_id(&oid, repo, ref.constData()); rc == GIT_ENOTFOUND) {
        git_error_clear();
        return QString();
    } else if (rc < 0) {
        return gitError(QStringLiteral("cannot read %1").arg(QString::fromUtf8(ref)), rc);
    }
    return oidString(oid);
}

Result<QStringList>
unpushedCommits(git_repository *repo, const QString &remoteName, const QString &branch)
{
    git_revwalk *raw = nullptr;
    if (int rc = git_revwalk_new(&raw, repo); rc < 0)
        return gitError(QStringLiteral("cannot walk history"), rc);
    GitRevwalkPtr walk(raw);
    const QByteArray local = QStringLiteral("refs/heads/%1").arg(branch).toUtf8();
    if (int rc = git_revwalk_push_ref(walk.get(), local.constData()); rc < 0)
        return gitError(QStringLiteral("no branch %1").arg(branch), rc);
    const auto remote = remoteBranchId(repo, remoteName, branch);
    if (!remote)
        return remote.error();
    if (!remote->isEmpty()) {
        git_oid oid;
        if (int rc = git_oid_fromstr(&oid, remote->toLatin1().constData()); rc < 0)
            return gitError(QStringLiteral("bad commit id %1").arg(*remote), rc);
        if (int rc = git_revwalk_hide(walk.get(), &oid); rc < 0)
            return gitError(QStringLiteral("cannot walk history"), rc);
    } else {
        // A branch the remote has never seen: only what is not on any remote-tracking branch
        // (a glob that matches none is no error).
        const QByteArray glob = QStringLiteral("refs/remotes/%1/*").arg(remoteName).toUtf8();
        if (int rc = git_revwalk_hide_glob(walk.get(), glob.constData()); rc < 0)
            return gitError(QStringLiteral("cannot walk history"), rc);
    }
    QStringList commits;
    git_oid oid;
    int rc = 0;
    while ((rc = git_revwalk_next(&oid, walk.get())) == 0) {
        auto commit = lookupCommit(repo, oidString(oid));
        if (!commit)
            return commit.error();
        commits.append(oidString(oid).left(7) + QLatin1Char(' ') +
                       QString::fromUtf8(git_commit_summary(commit->get())));
    }
    if (rc != GIT_ITEROVER) // a corrupt or missing commit, not the end of the history
        return gitError(QStringLiteral("cannot walk the history of %1").arg(branch), rc);
    git_error_clear();
    return commits;
}

Result<void> moveBranchTo(git_repository *repo, const QString &commitId)
{
    auto commit = lookupCommit(repo, commitId);
    if (!commit)
        return commit.error();
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_SAFE;
    if (int rc = git_checkout_tree(repo, reinterpret_cast<git_object *>(commit->get()), &options);
        rc < 0)
        return gitError(QStringLiteral("cannot check out %1").arg(commitId.left(7)), rc);
    git_reference *headRaw = nullptr;
    if (int rc = git_repository_head(&headRaw, repo); rc < 0)
        return gitError(QStringLiteral("cannot read HEAD"), rc);
    GitReferencePtr head(headRaw);
    git_reference *movedRaw = nullptr;
    if (int rc = git_reference_set_target(&movedRaw, head.get(), git_commit_id(commit->get()),
                                          "quarterdeck: move to the remote head");
        rc < 0)
        return gitError(QStringLiteral("cannot move the branch"), rc);
    GitReferencePtr moved(movedRaw);
    return {};
}

Result<QString> replayCommitOnHead(git_repository *repo, const QString &commitId)
{
    auto commit = lookupCommit(repo, commitId);
    if (!commit)
        return commit.error();
    auto head = headCommit(repo);
    if (!head)
        return head.error();
    git_index *indexRaw = nullptr;
    if (int rc = git_cherrypick_commit(&indexRaw, repo, commit->get(), head->get(), 0, nullptr);
        rc < 0)
        return gitError(QStringLiteral("cannot replay %1").arg(commitId.left(7)), rc);
    GitIndexPtr index(indexRaw);
    if (git_index_has_conflicts(index.get())) {
        QStringList files;
        git_index_conflict_iterator *iteratorRaw = nullptr;
        if (int rc = git_index_conflict_iterator_new(&iteratorRaw, index.get()); rc < 0)
            return gitError(QStringLiteral("cannot list the conflicts of %1").arg(commitId.left(7)),
                            rc);
        GitConflictIteratorPtr iterator(iteratorRaw);
        const git_index_entry *ancestor = nullptr;
        const git_index_entry *ours = nullptr;
        const git_index_entry *theirs = nullptr;
        int rc = 0;
        while ((rc = git_index_conflict_next(&ancestor, &ours, &theirs, iterator.get())) == 0) {
            const git_index_entry *any = ours ? ours : theirs ? theirs : ancestor;
            files.append(QString::fromUtf8(any->path));
        }
        if (rc != GIT_ITEROVER)
            return gitError(QStringLiteral("cannot list the conflicts of %1").arg(commitId.left(7)),
                            rc);
        git_error_clear();
        return Error{QStringLiteral("the remote changed the same lines of %1")
                             .arg(files.join(QLatin1String(", ")))};
    }
    git_oid treeId;
    if (int rc = git_index_write_tree_to(&treeId, index.get(), repo); rc < 0)
        return gitError(QStringLiteral("cannot write the replayed tree"), rc);
    git_tree *treeRaw = nullptr;
    if (int rc = git_tree_lookup(&treeRaw, repo, &treeId); rc < 0)
        return gitError(QStringLiteral("cannot read the replayed tree"), rc);
    GitTreePtr tree(treeRaw);
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_SAFE;
    if (int rc = git_checkout_tree(repo, reinterpret_cast<git_object *>(tree.get()), &options);
        rc < 0)
        return gitError(QStringLiteral("cannot check out the replayed change"), rc);
    return writeCommit(repo, tree.get(), head->get(),
                       QString::fromUtf8(git_commit_message(commit->get())),
                       git_commit_author(commit->get()), git_commit_committer(commit->get()));
}

Result<QString> commitMessage(git_repository *repo, const QString &commitId)
{
    auto commit = lookupCommit(repo, commitId);
    if (!commit)
        return commit.error();
    return QString::fromUtf8(git_commit_message(commit->get()));
}

} // namespace qd
