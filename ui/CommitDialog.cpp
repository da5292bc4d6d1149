#include "ui/CommitDialog.h"

#include "ui/DiffView.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

namespace qd {

CommitDialog::CommitDialog(QWidget *parent)
    : QDialog(parent)
    , m_diff(new DiffView(this))
    , m_summary(new QLabel(this))
    , m_problemsLabel(new QLabel(this))
    , m_problems(new QListWidget(this))
    , m_subject(new QLineEdit(this))
    , m_body(new QPlainTextEdit(this))
    , m_changeRequest(new QLineEdit(this))
    , m_onCurrent(new QRadioButton(this))
    , m_onReview(new QRadioButton(tr("New review &branch:"), this))
    , m_reviewBranch(new QLineEdit(this))
    , m_author(new QLineEdit(this))
    , m_trailers(new QLabel(this))
    , m_push(new QCheckBox(tr("&Push after commit"), this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Commit change"));
    m_diff->setObjectName(QStringLiteral("commitDiff"));
    m_problems->setObjectName(QStringLiteral("commitProblems"));
    m_subject->setObjectName(QStringLiteral("commitSubject"));
    m_status->setObjectName(QStringLiteral("commitStatus"));
    m_changeRequest->setObjectName(QStringLiteral("commitChangeRequest"));
    m_push->setObjectName(QStringLiteral("commitPush"));
    m_summary->setText(tr("Review the change. Nothing is committed until you press Commit."));

    m_problemsLabel->setText(
            tr("<b>The fleet does not validate with this change.</b> The commit is refused "
               "until these problems are fixed:"));
    m_problemsLabel->setWordWrap(true);
    m_problems->setMaximumHeight(120);

    m_subject->setPlaceholderText(tr("What the change does, in one line"));
    m_body->setPlaceholderText(tr("Why (optional)"));
    m_body->setTabChangesFocus(true);
    m_body->setMaximumHeight(90);
    m_changeRequest->setPlaceholderText(tr("e.g. CR-1234 (optional)"));
    m_author->setPlaceholderText(tr("Name <email> (empty: settings, then git config)"));
    m_onCurrent->setChecked(true);
    m_reviewBranch->setEnabled(false);
    auto *branchGroup = new QButtonGroup(this);
    branchGroup->addButton(m_onCurrent);
    branchGroup->addButton(m_onReview);
    m_trailers->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);

    auto *branchRow = new QHBoxLayout;
    branchRow->addWidget(m_onReview);
    branchRow->addWidget(m_reviewBranch, 1);

    auto *form = new QFormLayout;
    form->addRow(tr("&Subject:"), m_subject);
    form->addRow(tr("B&ody:"), m_body);
    form->addRow(tr("&Change-Request:"), m_changeRequest);
    form->addRow(tr("Commit on:"), m_onCurrent);
    form->addRow(QString(), branchRow);
    form->addRow(tr("&Author:"), m_author);
    form->addRow(tr("Trailers:"), m_trailers);
    form->addRow(QString(), m_push);

    auto *buttons = new QDialogButtonBox(this);
    m_commit = buttons->addButton(tr("&Commit"), QDialogButtonBox::AcceptRole);
    m_commit->setObjectName(QStringLiteral("commitButton"));
    m_commit->setToolTip(tr("Commit the change (Ctrl+Enter)"));
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    // Only Ctrl+Enter commits: a plain Enter in the subject must not commit by accident.
    m_commit->setAutoDefault(false);
    cancel->setAutoDefault(false);
    connect(m_commit, &QPushButton::clicked, this, &CommitDialog::requestCommit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (const QKeySequence &keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, this);
        connect(shortcut, &QShortcut::activated, this, &CommitDialog::requestCommit);
    }

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_diff, 1);
    layout->addWidget(m_problemsLabel);
    layout->addWidget(m_problems);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_subject, &QLineEdit::textChanged, this, [this] {
        updateReviewBranch();
        updateState();
    });
    connect(m_reviewBranch, &QLineEdit::textEdited, this, [this] {
        m_reviewBranchEdited = true;
        updateState();
    });
    connect(m_onReview, &QRadioButton::toggled, this, [this](bool on) {
        m_reviewBranch->setEnabled(on);
        updateState();
    });
    connect(m_author, &QLineEdit::textChanged, this, &CommitDialog::updateState);
    connect(m_changeRequest, &QLineEdit::textChanged, this, &CommitDialog::updateState);

    setCurrentBranch(QString());
    setProblems({});
    resize(820, 680);
    m_subject->setFocus();
    updateReviewBranch();
    updateState();
}

void CommitDialog::setChange(const QList<ValueEdit> &edits, const QList<FileText> &files)
{
    m_edits = edits;
    m_files = files;
    updateState();
}

void CommitDialog::setPreview(const ChangePreview &preview)
{
    m_hasPreview = true;
    m_diff->setDiff(preview.unifiedDiff);
    const QString files =
            preview.files.size() == 1 ? tr("1 file") : tr("%1 files").arg(preview.files.size());
    m_summary->setText(tr("Review the change: %1, +%2 -%3. Nothing is committed until you "
                          "press Commit.")
                               .arg(files)
                               .arg(m_diff->addedLines())
                               .arg(m_diff->removedLines()));
    setProblems(preview.problems);
    updateState();
}

void CommitDialog::setCurrentBranch(const QString &branch)
{
    m_onCurrent->setText(branch.isEmpty() ? tr("The c&urrent branch")
                                          : tr("The c&urrent branch (%1)").arg(branch));
}

void CommitDialog::setUserName(const QString &user)
{
    m_user = user;
    updateReviewBranch();
}

void CommitDialog::setSubject(const QString &subject)
{
    m_subject->setText(subject);
}

void CommitDialog::setPushAfterCommit(PushAfterCommit push)
{
    m_push->setChecked(push == PushAfterCommit::Push);
}

void CommitDialog::showRefusal(const QString &message, const Diagnostics &problems)
{
    m_busy = false;
    setProblems(problems);
    m_status->setText(tr("<b>Not committed:</b> %1").arg(message.toHtmlEscaped()));
    updateState();
}

void CommitDialog::setProblems(const Diagnostics &problems)
{
    m_problems->clear();
    const QIcon icon = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    for (const Diagnostic &problem : problems)
        m_problems->addItem(new QListWidgetItem(icon, problem.toString()));
    m_problemsLabel->setVisible(!problems.isEmpty());
    m_problems->setVisible(!problems.isEmpty());
}

QStringList CommitDialog::problemTexts() const
{
    QStringList texts;
    for (int row = 0; row < m_problems->count(); ++row)
        texts << m_problems->item(row)->text();
    return texts;
}

std::optional<CommitAuthor> CommitDialog::parseAuthor(const QString &text)
{
    if (text.trimmed().isEmpty())
        return CommitAuthor{};
    static const QRegularExpression pattern(
            QStringLiteral("^\\s*([^<>]+?)\\s*<([^<>\\s]+@[^<>\\s]+)>\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    return CommitAuthor{match.captured(1), match.captured(2)};
}

QString CommitDialog::topicFromSubject(const QString &subject)
{
    static const QRegularExpression separators(QStringLiteral("[^a-z0-9.]+"));
    QString topic = subject.toLower().replace(separators, QStringLiteral("-"));
    topic = topic.left(48);
    while (topic.startsWith(QLatin1Char('-')) || topic.startsWith(QLatin1Char('.')))
        topic.remove(0, 1);
    while (topic.endsWith(QLatin1Char('-')) || topic.endsWith(QLatin1Char('.')))
        topic.chop(1);
    return topic;
}

void CommitDialog::updateReviewBranch()
{
    if (m_reviewBranchEdited)
        return;
    m_reviewBranch->setText(reviewBranchName(m_user, topicFromSubject(m_subject->text())));
}

bool CommitDialog::canCommit() const
{
    if (m_busy || !m_hasPreview || m_diff->diff().trimmed().isEmpty() || m_problems->count() > 0)
        return false;
    if (m_subject->text().trimmed().isEmpty() || !parseAuthor(m_author->text()))
        return false;
    return !m_onReview->isChecked() || isValidBranchName(m_reviewBranch->text());
}

void CommitDialog::updateState()
{
    const CommitRequest pending = request();
    QStringList trailers;
    for (const Trailer &trailer :
         changeTrailers(pending.edits, pending.files, pending.changeRequestId))
        trailers << trailer.key + QLatin1String(": ") + trailer.value;
    m_trailers->setText(trailers.isEmpty() ? tr("none") : trailers.join(QLatin1String(", ")));

    QString why;
    if (m_busy)
        why = tr("Committing…");
    else if (m_hasPreview && m_diff->diff().trimmed().isEmpty())
        why = tr("There is nothing to commit: the change leaves every file as it is.");
    else if (!parseAuthor(m_author->text()))
        why = tr("Write the author as Name <email>, or leave it empty.");
    else if (m_onReview->isChecked() && !isValidBranchName(m_reviewBranch->text()))
        why = tr("'%1' is not a valid branch name.").arg(m_reviewBranch->text());
    if (!why.isEmpty() || m_status->text().isEmpty() || canCommit())
        m_status->setText(why.toHtmlEscaped());
    m_commit->setEnabled(canCommit());
}

CommitRequest CommitDialog::request() const
{
    CommitRequest request;
    request.edits = m_edits;
    request.files = m_files;
    request.subject = m_subject->text().trimmed();
    request.body = m_body->toPlainText().trimmed();
    request.changeRequestId = m_changeRequest->text().trimmed();
    if (m_onReview->isChecked())
        request.branch = m_reviewBranch->text();
    request.author = parseAuthor(m_author->text()).value_or(CommitAuthor{});
    request.push = m_push->isChecked() ? PushAfterCommit::Push : PushAfterCommit::KeepLocal;
    return request;
}

void CommitDialog::keyPressEvent(QKeyEvent *event)
{
    // QDialog would press the default button on a plain Enter: a commit takes Ctrl+Enter.
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ControlModifier)) {
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

void CommitDialog::requestCommit()
{
    if (!canCommit())
        return;
    m_busy = true;
    updateState();
    emit commitRequested(request());
}

} // namespace qd
