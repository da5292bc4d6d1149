#pragma once

#include "models/Incident.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QIcon>
#include <QList>

namespace qd {

// The incidents as a flat table. It receives finished snapshots through setIncidents() and the
// time to count down from through setNow(); data() never reads the clock, so the same snapshot
// and the same `now` always give the same texts (and tests can pin both).
class IncidentTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        PriorityColumn,
        CustomerColumn,
        ZoneColumn,
        TitleColumn,
        AgeColumn,
        DueColumn,
        StateColumn,
        ColumnCount
    };

    enum Role {
        IdRole = Qt::UserRole + 1, // QString: the incident's id
        PriorityRole,              // int (Priority)
        StateRole,                 // int (IncidentState)
        BreachedRole,              // bool, at the model's `now`
        FilterRole,                // QString: priority, customer, zone and title, lower case
        SortRole,                  // a key that orders the column (never depends on `now`)
    };

    explicit IncidentTableModel(QObject *parent = nullptr);

    // The one way in for incidents. When the snapshot holds the same incidents in the same order
    // (a refresh), the rows are updated in place so that selection and scrolling survive.
    void setIncidents(QList<Incident> incidents);
    // Moves the clock the countdowns are computed from. Signals dataChanged for the countdown
    // columns only (Age only when its minute changed), with roles that leave sort and filter keys
    // alone, so a proxy above need not re-sort every second.
    void setNow(const QDateTime &now);
    QDateTime now() const { return m_now; }

    const QList<Incident> &incidents() const { return m_incidents; }
    const Incident &incidentAt(int row) const { return m_incidents.at(row); }
    int rowOfIncident(const QString &id) const;
    // Lower case "p0 acme green title" of a row.
    QString filterText(int row) const;
    // Every row's filter text, lower case UTF-8, each ended by '\n' (which no text contains),
    // in one buffer built once per snapshot: a filter scans it in one pass instead of visiting
    // 100,000 separately allocated strings.
    const QByteArray &filterHaystack() const { return m_haystack; }
    // The row whose text holds the byte at `offset`, and where the next row's text starts.
    int rowAtHaystackOffset(qsizetype offset) const;
    qsizetype haystackRowEnd(int row) const { return m_rowStarts.at(row + 1); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "42 min", "1 h 5 min", "2 d 3 h", "12 s"; rounded down, so time left is never overstated.
    static QString durationText(qint64 seconds);
    // "due in 42 min", "breached 1 h 5 min ago", "responded in 12 min", "responded 5 min late".
    static QString countdownText(const Incident &incident, const QDateTime &now);
    static QString ageText(const Incident &incident, const QDateTime &now);
    static QString stateText(const Incident &incident);
    static QColor priorityColor(Priority priority);
    // Distinct shapes (octagon, triangle, circle) so that colour is never the only signal.
    static QIcon priorityIcon(Priority priority);

private:
    QVariant displayText(const Incident &incident, int column) const;
    QVariant sortKey(int row, int column) const;
    QString dueToolTip(const Incident &incident) const;

    QList<Incident> m_incidents;
    QByteArray m_haystack;
    QList<qsizetype> m_rowStarts; // row -> offset in m_haystack; one more entry: the end
    QDateTime m_now;
    mutable QIcon m_icons[3]; // built on first use: icons need a running QGuiApplication
};

} // namespace qd
