#include "services/changes/RepoFiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace qd {

QStringList listYamlFiles(const QString &repoPath)
{
    QStringList files;
    const QDir root(repoPath);
    QDirIterator it(repoPath, {QStringLiteral("*.yml"), QStringLiteral("*.yaml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString relative = root.relativeFilePath(it.next());
        if (relative.startsWith(QLatin1String(".git/")))
            continue;
        files << relative;
    }
    std::sort(files.begin(), files.end());
    return files;
}

Result<QString> readRepoFile(const QString &repoPath, const QString &relativePath)
{
    const QString root = QDir(repoPath).canonicalPath();
    const QString path = QFileInfo(QDir(repoPath).filePath(relativePath)).canonicalFilePath();
    if (root.isEmpty() || path.isEmpty() || !path.startsWith(root + QLatin1Char('/')))
        return Error{QStringLiteral("%1: no such file in the repo %2").arg(relativePath, repoPath)};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: %2").arg(relativePath, file.errorString())};
    return QString::fromUtf8(file.readAll());
}

} // namespace qd
