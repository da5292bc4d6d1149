#include "ui/EditValueDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace qd {

EditValueDialog::EditValueDialog(const FleetSnapshot &fleet, QWidget *parent)
    : QDialog(parent)
    , m_fleet(fleet)
    , m_customer(new QComboBox(this))
    , m_zone(new QComboBox(this))
    , m_key(new QLineEdit(defaultKey(), this))
    , m_current(new QLabel(this))
    , m_value(new QLineEdit(this))
{
    setWindowTitle(tr("Edit value"));
    for (const Customer &customer : fleet.customers)
        m_customer->addItem(QStringLiteral("%1 (%2)").arg(customer.name, customer.id), customer.id);
    m_zone->addItem(tr("Red"), int(ZoneKind::Red));
    m_zone->addItem(tr("Green"), int(ZoneKind::Green));
    m_key->setObjectName(QStringLiteral("editKey"));
    m_value->setObjectName(QStringLiteral("editValue"));
    m_current->setObjectName(QStringLiteral("editCurrent"));
    m_current->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_value->setPlaceholderText(tr("the new value"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Preview change…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout(this);
    form->addRow(tr("C&ustomer:"), m_customer);
    form->addRow(tr("&Zone:"), m_zone);
    form->addRow(tr("&Key:"), m_key);
    form->addRow(tr("Current:"), m_current);
    form->addRow(tr("&New value:"), m_value);
    form->addRow(buttons);

    connect(m_customer, &QComboBox::currentIndexChanged, this, &EditValueDialog::updateCurrent);
    connect(m_zone, &QComboBox::currentIndexChanged, this, &EditValueDialog::updateCurrent);
    connect(m_key, &QLineEdit::textChanged, this, &EditValueDialog::updateCurrent);
    connect(m_value, &QLineEdit::textChanged, this, &EditValueDialog::updateCurrent);
    m_value->setFocus();
    updateCurrent();
}

void EditValueDialog::select(const QString &customerId, ZoneKind zone)
{
    const int row = m_customer->findData(customerId);
    if (row >= 0)
        m_customer->setCurrentIndex(row);
    m_zone->setCurrentIndex(m_zone->findData(int(zone)));
}

ValueEdit EditValueDialog::edit() const
{
    return ValueEdit{m_customer->currentData().toString(), ZoneKind(m_zone->currentData().toInt()),
                     m_key->text().trimmed(), m_value->text()};
}

void EditValueDialog::updateCurrent()
{
    const ValueEdit pending = edit();
    QString current = tr("unknown until previewed");
    // The loaded fleet knows the effective version and where it is set; other keys the preview
    // will show in the diff.
    if (pending.key == defaultKey()) {
        if (const Customer *customer = m_fleet.customer(pending.customer)) {
            if (const Zone *zone = customer->zone(pending.zone)) {
                const SourceLocation &at = zone->resolution.versionLocation;
                current = zone->resolution.version.isEmpty()
                                  ? tr("not set")
                                  : tr("%1 (set in %2:%3)")
                                            .arg(zone->resolution.version, at.file)
                                            .arg(at.line);
            }
        }
    }
    m_current->setText(current);
    m_ok->setEnabled(!pending.customer.isEmpty() && !pending.key.isEmpty() &&
                     !pending.value.isEmpty());
}

} // namespace qd
