#include "models/FleetFilterProxyModel.h"

#include "models/FleetTreeModel.h"

namespace qd {

FleetFilterProxyModel::FleetFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // A zone row is judged by its customer's text (FilterTextRole covers both zones), so the
    // recursive rule only ever keeps a customer whose rows match, never an orphaned zone.
    setRecursiveFilteringEnabled(true);
}

void FleetFilterProxyModel::setFilterText(const QString &text)
{
    const QStringList words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    m_text = text;
    if (words == m_words)
        return;
    m_words = words;
    invalidateFilter();
}

bool FleetFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString text = index.data(FleetTreeModel::FilterTextRole).toString();
    for (const QString &word : m_words) {
        if (!text.contains(word))
            return false;
    }
    return true;
}

} // namespace qd
