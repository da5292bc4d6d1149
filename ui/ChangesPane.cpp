#include "ui/ChangesPane.h"

#include "services/Async.h"
#include "services/changes/ChangeService.h"
#include "services/changes/DraftStore.h"
#include "services/changes/RepoFiles.h"
#include "ui/CommitDialog.h"
#include "ui/ConflictDialog.h"
#include "ui/EditValueDialog.h"
#include "ui/YamlEditor.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace qd {

namespace {

QToolButton *buttonFor(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

QString shortId(const QString &commitId)
{
    return commitId.left(7);
}

} // namespace

ChangesPane::ChangesPane(ChangeService *service, DraftStore *drafts, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_drafts(drafts)
    , m_editor(new YamlEditor(this))
    , m_files(new QListWidget(this))
    , m_unpushed(new QListWidget(this))
    , m_fileLabel(new QLabel(tr("Open a file from the list (Enter) to edit it."), this))
    , m_status(new QLabel(this))
    , m_draftBanner(new QWidget(this))
    , m_draftLabel(new QLabel(m_draftBanner))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_push(new QPushButton(tr("&Push"), this))
{
    m_files->setObjectName(QStringLiteral("changesFiles"));
    m_unpushed->setObjectName(QStringLiteral("unpushedCommits"));
    m_status->setObjectName(QStringLiteral("changesStatus"));
    m_draftBanner->setObjectName(QStringLiteral("draftBanner"));
    m_push->setObjectName(QStringLiteral("pushButton"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_editor->setEnabled(false);
    m_unpushed->setMaximumHeight(80);
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_push->setEnabled(false);
    createActions();

    auto *restore = new QPushButton(tr("&Restore drafts"), m_draftBanner);
    restore->setObjectName(QStringLiteral("restoreDrafts"));
    auto *discardAll = new QPushButton(tr("Discard drafts"), m_draftBanner);
    discardAll->setObjectName(QStringLiteral("discardDrafts"));
    auto *bannerLayout = new QHBoxLayout(m_draftBanner);
    bannerLayout->setContentsMargins(0, 0, 0, 0);
    auto *bannerIcon = new QLabel(m_draftBanner);
    bannerIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(16, 16));
    bannerLayout->addWidget(bannerIcon);
    bannerLayout->addWidget(m_draftLabel, 1);
    bannerLayout->addWidget(restore);
    bannerLayout->addWidget(discardAll);
    m_draftBanner->setVisible(false);
    connect(restore, &QPushButton::clicked, this, &ChangesPane::restoreDrafts);
    connect(discardAll, &QPushButton::clicked, this, &ChangesPane::discardAllDrafts);

    auto *toolbar = new QHBoxLayout;
    for (QAction *action :
         {m_editValueAction, m_saveDraftAction, m_discardAction, m_reviewAction, m_fetchAction})
        toolbar->addWidget(buttonFor(action, this));
    toolbar->addStretch();

    auto *editorSide = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editorSide);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_fileLabel);
    editorLayout->addWidget(m_editor, 1);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_files);
    splitter->addWidget(editorSide);
    splitter->setStretchFactor(1, 3);

    auto *transfer = new QHBoxLayout;
    transfer->addWidget(m_progress, 1);
    transfer->addWidget(m_cancel);
    auto *unpushedRow = new QHBoxLayout;
    unpushedRow->addWidget(m_unpushed, 1);
    unpushedRow->addWidget(m_push, 0, Qt::AlignTop);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_draftBanner);
    layout->addLayout(toolbar);
    layout->addWidget(splitter, 1);
    layout->addWidget(new QLabel(tr("Commits not pushed:"), this));
    layout->addLayout(unpushedRow);
    layout->addLayout(transfer);
    layout->addWidget(m_status);

    connect(m_files, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { openFile(item->data(Qt::UserRole).toString()); });
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loadingFile || m_currentFile.isEmpty())
            return;
        const QString text = m_editor->toPlainText();
        if (text == m_diskText)
            m_drafts->discard(m_currentFile); // typed back to the committed text: no draft
        else
            m_drafts->scheduleSave(m_currentFile, text);
    });
    connect(m_drafts, &DraftStore::saved, this, &ChangesPane::markDrafts);
    connect(m_drafts, &DraftStore::saveFailed, this,
            [this](const QString &, const QString &message) { showStatus(message); });
    connect(m_push, &QPushButton::clicked, m_pushAction, &QAction::trigger);
    connect(m_cancel, &QPushButton::clicked, m_cancelAction, &QAction::trigger);
    connectService();
}

ChangesPane::~ChangesPane() = default;

void ChangesPane::createActions()
{
    const auto make = [this](const QString &text, const QKeySequence &keys, auto slot) {
        auto *action = new QAction(text, this);
        action->setShortcut(keys);
        action->setShortcutVisibleInContextMenu(true);
        if (!keys.isEmpty()) {
            const QString plain = QString(text).remove(QLatin1Char('&'));
            action->setToolTip(
                    QStringLiteral("%1 (%2)").arg(plain, keys.toString(QKeySequence::NativeText)));
        }
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_editValueAction =
            make(tr("&Edit value…"), QKeySequence(Qt::CTRL | Qt::Key_E), &ChangesPane::editValue);
    m_saveDraftAction = make(tr("&Save draft"), QKeySequence::Save, &ChangesPane::saveDraft);
    m_discardAction = make(tr("&Discard draft"), QKeySequence(), &ChangesPane::discardDraft);
    m_reviewAction = make(tr("&Review and commit…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                          &ChangesPane::reviewEditorChange);
    m_fetchAction = make(tr("&Fetch"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
                         [this] { m_service->fetch(); });
    m_pushAction = make(tr("&Push"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                        [this] { m_service->push(); });
    m_cancelAction = make(tr("&Cancel transfer"), QKeySequence(), [this] {
        m_service->cancel();
        showStatus(tr("Cancelling…"));
    });
    m_cancelAction->setEnabled(false);
}

QList<QAction *> ChangesPane::menuActions() const
{
    return {m_editValueAction, m_saveDraftAction, m_discardAction, m_reviewAction,
            m_fetchAction,     m_pushAction,      m_cancelAction};
}

void ChangesPane::connectService()
{
    connect(m_service, &ChangeService::previewReady, this, &ChangesPane::onPreview);
    connect(m_service, &ChangeService::committed, this, &ChangesPane::onCommitted);
    connect(m_service, &ChangeService::refused, this, &ChangesPane::onRefused);
    connect(m_service, &ChangeService::conflict, this, &ChangesPane::onConflict);
    connect(m_service, &ChangeService::hostKeyUnknown, this, &ChangesPane::onHostKeyUnknown);
    connect(m_service, &ChangeService::unpushedCommits, this, &ChangesPane::onUnpushed);
    connect(m_service, &ChangeService::busyChanged, this, &ChangesPane::onBusy);
    connect(m_service, &ChangeService::pushFinished, this, [this](const CommitOutcome &outcome) {
        showStatus(outcome.pushed ? tr("Pushed %1.").arg(outcome.branch)
                                  : tr("Not pushed: %1").arg(outcome.pushMessage));
    });
    connect(m_service, &ChangeService::fetched, this, &ChangesPane::showStatus);
    connect(m_service, &ChangeService::failed, this, &ChangesPane::showStatus);
    connect(m_service, &ChangeService::recovered, this, &ChangesPane::showStatus);
    connect(m_service, &ChangeService::transferProgress, this,
            [this](qint64 received, qint64 total) {
                m_progress->setVisible(true);
                // Counts can exceed int: show a per-mille.
                m_progress->setRange(0, total > 0 ? 1000 : 0);
                m_progress->setValue(total > 0 ? int(received * 1000 / total) : 0);
            });
}

void ChangesPane::setFleet(const FleetSnapshot &fleet)
{
    m_fleet = fleet;
    if (fleet.repoPath != m_repoPath) {
        m_repoPath = fleet.repoPath;
        m_service->setRepository(m_repoPath);
        m_drafts->setRepository(m_repoPath);
        m_currentFile.clear();
        m_editor->setEnabled(false);
        const int kept = int(m_drafts->drafts().size());
        m_draftLabel->setText(tr("%n draft(s) of uncommitted edits were kept from an earlier "
                                 "session.",
                                 nullptr, kept));
        m_draftBanner->setVisible(kept > 0);
    } else if (!m_currentFile.isEmpty() && m_editor->toPlainText() == m_diskText) {
        // Reloaded after a commit or a fetch: the open file may have changed under the editor.
        // Text the user changed is kept as it is (and as a draft).
        openFile(m_currentFile);
    }
    reloadFileList();
}

void ChangesPane::setSelectedCustomer(const QString &customerId)
{
    m_selectedCustomer = customerId;
}

void ChangesPane::setUserName(const QString &user)
{
    m_user = user;
}

void ChangesPane::reloadFileList()
{
    const QString repo = m_repoPath;
    runThen(this, [repo] { return listYamlFiles(repo); }, [this, repo](const QStringList &files) {
        if (repo != m_repoPath)
            return;
        m_files->clear();
        for (const QString &file : files) {
            auto *item = new QListWidgetItem(file, m_files);
            item->setData(Qt::UserRole, file);
        }
        markDrafts();
    });
}

void ChangesPane::markDrafts()
{
    for (int row = 0; row < m_files->count(); ++row) {
        QListWidgetItem *item = m_files->item(row);
        const QString path = item->data(Qt::UserRole).toString();
        // Text as well as an icon: the marker must not rely on colour or a picture alone.
        const bool draft = m_drafts->hasDraft(path);
        item->setText(draft ? tr("%1 (draft)").arg(path) : path);
        item->setIcon(draft ? style()->standardIcon(QStyle::SP_FileDialogDetailedView) : QIcon());
    }
}

void ChangesPane::openFile(const QString &relativePath)
{
    m_drafts->flush();
    const quint64 generation = ++m_openGeneration;
    const QString repo = m_repoPath;
    runThen(this, [repo, relativePath] { return readRepoFile(repo, relativePath); },
            [this, generation, relativePath](const Result<QString> &text) {
                if (generation != m_openGeneration)
                    return;
                if (!text.ok()) {
                    showStatus(text.error().message);
                    return;
                }
                m_diskText = text.value();
                QString shown = m_diskText;
                for (const Draft &draft : m_drafts->drafts()) {
                    if (draft.relativePath == relativePath) {
                        shown = draft.text;
                        showStatus(tr("Restored your draft of %1 from %2. Discard draft goes "
                                      "back to the committed text.")
                                           .arg(relativePath,
                                                QLocale().toString(draft.savedAt,
                                                                   QLocale::ShortFormat)));
                    }
                }
                showFileText(relativePath, shown);
            });
}

void ChangesPane::showFileText(const QString &relativePath, const QString &text)
{
    m_loadingFile = true;
    m_currentFile = relativePath;
    m_editor->setEnabled(true);
    m_editor->setDocumentName(relativePath);
    m_editor->setPlainText(text);
    m_loadingFile = false;
    m_editor->validateNow();
    m_fileLabel->setText(relativePath);
    emit fileOpened(relativePath);
}

void ChangesPane::saveDraft()
{
    if (m_currentFile.isEmpty())
        return;
    const Result<void> saved = m_drafts->saveNow(m_currentFile, m_editor->toPlainText());
    showStatus(saved.ok() ? tr("Draft of %1 saved.").arg(m_currentFile) : saved.errorMessage());
    markDrafts();
}

void ChangesPane::discardDraft()
{
    if (m_currentFile.isEmpty())
        return;
    m_drafts->discard(m_currentFile);
    showFileText(m_currentFile, m_diskText);
    markDrafts();
    showStatus(tr("Draft of %1 discarded.").arg(m_currentFile));
}

void ChangesPane::restoreDrafts()
{
    m_draftBanner->setVisible(false);
    const QList<Draft> kept = m_drafts->drafts();
    if (!kept.isEmpty())
        openFile(kept.first().relativePath);
}

void ChangesPane::discardAllDrafts()
{
    m_draftBanner->setVisible(false);
    for (const Draft &draft : m_drafts->drafts())
        m_drafts->discard(draft.relativePath);
    markDrafts();
}

void ChangesPane::editValue()
{
    auto *dialog = new EditValueDialog(m_fleet, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("editValueDialog"));
    const Customer *customer = m_fleet.customer(m_selectedCustomer);
    if (customer)
        dialog->select(customer->id, ZoneKind::Red);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_previewEdits = {dialog->edit()};
        m_previewFiles.clear();
        showStatus(tr("Preparing the diff…"));
        m_service->previewEdits(m_previewEdits);
    });
    dialog->open();
}

void ChangesPane::reviewEditorChange()
{
    if (m_currentFile.isEmpty()) {
        showStatus(tr("Open a file first, or use Edit value…"));
        return;
    }
    m_previewEdits.clear();
    m_previewFiles = {FileText{m_currentFile, m_editor->toPlainText().toUtf8()}};
    showStatus(tr("Preparing the diff…"));
    m_service->previewFileText(m_currentFile, m_previewFiles.first().text);
}

void ChangesPane::onPreview(const ChangePreview &preview)
{
    if (m_commitDialog)
        m_commitDialog->close();
    auto *dialog = new CommitDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setChange(m_previewEdits, m_previewFiles);
    dialog->setCurrentBranch(m_fleet.repo.branch);
    dialog->setUserName(m_user);
    if (m_previewEdits.size() == 1) {
        const ValueEdit &edit = m_previewEdits.first();
        dialog->setSubject(tr("Set %1 of %2 %3 to %4")
                                   .arg(edit.key.section(QLatin1Char('.'), -1), edit.customer,
                                        zoneKindName(edit.zone), edit.value));
    } else if (m_previewFiles.size() == 1) {
        dialog->setSubject(tr("Edit %1").arg(m_previewFiles.first().relativePath));
    }
    dialog->setPreview(preview);
    connect(dialog, &CommitDialog::commitRequested, m_service, &ChangeService::commit);
    m_commitDialog = dialog;
    showStatus(preview.problems.isEmpty()
                       ? tr("Review the diff and commit.")
                       : tr("The fleet would have %n problem(s): see the commit dialog.", nullptr,
                            int(preview.problems.size())));
    dialog->open();
}

void ChangesPane::onCommitted(const CommitOutcome &outcome)
{
    if (m_commitDialog)
        m_commitDialog->accept();
    for (const FileText &file : std::as_const(m_previewFiles)) {
        m_drafts->discard(file.relativePath);
        if (file.relativePath == m_currentFile)
            m_diskText = m_editor->toPlainText();
    }
    markDrafts();
    QString text = tr("Committed %1 on %2").arg(shortId(outcome.commitId), outcome.branch);
    if (outcome.pushed)
        text += tr(", pushed.");
    else if (outcome.push != PushResult::NotAttempted)
        text += tr(", not pushed: %1").arg(outcome.pushMessage);
    else
        text += tr(", not pushed yet.");
    showStatus(text);
    emit committed(outcome);
}

void ChangesPane::onRefused(const QString &message, const Diagnostics &problems)
{
    if (m_commitDialog && m_commitDialog->isVisible())
        m_commitDialog->showRefusal(message, problems);
    showStatus(tr("Not committed: %1").arg(message));
}

void ChangesPane::onConflict(const QList<ValueConflict> &conflicts)
{
    auto *dialog = new ConflictDialog(conflicts, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("conflictDialog"));
    connect(dialog, &QDialog::finished, this, [this, dialog](int result) {
        // Cancel answers with no values: the replay stops and the commit stays local.
        m_service->resolveConflicts(result == QDialog::Accepted ? dialog->resolution()
                                                                : QList<ValueEdit>{});
    });
    m_conflictDialog = dialog;
    showStatus(tr("The remote changed the same values: choose which to keep."));
    dialog->open();
}

void ChangesPane::onHostKeyUnknown(const QString &host, const QString &fingerprint)
{
    auto *prompt = new QMessageBox(QMessageBox::Warning, tr("Unknown SSH host key"),
                                   tr("The SSH host key of %1 is not in known_hosts.\n\n"
                                      "Fingerprint: %2\n\nTrust it only if it matches the "
                                      "fingerprint your git host publishes.")
                                           .arg(host, fingerprint),
                                   QMessageBox::NoButton, this);
    prompt->setObjectName(QStringLiteral("hostKeyPrompt"));
    prompt->setAttribute(Qt::WA_DeleteOnClose);
    prompt->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPushButton *trust = prompt->addButton(tr("&Trust this key"), QMessageBox::AcceptRole);
    QPushButton *reject = prompt->addButton(tr("&Reject"), QMessageBox::RejectRole);
    // Enter or Escape rejects: accepting a key always takes a deliberate choice.
    prompt->setDefaultButton(reject);
    prompt->setEscapeButton(reject);
    connect(prompt, &QMessageBox::finished, this,
            [this, prompt, trust] { m_service->answerHostKey(prompt->clickedButton() == trust); });
    m_hostKeyPrompt = prompt;
    prompt->open();
}

void ChangesPane::onUnpushed(const QStringList &commits)
{
    m_unpushed->clear();
    for (const QString &commit : commits)
        m_unpushed->addItem(tr("%1 (not pushed)").arg(commit));
    m_push->setEnabled(!commits.isEmpty());
}

void ChangesPane::onBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    m_cancelAction->setEnabled(busy);
    if (busy)
        m_progress->setRange(0, 0);
    for (QAction *action : {m_fetchAction, m_pushAction})
        action->setEnabled(!busy);
    m_push->setEnabled(!busy && m_unpushed->count() > 0);
}

void ChangesPane::showStatus(const QString &text)
{
    m_status->setText(text);
}

CommitDialog *ChangesPane::commitDialog() const
{
    return m_commitDialog;
}

QString ChangesPane::statusText() const
{
    return m_status->text();
}

} // namespace qd
