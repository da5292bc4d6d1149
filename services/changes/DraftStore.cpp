#include "services/changes/DraftStore.h"

#include "services/SaveFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>

namespace qd {

namespace {

const QLatin1String DraftSuffix(".draft");

// Drafts of two clones of the same remote must not mix: the folder is named after the clone.
QString repoKey(const QString &repoPath)
{
    QString canonical = QFileInfo(repoPath).canonicalFilePath();
    if (canonical.isEmpty())
        canonical = QDir::cleanPath(QDir(repoPath).absolutePath());
    return QString::fromLatin1(
            QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256)
                    .toHex()
                    .left(16));
}

// A repo-relative path that cannot climb out of the drafts folder.
bool isSafeRelativePath(const QString &path)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path) || path.startsWith(QLatin1Char('/')))
        return false;
    const QStringList parts = path.split(QLatin1Char('/'));
    return std::none_of(parts.begin(), parts.end(), [](const QString &part) {
        return part.isEmpty() || part == QLatin1String("..") || part == QLatin1String(".");
    });
}

} // namespace

DraftStore::DraftStore(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(DefaultAutosaveDelayMs);
    connect(m_timer, &QTimer::timeout, this, &DraftStore::flush);
}

DraftStore::~DraftStore()
{
    flush();
}

void DraftStore::setRepository(const QString &repoPath)
{
    flush();
    m_repoPath = repoPath;
    m_directory = repoPath.isEmpty()
                          ? QString()
                          : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                                    QLatin1String("/drafts/") + repoKey(repoPath);
}

QString DraftStore::directory() const
{
    return m_directory;
}

QString DraftStore::draftFilePath(const QString &relativePath) const
{
    if (m_directory.isEmpty() || !isSafeRelativePath(relativePath))
        return {};
    return m_directory + QLatin1Char('/') + relativePath + DraftSuffix;
}

void DraftStore::scheduleSave(const QString &relativePath, const QString &text)
{
    m_pending.insert(relativePath, text);
    m_timer->start();
}

void DraftStore::flush()
{
    m_timer->stop();
    const QHash<QString, QString> pending = std::exchange(m_pending, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        const Result<void> result = saveNow(it.key(), it.value());
        if (!result.ok())
            emit saveFailed(it.key(), result.error().message);
    }
}

Result<void> DraftStore::saveNow(const QString &relativePath, const QString &text)
{
    m_pending.remove(relativePath);
    const QString path = draftFilePath(relativePath);
    if (path.isEmpty())
        return Error{tr("Cannot keep a draft of '%1': no repository, or not a path inside it.")
                             .arg(relativePath)};
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error{tr("Cannot create the drafts folder %1.").arg(QFileInfo(path).absolutePath())};
    if (auto written = saveFileAtomically(path, text.toUtf8(), path); !written)
        return Error{tr("Cannot keep the draft: %1").arg(written.errorMessage())};
    emit saved(relativePath);
    return {};
}

void DraftStore::discard(const QString &relativePath)
{
    m_pending.remove(relativePath);
    const QString path = draftFilePath(relativePath);
    if (path.isEmpty())
        return;
    QFile::remove(path);
    // Leave no empty folders behind, up to the repo's drafts folder.
    QDir dir = QFileInfo(path).absoluteDir();
    while (dir.absolutePath().startsWith(m_directory + QLatin1Char('/')) &&
           dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString name = dir.dirName();
        if (!dir.cdUp() || !dir.rmdir(name))
            break;
    }
}

bool DraftStore::hasDraft(const QString &relativePath) const
{
    if (m_pending.contains(relativePath))
        return true;
    const QString path = draftFilePath(relativePath);
    return !path.isEmpty() && QFileInfo::exists(path);
}

QList<Draft> DraftStore::drafts() const
{
    QList<Draft> found;
    if (m_directory.isEmpty())
        return found;
    QDirIterator it(m_directory, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!path.endsWith(DraftSuffix))
            continue;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        Draft draft;
        draft.relativePath = path.mid(m_directory.size() + 1);
        draft.relativePath.chop(DraftSuffix.size());
        draft.text = QString::fromUtf8(file.readAll());
        draft.savedAt = it.fileInfo().lastModified();
        found << draft;
    }
    std::sort(found.begin(), found.end(),
              [](const Draft &a, const Draft &b) { return a.relativePath < b.relativePath; });
    return found;
}

void DraftStore::setAutosaveDelay(int milliseconds)
{
    m_timer->setInterval(milliseconds);
}

int DraftStore::autosaveDelay() const
{
    return m_timer->interval();
}

} // namespace qd
