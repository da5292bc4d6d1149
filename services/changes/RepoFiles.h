#pragma once

#include "models/Result.h"

#include <QString>
#include <QStringList>

namespace qd {

// The editable files of a working clone, for the YAML editor. Blocking: call them from a worker
// (QtConcurrent::run), never from the GUI thread.

// Every YAML file (.yml, .yaml) of the repo, relative to its root, sorted; .git is skipped.
QStringList listYamlFiles(const QString &repoPath);

// The text of one file of the repo (UTF-8). Refuses paths that leave the repo.
Result<QString> readRepoFile(const QString &repoPath, const QString &relativePath);

} // namespace qd
