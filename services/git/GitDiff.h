#pragma once

#include "models/Result.h"

#include <git2.h>

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace qd {

// `git diff HEAD -- paths` as it would read were each file to hold the proposed bytes (a change
// not yet written to the working tree), through libgit2's patch-from-buffers API. A path HEAD does
// not have shows as a new file.
Result<QString> unifiedDiffAgainstHead(git_repository *repo, const QMap<QString, QByteArray> &proposed);

// The bytes `revision` (such as "HEAD" or a commit id) holds at path; nullopt when it has no
// such file.
Result<std::optional<QByteArray>>
committedFile(git_repository *repo, const QString &revision, const QString &path);

// The working tree's files that differ from HEAD (modified, new, deleted), relative paths.
Result<QStringList> dirtyPaths(git_repository *repo);

} // namespace qd
