#pragma once

#include "models/Result.h"

#include <git2.h>

#include <QString>
#include <QStringList>

namespace qd {

// Moves the branch HEAD names to `commitId`, and makes the index and the working tree hold that
// commit's content at every path where it differs from one of `others` or from HEAD: forced, so
// what a checkout cut short left there is overwritten and a file only the others have goes.
// Every other path, and the user's edits there, is left alone. For putting back a replay that
// was killed after it had moved the branch (ReplayJournal).
Result<void> restoreBranchTo(git_repository *repo, const QString &commitId, const QStringList &others);

} // namespace qd
