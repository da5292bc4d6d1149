#pragma once

#include "models/ChangeRequest.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;

namespace qd {

class DiffView;

// Shows the exact diff of a pending change before anything is committed, with the problems the
// whole fleet would have; asks for the subject, body, Change-Request id, branch (current or a new
// review branch quarterdeck/<user>/<topic>), author and whether to push. Commit stays disabled
// while there are problems. Pressing Commit (or Ctrl+Enter) emits commitRequested() and waits:
// the caller answers with accept() once committed, or showRefusal() when the service said no.
class CommitDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CommitDialog(QWidget *parent = nullptr);

    // The change to commit: what the preview was made from, carried into the request.
    void setChange(const QList<ValueEdit> &edits, const QList<FileText> &files);
    void setPreview(const ChangePreview &preview);
    void setCurrentBranch(const QString &branch);
    void setUserName(const QString &user);
    void setSubject(const QString &subject);
    void setPushAfterCommit(PushAfterCommit push);

    // The service refused the commit: the problems are listed and the dialog stays open.
    void showRefusal(const QString &message, const Diagnostics &problems);

    CommitRequest request() const;
    bool canCommit() const;
    QStringList problemTexts() const;

    DiffView *diffView() const { return m_diff; }
    QPushButton *commitButton() const { return m_commit; }
    QLineEdit *subjectEdit() const { return m_subject; }

    // "Name <email>" -> author; empty text -> empty author (settings, then git config).
    static std::optional<CommitAuthor> parseAuthor(const QString &text);
    static QString topicFromSubject(const QString &subject);

signals:
    void commitRequested(const qd::CommitRequest &request);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateState();
    void updateReviewBranch();
    void setProblems(const Diagnostics &problems);
    void requestCommit();

    DiffView *m_diff = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_problemsLabel = nullptr;
    QListWidget *m_problems = nullptr;
    QLineEdit *m_subject = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QLineEdit *m_changeRequest = nullptr;
    QRadioButton *m_onCurrent = nullptr;
    QRadioButton *m_onReview = nullptr;
    QLineEdit *m_reviewBranch = nullptr;
    QLineEdit *m_author = nullptr;
    QLabel *m_trailers = nullptr;
    QCheckBox *m_push = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_commit = nullptr;

    QList<ValueEdit> m_edits;
    QList<FileText> m_files;
    QString m_user;
    bool m_hasPreview = false;
    bool m_busy = false;
    bool m_reviewBranchEdited = false; // stop following the subject once the user typed a name
};

} // namespace qd
