#pragma once

class QAbstractItemModel;
class QTableView;
class QWidget;

namespace qd {

// The Incidents tab's table over `model` (an IncidentTableModel, possibly behind a proxy): whole
// rows selected, sorted by due time, fixed row heights and column widths from the longest usual
// texts, so that nothing measures 100,000 rows.
QTableView *createIncidentTableView(QAbstractItemModel *model, QWidget *parent);

} // namespace qd
