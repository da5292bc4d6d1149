#pragma once

#include "models/Fleet.h"

#include <QFrame>

class QLabel;

namespace qd {

// One zone of a customer, as a card: cluster, cloud region, desired version and the file and line
// that set it, the overlay's files, links to Deck and Gate, and the zone's problems.
class ZoneCard : public QFrame
{
    Q_OBJECT
public:
    explicit ZoneCard(ZoneKind kind, QWidget *parent = nullptr);

    // zone is null when fleet.yaml does not declare this zone for the customer.
    void setZone(const Customer &customer, const Zone *zone);

    ZoneKind kind() const { return m_kind; }

    // The zone accents: the one place with fixed colours, chosen to read on light and dark
    // palettes.
    static QColor accentColor(ZoneKind kind);

private:
    ZoneKind m_kind;
    QLabel *m_statusIcon = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_cluster = nullptr;
    QLabel *m_version = nullptr;
    QLabel *m_versionLocation = nullptr;
    QLabel *m_files = nullptr;
    QLabel *m_links = nullptr;
    QLabel *m_problems = nullptr;
};

} // namespace qd
