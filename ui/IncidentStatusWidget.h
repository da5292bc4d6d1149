#pragma once

#include "models/SourceState.h"

#include <QWidget>

class QLabel;

namespace qd {

class SourceStateWidget;

// The status bar's view of the incidents: whether Alertmanager is live (as the Prometheus entry
// says it for telemetry), and the open P1 count. IncidentsPane keeps it up to date.
class IncidentStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit IncidentStatusWidget(QWidget *parent = nullptr);

    void setSourceState(const SourceState &state);
    void setOpenP1Count(int count);

    SourceStateWidget *sourceState() const { return m_source; }

private:
    SourceStateWidget *m_source;
    QLabel *m_p1Label;
};

} // namespace qd
