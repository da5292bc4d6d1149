#include "services/changes/TouchedFiles.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

namespace qd {

namespace {

std::optional<QByteArray> currentBytes(const QString &path)
{
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QByteArray bytes = file.readAll();
    return bytes.isNull() ? QByteArray("") : bytes;
}

} // namespace

Result<void>
writeRepoFile(const QString &repoPath, const QString &relativePath, const QByteArray &text)
{
    const QString clean = QDir::cleanPath(relativePath);
    if (clean.startsWith(QLatin1String("..")) || QDir::isAbsolutePath(clean) ||
        clean.startsWith(QLatin1String(".git/")) || clean == QLatin1String(".git"))
        return Error{QStringLiteral("%1 is not a file of the config repo").arg(relativePath)};
    const QString absolute = QDir(repoPath).filePath(clean);
    QDir().mkpath(QFileInfo(absolute).absolutePath());
    QSaveFile file(absolute);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(clean, file.errorString())};
    return {};
}

void TouchedFiles::add(const FileOriginals &originals)
{
    for (auto it = originals.cbegin(); it != originals.cend(); ++it) {
        const QString path = QDir::cleanPath(it.key());
        if (!m_original.contains(path))
            m_original.insert(path, it.value());
    }
}

Result<void> TouchedFiles::write(const QString &relativePath, const QByteArray &text)
{
    const QString path = QDir::cleanPath(relativePath);
    if (!m_original.contains(path) && !path.startsWith(QLatin1String("..")) &&
        !QDir::isAbsolutePath(path))
        m_original.insert(path, currentBytes(m_root.filePath(path)));
    return writeRepoFile(m_root.path(), path, text);
}

QStringList TouchedFiles::changed() const
{
    QStringList paths;
    for (auto it = m_original.cbegin(); it != m_original.cend(); ++it) {
        if (currentBytes(m_root.filePath(it.key())) != it.value())
            paths.append(it.key());
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

Result<void> TouchedFiles::restore() const
{
    for (auto it = m_original.cbegin(); it != m_original.cend(); ++it) {
        const QString path = m_root.filePath(it.key());
        if (currentBytes(path) == it.value())
            continue;
        if (!it.value()) {
            QFile::remove(path);
            // Folders made for a new file go again when it leaves them empty.
            QDir dir = QFileInfo(path).dir();
            while (dir.absolutePath().size() > m_root.absolutePath().size() && dir.isEmpty()
                   && dir.rmdir(dir.absolutePath()))
                dir.cdUp();
            continue;
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(*it.value()) != it.value()->size()
            || !file.commit())
            return Error{QStringLiteral("cannot restore %1: %2").arg(it.key(), file.errorString())};
    }
    return {};
}

} // namespace qd
