#pragma once

#include "models/Result.h"
#include "services/config/YamlEditor.h"

#include <QByteArray>
#include <QDir>
#include <QString>
#include <QStringList>

namespace qd {

// Writes a file of the config repo (not outside it, not under .git), creating its folders.
Result<void>
writeRepoFile(const QString &repoPath, const QString &relativePath, const QByteArray &text);

// The files one change writes, with the bytes each had before, so that the change can be
// committed (exactly the files whose bytes differ) or refused (every byte put back) without
// asking git for the status of the whole working tree.
class TouchedFiles
{
public:
    explicit TouchedFiles(const QString &repoPath) : m_root(repoPath) {}

    // Originals of files written by someone else (applyValueEdits); the first one recorded wins.
    void add(const FileOriginals &originals);
    Result<void> write(const QString &relativePath, const QByteArray &text);

    // Every file written (repo-relative), changed or not.
    QStringList paths() const { return m_original.keys(); }
    // The touched files whose bytes now differ from before, sorted.
    QStringList changed() const;
    Result<void> restore() const;

private:
    QDir m_root;
    FileOriginals m_original;
};

} // namespace qd
