#pragma once

#include "models/Slo.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QList>

namespace qd {

// What the burn-rate alerts of one zone say, worst first wins.
enum class BurnState {
    NoData,   // nothing eligible in the range: no figure to judge
    Ok,       // no alert pair fires
    Ticket,   // 1x over 3 d and 6 h: the budget runs out within the period
    SlowPage, // 6x over 6 h and 30 min
    FastPage, // 14.4x over 1 h and 5 min
};

BurnState burnStateOf(const slo::SloSummary &summary);
QString burnStateText(BurnState state); // "OK", "Fast burn: page", ...

// "16 min", "2 h 05 min", "3 d 4 h", "-12 min" (overspent); seconds are rounded to minutes.
QString formatBudgetDuration(double seconds);
// "99.937%" with as many decimals as a 99.9% target needs to tell good from bad.
QString formatAvailability(std::optional<double> fraction);

// One Green zone's row in the fleet-wide SLO table.
struct SloTableRow
{
    QString customerId;
    QString customerName;
    QString cluster;
    slo::SloSummary summary;
    bool stale = false; // the figures come from the store while the source fails
};

// The fleet-wide SLO table: one row per Green zone. Sort it through a QSortFilterProxyModel whose
// sortRole is SortRole: every column gives a number (or text) there, so "budget left" sorts
// 5% < 37% < 100% and not as text. Rows arrive finished through setRows(); data() only looks up.
class SloTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        CustomerColumn,
        ClusterColumn,
        AvailabilityColumn,
        TargetColumn,
        BudgetLeftColumn,
        BurnStateColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // double for figures, lower-case text otherwise
        CustomerIdRole,              // QString on every column
        BurnStateRole,               // int (BurnState)
    };

    explicit SloTableModel(QObject *parent = nullptr);

    void setRows(QList<SloTableRow> rows);
    const QList<SloTableRow> &rows() const { return m_rows; }
    int rowOfCustomer(const QString &customerId) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QIcon burnStateIcon(BurnState state);

private:
    struct Cells
    {
        QString texts[ColumnCount];
        QVariant sortKeys[ColumnCount];
        QString toolTip;
        BurnState burn = BurnState::NoData;
    };
    static Cells cellsFor(const SloTableRow &row);

    QList<SloTableRow> m_rows;
    QList<Cells> m_cells;
    QIcon m_icons[5]; // per BurnState, made once: an SVG icon per data() call renders again
};

} // namespace qd
