#pragma once

#include "models/UpgradeStage.h"

#include <QDateTime>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class QTreeWidget;

namespace qd {

class UpgradeBoardFilterModel;
class UpgradeBoardModel;

// The "Upgrades" tab (docs/upgrades.md): every customer as a row of the board with its stage (icon
// and text), each zone's desired and running version, the candidate and the gate; filters by
// stage and by version. The selected customer's gate is shown beside it: the verdict, each rule
// with its evidence, and a live countdown to the end of Red's soak. Rows arrive finished through
// setRows() (UpgradeService gathers them off the GUI thread).
class UpgradesPane : public QWidget
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;

    explicit UpgradesPane(QWidget *parent = nullptr);
    ~UpgradesPane() override;

    void setRows(const QList<UpgradeRow> &rows);
    // Selects the customer's row (as the fleet tree's selection does); empty clears it.
    void setCustomer(const QString &customerId);
    void setProblem(const QString &message); // shown above the board until the next rows
    // Simulated time for tests; the default is the system clock in UTC.
    void setClock(Clock clock);

    QTableView *board() const { return m_table; }
    QComboBox *stageFilter() const { return m_stage; }
    QLineEdit *versionFilter() const { return m_version; }
    QString selectedCustomer() const;
    QString soakCountdownText() const;
    QTreeWidget *gateRules() const { return m_rules; }

private:
    void showSelected();
    void updateCountdown();
    void updateCounts();

    UpgradeBoardModel *m_model = nullptr;
    UpgradeBoardFilterModel *m_filter = nullptr;
    Clock m_clock;
    QComboBox *m_stage = nullptr;
    QLineEdit *m_version = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_problem = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_customer = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_countdown = nullptr;
    QTreeWidget *m_rules = nullptr;
    QTimer *m_tick = nullptr;
    QDateTime m_soakEndsAt; // of the selected customer; invalid: no countdown
};

} // namespace qd
