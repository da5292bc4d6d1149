#include "models/IncidentFilterProxyModel.h"

#include "models/IncidentTableModel.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string_view>

namespace qd {

IncidentFilterProxyModel::IncidentFilterProxyModel(QObject *parent)
    : QAbstractProxyModel(parent)
{}

void IncidentFilterProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    auto *model = qobject_cast<IncidentTableModel *>(sourceModel);
    Q_ASSERT_X(model || !sourceModel, "IncidentFilterProxyModel",
               "the source must be an IncidentTableModel");
    beginResetModel();
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_model = model;
    QAbstractProxyModel::setSourceModel(model);
    if (m_model) {
        auto reset = [this] {
            sortOrder_();
            matchWords(Candidates::All);
            filterRows();
            endResetModel();
        };
        auto aboutToReset = [this] {
            beginResetModel();
        };
        // The model only resets or changes data; anything structural is taken as a reset.
        m_connections = {
                connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, aboutToReset),
                connect(m_model, &QAbstractItemModel::modelReset, this, reset),
                connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, aboutToReset),
                connect(m_model, &QAbstractItemModel::rowsInserted, this, reset),
                connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this, aboutToReset),
                connect(m_model, &QAbstractItemModel::rowsRemoved, this, reset),
                connect(m_model, &QAbstractItemModel::rowsAboutToBeMoved, this, aboutToReset),
                connect(m_model, &QAbstractItemModel::rowsMoved, this, reset),
                connect(m_model, &QAbstractItemModel::layoutChanged, this,
                        [this] { relayout(Reorder::Sort); }),
                connect(m_model, &QAbstractItemModel::dataChanged, this,
                        &IncidentFilterProxyModel::onSourceDataChanged),
        };
    }
    sortOrder_();
    matchWords(Candidates::All);
    filterRows();
    endResetModel();
}

void IncidentFilterProxyModel::setFilterText(const QString &text)
{
    m_text = text;
    const QStringList words =
            text.toLower().simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    const bool narrower = refines(words);
    m_words = words;
    m_needles.clear();
    for (const QString &word : words)
        m_needles.append(word.toUtf8());
    relayout(narrower ? Reorder::FilterVisible : Reorder::Filter);
}

bool IncidentFilterProxyModel::refines(const QStringList &words) const
{
    // Typing one more letter only ever hides rows: then only the visible rows need a look.
    for (const QString &old : m_words) {
        if (std::none_of(words.begin(), words.end(),
                         [&old](const QString &word) { return word.contains(old); }))
            return false;
    }
    return true;
}

void IncidentFilterProxyModel::setStateFilter(StateFilter filter)
{
    if (filter == m_stateFilter)
        return;
    m_stateFilter = filter;
    relayout(Reorder::Filter);
}

void IncidentFilterProxyModel::setCustomerFilter(const QString &customerId)
{
    if (customerId == m_customer)
        return;
    m_customer = customerId;
    relayout(Reorder::Filter);
}

void IncidentFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    relayout(Reorder::Sort);
}

const Incident &IncidentFilterProxyModel::incidentAt(int row) const
{
    return m_model->incidentAt(m_rows.at(row));
}

void IncidentFilterProxyModel::relayout(Reorder reorder)
{
    emit layoutAboutToBeChanged();
    const QModelIndexList before = persistentIndexList();
    QList<std::pair<int, int>> sourceCells; // (source row, column)
    sourceCells.reserve(before.size());
    for (const QModelIndex &index : before)
        sourceCells.append({m_rows.at(index.row()), index.column()});

    if (reorder == Reorder::Sort)
        sortOrder_();
    matchWords(reorder == Reorder::FilterVisible ? Candidates::Visible : Candidates::All);
    if (reorder != Reorder::FilterVisible) {
        filterRows();
    } else {
        // Only the visible rows can stay visible; they are already in order.
        const QList<int> candidates = m_rows;
        for (int row : candidates)
            m_proxyRowOf[row] = -1;
        m_rows.clear();
        for (int row : candidates) {
            if (accepts(row)) {
                m_proxyRowOf[row] = int(m_rows.size());
                m_rows.append(row);
            }
        }
    }

    QModelIndexList after;
    after.reserve(sourceCells.size());
    for (const auto &[sourceRow, column] : std::as_const(sourceCells)) {
        const int row = m_proxyRowOf.value(sourceRow, -1);
        after.append(row < 0 ? QModelIndex() : createIndex(row, column));
    }
    changePersistentIndexList(before, after);
    emit layoutChanged();
}

void IncidentFilterProxyModel::sortOrder_()
{
    const int count = m_model ? m_model->rowCount() : 0;
    m_order.resize(count);
    std::iota(m_order.begin(), m_order.end(), 0);
    // The state is read for every row on every keystroke: kept beside the order, not in the
    // (large) Incident values.
    m_states.resize(count);
    for (int row = 0; row < count; ++row)
        m_states[row] = m_model->incidentAt(row).state;
    if (!m_model || m_sortColumn < 0 || m_sortColumn >= IncidentTableModel::ColumnCount)
        return;

    // Keys are read once per row: the comparisons then touch no QVariant.
    const bool numeric = m_sortColumn == IncidentTableModel::PriorityColumn ||
                         m_sortColumn == IncidentTableModel::AgeColumn ||
                         m_sortColumn == IncidentTableModel::DueColumn ||
                         m_sortColumn == IncidentTableModel::StateColumn;
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    if (numeric) {
        QList<std::pair<qint64, qint64>> keys(count); // (column key, due time) for ties
        for (int row = 0; row < count; ++row) {
            const QModelIndex index = m_model->index(row, m_sortColumn);
            const qint64 due = m_model->incidentAt(row).responseDueAt.toMSecsSinceEpoch();
            keys[row] = {index.data(IncidentTableModel::SortRole).toLongLong(), due};
        }
        std::stable_sort(m_order.begin(), m_order.end(), [&keys, descending](int a, int b) {
            return descending ? keys.at(b) < keys.at(a) : keys.at(a) < keys.at(b);
        });
        return;
    }
    QStringList keys;
    QList<qint64> dues(count);
    keys.reserve(count);
    for (int row = 0; row < count; ++row) {
        keys.append(
                m_model->index(row, m_sortColumn).data(IncidentTableModel::SortRole).toString());
        dues[row] = m_model->incidentAt(row).responseDueAt.toMSecsSinceEpoch();
    }
    std::stable_sort(m_order.begin(), m_order.end(), [&keys, &dues, descending](int a, int b) {
        int order = keys.at(a).compare(keys.at(b), Qt::CaseInsensitive);
        if (order == 0)
            order = dues.at(a) < dues.at(b) ? -1 : dues.at(a) > dues.at(b) ? 1 : 0;
        return descending ? order > 0 : order < 0;
    });
}

void IncidentFilterProxyModel::filterRows()
{
    m_rows.clear();
    m_proxyRowOf.fill(-1, m_order.size());
    for (int row : std::as_const(m_order)) {
        if (accepts(row)) {
            m_proxyRowOf[row] = int(m_rows.size());
            m_rows.append(row);
        }
    }
}

bool IncidentFilterProxyModel::accepts(int sourceRow) const
{
    const IncidentState state = m_states.at(sourceRow);
    switch (m_stateFilter) {
    case StateFilter::Unresolved:
        if (state == IncidentState::Resolved)
            return false;
        break;
    case StateFilter::Open:
        if (state != IncidentState::Open)
            return false;
        break;
    case StateFilter::Acknowledged:
        if (state != IncidentState::Acknowledged)
            return false;
        break;
    case StateFilter::Resolved:
        if (state != IncidentState::Resolved)
            return false;
        break;
    case StateFilter::All:
        break;
    }
    if (!m_customer.isEmpty() && m_model->incidentAt(sourceRow).customer != m_customer)
        return false;
    return m_needles.isEmpty() || m_hits.at(sourceRow) == m_needles.size();
}

namespace {

// Where `needle` (not empty) first occurs in [from, end), or nullptr. memchr for its first byte,
// then a compare: no per-call set-up, which matters when the search restarts on every row.
const char *findBytes(const char *from, const char *end, const QByteArray &needle)
{
    const char first = needle.front();
    const size_t rest = size_t(needle.size()) - 1;
    while (end - from > qsizetype(rest)) {
        const auto *hit =
                static_cast<const char *>(std::memchr(from, first, size_t(end - from) - rest));
        if (!hit)
            return nullptr;
        if (std::memcmp(hit + 1, needle.constData() + 1, rest) == 0)
            return hit;
        from = hit + 1;
    }
    return nullptr;
}

} // namespace

void IncidentFilterProxyModel::matchWords(Candidates candidates)
{
    const int count = m_model ? m_model->rowCount() : 0;
    if (!m_model || m_needles.isEmpty() || count == 0) {
        m_hits.fill(0, count);
        return;
    }
    const char *begin = m_model->filterHaystack().constData();
    auto rowBegin = [this, begin](int row) {
        return begin + (row == 0 ? 0 : m_model->haystackRowEnd(row - 1));
    };
    auto holdsAll = [&](int row) {
        const char *rowEnd = begin + m_model->haystackRowEnd(row);
        for (const QByteArray &needle : std::as_const(m_needles)) {
            if (!findBytes(rowBegin(row), rowEnd, needle))
                return false;
        }
        return true;
    };
    const qsizetype all = m_needles.size();

    if (candidates == Candidates::Visible) {
        // A narrower filter: only the rows shown now can stay.
        m_hits.fill(0, count);
        for (int row : std::as_const(m_rows))
            m_hits[row] = holdsAll(row) ? all : 0;
        return;
    }
    // The first word in one pass over the whole haystack; after a hit the search skips to the
    // next row. Further words only in the rows that hold the first.
    m_hits.fill(0, count);
    const char *end = begin + m_model->filterHaystack().size();
    int row = 0;
    for (const char *from = begin; from < end;) {
        const char *hit = findBytes(from, end, m_needles.first());
        if (!hit)
            break;
        // Hits come in increasing order: walk the row starts forward instead of searching.
        while (m_model->haystackRowEnd(row) <= hit - begin)
            ++row;
        m_hits[row] = all == 1 || holdsAll(row) ? all : 0;
        from = begin + m_model->haystackRowEnd(row);
    }
}

void IncidentFilterProxyModel::onSourceDataChanged(const QModelIndex &topLeft,
                                                   const QModelIndex &bottomRight,
                                                   const QList<int> &roles)
{
    if (roles.isEmpty() || roles.contains(IncidentTableModel::SortRole) ||
        roles.contains(IncidentTableModel::FilterRole) ||
        roles.contains(IncidentTableModel::StateRole)) {
        relayout(Reorder::Sort);
        return;
    }
    // The countdown tick: nothing moves, so one signal spanning the visible rows it touched.
    int first = -1;
    int last = -1;
    if (topLeft.row() == 0 && bottomRight.row() == m_model->rowCount() - 1) {
        first = m_rows.isEmpty() ? -1 : 0;
        last = int(m_rows.size()) - 1;
    } else {
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            const int proxyRow = m_proxyRowOf.value(row, -1);
            if (proxyRow < 0)
                continue;
            first = first < 0 ? proxyRow : std::min(first, proxyRow);
            last = std::max(last, proxyRow);
        }
    }
    if (first >= 0)
        emit dataChanged(index(first, topLeft.column()), index(last, bottomRight.column()), roles);
}

QModelIndex IncidentFilterProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_rows.size() || column < 0 ||
        column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex IncidentFilterProxyModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex IncidentFilterProxyModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int IncidentFilterProxyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int IncidentFilterProxyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : m_model->columnCount();
}

bool IncidentFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.isEmpty();
}

QVariant
IncidentFilterProxyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!m_model)
        return {};
    if (orientation == Qt::Horizontal)
        return m_model->headerData(section, orientation, role);
    return QAbstractItemModel::headerData(section, orientation, role);
}

QModelIndex IncidentFilterProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_model || !proxyIndex.isValid() || proxyIndex.row() >= m_rows.size())
        return {};
    return m_model->index(m_rows.at(proxyIndex.row()), proxyIndex.column());
}

QModelIndex IncidentFilterProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_model || !sourceIndex.isValid())
        return {};
    const int row = m_proxyRowOf.value(sourceIndex.row(), -1);
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

} // namespace qd
