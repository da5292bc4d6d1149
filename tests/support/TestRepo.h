#pragma once

#include <QByteArray>
#include <QString>

namespace qd::test {

// Writes text into root/relativePath, creating folders. Fails the calling test on error.
bool writeFile(const QString &root, const QString &relativePath, const QByteArray &text);

// Copies a directory tree (for example a fixture) into a scratch folder.
bool copyTree(const QString &from, const QString &to);

} // namespace qd::test
