#pragma once

#include "models/SourceState.h"

#include <QWidget>

class QLabel;

namespace qd {

// The status bar's view of the incidents: whether Alertmanager is live, and the open P1 count.
// IncidentsPane keeps it up to date.
class IncidentStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit IncidentStatusWidget(QWidget *parent = nullptr);

    void setSourceState(const SourceState &state);
    void setOpenP1Count(int count);

    static QString sourceText(const SourceState &state); // "Alertmanager ok", "... stale since"

private:
    QLabel *m_sourceLabel;
    QLabel *m_p1Label;
};

} // namespace qd
