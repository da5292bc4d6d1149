#pragma once

#include "models/UpgradeStage.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QList>
#include <QSortFilterProxyModel>

#include <optional>

namespace qd {

// The Upgrades board: one row per customer (UpgradeRow), its stage with an icon and text, each
// zone's desired and running version, the candidate and the gate's verdict. Rows arrive finished
// through setRows(); data() only looks up what was worked out there.
class UpgradeBoardModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { CustomerColumn, StageColumn, RedColumn, GreenColumn, CandidateColumn, GateColumn,
                  ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // the stage's board order on the stage column, text elsewhere
        CustomerIdRole,              // QString, every column
        StageRole,                   // int (UpgradeStage), every column
        VersionsRole,                // QStringList: every version the row names, every column
    };

    explicit UpgradeBoardModel(QObject *parent = nullptr);

    void setRows(QList<UpgradeRow> rows);
    const QList<UpgradeRow> &rows() const { return m_rows; }
    int rowOfCustomer(const QString &customerId) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "2.32.0 (running 2.31.2, Updating)", "2.31.2 OK", "2.31.2 (running unknown)"
    static QString zoneText(const QString &desired, const ZoneLiveState &live);

private:
    struct Cells
    {
        QString texts[ColumnCount];
        QString toolTip;
        QStringList versions;
    };
    static Cells cellsFor(const UpgradeRow &row);
    QIcon iconOf(UpgradeStage stage) const;

    QList<UpgradeRow> m_rows;
    QList<Cells> m_cells;
    QIcon m_ok, m_progress, m_warning, m_error; // made once: an SVG icon per data() renders again
};

// The board filtered by stage (nullopt: every stage) and by a version: a row stays when one of
// the versions it names (desired, running, candidate) starts with the text typed.
class UpgradeBoardFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit UpgradeBoardFilterModel(QObject *parent = nullptr);

    void setStage(std::optional<UpgradeStage> stage);
    void setVersion(const QString &version);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<UpgradeStage> m_stage;
    QString m_version;
};

} // namespace qd
