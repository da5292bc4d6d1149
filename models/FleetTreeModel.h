#pragma once

#include "models/Fleet.h"

#include <QAbstractItemModel>
#include <QIcon>
#include <QList>

namespace qd {

// The fleet as a tree: customer -> Red / Green. Every customer has both zone rows, so a zone
// missing from fleet.yaml shows up as a row that says so instead of silently not being there.
// Everything data() returns is computed once in setSnapshot(); data() only looks it up.
class FleetTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        ClusterColumn,
        CloudColumn,
        VersionColumn,
        StatusColumn,
        ColumnCount
    };

    enum Role {
        CustomerIdRole = Qt::UserRole + 1, // QString: the customer's id, on customer and zone rows
        ZoneKindRole,                      // int (ZoneKind) on zone rows, invalid on customer rows
        FilterTextRole,                    // QString: id, name, clusters and versions, lower case
        StatusKindRole,                    // int (StatusKind) of the row
    };

    enum class StatusKind { Ok, Upgrading, Warning, Error };

    explicit FleetTreeModel(QObject *parent = nullptr);

    // The one way in: replaces everything the model shows.
    void setSnapshot(FleetSnapshot snapshot);
    const FleetSnapshot &snapshot() const { return m_snapshot; }

    const Customer *customerAt(const QModelIndex &index) const;
    QModelIndex indexOfCustomer(const QString &id) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    static QIcon statusIcon(StatusKind kind);
    static QIcon zoneIcon(ZoneKind kind);

private:
    struct Row
    {
        QString texts[ColumnCount];
        QString toolTip;
        StatusKind status = StatusKind::Ok;
    };
    struct CustomerRows
    {
        Row customer;
        Row zones[2]; // Red, Green
        QString filterText;
    };

    static constexpr quintptr NoParent = 0;

    const Row *rowAt(const QModelIndex &index) const;

    FleetSnapshot m_snapshot;
    QList<CustomerRows> m_rows;
    // Built once: a QIcon made per data() call would render its SVG again every time.
    QIcon m_statusIcons[4];
    QIcon m_zoneIcons[2];
};

// Texts shared by the tree and the panes, so both say the same thing.
QString upgradeStatusText(const Customer &customer);
QString problemCountText(qsizetype count);
QString cloudRegionText(const Zone &zone);
QString versionLocationText(const Zone &zone); // "set in customers/acme/red/patch-version.yml:8"
Diagnostics customerProblems(const Customer &customer);

} // namespace qd
