#include "services/changes/ChangeEngine.h"

#include "services/Logging.h"
#include "services/changes/ChangeJournal.h"
#include "services/changes/ReplayJournal.h"
#include "services/config/FileOverlay.h"
#include "services/config/FleetLoader.h"
#include "services/config/InputCheck.h"
#include "services/config/YamlEditor.h"
#include "services/git/GitCommitter.h"
#include "services/git/GitDiff.h"

#include <QElapsedTimer>

namespace qd {

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

// The whole fleet, as loadFleet would report it; zones none of whose files changed since the last
// load or validation are not built again (validateFleet).
Diagnostics ChangeEngine::validationProblems(const FileOverlay &proposed, QString &error,
                                             InputCheck *inputs) const
{
    auto validation = validateFleet(m_repoPath, inputs, &proposed);
    if (!validation) {
        error = validation.errorMessage();
        return {};
    }
    qCDebug(lcGit) << "validated:" << validation->zonesBuilt << "zones built,"
                   << validation->zonesReused << "unchanged";
    return validation->problems;
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
    preview.problems = validationProblems(proposed, error);
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
    const Diagnostics problems = validationProblems(proposed, loadError, &inputs);
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
    // A commit made during a replay has its own change record: undone first, then the replay.
    auto change = ChangeJournal(m_repo.get()).recover();
    if (!change)
        return change;
    auto replay = ReplayJournal(m_repo.get()).recover();
    if (!replay)
        return replay;
    if (change->isEmpty() || replay->isEmpty())
        return *change + *replay;
    return *change + QStringLiteral("; ") + *replay;
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
