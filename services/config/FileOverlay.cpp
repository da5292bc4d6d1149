#include "services/config/FileOverlay.h"

#include "services/SaveFile.h"

#include <algorithm>

#include <QFile>
#include <QFileInfo>

namespace qd {

namespace {

Result<std::optional<QByteArray>> readFromDisk(const QString &absolutePath, const QString &shown)
{
    const QFileInfo info(absolutePath);
    if (!info.exists() && !info.isSymLink())
        return std::optional<QByteArray>();
    if (info.isDir())
        return Error{QStringLiteral("%1 is a directory, not a file").arg(shown)};
    QFile file(absolutePath);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(shown, file.errorString())};
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return Error{QStringLiteral("cannot read %1: %2").arg(shown, file.errorString())};
    return std::optional<QByteArray>(bytes.isNull() ? QByteArray("") : bytes);
}

} // namespace

FileOverlay::FileOverlay(const QString &repoRoot)
    : m_root(QDir::cleanPath(QFileInfo(repoRoot).absoluteFilePath()))
{}

Result<std::optional<QByteArray>> FileOverlay::read(const QString &relativePath) const
{
    const QString path = QDir::cleanPath(relativePath);
    const auto written = m_files.constFind(path);
    if (written != m_files.cend())
        return std::optional<QByteArray>(*written);
    return readFromDisk(m_root.filePath(path), path);
}

Result<void> FileOverlay::write(const QString &relativePath, const QByteArray &bytes)
{
    const QString path = QDir::cleanPath(relativePath);
    if (path.isEmpty() || path == QLatin1String(".") || path.startsWith(QLatin1String(".."))
        || QDir::isAbsolutePath(path) || path == QLatin1String(".git")
        || path.startsWith(QLatin1String(".git/")))
        return Error{QStringLiteral("%1 is not a file of the config repo").arg(relativePath)};
    if (QFileInfo(m_root.filePath(path)).isDir())
        return Error{QStringLiteral("%1 is a directory, not a file").arg(path)};
    for (QString dir = QFileInfo(path).path(); dir != QLatin1String("."); dir = QFileInfo(dir).path())
        m_dirs.insert(dir);
    m_files.insert(path, bytes.isNull() ? QByteArray("") : bytes);
    for (const QString &touched : {path, QFileInfo(path).path()}) {
        if (!m_touched.contains(touched))
            m_touched.append(touched);
    }
    return {};
}

const QByteArray *FileOverlay::find(const QString &absolutePath) const
{
    if (m_files.isEmpty())
        return nullptr;
    const auto it = m_files.constFind(QDir::cleanPath(m_root.relativeFilePath(absolutePath)));
    return it == m_files.cend() ? nullptr : &*it;
}

bool FileOverlay::fileExists(const QString &absolutePath) const
{
    return find(absolutePath) || QFileInfo::exists(absolutePath);
}

bool FileOverlay::dirExists(const QString &absoluteDir) const
{
    if (QFileInfo(absoluteDir).isDir())
        return true;
    return !m_dirs.isEmpty()
           && m_dirs.contains(QDir::cleanPath(m_root.relativeFilePath(absoluteDir)));
}

bool FileOverlay::touches(const QString &relativeInput) const
{
    if (m_files.isEmpty())
        return false;
    // A directory's entries change when a file is added to it. A handful of paths, compared
    // as they are: this runs for every input of every zone a validation looks at.
    return std::any_of(m_touched.cbegin(), m_touched.cend(), [&relativeInput](const QString &touched) {
        return touched.size() == relativeInput.size() && touched == relativeInput;
    });
}

Result<QStringList> FileOverlay::changedFromDisk() const
{
    QStringList changed;
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
        auto now = readFromDisk(m_root.filePath(it.key()), it.key());
        if (!now)
            return now.error();
        if (*now != std::optional<QByteArray>(*it))
            changed.append(it.key());
    }
    return changed;
}

Result<FileOriginals> FileOverlay::onDisk(const QStringList &relativePaths) const
{
    FileOriginals now;
    for (const QString &path : relativePaths) {
        auto bytes = readFromDisk(m_root.filePath(path), path);
        if (!bytes)
            return bytes.error();
        now.insert(path, *bytes);
    }
    return now;
}

Result<FileOriginals> FileOverlay::writeOut() const
{
    FileOriginals originals;
    const auto changed = changedFromDisk();
    if (!changed)
        return changed.error();
    for (const QString &path : *changed) {
        auto before = readFromDisk(m_root.filePath(path), path);
        if (!before)
            return before.error();
        auto written = saveFileAtomically(m_root.filePath(path), m_files.value(path), path);
        if (!written) {
            if (auto restored = restoreFiles(m_root, originals); !restored)
                return Error{written.errorMessage() + QStringLiteral("; ")
                             + restored.errorMessage()};
            return written.error();
        }
        originals.insert(path, *before);
    }
    return originals;
}

Result<void> restoreFiles(const QDir &root, const FileOriginals &originals)
{
    QStringList failures;
    for (auto it = originals.cbegin(); it != originals.cend(); ++it) {
        const QString path = root.filePath(it.key());
        const auto now = readFromDisk(path, it.key());
        if (now && *now == it.value())
            continue;
        if (it.value()) {
            if (auto written = saveFileAtomically(path, *it.value(), it.key()); !written)
                failures.append(written.errorMessage());
            continue;
        }
        if (!QFile::remove(path)) {
            failures.append(QStringLiteral("cannot remove %1").arg(it.key()));
            continue;
        }
        QDir dir = QFileInfo(path).dir();
        while (dir.absolutePath().size() > root.absolutePath().size() && dir.isEmpty()
               && dir.rmdir(dir.absolutePath()))
            dir.cdUp();
    }
    if (!failures.isEmpty())
        return Error{failures.join(QLatin1String("; "))};
    return {};
}

} // namespace qd
