#pragma once

#include "models/ChangeRequest.h"
#include "models/Result.h"

#include <git2.h>

#include <QString>
#include <QStringList>

namespace qd {

// The author of a commit: the request's, else Quarterdeck's settings (git/authorName,
// git/authorEmail), else git config user.name / user.email.
Result<CommitAuthor> resolveAuthor(git_repository *repo, const CommitAuthor &requested);

// Stages exactly `paths` (added, changed or deleted) and commits them on HEAD's branch; the
// user's other uncommitted files stay uncommitted. Returns the full commit id.
Result<QString> commitPaths(git_repository *repo,
                            const QStringList &paths,
                            const QString &message,
                            const CommitAuthor &author);

// Commits `tree` as `author` (committer too) on HEAD, or as the first commit of an unborn HEAD,
// moving HEAD's branch to it. Returns the full commit id.
Result<QString> commitTreeOnHead(git_repository *repo,
                                 git_tree *tree,
                                 const QString &message,
                                 const CommitAuthor &author);

// Creates `name` at HEAD and checks it out (the working tree keeps its changes).
Result<void> createAndCheckoutBranch(git_repository *repo, const QString &name);

// HEAD's short branch name; empty when HEAD is detached.
QString currentBranch(git_repository *repo);

// The id `refs/remotes/<remote>/<branch>` points at; empty when the remote has no such branch.
Result<QString> remoteBranchId(git_repository *repo, const QString &remoteName, const QString &branch);

// "abc1234 subject" for each commit on `branch` that `refs/remotes/<remote>/<branch>` lacks.
Result<QStringList>
unpushedCommits(git_repository *repo, const QString &remoteName, const QString &branch);

// Moves HEAD's branch to `commitId` and makes the working tree match it for the files that
// differ, keeping the user's unrelated uncommitted files (a safe checkout).
Result<void> moveBranchTo(git_repository *repo, const QString &commitId);

// Commits `commitId`'s change again on top of HEAD (a cherry-pick), keeping its message and
// author. Fails, naming the files, when the change does not apply cleanly.
Result<QString> replayCommitOnHead(git_repository *repo, const QString &commitId);

// The commit message of `commitId`.
Result<QString> commitMessage(git_repository *repo, const QString &commitId);

} // namespace qd
