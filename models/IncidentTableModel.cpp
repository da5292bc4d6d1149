#include "models/IncidentTableModel.h"

#include <QFont>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace qd {

namespace {

constexpr qint64 Minute = 60;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

const QList<int> &countdownRoles()
{
    // Never SortRole or FilterRole: the proxy reads those to decide whether to re-sort.
    static const QList<int> roles = {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole,
                                     Qt::FontRole, Qt::AccessibleTextRole,
                                     IncidentTableModel::BreachedRole};
    return roles;
}

QByteArray filterTextOf(const Incident &incident)
{
    QString text = QStringList{priorityName(incident.priority), incident.customer, incident.zone,
                               incident.title}
                           .join(QLatin1Char(' '))
                           .toLower();
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text.toUtf8();
}

bool sameIncidents(const QList<Incident> &a, const QList<Incident> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).id != b.at(i).id)
            return false;
    }
    return true;
}

QPixmap drawPriorityIcon(Priority priority, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(0, 0, 0, 90), size / 16.0));
    painter.setBrush(IncidentTableModel::priorityColor(priority));
    const QRectF box(size * 0.06, size * 0.06, size * 0.88, size * 0.88);
    switch (priority) {
    case Priority::P0: { // octagon, like a stop sign
        QPolygonF octagon;
        for (int i = 0; i < 8; ++i) {
            const double angle = std::numbers::pi / 8 + i * std::numbers::pi / 4;
            octagon << box.center()
                               + QPointF(std::cos(angle), std::sin(angle)) * box.width() / 2;
        }
        painter.drawPolygon(octagon);
        break;
    }
    case Priority::P1:
        painter.drawPolygon(QPolygonF{QPointF(box.center().x(), box.top()), box.bottomRight(),
                                      box.bottomLeft()});
        break;
    case Priority::P2:
        painter.drawEllipse(box);
        break;
    }
    // A white mark inside, so the shape reads on any background.
    painter.setPen(QPen(Qt::white, size / 8.0, Qt::SolidLine, Qt::RoundCap));
    const double x = box.center().x();
    painter.drawLine(QPointF(x, box.top() + box.height() * 0.32),
                     QPointF(x, box.top() + box.height() * 0.62));
    painter.drawPoint(QPointF(x, box.top() + box.height() * 0.8));
    return pixmap;
}

} // namespace

IncidentTableModel::IncidentTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_now(QDateTime::currentDateTimeUtc())
{}

void IncidentTableModel::setIncidents(QList<Incident> incidents)
{
    QByteArray haystack;
    QList<qsizetype> rowStarts;
    rowStarts.reserve(incidents.size() + 1);
    for (const Incident &incident : std::as_const(incidents)) {
        rowStarts.append(haystack.size());
        haystack += filterTextOf(incident);
        haystack += '\n';
    }
    rowStarts.append(haystack.size());

    if (!m_incidents.isEmpty() && sameIncidents(m_incidents, incidents)) {
        m_incidents = std::move(incidents);
        m_haystack = std::move(haystack);
        m_rowStarts = std::move(rowStarts);
        // Empty roles: anything may have changed, sort and filter keys included.
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_incidents = std::move(incidents);
    m_haystack = std::move(haystack);
    m_rowStarts = std::move(rowStarts);
    endResetModel();
}

void IncidentTableModel::setNow(const QDateTime &now)
{
    const bool minuteChanged = m_now.toSecsSinceEpoch() / Minute != now.toSecsSinceEpoch() / Minute;
    m_now = now;
    if (m_incidents.isEmpty())
        return;
    const int last = rowCount() - 1;
    if (minuteChanged)
        emit dataChanged(index(0, AgeColumn), index(last, AgeColumn), countdownRoles());
    emit dataChanged(index(0, DueColumn), index(last, DueColumn), countdownRoles());
}

int IncidentTableModel::rowOfIncident(const QString &id) const
{
    for (qsizetype row = 0; row < m_incidents.size(); ++row) {
        if (m_incidents.at(row).id == id)
            return int(row);
    }
    return -1;
}

QString IncidentTableModel::filterText(int row) const
{
    const qsizetype start = m_rowStarts.at(row);
    // Without the '\n' that ends it.
    return QString::fromUtf8(m_haystack.constData() + start, m_rowStarts.at(row + 1) - start - 1);
}

int IncidentTableModel::rowAtHaystackOffset(qsizetype offset) const
{
    const auto next = std::upper_bound(m_rowStarts.cbegin(), m_rowStarts.cend(), offset);
    return int(next - m_rowStarts.cbegin()) - 1;
}

int IncidentTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_incidents.size());
}

int IncidentTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IncidentTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Incident &incident = m_incidents.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return displayText(incident, column);
    case Qt::ToolTipRole:
        if (column == DueColumn || column == AgeColumn)
            return dueToolTip(incident);
        if (column == StateColumn && !incident.acknowledgedBy.isEmpty()) {
            return QStringLiteral("Acknowledged by %1: %2")
                    .arg(incident.acknowledgedBy, incident.acknowledgeComment);
        }
        return column == TitleColumn ? QVariant(incident.title) : QVariant();
    case Qt::DecorationRole:
        if (column != PriorityColumn)
            return {};
        if (m_icons[int(incident.priority)].isNull())
            m_icons[int(incident.priority)] = priorityIcon(incident.priority);
        return m_icons[int(incident.priority)];
    case Qt::ForegroundRole:
        if (column == PriorityColumn)
            return priorityColor(incident.priority);
        if (column == DueColumn && incident.isBreached(m_now))
            return priorityColor(Priority::P0);
        return {};
    case Qt::FontRole:
        if ((column == DueColumn && incident.isBreached(m_now)) || column == PriorityColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case IdRole:
        return incident.id;
    case PriorityRole:
        return int(incident.priority);
    case StateRole:
        return int(incident.state);
    case BreachedRole:
        return incident.isBreached(m_now);
    case FilterRole:
        return filterText(index.row());
    case SortRole:
        return sortKey(index.row(), column);
    default:
        return {};
    }
}

QVariant IncidentTableModel::displayText(const Incident &incident, int column) const
{
    switch (column) {
    case PriorityColumn:
        return priorityName(incident.priority);
    case CustomerColumn:
        return incident.customer;
    case ZoneColumn:
        return incident.zone;
    case TitleColumn:
        return incident.title;
    case AgeColumn:
        return ageText(incident, m_now);
    case DueColumn:
        return countdownText(incident, m_now);
    case StateColumn:
        return stateText(incident);
    default:
        return {};
    }
}

QVariant IncidentTableModel::sortKey(int row, int column) const
{
    const Incident &incident = m_incidents.at(row);
    switch (column) {
    case PriorityColumn:
        return int(incident.priority);
    case AgeColumn: // an age, not a date: the youngest first when ascending
        return -incident.openedAt.toMSecsSinceEpoch();
    case DueColumn:
        return incident.responseDueAt.toMSecsSinceEpoch();
    case StateColumn:
        return int(incident.state);
    default:
        return displayText(incident, column);
    }
}

QString IncidentTableModel::dueToolTip(const Incident &incident) const
{
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm 'UTC'");
    QString text = QStringLiteral("Opened %1\nResponse due %2")
                           .arg(incident.openedAt.toUTC().toString(format),
                                incident.responseDueAt.toUTC().toString(format));
    if (incident.acknowledgedAt.isValid()) {
        text += QStringLiteral("\nAcknowledged %1")
                        .arg(incident.acknowledgedAt.toUTC().toString(format));
    }
    if (incident.resolvedAt.isValid())
        text += QStringLiteral("\nResolved %1").arg(incident.resolvedAt.toUTC().toString(format));
    return text;
}

QVariant IncidentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PriorityColumn:
        return QStringLiteral("Priority");
    case CustomerColumn:
        return QStringLiteral("Customer");
    case ZoneColumn:
        return QStringLiteral("Zone");
    case TitleColumn:
        return QStringLiteral("Title");
    case AgeColumn:
        return QStringLiteral("Age");
    case DueColumn:
        return QStringLiteral("Response due");
    case StateColumn:
        return QStringLiteral("State");
    default:
        return {};
    }
}

QString IncidentTableModel::durationText(qint64 seconds)
{
    seconds = std::max<qint64>(seconds, 0);
    if (seconds < Minute)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < Hour)
        return QStringLiteral("%1 min").arg(seconds / Minute);
    if (seconds < Day) {
        const qint64 minutes = seconds % Hour / Minute;
        return minutes ? QStringLiteral("%1 h %2 min").arg(seconds / Hour).arg(minutes)
                       : QStringLiteral("%1 h").arg(seconds / Hour);
    }
    const qint64 hours = seconds % Day / Hour;
    return hours ? QStringLiteral("%1 d %2 h").arg(seconds / Day).arg(hours)
                 : QStringLiteral("%1 d").arg(seconds / Day);
}

QString IncidentTableModel::countdownText(const Incident &incident, const QDateTime &now)
{
    if (!incident.responseDueAt.isValid())
        return QStringLiteral("no due time");
    const QDateTime responded = incident.respondedAt();
    if (responded.isValid()) {
        const qint64 late = incident.responseDueAt.secsTo(responded);
        if (late > 0)
            return QStringLiteral("responded %1 late").arg(durationText(late));
        return QStringLiteral("responded in %1")
                .arg(durationText(incident.openedAt.secsTo(responded)));
    }
    const qint64 left = now.secsTo(incident.responseDueAt);
    if (left > 0)
        return QStringLiteral("due in %1").arg(durationText(left));
    if (left == 0)
        return QStringLiteral("due now");
    return QStringLiteral("breached %1 ago").arg(durationText(-left));
}

QString IncidentTableModel::ageText(const Incident &incident, const QDateTime &now)
{
    if (!incident.openedAt.isValid())
        return {};
    return durationText(incident.openedAt.secsTo(now));
}

QString IncidentTableModel::stateText(const Incident &incident)
{
    QString text = incidentStateName(incident.state);
    if (incident.state == IncidentState::Acknowledged && incident.ackSync == AckSync::Pending)
        text += QStringLiteral(" (sending…)");
    else if (incident.state == IncidentState::Acknowledged && !incident.acknowledgedBy.isEmpty())
        text += QStringLiteral(" by %1").arg(incident.acknowledgedBy);
    return text;
}

QColor IncidentTableModel::priorityColor(Priority priority)
{
    switch (priority) {
    case Priority::P0:
        return QColor(0xd3, 0x2f, 0x2f);
    case Priority::P1:
        return QColor(0xe6, 0x7e, 0x00);
    case Priority::P2:
        return QColor(0x1e, 0x6f, 0xc8);
    }
    return {};
}

QIcon IncidentTableModel::priorityIcon(Priority priority)
{
    QIcon icon;
    for (int size : {16, 24, 32, 48})
        icon.addPixmap(drawPriorityIcon(priority, size));
    return icon;
}

} // namespace qd
