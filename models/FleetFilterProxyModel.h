#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace qd {

// Filters a FleetTreeModel by what a user types: every word must occur (case-insensitively) in a
// customer's id, name, clusters or versions. A customer that matches keeps both its zone rows, so
// "acme-red" still shows ACME's Green zone beside its Red one.
class FleetFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit FleetFilterProxyModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QStringList m_words; // lower case
};

} // namespace qd
