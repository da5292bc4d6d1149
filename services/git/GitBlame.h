#pragma once

#include "models/Result.h"

#include <git2.h>

#include <QString>

namespace qd {

// The commit that last changed line `line` (1-based) of `relativePath` as it is in the working
// tree: git blame of HEAD, then of the working file's contents on top of it. An error when the
// line is not committed (an edit in the working tree) or the file is not in HEAD.
Result<QString> lastCommitOfLine(git_repository *repo, const QString &relativePath, int line);

} // namespace qd
