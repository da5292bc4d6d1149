#pragma once

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

namespace qd::test {

// Writes text into root/relativePath, creating folders. Fails the calling test on error.
bool writeFile(const QString &root, const QString &relativePath, const QByteArray &text);

// Replaces every match of `pattern` (or every `from`) in the file, as a user's editor would;
// false when nothing matched or the file cannot be rewritten.
bool replaceInFile(const QString &path, const QRegularExpression &pattern, const QString &with);
bool replaceInFile(const QString &path, const QString &from, const QString &to);

// Copies a directory tree (for example a fixture) into a scratch folder.
bool copyTree(const QString &from, const QString &to);

} // namespace qd::test
