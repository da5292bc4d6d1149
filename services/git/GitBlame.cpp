#include "services/git/GitBlame.h"

#include "services/git/GitHandles.h"

#include <QFile>

namespace qd {

namespace {

using GitBlamePtr = GitPtr<git_blame, git_blame_free>;

} // namespace

Result<QString> lastCommitOfLine(git_repository *repo, const QString &relativePath, int line)
{
    if (line <= 0)
        return Error{QStringLiteral("%1: no line to blame").arg(relativePath)};
    const QByteArray path = relativePath.toUtf8();
    git_blame_options options = GIT_BLAME_OPTIONS_INIT;
    git_blame *raw = nullptr;
    if (int rc = git_blame_file(&raw, repo, path.constData(), &options); rc < 0)
        return gitError(QStringLiteral("cannot blame %1").arg(relativePath), rc);
    const GitBlamePtr committed(raw);

    QFile file(QString::fromUtf8(git_repository_workdir(repo)) + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: %2").arg(relativePath, file.errorString())};
    const QByteArray contents = file.readAll();
    raw = nullptr;
    if (int rc = git_blame_buffer(&raw, committed.get(), contents.constData(),
                                  size_t(contents.size()));
        rc < 0)
        return gitError(QStringLiteral("cannot blame the working copy of %1").arg(relativePath),
                        rc);
    const GitBlamePtr working(raw);

    const git_blame_hunk *hunk = git_blame_get_hunk_byline(working.get(), size_t(line));
    if (!hunk)
        return Error{QStringLiteral("%1:%2: no such line").arg(relativePath).arg(line)};
    if (git_oid_is_zero(&hunk->final_commit_id))
        return Error{QStringLiteral("%1:%2 has an uncommitted edit").arg(relativePath).arg(line)};
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &hunk->final_commit_id);
    return QString::fromLatin1(hex);
}

} // namespace qd
