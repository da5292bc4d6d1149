#pragma once

#include "services/git/GitHandles.h"
#include "models/Fleet.h"
#include "models/Result.h"

#include <QString>
#include <QStringList>

namespace qd {

struct GitSignature
{
    QString name;
    QString email;
};

// A libgit2 repository owned by one thread. Every failing call returns libgit2's own message.
class GitRepository
{
public:
    static Result<GitRepository> open(const QString &path);
    static Result<GitRepository> init(const QString &path, bool bare);

    QString workdir() const;
    RepoStatus status() const;

    // Stages every file in the working tree and commits it on HEAD's branch.
    Result<QString> commitAll(const QString &message, const GitSignature &author);
    Result<void> addRemote(const QString &name, const QString &url);
    // The remote's URL as configured (what credential callbacks and keychain keys see).
    Result<QString> remoteUrl(const QString &name) const;
    // Pushes the current branch to the remote and sets it as the branch's upstream.
    Result<void> pushCurrentBranch(const QString &remoteName);

    git_repository *get() const { return m_repo.get(); }

private:
    explicit GitRepository(GitRepositoryPtr repo) : m_repo(std::move(repo)) {}
    GitRepositoryPtr m_repo;
};

} // namespace qd
