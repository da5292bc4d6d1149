#pragma once

#include "models/Result.h"
#include "services/config/FileOverlay.h"

#include <git2.h>

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace qd {

// A change between its first write to the working tree and its commit, recorded beforehand in
// <gitdir>/quarterdeck/change-in-progress, so that a change killed half-way (SIGKILL, a crash,
// power loss) is found by the next one and undone: the files go back to what they were, the
// index entries of those files back to HEAD's, and the locks the dead commit left (index.lock,
// the branch's) are removed. Running the same change again then makes it exactly once.
class ChangeJournal
{
public:
    explicit ChangeJournal(git_repository *repo);

    // Records the change about to be written on top of `headId` (empty: an unborn branch).
    // QSaveFile: the record is whole or absent.
    Result<void> begin(const QString &headId, const QString &branch,
                       const QMap<QString, QByteArray> &after, const FileOriginals &before);
    // The change is committed, or was refused and put back.
    void end();
    // Puts back what the recorded change wrote (files still holding its bytes, their index
    // entries) and ends the record; when that fails the record stays for recover().
    Result<QString> undo();

    // What an interrupted change left, set right. Empty when there was nothing to do; else a
    // sentence for the user. Refuses while the recorded process still runs. Blocking (it may
    // wait a second for a lock to prove stale): call it off the GUI thread.
    Result<QString> recover();

private:
    QString journalPath() const;
    enum class Locks { Leave, RemoveStale };
    Result<QString> undoRecorded(const QJsonObject &record, Locks locks);

    git_repository *m_repo; // not owned
};

// The records of ChangeJournal and ReplayJournal under <gitdir>/quarterdeck/. Written whole or
// not at all, with this process's id ("pid") and the time ("startedAt") added to `fields`; so a
// file there that does not parse is someone else's, and an error.
Result<void> writeChangeRecord(const QString &path, QJsonObject fields);
void removeChangeRecord(const QString &path);
Result<QJsonObject> readChangeRecord(const QString &path);
// The record, for setting right what its process left: refused while that process still runs
// ("a <what> by process N is in progress since T").
Result<QJsonObject> readDeadChangeRecord(const QString &path, const QString &what);

// Removes the locks a dead change left (index.lock, HEAD.lock, the branch's): only those newer
// than `since` and unchanged for a second. Returns what it removed. Blocking (up to a second).
QStringList removeStaleLocks(git_repository *repo, const QDateTime &since, const QString &branch);

} // namespace qd
