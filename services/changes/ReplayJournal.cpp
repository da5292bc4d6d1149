#include "services/changes/ReplayJournal.h"

#include "services/Logging.h"
#include "services/changes/ChangeJournal.h"
#include "services/git/GitRestore.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>

namespace qd {

ReplayJournal::ReplayJournal(git_repository *repo) : m_repo(repo) {}

QString ReplayJournal::recordPath() const
{
    return QDir(QString::fromUtf8(git_repository_path(m_repo)))
            .filePath(QStringLiteral("quarterdeck/replay-in-progress"));
}

Result<void> ReplayJournal::begin(const QString &ourHead, const QString &remoteHead,
                                  const QString &branch)
{
    const QJsonObject record{{QStringLiteral("ours"), ourHead},
                             {QStringLiteral("remote"), remoteHead},
                             {QStringLiteral("branch"), branch}};
    if (auto saved = writeChangeRecord(recordPath(), record); !saved)
        return Error{QStringLiteral("cannot record the replay before moving the branch: %1")
                             .arg(saved.errorMessage())};
    return {};
}

void ReplayJournal::end()
{
    removeChangeRecord(recordPath());
}

Result<QString> ReplayJournal::recover()
{
    const QString path = recordPath();
    if (!QFileInfo::exists(path))
        return QString();
    auto record = readDeadChangeRecord(path, QStringLiteral("replay"));
    if (!record)
        return record.error();
    const QString startedAt = record->value(QStringLiteral("startedAt")).toString();
    const QString ours = record->value(QStringLiteral("ours")).toString();
    const QString remote = record->value(QStringLiteral("remote")).toString();
    const QString branch = record->value(QStringLiteral("branch")).toString();
    const QStringList locks =
            removeStaleLocks(m_repo, QDateTime::fromString(startedAt, Qt::ISODateWithMs), branch);
    if (auto restored = restoreBranchTo(m_repo, ours, {remote}); !restored)
        return Error{QStringLiteral("cannot put back the replay interrupted at %1: %2")
                             .arg(startedAt, restored.errorMessage())};
    end();
    QString said = QStringLiteral("a replay onto the remote head %1 interrupted at %2 was put back: "
                                  "the branch is at %3 again")
                           .arg(remote.left(7), startedAt, ours.left(7));
    if (!locks.isEmpty())
        said += QStringLiteral("; removed its %1").arg(locks.join(QLatin1String(", ")));
    qCWarning(lcGit).noquote() << said;
    return said;
}

} // namespace qd
