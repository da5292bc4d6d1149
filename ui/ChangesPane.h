#pragma once

#include "models/ChangeRequest.h"
#include "models/Fleet.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QListWidget;
class QMessageBox;
class QProgressBar;
class QPushButton;
class QWidget;

namespace qd {

class ChangeService;
class CommitDialog;
class ConflictDialog;
class DraftStore;
class YamlEditor;

// The "Changes" tab: the repo's YAML files to open in the editor, "Edit value…" for the selected
// customer's zone, the review-and-commit flow (preview diff -> CommitDialog -> ChangeService),
// commits not yet pushed with a Push button, fetch/push progress with Cancel, conflicts and
// unknown SSH host keys handed to the user, and drafts autosaved through DraftStore.
class ChangesPane : public QWidget
{
    Q_OBJECT
public:
    ChangesPane(ChangeService *service, DraftStore *drafts, QWidget *parent = nullptr);
    ~ChangesPane() override;

    void setFleet(const FleetSnapshot &fleet);
    void setSelectedCustomer(const QString &customerId);
    // The login name for review branches (quarterdeck/<user>/<topic>).
    void setUserName(const QString &user);

    // Opens a repo file in the editor (its draft instead, when one is kept). Asynchronous.
    void openFile(const QString &relativePath);
    QString currentFile() const { return m_currentFile; }
    // Open an "Edit value…" dialog, preselected with the selected customer; non-modal.
    void editValue();
    // Preview the editor's text as a change and open the commit dialog with its diff.
    void reviewEditorChange();
    void saveDraft();
    void discardDraft();
    void restoreDrafts();
    void discardAllDrafts();

    YamlEditor *editor() const { return m_editor; }
    QListWidget *fileList() const { return m_files; }
    QListWidget *unpushedList() const { return m_unpushed; }
    CommitDialog *commitDialog() const; // the open one, or null
    QList<QAction *> menuActions() const;
    QString statusText() const;

signals:
    // A commit was made: the window reloads the fleet.
    void committed(const qd::CommitOutcome &outcome);
    // The editor finished loading a file (or its draft).
    void fileOpened(const QString &relativePath);

private:
    void createActions();
    void connectService();
    void showStatus(const QString &text);
    void showFileText(const QString &relativePath, const QString &text);
    void reloadFileList();
    void markDrafts();
    void onPreview(const ChangePreview &preview);
    void onCommitted(const CommitOutcome &outcome);
    void onRefused(const QString &message, const Diagnostics &problems);
    void onConflict(const QList<ValueConflict> &conflicts);
    void onHostKeyUnknown(const QString &host, const QString &fingerprint);
    void onUnpushed(const QStringList &commits);
    void onBusy(bool busy);

    ChangeService *m_service;
    DraftStore *m_drafts;
    FleetSnapshot m_fleet;
    QString m_repoPath;
    QString m_selectedCustomer;
    QString m_user;
    QString m_currentFile;
    QString m_diskText; // the file's committed text, to tell a real draft from no change
    quint64 m_openGeneration = 0;
    bool m_loadingFile = false;

    // What the pending preview was made from; carried into the commit request.
    QList<ValueEdit> m_previewEdits;
    QList<FileText> m_previewFiles;

    YamlEditor *m_editor = nullptr;
    QListWidget *m_files = nullptr;
    QListWidget *m_unpushed = nullptr;
    QLabel *m_fileLabel = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_draftBanner = nullptr;
    QLabel *m_draftLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_push = nullptr;
    QAction *m_editValueAction = nullptr;
    QAction *m_saveDraftAction = nullptr;
    QAction *m_discardAction = nullptr;
    QAction *m_reviewAction = nullptr;
    QAction *m_fetchAction = nullptr;
    QAction *m_pushAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QPointer<CommitDialog> m_commitDialog;
    QPointer<ConflictDialog> m_conflictDialog;
    QPointer<QMessageBox> m_hostKeyPrompt;
};

} // namespace qd
