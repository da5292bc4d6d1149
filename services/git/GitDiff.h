#pragma once

#include "models/Result.h"

#include <git2.h>

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

namespace qd {

// `git diff HEAD -- paths` of the working tree (untracked files included, as new files), through
// libgit2's diff and patch API. Empty paths: every change.
Result<QString> unifiedDiffAgainstHead(git_repository *repo, const QStringList &paths);

// The working tree's files that differ from HEAD (modified, new, deleted), relative paths.
Result<QStringList> dirtyPaths(git_repository *repo);

// What the working tree looked like before a preview applied its change, so it can be put back:
// the dirty files' bytes (a missing file is recorded as absent).
class WorkTreeSnapshot
{
public:
    static Result<WorkTreeSnapshot> take(git_repository *repo);
    // Paths that are dirty now and were not, or whose bytes changed since the snapshot.
    Result<QStringList> changedSince(git_repository *repo) const;
    // Puts every file changed since the snapshot back as it was (from HEAD or the saved bytes).
    Result<void> restore(git_repository *repo) const;

private:
    QString m_workdir;
    QHash<QString, QByteArray> m_dirty; // path -> bytes; a null QByteArray: the file was absent
};

} // namespace qd
