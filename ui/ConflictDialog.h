#pragma once

#include "models/Change.h"

#include <QDialog>

class QButtonGroup;
class QLineEdit;

namespace qd {

// The remote changed a value our change also changed: for each one, show the value before either
// change, ours and theirs side by side, and let the user keep ours, theirs or type another.
// Nothing is chosen for the user: ours is preselected, the user confirms.
class ConflictDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Choice { Ours, Theirs, Other };

    explicit ConflictDialog(const QList<ValueConflict> &conflicts, QWidget *parent = nullptr);

    void choose(int index, Choice choice, const QString &otherValue = QString());
    // The edits to replay: each conflict's edit carrying the chosen value.
    QList<ValueEdit> resolution() const;

private:
    QList<ValueConflict> m_conflicts;
    QList<QButtonGroup *> m_groups;
    QList<QLineEdit *> m_others;
};

} // namespace qd
