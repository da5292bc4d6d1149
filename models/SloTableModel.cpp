#include "models/SloTableModel.h"

#include <QBrush>
#include <QColor>

#include <cmath>
#include <limits>

namespace qd {

BurnState burnStateOf(const slo::SloSummary &summary)
{
    if (!summary.availability)
        return BurnState::NoData;
    BurnState worst = BurnState::Ok;
    for (const slo::BurnAlert &alert : summary.alerts) {
        if (!alert.firing)
            continue;
        const BurnState state = alert.factor >= 14.4 ? BurnState::FastPage
                                : alert.factor >= 6  ? BurnState::SlowPage
                                                     : BurnState::Ticket;
        worst = std::max(worst, state);
    }
    return worst;
}

QString burnStateText(BurnState state)
{
    switch (state) {
    case BurnState::NoData:
        return QStringLiteral("No data");
    case BurnState::Ok:
        return QStringLiteral("OK");
    case BurnState::Ticket:
        return QStringLiteral("Burning: ticket");
    case BurnState::SlowPage:
        return QStringLiteral("Slow burn: page");
    case BurnState::FastPage:
        return QStringLiteral("Fast burn: page");
    }
    return {};
}

QString formatBudgetDuration(double seconds)
{
    const qint64 minutes = std::llround(std::abs(seconds) / 60.0);
    const QString sign = seconds < 0 && minutes > 0 ? QStringLiteral("-") : QString();
    if (minutes < 60)
        return sign + QStringLiteral("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return sign +
               QStringLiteral("%1 h %2 min").arg(hours).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return sign + QStringLiteral("%1 d %2 h").arg(hours / 24).arg(hours % 24);
}

QString formatAvailability(std::optional<double> fraction)
{
    if (!fraction)
        return QStringLiteral("no data");
    // Three decimals of a percent: one bad minute in 30 days is 0.0023%.
    return QStringLiteral("%1%").arg(*fraction * 100.0, 0, 'f', 3);
}

SloTableModel::SloTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_icons{burnStateIcon(BurnState::NoData), burnStateIcon(BurnState::Ok),
              burnStateIcon(BurnState::Ticket), burnStateIcon(BurnState::SlowPage),
              burnStateIcon(BurnState::FastPage)}
{}

QIcon SloTableModel::burnStateIcon(BurnState state)
{
    switch (state) {
    case BurnState::Ok:
        return QIcon(QStringLiteral(":/icons/ok.svg"));
    case BurnState::NoData:
    case BurnState::Ticket:
        return QIcon(QStringLiteral(":/icons/warning.svg"));
    case BurnState::SlowPage:
    case BurnState::FastPage:
        return QIcon(QStringLiteral(":/icons/error.svg"));
    }
    return {};
}

SloTableModel::Cells SloTableModel::cellsFor(const SloTableRow &row)
{
    const slo::SloSummary &s = row.summary;
    Cells cells;
    cells.burn = burnStateOf(s);

    cells.texts[CustomerColumn] = row.customerName.isEmpty() ? row.customerId : row.customerName;
    cells.sortKeys[CustomerColumn] = cells.texts[CustomerColumn].toLower();
    cells.texts[ClusterColumn] = row.cluster;
    cells.sortKeys[ClusterColumn] = row.cluster.toLower();

    cells.texts[AvailabilityColumn] = formatAvailability(s.availability);
    if (s.availability)
        cells.texts[AvailabilityColumn] += s.meetsTarget() ? QStringLiteral("  meets target")
                                                           : QStringLiteral("  below target");
    // Unknown sorts after every figure in ascending order: worst first, then the unknown.
    constexpr double unknown = std::numeric_limits<double>::max();
    cells.sortKeys[AvailabilityColumn] = s.availability ? *s.availability * 100.0 : unknown;

    cells.texts[TargetColumn] = QStringLiteral("%1%").arg(s.targetPercent);
    cells.sortKeys[TargetColumn] = s.targetPercent;

    if (s.errorBudgetRemainingRatio) {
        cells.texts[BudgetLeftColumn] =
                QStringLiteral("%1% (%2)")
                        .arg(*s.errorBudgetRemainingRatio * 100.0, 0, 'f', 1)
                        .arg(formatBudgetDuration(s.errorBudgetRemainingSeconds));
        cells.sortKeys[BudgetLeftColumn] = *s.errorBudgetRemainingRatio;
    } else {
        cells.texts[BudgetLeftColumn] = QStringLiteral("no data");
        cells.sortKeys[BudgetLeftColumn] = unknown;
    }

    cells.texts[BurnStateColumn] = burnStateText(cells.burn);
    cells.sortKeys[BurnStateColumn] = -int(cells.burn); // ascending: the worst burn first

    QStringList rates;
    for (const slo::BurnRate &rate : s.burnRates) {
        rates.append(QStringLiteral("%1: %2").arg(
                slo::burnWindowName(rate.window),
                rate.rate ? QStringLiteral("%1×").arg(*rate.rate, 0, 'f', 2)
                          : QStringLiteral("no data")));
    }
    cells.toolTip = QStringLiteral("Burn rates: %1").arg(rates.join(QStringLiteral(", ")));
    if (s.noDataSeconds > 0)
        cells.toolTip += QStringLiteral("\nNo data for %1")
                                 .arg(formatBudgetDuration(double(s.noDataSeconds)));
    if (s.maintenanceExcludedSeconds > 0)
        cells.toolTip += QStringLiteral("\nMaintenance excluded: %1")
                                 .arg(formatBudgetDuration(double(s.maintenanceExcludedSeconds)));
    if (row.stale)
        cells.toolTip += QStringLiteral("\nFrom the local store: the source is stale");
    return cells;
}

void SloTableModel::setRows(QList<SloTableRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_cells.clear();
    m_cells.reserve(m_rows.size());
    for (const SloTableRow &row : std::as_const(m_rows))
        m_cells.append(cellsFor(row));
    endResetModel();
}

int SloTableModel::rowOfCustomer(const QString &customerId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).customerId == customerId)
            return int(i);
    }
    return -1;
}

int SloTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SloTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SloTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Cells &cells = m_cells.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return cells.texts[column];
    case Qt::ToolTipRole:
        return cells.toolTip;
    case Qt::DecorationRole:
        if (column == BurnStateColumn)
            return m_icons[int(cells.burn)];
        return {};
    case Qt::TextAlignmentRole:
        if (column == AvailabilityColumn || column == TargetColumn || column == BudgetLeftColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        return cells.sortKeys[column];
    case CustomerIdRole:
        return m_rows.at(index.row()).customerId;
    case BurnStateRole:
        return int(cells.burn);
    default:
        return {};
    }
}

QVariant SloTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= ColumnCount)
        return {};
    static const char *const titles[ColumnCount] = {"Customer", "Green cluster", "Availability",
                                                    "Target",   "Budget left",   "Burn rate"};
    return QString::fromLatin1(titles[section]);
}

} // namespace qd
