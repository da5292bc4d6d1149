#pragma once

#include "models/Change.h"
#include "models/Fleet.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace qd {

// "Edit value…": one key of one customer's zone, a new value. The key defaults to the Spinnaker
// version, whose current effective value and source line are shown from the loaded fleet.
class EditValueDialog : public QDialog
{
    Q_OBJECT
public:
    explicit EditValueDialog(const FleetSnapshot &fleet, QWidget *parent = nullptr);

    void select(const QString &customerId, ZoneKind zone);
    ValueEdit edit() const;

    QLineEdit *keyEdit() const { return m_key; }
    QLineEdit *valueEdit() const { return m_value; }

    static QString defaultKey() { return QStringLiteral("spec.spinnakerConfig.config.version"); }

private:
    void updateCurrent();

    FleetSnapshot m_fleet;
    QComboBox *m_customer = nullptr;
    QComboBox *m_zone = nullptr;
    QLineEdit *m_key = nullptr;
    QLabel *m_current = nullptr;
    QLineEdit *m_value = nullptr;
    QPushButton *m_ok = nullptr;
};

} // namespace qd
