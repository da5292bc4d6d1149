#pragma once

#include "models/Slo.h"
#include "ui/TimeSeriesChartView.h"

class QAreaSeries;
class QLineSeries;

namespace qd {

// Availability over time for one zone: the SLI line (LTTB-decimated to the width, so a bad
// minute still dips), the target as a dashed line, and maintenance windows shaded, because
// their minutes do not count against the SLO.
class AvailabilityChart : public TimeSeriesChartView
{
    Q_OBJECT
public:
    explicit AvailabilityChart(QWidget *parent = nullptr);

    // from/to in epoch seconds; the series' x in ms since the epoch, y a fraction 0..1.
    void setData(const slo::TimeSeries &availability,
                 const QList<slo::Interval> &maintenance,
                 double targetPercent,
                 qint64 from,
                 qint64 to);
    void clear();

    qsizetype maintenanceWindowCount() const { return m_windows.size(); }

protected:
    void themeChanged() override;
    void widthChanged() override;

private:
    void styleOverlays();
    void updateMaintenanceShading();

    QLineSeries *m_target = nullptr;
    QLineSeries *m_maintenanceEdge = nullptr; // the upper edge of the shading
    QAreaSeries *m_maintenance = nullptr;
    QList<slo::Interval> m_windows; // clipped to the range, sorted
    qint64 m_from = 0;
    qint64 m_to = 0;
    double m_low = 0.0;
    double m_high = 100.0;
};

} // namespace qd
