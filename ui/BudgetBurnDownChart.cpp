#include "ui/BudgetBurnDownChart.h"

#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace qd {

BudgetBurnDownChart::BudgetBurnDownChart(QWidget *parent)
    : TimeSeriesChartView(parent)
    , m_evenSpend(new QLineSeries(m_chart))
    , m_zero(new QLineSeries(m_chart))
{
    setObjectName(QStringLiteral("budgetBurnDownChart"));
    m_chart->setTitle(QStringLiteral("Error budget left"));
    for (QLineSeries *line : {m_evenSpend, m_zero}) {
        m_chart->addSeries(line);
        line->attachAxis(m_timeAxis);
        line->attachAxis(m_valueAxis);
    }
    m_evenSpend->setName(QStringLiteral("Even spend over the range"));
    m_zero->setName(QStringLiteral("Budget exhausted"));
    m_valueAxis->setLabelFormat(QStringLiteral("%.0f%%"));
    m_valueAxis->setTickType(QValueAxis::TicksDynamic);
    m_valueAxis->setTickAnchor(0.0);
    styleOverlays();
    setMinimumHeight(180);
}

void BudgetBurnDownChart::styleOverlays()
{
    QPen even(palette().color(QPalette::Mid));
    even.setStyle(Qt::DotLine);
    even.setWidthF(1.2);
    m_evenSpend->setPen(even);
    QPen zero(QColor(0xd0, 0x40, 0x40));
    zero.setStyle(Qt::DashLine);
    zero.setWidthF(1.2);
    m_zero->setPen(zero);
}

void BudgetBurnDownChart::themeChanged()
{
    styleOverlays();
}

void BudgetBurnDownChart::clear()
{
    setData({}, 0, 0);
}

void BudgetBurnDownChart::setData(const slo::TimeSeries &budgetLeft, qint64 from, qint64 to)
{
    double lowest = 0.0;
    QList<QList<QPointF>> percent;
    percent.reserve(budgetLeft.segments.size());
    for (const QList<QPointF> &segment : budgetLeft.segments) {
        QList<QPointF> scaled;
        scaled.reserve(segment.size());
        for (const QPointF &p : segment) {
            scaled.append(QPointF(p.x(), p.y() * 100.0));
            lowest = std::min(lowest, p.y() * 100.0);
        }
        percent.append(std::move(scaled));
    }
    // Round steps so that an overspent budget (-450%) still gets a handful of readable ticks.
    double step = 25.0;
    for (double candidate : {25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2500.0}) {
        step = candidate;
        if ((110.0 - lowest) / candidate <= 7.0)
            break;
    }
    const double floor = std::floor((lowest - step * 0.2) / step) * step;
    m_valueAxis->setRange(std::min(floor, -step), 100.0 + step * 0.4);
    m_valueAxis->setTickInterval(step);
    setTimeRange(from * 1000, to * 1000);

    QPen pen(QColor(0x7a, 0x4a, 0xc8));
    pen.setWidthF(1.8);
    setLine(percent, QStringLiteral("Budget left"), pen);

    const double fromMs = double(from) * 1000.0;
    const double toMs = double(to) * 1000.0;
    m_evenSpend->replace({QPointF(fromMs, 100.0), QPointF(toMs, 0.0)});
    m_zero->replace({QPointF(fromMs, 0.0), QPointF(toMs, 0.0)});
}

} // namespace qd
