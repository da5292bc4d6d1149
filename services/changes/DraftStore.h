#pragma once

#include "models/Result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

class QTimer;

namespace qd {

// Editor text the user has not committed yet, kept on disk so a crash loses nothing.
struct Draft
{
    QString relativePath; // the repo file it belongs to, relative to the repo root
    QString text;
    QDateTime savedAt;
};

// Autosaves drafts to AppLocalDataLocation/drafts/<repo-hash>/<path>.draft a second after the
// last change, atomically (QSaveFile: a crash mid-write leaves the previous draft whole). The
// ".draft" suffix keeps QSaveFile's temporary files and anything else out of the listing.
// A draft is removed when its change is committed or discarded.
class DraftStore : public QObject
{
    Q_OBJECT
public:
    explicit DraftStore(QObject *parent = nullptr);
    // Pending drafts are written before the store goes away (a normal quit loses nothing either).
    ~DraftStore() override;

    // The repo whose drafts this store keeps; pending drafts of the previous repo are written.
    void setRepository(const QString &repoPath);
    QString repository() const { return m_repoPath; }
    QString directory() const; // empty until a repository is set

    // Remembers the text and writes it once no change has come for autosaveDelay().
    void scheduleSave(const QString &relativePath, const QString &text);
    Result<void> saveNow(const QString &relativePath, const QString &text);
    // Writes every scheduled draft at once.
    void flush();
    void discard(const QString &relativePath);

    bool hasDraft(const QString &relativePath) const;
    QList<Draft> drafts() const; // sorted by path
    QString draftFilePath(const QString &relativePath) const;

    void setAutosaveDelay(int milliseconds);
    int autosaveDelay() const;

    static constexpr int DefaultAutosaveDelayMs = 1000;

signals:
    void saved(const QString &relativePath);
    void saveFailed(const QString &relativePath, const QString &message);

private:
    QString m_repoPath;
    QString m_directory;
    QHash<QString, QString> m_pending; // path -> text not yet written
    QTimer *m_timer = nullptr;
};

} // namespace qd
