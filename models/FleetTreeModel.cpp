#include "models/FleetTreeModel.h"

namespace qd {

namespace {

constexpr int ZoneRowCount = 2;

ZoneKind zoneKindOfRow(int row)
{
    return row == 0 ? ZoneKind::Red : ZoneKind::Green;
}

QString zoneTitle(ZoneKind kind)
{
    return kind == ZoneKind::Red ? QStringLiteral("Red") : QStringLiteral("Green");
}

QString versionOrUnknown(const Zone *zone)
{
    if (!zone || zone->resolution.version.isEmpty())
        return QStringLiteral("?");
    return zone->resolution.version;
}

QStringList problemLines(const Diagnostics &problems)
{
    QStringList lines;
    lines.reserve(problems.size());
    for (const auto &problem : problems)
        lines << problem.toString();
    return lines;
}

} // namespace

QString problemCountText(qsizetype count)
{
    if (count == 0)
        return QStringLiteral("no problems");
    return count == 1 ? QStringLiteral("1 problem") : QStringLiteral("%1 problems").arg(count);
}

QString cloudRegionText(const Zone &zone)
{
    return QStringList{zone.cloud, zone.region}.join(QLatin1Char(' ')).trimmed();
}

QString versionLocationText(const Zone &zone)
{
    const auto &location = zone.resolution.versionLocation;
    if (!location.isValid())
        return {};
    if (location.line <= 0)
        return QStringLiteral("set in %1").arg(location.file);
    return QStringLiteral("set in %1:%2").arg(location.file).arg(location.line);
}

Diagnostics customerProblems(const Customer &customer)
{
    Diagnostics problems;
    for (const Zone *zone : {customer.zone(ZoneKind::Red), customer.zone(ZoneKind::Green)}) {
        if (zone)
            problems += zone->problems;
    }
    return problems;
}

QString upgradeStatusText(const Customer &customer)
{
    const Zone *red = customer.zone(ZoneKind::Red);
    const Zone *green = customer.zone(ZoneKind::Green);
    if (!red || !green)
        return !red ? QStringLiteral("no red zone") : QStringLiteral("no green zone");
    switch (customer.upgradeState()) {
    case UpgradeState::InSync:
        return QStringLiteral("in sync");
    case UpgradeState::RedAhead:
        return QStringLiteral("upgrading: Red %1 ahead of Green %2")
                .arg(red->resolution.version, green->resolution.version);
    case UpgradeState::GreenAhead:
        return QStringLiteral("Green %1 ahead of Red %2")
                .arg(green->resolution.version, red->resolution.version);
    case UpgradeState::Unknown:
        break;
    }
    return QStringLiteral("version unknown (Red %1, Green %2)")
            .arg(versionOrUnknown(red), versionOrUnknown(green));
}

FleetTreeModel::FleetTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_statusIcons{statusIcon(StatusKind::Ok), statusIcon(StatusKind::Upgrading),
                    statusIcon(StatusKind::Warning), statusIcon(StatusKind::Error)}
    , m_zoneIcons{zoneIcon(ZoneKind::Red), zoneIcon(ZoneKind::Green)}
{}

QIcon FleetTreeModel::statusIcon(StatusKind kind)
{
    switch (kind) {
    case StatusKind::Ok:
        return QIcon(QStringLiteral(":/icons/ok.svg"));
    case StatusKind::Upgrading:
        return QIcon(QStringLiteral(":/icons/upgrading.svg"));
    case StatusKind::Warning:
        return QIcon(QStringLiteral(":/icons/warning.svg"));
    case StatusKind::Error:
        break;
    }
    return QIcon(QStringLiteral(":/icons/error.svg"));
}

QIcon FleetTreeModel::zoneIcon(ZoneKind kind)
{
    return kind == ZoneKind::Red ? QIcon(QStringLiteral(":/icons/zone-red.svg"))
                                 : QIcon(QStringLiteral(":/icons/zone-green.svg"));
}

static FleetTreeModel::StatusKind customerStatus(const Customer &customer, qsizetype problems)
{
    using Kind = FleetTreeModel::StatusKind;
    const Zone *red = customer.zone(ZoneKind::Red);
    const Zone *green = customer.zone(ZoneKind::Green);
    if (!red || !green || !red->resolution.resolved || !green->resolution.resolved)
        return Kind::Error;
    const UpgradeState state = customer.upgradeState();
    if (problems > 0 || state == UpgradeState::Unknown || state == UpgradeState::GreenAhead)
        return Kind::Warning;
    return state == UpgradeState::RedAhead ? Kind::Upgrading : Kind::Ok;
}

static void fillZoneRow(const Customer &customer,
                        ZoneKind kind,
                        QString *texts,
                        QString &toolTip,
                        FleetTreeModel::StatusKind &status)
{
    using Kind = FleetTreeModel::StatusKind;
    texts[FleetTreeModel::NameColumn] = zoneTitle(kind);
    const Zone *zone = customer.zone(kind);
    if (!zone) {
        texts[FleetTreeModel::StatusColumn] = QStringLiteral("not declared in fleet.yaml");
        toolTip = QStringLiteral("%1 has no %2 zone in fleet.yaml")
                          .arg(customer.id, zoneKindName(kind));
        status = Kind::Error;
        return;
    }
    texts[FleetTreeModel::ClusterColumn] = zone->cluster;
    texts[FleetTreeModel::CloudColumn] = cloudRegionText(*zone);
    texts[FleetTreeModel::VersionColumn] = zone->resolution.version;

    QStringList tip{QStringLiteral("%1 zone of %2, overlay %3")
                            .arg(zoneTitle(kind), customer.name, zone->overlay)};
    if (!zone->resolution.resolved) {
        texts[FleetTreeModel::StatusColumn] = QStringLiteral("overlay not resolved");
        status = Kind::Error;
    } else if (zone->resolution.version.isEmpty()) {
        texts[FleetTreeModel::StatusColumn] = QStringLiteral("no version set");
        status = Kind::Warning;
    } else if (!zone->problems.isEmpty()) {
        texts[FleetTreeModel::StatusColumn] = problemCountText(zone->problems.size());
        status = Kind::Warning;
    } else {
        texts[FleetTreeModel::StatusColumn] = QStringLiteral("ok");
        status = Kind::Ok;
    }
    const QString location = versionLocationText(*zone);
    if (!location.isEmpty())
        tip << QStringLiteral("version %1 %2").arg(zone->resolution.version, location);
    tip << problemLines(zone->problems);
    toolTip = tip.join(QLatin1Char('\n'));
}

void FleetTreeModel::setSnapshot(FleetSnapshot snapshot)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    m_rows.clear();
    m_rows.reserve(m_snapshot.customers.size());
    for (const Customer &customer : std::as_const(m_snapshot.customers)) {
        CustomerRows rows;
        const Diagnostics problems = customerProblems(customer);
        QString status = upgradeStatusText(customer);
        if (!problems.isEmpty())
            status += QStringLiteral("; ") + problemCountText(problems.size());

        rows.customer.texts[NameColumn] = customer.name.isEmpty() ? customer.id : customer.name;
        rows.customer.texts[StatusColumn] = status;
        rows.customer.status = customerStatus(customer, problems.size());
        QStringList tip{QStringLiteral("%1 (%2)").arg(rows.customer.texts[NameColumn], customer.id),
                        status};
        tip << problemLines(problems);
        rows.customer.toolTip = tip.join(QLatin1Char('\n'));

        QStringList filter{customer.id, customer.name};
        for (int i = 0; i < ZoneRowCount; ++i) {
            Row &row = rows.zones[i];
            fillZoneRow(customer, zoneKindOfRow(i), row.texts, row.toolTip, row.status);
            if (const Zone *zone = customer.zone(zoneKindOfRow(i)))
                filter << zone->cluster << zone->resolution.version;
        }
        const Zone *red = customer.zone(ZoneKind::Red);
        const Zone *green = customer.zone(ZoneKind::Green);
        if (red && green) {
            const QString redCloud = cloudRegionText(*red);
            if (redCloud == cloudRegionText(*green))
                rows.customer.texts[CloudColumn] = redCloud;
            if (customer.upgradeState() == UpgradeState::InSync)
                rows.customer.texts[VersionColumn] = red->resolution.version;
        }
        if (rows.customer.texts[VersionColumn].isEmpty()) {
            rows.customer.texts[VersionColumn] =
                    QStringLiteral("R %1 / G %2")
                            .arg(versionOrUnknown(red), versionOrUnknown(green));
        }
        rows.filterText = filter.join(QLatin1Char('\n')).toLower();
        m_rows.append(std::move(rows));
    }
    endResetModel();
}

const Customer *FleetTreeModel::customerAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const qsizetype row =
            index.internalId() == NoParent ? index.row() : qsizetype(index.internalId() - 1);
    return row < m_snapshot.customers.size() ? &m_snapshot.customers.at(row) : nullptr;
}

QModelIndex FleetTreeModel::indexOfCustomer(const QString &id) const
{
    for (qsizetype row = 0; row < m_snapshot.customers.size(); ++row) {
        if (m_snapshot.customers.at(row).id == id)
            return index(int(row), NameColumn);
    }
    return {};
}

QModelIndex FleetTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, NoParent);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex FleetTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == NoParent)
        return {};
    return createIndex(int(child.internalId() - 1), NameColumn, NoParent);
}

int FleetTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_rows.size());
    if (parent.column() != NameColumn)
        return 0;
    return parent.internalId() == NoParent ? ZoneRowCount : 0;
}

int FleetTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

const FleetTreeModel::Row *FleetTreeModel::rowAt(const QModelIndex &index) const
{
    if (index.internalId() == NoParent)
        return &m_rows.at(index.row()).customer;
    return &m_rows.at(qsizetype(index.internalId() - 1)).zones[index.row()];
}

QVariant FleetTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isZone = index.internalId() != NoParent;
    const Row *row = rowAt(index);
    switch (role) {
    case Qt::DisplayRole:
        return row->texts[index.column()];
    case Qt::ToolTipRole:
        return row->toolTip;
    case Qt::DecorationRole:
        if (index.column() == NameColumn) {
            return isZone ? m_zoneIcons[index.row()] : m_statusIcons[int(row->status)];
        }
        if (index.column() == StatusColumn && isZone)
            return m_statusIcons[int(row->status)];
        return {};
    case CustomerIdRole:
        return customerAt(index)->id;
    case ZoneKindRole:
        return isZone ? QVariant(int(zoneKindOfRow(index.row()))) : QVariant();
    case FilterTextRole: {
        const qsizetype customerRow = isZone ? qsizetype(index.internalId() - 1) : index.row();
        return m_rows.at(customerRow).filterText;
    }
    case StatusKindRole:
        return int(row->status);
    default:
        return {};
    }
}

QVariant FleetTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Name");
    case ClusterColumn:
        return QStringLiteral("Cluster");
    case CloudColumn:
        return QStringLiteral("Cloud / region");
    case VersionColumn:
        return QStringLiteral("Desired version");
    case StatusColumn:
        return QStringLiteral("Status");
    default:
        return {};
    }
}

QHash<int, QByteArray> FleetTreeModel::roleNames() const
{
    auto names = QAbstractItemModel::roleNames();
    names.insert(CustomerIdRole, "customerId");
    names.insert(ZoneKindRole, "zoneKind");
    names.insert(FilterTextRole, "filterText");
    names.insert(StatusKindRole, "statusKind");
    return names;
}

} // namespace qd
