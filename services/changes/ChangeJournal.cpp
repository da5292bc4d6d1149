#include "services/changes/ChangeJournal.h"

#include "services/Logging.h"
#include "services/SaveFile.h"
#include "services/git/GitDiff.h"
#include "services/git/GitHandles.h"
#include "services/platform/ProcessAlive.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QThread>

#include <vector>

namespace qd {

namespace {

constexpr qint64 kLockSettleMs = 1000;

std::optional<QByteArray> decoded(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    return QByteArray::fromBase64(value.toString().toLatin1());
}

QString headId(git_repository *repo)
{
    git_oid oid;
    if (git_reference_name_to_id(&oid, repo, "HEAD") < 0) {
        git_error_clear();
        return {};
    }
    return QString::fromLatin1(git_oid_tostr_s(&oid));
}

} // namespace

ChangeJournal::ChangeJournal(git_repository *repo) : m_repo(repo) {}

QString ChangeJournal::journalPath() const
{
    return QDir(QString::fromUtf8(git_repository_path(m_repo)))
            .filePath(QStringLiteral("quarterdeck/change-in-progress"));
}

Result<void> ChangeJournal::begin(const QString &headId, const QString &branch,
                                  const QMap<QString, QByteArray> &after,
                                  const FileOriginals &before)
{
    QJsonArray files;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const auto original = before.value(it.key());
        files.append(QJsonObject{
                {QStringLiteral("path"), it.key()},
                {QStringLiteral("before"), original ? QJsonValue(QString::fromLatin1(
                                                              original->toBase64()))
                                                    : QJsonValue()},
                {QStringLiteral("after"), QString::fromLatin1(it->toBase64())}});
    }
    const QJsonObject record{{QStringLiteral("head"), headId},
                             {QStringLiteral("branch"), branch},
                             {QStringLiteral("files"), files}};
    if (auto saved = writeChangeRecord(journalPath(), record); !saved)
        return Error{QStringLiteral("cannot record the change before writing it: %1")
                             .arg(saved.errorMessage())};
    return {};
}

void ChangeJournal::end()
{
    removeChangeRecord(journalPath());
}

Result<void> writeChangeRecord(const QString &path, QJsonObject fields)
{
    fields.insert(QStringLiteral("pid"), QCoreApplication::applicationPid());
    fields.insert(QStringLiteral("startedAt"),
                  QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    return saveFileAtomically(path, QJsonDocument(fields).toJson(QJsonDocument::Compact),
                              QStringLiteral(".git/quarterdeck/") + QFileInfo(path).fileName());
}

void removeChangeRecord(const QString &path)
{
    if (QFileInfo::exists(path) && !QFile::remove(path))
        qCWarning(lcGit) << "cannot remove" << path;
}

Result<QJsonObject> readChangeRecord(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    QJsonParseError parseError;
    const QJsonObject record = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        // It is written whole or not at all: this is someone else's file.
        return Error{QStringLiteral("%1 is not a change record (%2): remove it if no change "
                                    "is in progress")
                             .arg(path, parseError.errorString())};
    }
    return record;
}

Result<QJsonObject> readDeadChangeRecord(const QString &path, const QString &what)
{
    auto record = readChangeRecord(path);
    if (!record)
        return record.error();
    const qint64 pid = record->value(QStringLiteral("pid")).toInteger();
    if (otherProcessRuns(pid))
        return Error{QStringLiteral("a %1 by process %2 is in progress since %3")
                             .arg(what)
                             .arg(pid)
                             .arg(record->value(QStringLiteral("startedAt")).toString())};
    return record;
}

QStringList removeStaleLocks(git_repository *repo, const QDateTime &since, const QString &branch)
{
    const QString gitDir = QString::fromUtf8(git_repository_path(repo));
    QStringList locks = {QStringLiteral("index.lock"), QStringLiteral("HEAD.lock")};
    if (!branch.isEmpty())
        locks.append(QStringLiteral("refs/heads/%1.lock").arg(branch));
    QStringList removed;
    for (const QString &lock : std::as_const(locks)) {
        const QString lockPath = QDir(gitDir).filePath(lock);
        QFileInfo info(lockPath);
        if (!info.exists() || info.lastModified().toUTC() < since.addSecs(-1))
            continue; // older than the change: not its lock
        // A git command of the user's holds its lock for milliseconds: one still there a
        // moment later, unchanged, was left by the dead change.
        const QDateTime seen = info.lastModified();
        const qint64 age = seen.msecsTo(QDateTime::currentDateTime());
        if (age < kLockSettleMs)
            QThread::msleep(ulong(kLockSettleMs - age));
        info.refresh();
        if (info.exists() && info.lastModified() == seen && QFile::remove(lockPath))
            removed.append(lock);
    }
    return removed;
}

Result<QString> ChangeJournal::recover()
{
    const QString path = journalPath();
    if (!QFileInfo::exists(path))
        return QString();
    auto record = readDeadChangeRecord(path, QStringLiteral("change"));
    if (!record)
        return record.error();
    return undoRecorded(*record, Locks::RemoveStale);
}

Result<QString> ChangeJournal::undo()
{
    auto record = readChangeRecord(journalPath());
    if (!record)
        return record.error();
    return undoRecorded(*record, Locks::Leave);
}

Result<QString> ChangeJournal::undoRecorded(const QJsonObject &record, Locks lockPolicy)
{
    const QString startedAt = record.value(QStringLiteral("startedAt")).toString();
    const QString head = record.value(QStringLiteral("head")).toString();
    const QString branch = record.value(QStringLiteral("branch")).toString();
    const QString workdir = QString::fromUtf8(git_repository_workdir(m_repo));
    const QJsonArray files = record.value(QStringLiteral("files")).toArray();
    const QString now = headId(m_repo);

    // The commit landed when HEAD moved on to a child of the recorded head holding every file.
    if (now != head) {
        bool landed = true;
        for (const QJsonValue &entry : files) {
            const QJsonObject f = entry.toObject();
            const auto committed =
                    committedFile(m_repo, now, f.value(QStringLiteral("path")).toString());
            if (!committed || *committed != decoded(f.value(QStringLiteral("after"))))
                landed = false;
        }
        end();
        if (landed)
            return QStringLiteral("the change interrupted at %1 had been committed").arg(startedAt);
        return QStringLiteral("a change interrupted at %1 was left as it was: HEAD moved since")
                .arg(startedAt);
    }

    // Not committed: the locks it held are its own (no other process runs the change), and
    // git would refuse every later commit while they stay.
    const QStringList removedLocks =
            lockPolicy == Locks::RemoveStale
                    ? removeStaleLocks(m_repo, QDateTime::fromString(startedAt, Qt::ISODateWithMs), branch)
                    : QStringList();
    QStringList restored;
    QStringList keptChanged;
    FileOriginals putBack;
    std::vector<QByteArray> pathBytes;
    for (const QJsonValue &entry : files) {
        const QJsonObject f = entry.toObject();
        const QString relative = f.value(QStringLiteral("path")).toString();
        const auto before = decoded(f.value(QStringLiteral("before")));
        const auto after = decoded(f.value(QStringLiteral("after")));
        const auto read = FileOverlay(workdir).read(relative); // the disk's bytes
        pathBytes.push_back(relative.toUtf8());
        const auto current = read ? *read : std::nullopt;
        if (read && current == before)
            continue;
        if (read && current == after) {
            putBack.insert(relative, before);
            restored.append(relative);
        } else {
            keptChanged.append(relative); // edited since (or unreadable): left as it is
        }
    }
    if (auto back = restoreFiles(QDir(workdir), putBack); !back)
        return Error{QStringLiteral("cannot undo the change interrupted at %1: %2")
                             .arg(startedAt, back.errorMessage())};
    // The index may already stage the new bytes: those entries go back to HEAD's.
    if (!pathBytes.empty() && !now.isEmpty()) {
        std::vector<char *> pointers;
        for (QByteArray &bytes : pathBytes)
            pointers.push_back(bytes.data());
        const git_strarray paths{pointers.data(), pointers.size()};
        git_object *target = nullptr;
        if (int rc = git_revparse_single(&target, m_repo, "HEAD"); rc < 0)
            return gitError(QStringLiteral("cannot read HEAD"), rc);
        GitObjectPtr targetPtr(target);
        if (int rc = git_reset_default(m_repo, targetPtr.get(), &paths); rc < 0)
            return gitError(QStringLiteral("cannot reset the index of the interrupted change"), rc);
    }
    end();
    QString said = QStringLiteral("a change interrupted at %1 was undone").arg(startedAt);
    if (!restored.isEmpty())
        said += QStringLiteral("; put back: %1").arg(restored.join(QLatin1String(", ")));
    if (!removedLocks.isEmpty())
        said += QStringLiteral("; removed its %1").arg(removedLocks.join(QLatin1String(", ")));
    if (!keptChanged.isEmpty())
        said += QStringLiteral("; changed since, kept: %1").arg(keptChanged.join(QLatin1String(", ")));
    qCWarning(lcGit).noquote() << said;
    return said;
}

} // namespace qd
