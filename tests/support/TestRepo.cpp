#include "support/TestRepo.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace qd::test {

bool writeFile(const QString &root, const QString &relativePath, const QByteArray &text)
{
    const QString path = QDir(root).filePath(relativePath);
    if (!QDir().mkpath(QFileInfo(path).path()))
        return false;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(text) == text.size();
}

bool replaceInFile(const QString &path, const QRegularExpression &pattern, const QString &with)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QString before = QString::fromUtf8(file.readAll());
    file.close();
    const QString after = QString(before).replace(pattern, with);
    if (after == before || !file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const QByteArray text = after.toUtf8();
    return file.write(text) == text.size();
}

bool replaceInFile(const QString &path, const QString &from, const QString &to)
{
    return replaceInFile(path, QRegularExpression(QRegularExpression::escape(from)), to);
}

bool copyTree(const QString &from, const QString &to)
{
    // A missing source is a broken fixture path, not an empty tree.
    if (!QFileInfo(from).isDir()) {
        qWarning("copyTree: '%s' is not a directory", qPrintable(from));
        return false;
    }
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(source));
        if (!QDir().mkpath(QFileInfo(target).path()))
            return false;
        QFile::remove(target);
        if (!QFile::copy(source, target))
            return false;
    }
    return true;
}

} // namespace qd::test
