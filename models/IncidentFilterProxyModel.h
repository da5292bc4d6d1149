#pragma once

#include "models/Incident.h"

#include <QAbstractProxyModel>
#include <QList>
#include <QStringList>

namespace qd {

class IncidentTableModel;

// Filters and sorts an IncidentTableModel. Written for 100,000 incidents and a filter that runs
// on every keystroke: the rows are sorted once (per snapshot or sort change) into an order, and a
// filter change only walks that order and keeps the rows whose precomputed lower-case text holds
// every word, then announces one layout change. A QSortFilterProxyModel would sort again, or
// signal every removed range, on each keystroke. The source must be an IncidentTableModel.
class IncidentFilterProxyModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    enum class StateFilter {
        Unresolved, // open and acknowledged: what still needs someone
        Open,
        Acknowledged,
        Resolved,
        All,
    };

    explicit IncidentFilterProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *sourceModel) override;
    IncidentTableModel *incidentModel() const { return m_model; }

    // Every word must occur, case-insensitively, in the priority, customer, zone or title.
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    void setStateFilter(StateFilter filter);
    StateFilter stateFilter() const { return m_stateFilter; }
    // Only this customer's incidents; empty shows the whole fleet.
    void setCustomerFilter(const QString &customerId);
    QString customerFilter() const { return m_customer; }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // The incident shown at a proxy row.
    const Incident &incidentAt(int row) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

private:
    enum class Reorder {
        FilterVisible, // the filter got narrower: only visible rows can stay
        Filter,        // the filter changed: every row, in the order kept
        Sort,          // the rows or the sort changed: sort again, then filter
    };

    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                             const QList<int> &roles);
    // Rebuilds the visible rows (after sorting again when asked) inside one layout change that
    // keeps selections and the current index on the incidents that stay visible.
    void relayout(Reorder reorder);
    void sortOrder_();
    void filterRows();
    enum class Candidates { All, Visible };
    // Counts, per source row, whether its text holds every word (m_hits).
    void matchWords(Candidates candidates);
    bool accepts(int sourceRow) const;
    bool refines(const QStringList &words) const;

    IncidentTableModel *m_model = nullptr;
    QList<QMetaObject::Connection> m_connections;
    QString m_text;
    QStringList m_words;        // lower case
    QList<QByteArray> m_needles; // the words in UTF-8, as the model's haystack holds them
    StateFilter m_stateFilter = StateFilter::Unresolved;
    QString m_customer;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    QList<int> m_order;       // every source row, in sort order
    QList<IncidentState> m_states; // source row -> state
    QList<int> m_rows;        // proxy row -> source row
    QList<int> m_proxyRowOf;  // source row -> proxy row, -1 when filtered out
    QList<qsizetype> m_hits;  // source row -> how many of the words its text holds
};

} // namespace qd
