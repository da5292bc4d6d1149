#include "models/UpgradeBoardModel.h"

#include <algorithm>

namespace qd {

UpgradeBoardModel::UpgradeBoardModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_ok(QStringLiteral(":/icons/ok.svg"))
    , m_progress(QStringLiteral(":/icons/upgrading.svg"))
    , m_warning(QStringLiteral(":/icons/warning.svg"))
    , m_error(QStringLiteral(":/icons/error.svg"))
{
}

QString UpgradeBoardModel::zoneText(const QString &desired, const ZoneLiveState &live)
{
    const QString wanted = desired.isEmpty() ? QStringLiteral("?") : desired;
    if (!live.known)
        return QStringLiteral("%1 (running unknown)").arg(wanted);
    if (live.running == desired)
        return QStringLiteral("%1 %2").arg(wanted, operatorStatusName(live.status));
    return QStringLiteral("%1 (running %2, %3)")
            .arg(wanted, live.running, operatorStatusName(live.status));
}

UpgradeBoardModel::Cells UpgradeBoardModel::cellsFor(const UpgradeRow &row)
{
    const PromotionGateInputs &in = row.inputs;
    Cells cells;
    cells.texts[CustomerColumn] = in.customer;
    cells.texts[StageColumn] = upgradeStageName(row.stage.stage);
    cells.texts[RedColumn] = zoneText(in.redDesired.version, in.red);
    cells.texts[GreenColumn] = zoneText(in.greenDesired.version, in.green);
    cells.texts[CandidateColumn] = row.gate.candidate;
    const QStringList failing = row.gate.failedRuleIds();
    cells.texts[GateColumn] = row.gate.passed
                                      ? QStringLiteral("pass")
                                      : QStringLiteral("fail: %1").arg(failing.join(QStringLiteral(", ")));
    cells.toolTip = row.stage.reason;
    for (const QString &version : {in.redDesired.version, in.greenDesired.version,
                                   in.red.known ? in.red.running : QString(),
                                   in.green.known ? in.green.running : QString(), row.gate.candidate}) {
        if (!version.isEmpty() && !cells.versions.contains(version))
            cells.versions.append(version);
    }
    return cells;
}

QIcon UpgradeBoardModel::iconOf(UpgradeStage stage) const
{
    switch (stage) {
    case UpgradeStage::InSync:
    case UpgradeStage::Done:
    case UpgradeStage::ReadyToPromote:
        return m_ok;
    case UpgradeStage::RedRollingOut:
    case UpgradeStage::GreenRollingOut:
    case UpgradeStage::RedSoaking:
    case UpgradeStage::Verifying:
        return m_progress;
    case UpgradeStage::Unknown:
        return m_warning;
    case UpgradeStage::Failed:
    case UpgradeStage::Drifted:
        return m_error;
    }
    return {};
}

void UpgradeBoardModel::setRows(QList<UpgradeRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_cells.clear();
    m_cells.reserve(m_rows.size());
    for (const UpgradeRow &row : std::as_const(m_rows))
        m_cells.append(cellsFor(row));
    endResetModel();
}

int UpgradeBoardModel::rowOfCustomer(const QString &customerId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).inputs.customer == customerId)
            return int(i);
    }
    return -1;
}

int UpgradeBoardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UpgradeBoardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UpgradeBoardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UpgradeRow &row = m_rows.at(index.row());
    const Cells &cells = m_cells.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return cells.texts[column];
    case Qt::ToolTipRole:
        return cells.toolTip;
    case Qt::DecorationRole:
        return column == StageColumn ? QVariant(iconOf(row.stage.stage)) : QVariant();
    case SortRole:
        return column == StageColumn ? QVariant(int(row.stage.stage))
                                     : QVariant(cells.texts[column].toLower());
    case CustomerIdRole:
        return row.inputs.customer;
    case StageRole:
        return int(row.stage.stage);
    case VersionsRole:
        return cells.versions;
    default:
        return {};
    }
}

QVariant UpgradeBoardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount)
        return {};
    static const char *const names[ColumnCount] = {"Customer", "Stage", "Red", "Green",
                                                   "Candidate", "Gate"};
    return QString::fromLatin1(names[section]);
}

UpgradeBoardFilterModel::UpgradeBoardFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(UpgradeBoardModel::SortRole);
}

void UpgradeBoardFilterModel::setStage(std::optional<UpgradeStage> stage)
{
    if (stage == m_stage)
        return;
    m_stage = stage;
    invalidateFilter();
}

void UpgradeBoardFilterModel::setVersion(const QString &version)
{
    const QString trimmed = version.trimmed();
    if (trimmed == m_version)
        return;
    m_version = trimmed;
    invalidateFilter();
}

bool UpgradeBoardFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_stage && index.data(UpgradeBoardModel::StageRole).toInt() != int(*m_stage))
        return false;
    if (m_version.isEmpty())
        return true;
    const QStringList versions = index.data(UpgradeBoardModel::VersionsRole).toStringList();
    return std::any_of(versions.cbegin(), versions.cend(),
                       [this](const QString &v) { return v.startsWith(m_version); });
}

} // namespace qd
