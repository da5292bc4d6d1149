#pragma once

#include "models/Change.h"
#include "models/ChangeRequest.h"
#include "models/Diagnostic.h"
#include "models/Result.h"
#include "services/git/GitRepository.h"
#include "services/git/GitTransport.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace qd {

class FileOverlay;
class InputCheck;

// What a commit, push or conflict resolution came to.
struct ChangeAttempt
{
    bool committed = false; // a new commit exists locally
    QString refusal;        // why nothing was committed (empty when committed)
    Diagnostics problems;   // the fleet's validation problems, when that is why
    CommitOutcome outcome;
    QList<ValueConflict> conflicts; // the remote changed the same values: the user chooses
    QString unknownHost;            // an SSH host key to show the user (with fingerprint)
    QString unknownFingerprint;
    QString recovered; // what an earlier change, interrupted half-way, left and how it was undone
};

// The change workflow, synchronous, on the calling thread: the repository handle it owns is used
// by that thread only. ChangeService runs it on a worker thread; the CLI runs it directly.
class ChangeEngine
{
public:
    static Result<ChangeEngine> open(const QString &repoPath);

    QString repoPath() const { return m_repoPath; }
    void setRemoteName(const QString &name) { m_remoteName = name; }
    TransportOptions &transport() { return m_transport; }

    // Makes the change in memory, diffs it against HEAD and validates it: the working tree is
    // never written.
    Result<ChangePreview> previewEdits(const QList<ValueEdit> &edits);
    Result<ChangePreview> previewFileText(const QString &relativePath, const QByteArray &text);

    ChangeAttempt commit(const CommitRequest &request);
    // Pushes the branch (empty: current), fetching and replaying when the remote moved on.
    ChangeAttempt push(const QString &branch = QString());
    // The user's answer to a conflict: values to keep. Empty: leave the commit local.
    ChangeAttempt resolveConflicts(const QList<ValueEdit> &chosen);
    TransportReport fetch();
    // Sets right what a change interrupted half-way (killed, or refused on a full disk) left in
    // the working tree and index; commit() and push() do it first. Empty: nothing to do.
    Result<QString> recover();
    Result<QStringList> unpushedCommits();

    bool hasPendingConflict() const
    {
        return m_pending && !m_pending->conflictRemoteHead.isEmpty();
    }

private:
    explicit ChangeEngine(GitRepository repo, const QString &repoPath);

    // The last commit made here, with what is needed to replay it on a newer remote head.
    struct Pending
    {
        QString commitId;
        QString branch;
        QList<AppliedEdit> applied; // empty for free-form file changes (replayed by cherry-pick)
        CommitAuthor author;
        QString conflictRemoteHead; // set while a conflict waits for the user
    };

    // The whole fleet's problems with the proposed files, as loadFleet would report them; zones
    // none of whose files changed since the last load or validation are not built again.
    Diagnostics validationProblems(const FileOverlay &proposed, QString &error,
                                   InputCheck *inputs = nullptr) const;
    Result<ChangePreview>
    previewProposed(const std::function<Result<void>(FileOverlay &)> &propose);
    ChangeAttempt pushWithReplay(const QString &branch, ChangeAttempt attempt);
    // Rebuilds the change on `remoteHead`; fills conflicts when values clash.
    Result<void> replayOn(const QString &remoteHead, ChangeAttempt &attempt);
    Result<void>
    replayEditsOn(const QString &remoteHead, const QList<ValueEdit> &edits, ChangeAttempt &attempt);
    void setUpstream(const QString &branch);
    // Sets right what an interrupted change left (ChangeJournal) before a new one starts.
    bool recoverInterrupted(ChangeAttempt &attempt);
    // Writes the changed files of `proposed` (recorded first in the journal) and commits them;
    // on failure every byte is put back.
    Result<QString> writeAndCommit(const FileOverlay &proposed, const QStringList &changed,
                                   const QString &message, const CommitAuthor &author);

    GitRepository m_repo;
    QString m_repoPath;
    QString m_remoteName = QStringLiteral("origin");
    TransportOptions m_transport;
    std::optional<Pending> m_pending;
};

} // namespace qd
