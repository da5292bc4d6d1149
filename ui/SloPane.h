#pragma once

#include "services/telemetry/SloService.h"

#include <QWidget>

class QButtonGroup;
class QLabel;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace qd {

class AvailabilityChart;
class BudgetBurnDownChart;
class SloTableModel;

// The "SLOs" tab. With a customer selected: its Green zone's availability against the target,
// the error budget left (time and share), the burn-rate state, and the availability and budget
// burn-down charts. With none selected: the fleet-wide table, sortable by budget left. The range
// buttons (24 h, 7 d, 30 d, quarter) ask the service for another range; figures arrive as
// finished snapshots. A failing source puts "stale since …" with the reason above the figures.
class SloPane : public QWidget
{
    Q_OBJECT
public:
    // `service` may be null: the pane then shows only what setSnapshot() gives it.
    explicit SloPane(SloService *service, QWidget *parent = nullptr);
    ~SloPane() override;

    void setSnapshot(const SloSnapshot &snapshot);
    void setSourceState(const SourceState &state);
    // An empty id shows the fleet table.
    void setCustomer(const QString &customerId);
    QString customerId() const { return m_customerId; }
    const SloSnapshot &snapshot() const { return m_snapshot; }

    AvailabilityChart *availabilityChart() const { return m_availabilityChart; }
    BudgetBurnDownChart *budgetChart() const { return m_budgetChart; }
    QTableView *fleetTable() const { return m_table; }

signals:
    void rangeRequested(qd::SloRange range);
    // The user opened a row of the fleet table (Enter or double-click).
    void customerActivated(const QString &customerId);

private:
    QWidget *createHeader();
    QWidget *createZonePage();
    QWidget *createFleetPage();
    QWidget *createMessagePage();
    void requestRange(SloRange range);
    void showCurrent();
    void showZone(const ZoneSlo &zone);
    void showFleet();
    void showMessage(const QString &title, const QString &text);
    void updateStaleBanner();

    SloService *m_service = nullptr;
    SloSnapshot m_snapshot;
    SourceState m_source;
    bool m_hasSnapshot = false;
    QString m_customerId;

    QLabel *m_title = nullptr;
    QButtonGroup *m_rangeButtons = nullptr;
    QLabel *m_staleBanner = nullptr;
    QStackedWidget *m_pages = nullptr;

    QWidget *m_messagePage = nullptr;
    QLabel *m_messageTitle = nullptr;
    QLabel *m_messageText = nullptr;

    QWidget *m_zonePage = nullptr;
    QLabel *m_availability = nullptr;
    QLabel *m_availabilityDetail = nullptr;
    QLabel *m_budget = nullptr;
    QLabel *m_budgetDetail = nullptr;
    QLabel *m_burnIcon = nullptr;
    QLabel *m_burn = nullptr;
    QLabel *m_burnDetail = nullptr;
    QLabel *m_exclusions = nullptr;
    AvailabilityChart *m_availabilityChart = nullptr;
    BudgetBurnDownChart *m_budgetChart = nullptr;

    QWidget *m_fleetPage = nullptr;
    SloTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
};

// The figures of a ZoneSlo as a row of the fleet table.
struct SloTableRow;
SloTableRow sloTableRow(const ZoneSlo &zone);

} // namespace qd
