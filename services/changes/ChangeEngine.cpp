#include "services/changes/ChangeEngine.h"

#include "services/Logging.h"
#include "services/changes/ChangeJournal.h"
#include "services/config/FileOverlay.h"
#include "services/config/FleetLoader.h"
#include "services/config/InputCheck.h"
#include "services/config/YamlEditor.h"
#include "services/git/GitCommitter.h"
#include "services/git/GitDiff.h"

#include <QElapsedTimer>

namespace qd {

namespace {

// Each replay fetches what the others pushed meanwhile; past this the remote is too busy.
constexpr int kMaxReplays = 8;

// The whole fleet, as loadFleet would report it; zones none of whose files changed since the last
// load or validation are not built again (validateFleet).
Diagnostics validationProblems(const QString &repoPath, const FileOverlay &proposed, QString &error,
                               InputCheck *inputs = nullptr)
{
    auto validation = validateFleet(repoPath, inputs, &proposed);
    if (!validation) {
        error = validation.errorMessage();
        return {};
    }
    qCDebug(lcGit) << "validated:" << validation->zonesBuilt << "zones built,"
                   << validation->zonesReused << "unchanged";
    return validation->problems;
}

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

ChangeEngine::ChangeEngine(GitRepository repo, const QString &repoPath)
    : m_repo(std::move(repo))
    , m_repoPath(repoPath)
{}

Result<ChangeEngine> ChangeEngine::open(const QString &repoPath)
{
    auto repo = GitRepository::open(repoPath);
    if (!repo)
        return repo.error();
    if (repo->workdir().isEmpty())
        return Error{QStringLiteral("%1 is a bare repository: changes need a working clone")
                             .arg(repoPath)};
    const QString workdir = repo->workdir();
    return ChangeEngine(std::move(repo).value(), workdir);
}

Result<ChangePreview>
ChangeEngine::previewProposed(const std::function<Result<void>(FileOverlay &)> &propose)
{
    FileOverlay proposed(m_repoPath);
    if (auto done = propose(proposed); !done)
        return done.error();
    const auto changed = proposed.changedFromDisk();
    if (!changed)
        return changed.error();
    ChangePreview preview;
    preview.files = *changed;
    if (preview.files.isEmpty())
        return preview;
    QMap<QString, QByteArray> texts;
    for (const QString &path : std::as_const(preview.files))
        texts.insert(path, proposed.bytes(path));
    auto diff = unifiedDiffAgainstHead(m_repo.get(), texts);
    if (!diff)
        return diff.error();
    preview.unifiedDiff = *diff;
    QString error;
    preview.problems = validationProblems(m_repoPath, proposed, error);
    if (!error.isEmpty())
        preview.problems.append(Diagnostic{{}, error});
    return preview;
}

Result<ChangePreview> ChangeEngine::previewEdits(const QList<ValueEdit> &edits)
{
    return previewProposed([&](FileOverlay &proposed) -> Result<void> {
        auto applied = proposeValueEdits(proposed, edits);
        if (!applied)
            return applied.error();
        return {};
    });
}

Result<ChangePreview> ChangeEngine::previewFileText(const QString &relativePath,
                                                    const QByteArray &text)
{
    return previewProposed(
            [&](FileOverlay &proposed) { return proposed.write(relativePath, text); });
}

ChangeAttempt ChangeEngine::commit(const CommitRequest &request)
{
    ChangeAttempt attempt;
    if (request.subject.trimmed().isEmpty()) {
        attempt.refusal = QStringLiteral("the commit message is empty");
        return attempt;
    }
    if (request.edits.isEmpty() && request.files.isEmpty()) {
        attempt.refusal = QStringLiteral("nothing to change");
        return attempt;
    }
    QElapsedTimer timer;
    timer.start();
    QStringList phases; // where the time goes, for the debug log
    const auto phase = [&](const char *name) {
        phases.append(QStringLiteral("%1 %2 ms").arg(QLatin1String(name)).arg(timer.restart()));
    };
    auto author = resolveAuthor(m_repo.get(), request.author);
    if (!author) {
        attempt.refusal = author.errorMessage();
        return attempt;
    }
    phase("author");
    // The change is made and validated in memory; the working tree is written only to commit it,
    // and only the files it changes, so the user's other uncommitted files stay as they are.
    FileOverlay proposed(m_repoPath);
    const auto refuse = [&](const QString &why, const Diagnostics &problems = {}) {
        attempt.refusal = why;
        attempt.problems = problems;
        return attempt;
    };
    if (!recoverInterrupted(attempt))
        return attempt;

    // One look at what the last fleet load read, for the edit and the validation together.
    InputCheck inputs = InputCheck::ofCache(m_repoPath);
    QList<AppliedEdit> applied;
    if (!request.edits.isEmpty()) {
        auto result = proposeValueEdits(proposed, request.edits, &inputs);
        if (!result)
            return refuse(result.errorMessage());
        applied = *result;
    }
    for (const FileText &file : request.files) {
        if (auto put = proposed.write(file.relativePath, file.text); !put)
            return refuse(put.errorMessage());
    }
    phase("edit");
    const auto changed = proposed.changedFromDisk();
    if (!changed)
        return refuse(changed.errorMessage());
    if (changed->isEmpty()) {
        // Set by an earlier run whose push did not finish (killed, network down): finish it.
        const auto unpushed = unpushedCommits();
        if (request.push == PushAfterCommit::Push && unpushed && !unpushed->isEmpty()
            && request.branch.isEmpty()) {
            qCInfo(lcGit) << "the values are already set in" << unpushed->size()
                          << "unpushed commits: pushing them";
            return pushWithReplay(currentBranch(m_repo.get()), attempt);
        }
        return refuse(QStringLiteral("nothing to commit: the values are already set"));
    }
    phase("changed");
    QString loadError;
    const Diagnostics problems = validationProblems(m_repoPath, proposed, loadError, &inputs);
    if (!loadError.isEmpty())
        return refuse(loadError);
    if (!problems.isEmpty())
        return refuse(QStringLiteral("the fleet does not validate with this change"), problems);
    phase("validate");

    QString branch = currentBranch(m_repo.get());
    if (!request.branch.isEmpty() && request.branch != branch) {
        if (!isValidBranchName(request.branch))
            return refuse(QStringLiteral("'%1' is not a valid branch name").arg(request.branch));
        if (auto created = createAndCheckoutBranch(m_repo.get(), request.branch); !created)
            return refuse(created.errorMessage());
        branch = request.branch;
    }
    const QString message = composeCommitMessage(
            request.subject, request.body,
            changeTrailers(request.edits, request.files, request.changeRequestId)
                    + request.moreTrailers);
    const auto committed = writeAndCommit(proposed, *changed, message, *author);
    if (!committed)
        return refuse(committed.errorMessage());
    const QString commitId = *committed;

    attempt.committed = true;
    attempt.outcome.commitId = commitId;
    attempt.outcome.branch = branch;
    m_pending = Pending{commitId, branch, applied, *author, {}};
    qCInfo(lcGit) << "committed" << commitId.left(7) << "on" << branch;
    phase("commit");
    if (request.push == PushAfterCommit::Push) {
        attempt = pushWithReplay(branch, attempt);
        phase("push");
    }
    qCDebug(lcGit) << "commit:" << phases.join(QLatin1String(", "));
    return attempt;
}

bool ChangeEngine::recoverInterrupted(ChangeAttempt &attempt)
{
    auto recovered = recover();
    if (!recovered) {
        attempt.refusal = recovered.errorMessage();
        return false;
    }
    attempt.recovered = *recovered;
    return true;
}

Result<QString> ChangeEngine::writeAndCommit(const FileOverlay &proposed, const QStringList &changed,
                                             const QString &message, const CommitAuthor &author)
{
    auto before = proposed.onDisk(changed);
    if (!before)
        return before.error();
    QMap<QString, QByteArray> after;
    for (const QString &path : changed)
        after.insert(path, proposed.bytes(path));
    git_oid head;
    QString headId;
    if (git_reference_name_to_id(&head, m_repo.get(), "HEAD") == 0)
        headId = QString::fromLatin1(git_oid_tostr_s(&head));
    else
        git_error_clear(); // an unborn branch: the journal records no head
    ChangeJournal journal(m_repo.get());
    if (auto begun = journal.begin(headId, currentBranch(m_repo.get()), after, *before); !begun)
        return begun.error();
    // Whatever fails from here on, the record puts back every byte: now, or before the next
    // change when even that fails (a full disk).
    const auto undone = [&journal](const Error &why) -> Error {
        auto back = journal.undo();
        if (back)
            return why;
        return Error{QStringLiteral("%1; the working tree keeps the uncommitted change, and it is "
                                    "put back before the next change (%2)")
                             .arg(why.message, back.errorMessage())};
    };
    if (auto written = proposed.writeOut(); !written)
        return undone(written.error());
    auto committed = commitPaths(m_repo.get(), changed, message, author);
    if (!committed)
        return undone(committed.error());
    journal.end();
    return committed;
}

Result<QString> ChangeEngine::recover()
{
    return ChangeJournal(m_repo.get()).recover();
}

ChangeAttempt ChangeEngine::push(const QString &branch)
{
    ChangeAttempt attempt;
    if (!recoverInterrupted(attempt))
        return attempt;
    attempt.outcome.branch = branch.isEmpty() ? currentBranch(m_repo.get()) : branch;
    if (attempt.outcome.branch.isEmpty()) {
        attempt.refusal = QStringLiteral("HEAD is not on a branch: nothing to push");
        return attempt;
    }
    return pushWithReplay(attempt.outcome.branch, attempt);
}

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
    if (auto moved = moveBranchTo(m_repo.get(), remoteHead); !moved)
        return moved;
    for (const QString &id : fullIds) {
        auto replayed = replayCommitOnHead(m_repo.get(), id);
        if (!replayed) {
            // Nothing lost: the branch goes back to our commits, which stay local.
            if (auto back = moveBranchTo(m_repo.get(), ourHead); !back)
                qCWarning(lcGit) << back.errorMessage();
            return replayed.error();
        }
        attempt.outcome.commitId = *replayed;
    }
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
    const auto goBack = [&] {
        if (auto back = moveBranchTo(m_repo.get(), ourHead); !back)
            qCWarning(lcGit) << back.errorMessage();
    };
    if (auto moved = moveBranchTo(m_repo.get(), remoteHead); !moved)
        return moved;

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
    const Diagnostics problems = validationProblems(m_repoPath, proposed, loadError);
    if (!loadError.isEmpty() || !problems.isEmpty()) {
        attempt.problems = problems;
        return fail(QStringLiteral("the fleet does not validate with the change on the new "
                                   "remote head %1")
                            .arg(remoteHead.left(7)));
    }
    const auto committed = writeAndCommit(proposed, *changed, *message, m_pending->author);
    if (!committed)
        return fail(committed.errorMessage());
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

TransportReport ChangeEngine::fetch()
{
    return fetchRemote(m_repo.get(), m_remoteName, m_transport);
}

Result<QStringList> ChangeEngine::unpushedCommits()
{
    const QString branch = currentBranch(m_repo.get());
    if (branch.isEmpty())
        return QStringList();
    return qd::unpushedCommits(m_repo.get(), m_remoteName, branch);
}

} // namespace qd
