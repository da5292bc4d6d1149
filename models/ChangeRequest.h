#pragma once

#include "models/Change.h"
#include "models/Diagnostic.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace qd {

// A whole new text for one file of the repo (the free-form YAML editor).
struct FileText
{
    QString relativePath; // relative to the repo root, forward slashes
    QByteArray text;

    friend bool operator==(const FileText &, const FileText &) = default;
};

// What a pending change would do: the exact diff, and the problems the whole fleet would have.
struct ChangePreview
{
    QString unifiedDiff;  // "diff --git a/... b/..." as `git diff HEAD` prints it
    Diagnostics problems; // empty: the fleet validates with the change
    QStringList files;    // the files the change touches, relative to the repo root
};

struct CommitAuthor
{
    QString name;
    QString email;

    bool isEmpty() const { return name.isEmpty() && email.isEmpty(); }
};

enum class PushAfterCommit { KeepLocal, Push };

// The trailers of a change, in the order git interpret-trailers would keep them.
struct Trailer
{
    QString key;
    QString value;
};

struct CommitRequest
{
    QList<ValueEdit> edits; // surgical edits, re-applied on the new head when the remote moved on
    QList<FileText> files;  // free-form file texts (replayed by cherry-pick)
    QString subject;
    QString body;
    QString changeRequestId; // the "Change-Request:" trailer, when not empty
    QList<Trailer> moreTrailers; // after Customer:, Zone: and Change-Request: (a promotion's)
    // Empty: commit on the current branch. Otherwise a new review branch is created from HEAD
    // and checked out; see reviewBranchName().
    QString branch;
    CommitAuthor author; // empty: Quarterdeck's settings, then git config user.name/user.email
    PushAfterCommit push = PushAfterCommit::KeepLocal;
};

// How a push ended. Everything but Pushed leaves the commit local, to be pushed on request.
enum class PushResult {
    Pushed,
    NotAttempted,    // the request did not ask for a push
    RefusedByServer, // a hook or receive.denyNonFastForwards said no
    Conflict,        // the remote changed the same value; see ValueConflict
    NetworkFailure,
    AuthenticationFailed,
    HostKeyRejected, // unknown or mismatching SSH host key, not accepted by the user, or a
                     // TLS certificate that no trusted CA signed
    Cancelled,
    Failed
};

struct CommitOutcome
{
    QString commitId; // full hex id of the commit (after a replay, the replayed one)
    QString branch;   // short branch name the commit is on
    bool pushed = false;
    PushResult push = PushResult::NotAttempted;
    QString pushMessage; // why it was not pushed, in words a user can act on
    int replays = 0;     // how many times the change was replayed on a newer remote head
};


// "subject\n\nbody\n\nCustomer: acme\nZone: red\nChange-Request: CR-1\n"
QString
composeCommitMessage(const QString &subject, const QString &body, const QList<Trailer> &trailers);

// Customer:/Zone:/Change-Request: trailers for edits and files ("customers/<id>/<zone>/...").
QList<Trailer> changeTrailers(const QList<ValueEdit> &edits,
                              const QList<FileText> &files,
                              const QString &changeRequestId);

// quarterdeck/<user>/<topic>, with both parts made safe for a git ref name. A name that already
// starts with "quarterdeck/" is returned unchanged (apart from the same cleaning).
QString reviewBranchName(const QString &user, const QString &topic);

// True when `name` is acceptable as a branch name for git (check-ref-format rules).
bool isValidBranchName(const QString &name);

QString pushResultText(PushResult result);

} // namespace qd
