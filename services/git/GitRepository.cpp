#include "services/git/GitRepository.h"

#include "services/git/GitCommitter.h"
#include "services/git/GitRemote.h"

#include <QDir>

namespace qd {

namespace {

QString oidToString(const git_oid &oid, int length = GIT_OID_HEXSZ)
{
    char buffer[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(buffer, sizeof buffer, &oid);
    return QString::fromLatin1(buffer, length);
}

} // namespace

Result<GitRepository> GitRepository::open(const QString &path)
{
    ensureLibgit2();
    git_repository *raw = nullptr;
    const QByteArray native = QDir::toNativeSeparators(path).toUtf8();
    if (int rc = git_repository_open_ext(&raw, native.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                         nullptr);
        rc < 0)
        return gitError(QStringLiteral("cannot open git repository %1").arg(path), rc);
    return GitRepository(GitRepositoryPtr(raw));
}

Result<GitRepository> GitRepository::init(const QString &path, bool bare)
{
    ensureLibgit2();
    git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    options.flags = GIT_REPOSITORY_INIT_MKPATH | (bare ? GIT_REPOSITORY_INIT_BARE : 0);
    options.initial_head = "main";
    git_repository *raw = nullptr;
    const QByteArray native = QDir::toNativeSeparators(path).toUtf8();
    if (int rc = git_repository_init_ext(&raw, native.constData(), &options); rc < 0)
        return gitError(QStringLiteral("cannot create git repository %1").arg(path), rc);
    return GitRepository(GitRepositoryPtr(raw));
}

QString GitRepository::workdir() const
{
    const char *dir = git_repository_workdir(m_repo.get());
    return dir ? QDir::cleanPath(QString::fromUtf8(dir)) : QString();
}

RepoStatus GitRepository::status() const
{
    RepoStatus status;
    status.path = workdir();
    git_reference *headRaw = nullptr;
    if (git_repository_head(&headRaw, m_repo.get()) < 0)
        return status; // unborn branch: nothing committed yet
    GitReferencePtr head(headRaw);
    if (git_reference_is_branch(head.get()))
        status.branch = QString::fromUtf8(git_reference_shorthand(head.get()));
    const git_oid *headId = git_reference_target(head.get());
    if (!headId)
        return status;
    status.headCommit = oidToString(*headId, 7);
    git_commit *commitRaw = nullptr;
    if (git_commit_lookup(&commitRaw, m_repo.get(), headId) == 0) {
        GitCommitPtr commit(commitRaw);
        status.headSummary = QString::fromUtf8(git_commit_summary(commit.get()));
    }
    git_reference *upstreamRaw = nullptr;
    if (git_reference_is_branch(head.get())
        && git_branch_upstream(&upstreamRaw, head.get()) == 0) {
        GitReferencePtr upstream(upstreamRaw);
        size_t ahead = 0;
        size_t behind = 0;
        if (const git_oid *upstreamId = git_reference_target(upstream.get());
            upstreamId && git_graph_ahead_behind(&ahead, &behind, m_repo.get(), headId, upstreamId) == 0) {
            status.ahead = int(ahead);
            status.behind = int(behind);
        }
    }
    return status;
}

Result<QString> GitRepository::commitAll(const QString &message, const GitSignature &author)
{
    git_index *indexRaw = nullptr;
    if (int rc = git_repository_index(&indexRaw, m_repo.get()); rc < 0)
        return gitError(QStringLiteral("cannot read the index"), rc);
    GitIndexPtr index(indexRaw);
    if (int rc = git_index_add_all(index.get(), nullptr, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr);
        rc < 0)
        return gitError(QStringLiteral("cannot stage the working tree"), rc);
    if (int rc = git_index_write(index.get()); rc < 0)
        return gitError(QStringLiteral("cannot write the index"), rc);
    git_oid treeId;
    if (int rc = git_index_write_tree(&treeId, index.get()); rc < 0)
        return gitError(QStringLiteral("cannot write the tree"), rc);
    git_tree *treeRaw = nullptr;
    if (int rc = git_tree_lookup(&treeRaw, m_repo.get(), &treeId); rc < 0)
        return gitError(QStringLiteral("cannot read the new tree"), rc);
    GitTreePtr tree(treeRaw);
    return commitTreeOnHead(m_repo.get(), tree.get(), message,
                            CommitAuthor{author.name, author.email});
}

Result<QString> GitRepository::remoteUrl(const QString &name) const
{
    return remoteFetchUrl(m_repo.get(), name);
}

Result<void> GitRepository::addRemote(const QString &name, const QString &url)
{
    git_remote *raw = nullptr;
    if (int rc = git_remote_create(&raw, m_repo.get(), name.toUtf8().constData(),
                                   url.toUtf8().constData());
        rc < 0)
        return gitError(QStringLiteral("cannot add remote %1 (%2)").arg(name, url), rc);
    GitRemotePtr remote(raw);
    return {};
}

Result<void> GitRepository::pushCurrentBranch(const QString &remoteName)
{
    git_reference *headRaw = nullptr;
    if (int rc = git_repository_head(&headRaw, m_repo.get()); rc < 0)
        return gitError(QStringLiteral("nothing to push"), rc);
    GitReferencePtr head(headRaw);
    const QByteArray branchRef = git_reference_name(head.get());
    const QByteArray refspec = branchRef + ':' + branchRef;

    const QByteArray remoteName8 = remoteName.toUtf8();
    auto opened = openRemote(m_repo.get(), remoteName);
    if (!opened)
        return opened.error();
    GitRemotePtr remote = std::move(opened.value());

    struct Refusal
    {
        QString message;
    } refusal;
    git_push_options options = GIT_PUSH_OPTIONS_INIT;
    options.callbacks.payload = &refusal;
    // A server that refuses an update still returns success from git_remote_push: the refusal
    // shows only here.
    options.callbacks.push_update_reference = [](const char *ref, const char *status, void *data) {
        if (status)
            static_cast<Refusal *>(data)->message = QStringLiteral("%1 refused: %2")
                                                            .arg(QString::fromUtf8(ref),
                                                                 QString::fromUtf8(status));
        return 0;
    };
    char *specs[] = {const_cast<char *>(refspec.constData())};
    const git_strarray refspecs = {specs, 1};
    if (int rc = git_remote_push(remote.get(), &refspecs, &options); rc < 0)
        return gitError(QStringLiteral("push to %1 failed").arg(remoteName), rc);
    if (!refusal.message.isEmpty())
        return Error{QStringLiteral("push to %1 failed: %2").arg(remoteName, refusal.message)};

    git_reference *branchRaw = nullptr;
    if (git_branch_lookup(&branchRaw, m_repo.get(), git_reference_shorthand(head.get()),
                          GIT_BRANCH_LOCAL)
        == 0) {
        GitReferencePtr branch(branchRaw);
        const QByteArray upstream = remoteName8 + '/' + git_reference_shorthand(head.get());
        if (int rc = git_branch_set_upstream(branch.get(), upstream.constData()); rc < 0)
            return gitError(QStringLiteral("cannot set upstream %1").arg(QString::fromUtf8(upstream)),
                            rc);
    }
    return {};
}

} // namespace qd
