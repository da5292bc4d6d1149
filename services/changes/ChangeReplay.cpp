// Pushing a change, and rebuilding it on a remote head that moved on meanwhile: the value edits
// made again on the new content, free-form changes cherry-picked, conflicting values handed to
// the user.
#include "services/changes/ChangeEngine.h"

#include "services/Logging.h"
#include "services/changes/ReplayJournal.h"
#include "services/config/FileOverlay.h"
#include "services/config/YamlEditor.h"
#include "services/git/GitCommitter.h"
#include "services/git/GitHandles.h"

namespace qd {

namespace {

// Each replay fetches what the others pushed meanwhile; past this the remote is too busy.
constexpr int kMaxReplays = 8;

PushResult pushResultOf(TransportStatus status)
{
    switch (status) {
    case TransportStatus::Ok:
        return PushResult::Pushed;
    case TransportStatus::RefusedByServer:
    case TransportStatus::NonFastForward:
        return PushResult::RefusedByServer;
    case TransportStatus::NetworkFailure:
        return PushResult::NetworkFailure;
    case TransportStatus::AuthenticationFailed:
        return PushResult::AuthenticationFailed;
    case TransportStatus::HostKeyRejected:
        return PushResult::HostKeyRejected;
    case TransportStatus::Cancelled:
        return PushResult::Cancelled;
    case TransportStatus::Failed:
        return PushResult::Failed;
    }
    return PushResult::Failed;
}

} // namespace

ChangeAttempt ChangeEngine::pushWithReplay(const QString &branch, ChangeAttempt attempt)
{
    const QString refspec = QStringLiteral("refs/heads/%1:refs/heads/%1").arg(branch);
    attempt.outcome.branch = branch;
    for (int round = 0; round <= kMaxReplays; ++round) {
        if (currentBranch(m_repo.get()) == branch) {
            git_oid head;
            if (git_reference_name_to_id(&head, m_repo.get(), "HEAD") == 0)
                attempt.outcome.commitId = QString::fromLatin1(git_oid_tostr_s(&head));
        }
        const TransportReport report =
                pushRefspecs(m_repo.get(), m_remoteName, {refspec}, m_transport);
        if (report.status == TransportStatus::Ok) {
            attempt.outcome.pushed = true;
            attempt.outcome.push = PushResult::Pushed;
            attempt.outcome.pushMessage.clear();
            setUpstream(branch);
            return attempt;
        }
        attempt.outcome.push = pushResultOf(report.status);
        attempt.outcome.pushMessage = report.message;
        attempt.unknownHost = report.host;
        attempt.unknownFingerprint = report.fingerprint;
        if (report.status != TransportStatus::NonFastForward ||
            currentBranch(m_repo.get()) != branch)
            return attempt;

        // The remote moved on: fetch its head and rebuild our change on top of it.
        const TransportReport fetched = fetchRemote(m_repo.get(), m_remoteName, m_transport);
        if (fetched.status != TransportStatus::Ok) {
            attempt.outcome.push = pushResultOf(fetched.status);
            attempt.outcome.pushMessage = fetched.message;
            attempt.unknownHost = fetched.host;
            attempt.unknownFingerprint = fetched.fingerprint;
            return attempt;
        }
        const auto remoteHead = remoteBranchId(m_repo.get(), m_remoteName, branch);
        if (!remoteHead) {
            attempt.outcome.push = PushResult::Failed;
            attempt.outcome.pushMessage = remoteHead.errorMessage();
            return attempt;
        }
        if (auto replayed = replayOn(*remoteHead, attempt); !replayed) {
            attempt.outcome.push =
                    attempt.conflicts.isEmpty() ? PushResult::Failed : PushResult::Conflict;
            attempt.outcome.pushMessage = replayed.errorMessage();
            return attempt;
        }
        ++attempt.outcome.replays;
        if (const auto moved = remoteBranchId(m_repo.get(), m_remoteName, branch);
            moved && *moved == attempt.outcome.commitId) {
            // Our change was already on the remote: nothing left to push.
            attempt.outcome.pushed = true;
            attempt.outcome.push = PushResult::Pushed;
            attempt.outcome.pushMessage.clear();
            return attempt;
        }
    }
    attempt.outcome.push = PushResult::Failed;
    attempt.outcome.pushMessage =
            QStringLiteral("the remote kept moving; tried %1 times").arg(kMaxReplays + 1);
    return attempt;
}

void ChangeEngine::setUpstream(const QString &branch)
{
    git_reference *raw = nullptr;
    if (git_branch_lookup(&raw, m_repo.get(), branch.toUtf8().constData(), GIT_BRANCH_LOCAL) < 0) {
        git_error_clear();
        return;
    }
    GitReferencePtr ref(raw);
    git_reference *upstreamRaw = nullptr;
    if (git_branch_upstream(&upstreamRaw, ref.get()) == 0) {
        git_reference_free(upstreamRaw);
        return;
    }
    const QByteArray upstream = QStringLiteral("%1/%2").arg(m_remoteName, branch).toUtf8();
    if (git_branch_set_upstream(ref.get(), upstream.constData()) < 0)
        git_error_clear(); // only the status bar's ahead/behind needs it
}

Result<void> ChangeEngine::replayOn(const QString &remoteHead, ChangeAttempt &attempt)
{
    const QString ourHead = attempt.outcome.commitId;
    auto unpushed = unpushedCommits();
    if (!unpushed)
        return unpushed.error();
    const bool onlyOurEdit = m_pending && m_pending->commitId == ourHead &&
                             !m_pending->applied.isEmpty() && unpushed->size() == 1;
    if (onlyOurEdit) {
        QList<ValueEdit> edits;
        for (const AppliedEdit &applied : m_pending->applied)
            edits.append(applied.edit);
        return replayEditsOn(remoteHead, edits, attempt);
    }
    // Free-form changes, or commits from an earlier session: replay each commit as it was.
    QStringList ids;
    for (const QString &line : *unpushed)
        ids.prepend(line.section(QLatin1Char(' '), 0, 0));
    // unpushedCommits() gives short ids: resolve them before the branch moves.
    QStringList fullIds;
    for (const QString &shortId : ids) {
        git_object *object = nullptr;
        if (int rc = git_revparse_single(&object, m_repo.get(), shortId.toLatin1().constData());
            rc < 0)
            return gitError(QStringLiteral("cannot read %1").arg(shortId), rc);
        fullIds.append(QString::fromLatin1(git_oid_tostr_s(git_object_id(object))));
        git_object_free(object);
    }
    ReplayJournal journal(m_repo.get());
    if (auto recorded = journal.begin(ourHead, remoteHead, attempt.outcome.branch); !recorded)
        return recorded;
    if (auto moved = moveBranchTo(m_repo.get(), remoteHead); !moved) {
        journal.end();
        return moved;
    }
    for (const QString &id : fullIds) {
        auto replayed = replayCommitOnHead(m_repo.get(), id);
        if (!replayed) {
            // Nothing lost: the branch goes back to our commits, which stay local; the record
            // stays when even that fails, for the next change to put back.
            if (auto back = moveBranchTo(m_repo.get(), ourHead); !back)
                qCWarning(lcGit) << back.errorMessage();
            else
                journal.end();
            return replayed.error();
        }
        attempt.outcome.commitId = *replayed;
    }
    journal.end();
    if (m_pending && !fullIds.isEmpty())
        m_pending->commitId = attempt.outcome.commitId;
    return {};
}

Result<void> ChangeEngine::replayEditsOn(const QString &remoteHead,
                                         const QList<ValueEdit> &edits,
                                         ChangeAttempt &attempt)
{
    const QString ourHead = m_pending->commitId;
    auto message = commitMessage(m_repo.get(), ourHead);
    if (!message)
        return message.error();
    ReplayJournal journal(m_repo.get());
    const auto goBack = [&] {
        if (auto back = moveBranchTo(m_repo.get(), ourHead); !back)
            qCWarning(lcGit) << back.errorMessage(); // the record stays: the next change puts it back
        else
            journal.end();
    };
    if (auto recorded = journal.begin(ourHead, remoteHead, attempt.outcome.branch); !recorded)
        return recorded;
    if (auto moved = moveBranchTo(m_repo.get(), remoteHead); !moved) {
        journal.end();
        return moved;
    }

    QList<ValueEdit> toApply;
    QList<ValueConflict> conflicts;
    for (const ValueEdit &edit : edits) {
        auto theirs = effectiveValue(m_repoPath, edit.customer, edit.zone, edit.key);
        if (!theirs) {
            goBack();
            return theirs.error();
        }
        if (theirs->value == edit.value)
            continue; // the remote already has our value
        const auto original = std::find_if(m_pending->applied.cbegin(), m_pending->applied.cend(),
                                           [&](const AppliedEdit &applied) {
                                               return applied.edit.customer == edit.customer &&
                                                      applied.edit.zone == edit.zone &&
                                                      applied.edit.key == edit.key;
                                           });
        const QString base =
                original != m_pending->applied.cend() ? original->previousValue : theirs->value;
        const bool chosenByUser = !m_pending->conflictRemoteHead.isEmpty();
        if (theirs->value != base && !chosenByUser)
            conflicts.append(ValueConflict{edit, base, theirs->value});
        else
            toApply.append(edit);
    }
    if (!conflicts.isEmpty()) {
        goBack();
        m_pending->conflictRemoteHead = remoteHead;
        attempt.conflicts = conflicts;
        QStringList lines;
        for (const ValueConflict &c : conflicts)
            lines.append(QStringLiteral("%1/%2 %3: ours %4, theirs %5 (was %6)")
                                 .arg(c.edit.customer, zoneKindName(c.edit.zone), c.edit.key,
                                      c.edit.value, c.theirValue, c.baseValue));
        return Error{QStringLiteral("the remote changed the same value: %1")
                             .arg(lines.join(QLatin1String("; ")))};
    }
    m_pending->conflictRemoteHead.clear();
    if (toApply.isEmpty()) {
        journal.end(); // the remote has our values already: the branch stays on its head
        attempt.outcome.commitId = remoteHead;
        m_pending->commitId = remoteHead;
        return {};
    }
    FileOverlay proposed(m_repoPath);
    const auto fail = [&](const QString &why) -> Result<void> {
        goBack();
        return Error{why};
    };
    auto applied = proposeValueEdits(proposed, toApply);
    if (!applied)
        return fail(applied.errorMessage());
    auto changed = proposed.changedFromDisk();
    if (!changed)
        return fail(changed.errorMessage());
    QString loadError;
    const Diagnostics problems = validationProblems(proposed, loadError);
    if (!loadError.isEmpty() || !problems.isEmpty()) {
        attempt.problems = problems;
        return fail(QStringLiteral("the fleet does not validate with the change on the new "
                                   "remote head %1")
                            .arg(remoteHead.left(7)));
    }
    const auto committed = writeAndCommit(proposed, *changed, *message, m_pending->author);
    if (!committed)
        return fail(committed.errorMessage());
    journal.end();
    attempt.outcome.commitId = *committed;
    m_pending->commitId = *committed;
    return {};
}

ChangeAttempt ChangeEngine::resolveConflicts(const QList<ValueEdit> &chosen)
{
    ChangeAttempt attempt;
    if (!hasPendingConflict()) {
        attempt.refusal = QStringLiteral("no conflict is waiting for an answer");
        return attempt;
    }
    attempt.committed = true;
    attempt.outcome.branch = m_pending->branch;
    attempt.outcome.commitId = m_pending->commitId;
    if (chosen.isEmpty()) {
        m_pending->conflictRemoteHead.clear();
        attempt.outcome.push = PushResult::Conflict;
        attempt.outcome.pushMessage = QStringLiteral("the conflict was left open: the commit "
                                                     "stays local, not pushed");
        return attempt;
    }
    // Our other edits stay as they were; the chosen values replace the conflicting ones.
    QList<ValueEdit> edits = chosen;
    for (const AppliedEdit &applied : m_pending->applied) {
        const bool answered = std::any_of(chosen.cbegin(), chosen.cend(), [&](const ValueEdit &e) {
            return e.customer == applied.edit.customer && e.zone == applied.edit.zone &&
                   e.key == applied.edit.key;
        });
        if (!answered)
            edits.append(applied.edit);
    }
    const QString remoteHead = m_pending->conflictRemoteHead;
    if (auto replayed = replayEditsOn(remoteHead, edits, attempt); !replayed) {
        attempt.outcome.push = PushResult::Failed;
        attempt.outcome.pushMessage = replayed.errorMessage();
        return attempt;
    }
    // From here on the chosen values are what we push.
    m_pending->applied.clear();
    for (const ValueEdit &edit : edits)
        m_pending->applied.append(AppliedEdit{edit, edit.value, {}, false});
    return pushWithReplay(m_pending->branch, attempt);
}

} // namespace qd
