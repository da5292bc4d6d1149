#include "services/changes/ReplayJournal.h"

#include "services/Logging.h"
#include "services/SaveFile.h"
#include "services/changes/ChangeJournal.h"
#include "services/git/GitRestore.h"
#include "services/platform/ProcessAlive.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
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
    const QJsonObject record{
            {QStringLiteral("pid"), QCoreApplication::applicationPid()},
            {QStringLiteral("startedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {QStringLiteral("ours"), ourHead},
            {QStringLiteral("remote"), remoteHead},
            {QStringLiteral("branch"), branch}};
    if (auto saved = saveFileAtomically(recordPath(),
                                        QJsonDocument(record).toJson(QJsonDocument::Compact),
                                        QStringLiteral(".git/quarterdeck/replay-in-progress"));
        !saved)
        return Error{QStringLiteral("cannot record the replay before moving the branch: %1")
                             .arg(saved.errorMessage())};
    return {};
}

void ReplayJournal::end()
{
    const QString path = recordPath();
    if (QFileInfo::exists(path) && !QFile::remove(path))
        qCWarning(lcGit) << "cannot remove" << path;
}

Result<QString> ReplayJournal::recover()
{
    const QString path = recordPath();
    if (!QFileInfo::exists(path))
        return QString();
    auto record = readChangeRecord(path);
    if (!record)
        return record.error();
    const qint64 pid = record->value(QStringLiteral("pid")).toInteger();
    const QString startedAt = record->value(QStringLiteral("startedAt")).toString();
    if (otherProcessRuns(pid))
        return Error{QStringLiteral("a replay by process %1 is in progress since %2").arg(pid).arg(startedAt)};
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
