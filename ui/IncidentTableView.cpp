#include "ui/IncidentTableView.h"

#include "models/IncidentTableModel.h"

#include <QHeaderView>
#include <QTableView>

namespace qd {

QTableView *createIncidentTableView(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setObjectName(QStringLiteral("incidentTable"));
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setWordWrap(false);
    table->setAlternatingRowColors(true);
    table->setSortingEnabled(true);
    table->sortByColumn(IncidentTableModel::DueColumn, Qt::AscendingOrder);
    // Fixed row heights and column widths: nothing measures 100,000 rows.
    QHeaderView *rows = table->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(table->fontMetrics().height() + 8);
    QHeaderView *columns = table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setSectionResizeMode(IncidentTableModel::TitleColumn, QHeaderView::Stretch);
    // Widths from the longest usual texts, not from measuring rows.
    QFont bold = table->font();
    bold.setBold(true);
    const QFontMetrics plain = table->fontMetrics();
    const QFontMetrics strong(bold);
    const int padding = 3 * plain.horizontalAdvance(QLatin1Char('M'));
    auto widthOf = [padding](const QFontMetrics &metrics, const QString &text) {
        return metrics.horizontalAdvance(text) + padding;
    };
    columns->resizeSection(IncidentTableModel::PriorityColumn,
                           widthOf(strong, QStringLiteral("Priority")));
    columns->resizeSection(IncidentTableModel::CustomerColumn,
                           widthOf(plain, QStringLiteral("customer-id")));
    columns->resizeSection(IncidentTableModel::ZoneColumn, widthOf(plain, QStringLiteral("green")));
    columns->resizeSection(IncidentTableModel::AgeColumn,
                           widthOf(plain, QStringLiteral("23 h 59 min")));
    columns->resizeSection(IncidentTableModel::DueColumn,
                           widthOf(strong, QStringLiteral("breached 23 h 59 min ago")));
    columns->resizeSection(IncidentTableModel::StateColumn,
                           widthOf(plain, QStringLiteral("acknowledged by someone")));
    return table;
}

} // namespace qd
