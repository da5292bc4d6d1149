#pragma once

#include "models/Result.h"

#include <QByteArray>
#include <QDir>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace qd {

// The bytes every file a change wrote had before it (nullopt: the file did not exist), by
// repo-relative path, so that a refusal can put them back.
using FileOriginals = QHash<QString, std::optional<QByteArray>>;

// The files of a working clone as a change would leave them, held in memory over the working
// tree. Edits, builds, validation and previews read through it, so trying a change never writes
// the user's files: a concurrent fleet load, the user's editor or a crash sees the tree as it
// was. Only writeOut() touches the disk, once the change has validated. Blocking reads.
class FileOverlay
{
public:
    explicit FileOverlay(const QString &repoRoot);

    const QDir &root() const { return m_root; }
    bool isEmpty() const { return m_files.isEmpty(); }

    // The file as the change sees it: its new bytes, else the working tree's. nullopt: absent.
    // A file that exists but cannot be read is an error, never taken for an absent one.
    Result<std::optional<QByteArray>> read(const QString &relativePath) const;
    // Refuses paths outside the repo or under .git.
    Result<void> write(const QString &relativePath, const QByteArray &bytes);

    // The new bytes of an absolute path, or nullptr when the change does not write it.
    const QByteArray *find(const QString &absolutePath) const;
    bool fileExists(const QString &absolutePath) const;
    bool dirExists(const QString &absoluteDir) const;
    // Whether a build that read this input (a file, or a directory whose entries it looked at)
    // might read something else through the overlay. The input is a clean repo-relative path
    // (QDir::cleanPath), as builds record them; "." is the root.
    bool touches(const QString &relativeInput) const;

    QStringList paths() const { return m_files.keys(); } // repo-relative, sorted
    QByteArray bytes(const QString &relativePath) const { return m_files.value(relativePath); }
    // The files whose new bytes differ from the working tree's, sorted.
    Result<QStringList> changedFromDisk() const;

    // What the working tree holds now at these paths.
    Result<FileOriginals> onDisk(const QStringList &relativePaths) const;

    // Writes every changed file, each atomically (QSaveFile), creating folders. Returns what they
    // held before; when a write fails, what was written is put back and the error says which file.
    Result<FileOriginals> writeOut() const;

private:
    QDir m_root;
    QMap<QString, QByteArray> m_files; // repo-relative clean path -> new bytes
    QSet<QString> m_dirs;              // the written files' folders and every folder above them
    QStringList m_touched; // the written files and their folders ("." for the root): touches()
};

// Puts files back as `originals` says they were: a file that did not exist is removed, and
// folders made for it go when it leaves them empty.
Result<void> restoreFiles(const QDir &root, const FileOriginals &originals);

} // namespace qd
