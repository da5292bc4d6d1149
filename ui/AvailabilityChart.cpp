#include "ui/AvailabilityChart.h"

#include <QAreaSeries>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace qd {

namespace {

// Amber with some transparency: visible on light and dark themes, and never the SLI's colour.
QColor maintenanceColor()
{
    return QColor(0xf0, 0xa0, 0x30, 110);
}

QPen availabilityPen()
{
    QPen pen(QColor(0x2a, 0x7a, 0xd4));
    pen.setWidthF(1.5);
    return pen;
}

// The y axis shows the target with some room below it, or down to the worst point when that is
// lower; the top leaves a little headroom so that a line at 100% is not hidden by the frame.
std::pair<double, double> valueRange(const slo::TimeSeries &series, double targetPercent)
{
    double lowest = 100.0;
    for (const QList<QPointF> &segment : series.segments) {
        for (const QPointF &p : segment)
            lowest = std::min(lowest, p.y() * 100.0);
    }
    const double room = std::max(100.0 - targetPercent, 0.01) * 2.0;
    const double low = std::max(0.0, std::min(lowest, targetPercent - room));
    return {low, 100.0 + (100.0 - low) * 0.03};
}

// A round tick step giving at most six intervals between low and 100%.
double tickInterval(double low)
{
    const double span = 100.0 - low;
    for (double step : {0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 25.0}) {
        if (span / step <= 6.0)
            return step;
    }
    return 50.0;
}

} // namespace

AvailabilityChart::AvailabilityChart(QWidget *parent)
    : TimeSeriesChartView(parent)
    , m_target(new QLineSeries(m_chart))
    , m_maintenanceEdge(new QLineSeries(m_chart))
    , m_maintenance(new QAreaSeries(m_maintenanceEdge))
{
    setObjectName(QStringLiteral("availabilityChart"));
    m_chart->setTitle(QStringLiteral("Availability"));
    // The shading goes first so that the lines are drawn over it.
    m_maintenance->setName(QStringLiteral("Maintenance (excluded)"));
    m_chart->addSeries(m_maintenance);
    m_maintenance->attachAxis(m_timeAxis);
    m_maintenance->attachAxis(m_valueAxis);
    m_chart->addSeries(m_target);
    m_target->attachAxis(m_timeAxis);
    m_target->attachAxis(m_valueAxis);
    // Ticks on round numbers counted from 100%, whatever the floor.
    m_valueAxis->setTickType(QValueAxis::TicksDynamic);
    m_valueAxis->setTickAnchor(100.0);
    m_valueAxis->setTitleText(QStringLiteral("SLI per bucket"));
    styleOverlays();
    setMinimumHeight(220);
}

void AvailabilityChart::styleOverlays()
{
    QPen targetPen(QColor(0xd0, 0x40, 0x40));
    targetPen.setStyle(Qt::DashLine);
    targetPen.setWidthF(1.2);
    m_target->setPen(targetPen);
    m_maintenance->setBrush(maintenanceColor());
    m_maintenance->setPen(Qt::NoPen);
}

void AvailabilityChart::themeChanged()
{
    styleOverlays();
}

void AvailabilityChart::clear()
{
    setData({}, {}, 99.9, 0, 0);
}

void AvailabilityChart::setData(const slo::TimeSeries &availability,
                                const QList<slo::Interval> &maintenance,
                                double targetPercent,
                                qint64 from,
                                qint64 to)
{
    const auto [low, high] = valueRange(availability, targetPercent);
    m_valueAxis->setRange(low, high);
    const double step = tickInterval(low);
    m_valueAxis->setTickInterval(step);
    m_valueAxis->setLabelFormat(step < 0.1   ? QStringLiteral("%.2f%%")
                                : step < 1.0 ? QStringLiteral("%.1f%%")
                                             : QStringLiteral("%.0f%%"));
    setTimeRange(from * 1000, to * 1000);

    // The line in percent: the axis and the tooltip read as the SLA does.
    QList<QList<QPointF>> percent;
    percent.reserve(availability.segments.size());
    for (const QList<QPointF> &segment : availability.segments) {
        QList<QPointF> scaled;
        scaled.reserve(segment.size());
        for (const QPointF &p : segment)
            scaled.append(QPointF(p.x(), p.y() * 100.0));
        percent.append(std::move(scaled));
    }
    setLine(percent, QStringLiteral("Availability"), availabilityPen());

    m_target->replace({QPointF(double(from) * 1000.0, targetPercent),
                       QPointF(double(to) * 1000.0, targetPercent)});
    m_target->setName(QStringLiteral("Target %1%").arg(targetPercent));

    m_windows.clear();
    for (const slo::Interval &window : maintenance) {
        if (window.end > from && window.start < to)
            m_windows.append({std::max(window.start, from), std::min(window.end, to)});
    }
    std::sort(m_windows.begin(), m_windows.end(),
              [](const slo::Interval &a, const slo::Interval &b) { return a.start < b.start; });
    m_from = from;
    m_to = to;
    m_low = low;
    m_high = high;
    updateMaintenanceShading();
}

void AvailabilityChart::widthChanged()
{
    updateMaintenanceShading();
}

void AvailabilityChart::updateMaintenanceShading()
{
    // One area for all windows: a step line at the top inside a window, at the bottom outside.
    // Without a lower series the area fills down to 0, below the axis floor: the plot clips it.
    QList<QPointF> edge;
    edge.reserve(m_windows.size() * 4);
    // A two-hour window in a quarter is under a pixel wide: draw it at least 3 px wide.
    const double minWidthMs = double(m_to - m_from) * 1000.0 * 3.0 / std::max(width(), 100);
    for (const slo::Interval &window : std::as_const(m_windows)) {
        const double start = double(window.start) * 1000.0;
        const double end = std::max(double(window.end) * 1000.0, start + minWidthMs);
        edge.append({QPointF(start, m_low), QPointF(start, m_high), QPointF(end, m_high),
                     QPointF(end, m_low)});
    }
    m_maintenanceEdge->replace(edge);
    m_maintenance->setVisible(!m_windows.isEmpty());
}

} // namespace qd
