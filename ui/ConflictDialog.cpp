#include "ui/ConflictDialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace qd {

namespace {

QString shown(const QString &value)
{
    return value.isEmpty() ? QObject::tr("(not set)") : value;
}

} // namespace

ConflictDialog::ConflictDialog(const QList<ValueConflict> &conflicts, QWidget *parent)
    : QDialog(parent)
    , m_conflicts(conflicts)
{
    setWindowTitle(tr("Resolve conflicting changes"));
    auto *intro = new QLabel(
            tr("While your change waited to be pushed, the remote changed the same values. "
               "Choose the value to keep for each; your commit is replayed on the remote's "
               "newest commit with your choices. Cancel keeps your commit local, not pushed."),
            this);
    intro->setWordWrap(true);

    auto *content = new QWidget;
    auto *rows = new QVBoxLayout(content);
    for (int index = 0; index < conflicts.size(); ++index) {
        const ValueConflict &conflict = conflicts.at(index);
        auto *box = new QGroupBox(QStringLiteral("%1 / %2: %3")
                                          .arg(conflict.edit.customer,
                                               zoneKindName(conflict.edit.zone), conflict.edit.key),
                                  content);
        auto *grid = new QGridLayout(box);
        auto *group = new QButtonGroup(box);
        auto *ours = new QRadioButton(tr("Keep &mine: %1").arg(shown(conflict.edit.value)), box);
        auto *theirs =
                new QRadioButton(tr("Keep &theirs: %1").arg(shown(conflict.theirValue)), box);
        auto *other = new QRadioButton(tr("&Another value:"), box);
        auto *otherValue = new QLineEdit(box);
        ours->setObjectName(QStringLiteral("ours%1").arg(index));
        theirs->setObjectName(QStringLiteral("theirs%1").arg(index));
        otherValue->setEnabled(false);
        group->addButton(ours, int(Choice::Ours));
        group->addButton(theirs, int(Choice::Theirs));
        group->addButton(other, int(Choice::Other));
        ours->setChecked(true);
        connect(other, &QRadioButton::toggled, otherValue, &QLineEdit::setEnabled);
        grid->addWidget(
                new QLabel(tr("Before both changes: %1").arg(shown(conflict.baseValue)), box), 0, 0,
                1, 2);
        grid->addWidget(ours, 1, 0, 1, 2);
        grid->addWidget(theirs, 2, 0, 1, 2);
        grid->addWidget(other, 3, 0);
        grid->addWidget(otherValue, 3, 1);
        rows->addWidget(box);
        m_groups << group;
        m_others << otherValue;
    }
    rows->addStretch();
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(tr("&Replay with these values"), QDialogButtonBox::AcceptRole);
    buttons->addButton(tr("Keep my commit &local"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(scroll, 1);
    layout->addWidget(buttons);
    resize(560, 380);
}

void ConflictDialog::choose(int index, Choice choice, const QString &otherValue)
{
    m_groups.at(index)->button(int(choice))->setChecked(true);
    if (choice == Choice::Other)
        m_others.at(index)->setText(otherValue);
}

QList<ValueEdit> ConflictDialog::resolution() const
{
    QList<ValueEdit> chosen;
    for (int index = 0; index < m_conflicts.size(); ++index) {
        ValueEdit edit = m_conflicts.at(index).edit;
        switch (Choice(m_groups.at(index)->checkedId())) {
        case Choice::Ours:
            break;
        case Choice::Theirs:
            edit.value = m_conflicts.at(index).theirValue;
            break;
        case Choice::Other:
            edit.value = m_others.at(index)->text();
            break;
        }
        chosen << edit;
    }
    return chosen;
}

} // namespace qd
