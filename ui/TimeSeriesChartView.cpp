#include "ui/TimeSeriesChartView.h"

#include "models/Decimation.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QResizeEvent>
#include <QValueAxis>

#include <algorithm>

namespace qd {

namespace {

// Each segment is a QLineSeries; a flapping source can break a month into thousands of runs,
// and thousands of series cost more to lay out than the points. Beyond this many, the shortest
// gaps are bridged (the line then runs straight across a short gap).
constexpr qsizetype MaxSegments = 32;

QList<QList<QPointF>> bridgeShortestGaps(QList<QList<QPointF>> segments)
{
    segments.removeIf([](const QList<QPointF> &s) { return s.isEmpty(); });
    while (segments.size() > MaxSegments) {
        qsizetype shortest = 1;
        double shortestGap = std::numeric_limits<double>::max();
        for (qsizetype i = 1; i < segments.size(); ++i) {
            const double gap = segments.at(i).first().x() - segments.at(i - 1).last().x();
            if (gap < shortestGap) {
                shortestGap = gap;
                shortest = i;
            }
        }
        segments[shortest - 1].append(segments.at(shortest));
        segments.removeAt(shortest);
    }
    return segments;
}

} // namespace

TimeSeriesChartView::TimeSeriesChartView(QWidget *parent)
    // Given to the constructor: the default constructor makes a chart of its own, and setChart()
    // would leave that one behind unowned.
    : QChartView(new QChart, parent)
    , m_chart(chart()) // owned by the view's scene; the chart owns its axes and series
    , m_timeAxis(new QDateTimeAxis)
    , m_valueAxis(new QValueAxis)
{
    setRenderHint(QPainter::Antialiasing);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    m_timeAxis->setTickCount(7);
    applyPaletteTheme();
}

qsizetype TimeSeriesChartView::drawnPointCount() const
{
    qsizetype count = 0;
    for (const QLineSeries *line : m_lines) {
        if (line->isVisible())
            count += line->count();
    }
    return count;
}

void TimeSeriesChartView::setLine(const QList<QList<QPointF>> &segments,
                                  const QString &name,
                                  const QPen &pen)
{
    m_segments = bridgeShortestGaps(segments);
    m_sourceCount = 0;
    for (const QList<QPointF> &segment : std::as_const(m_segments))
        m_sourceCount += segment.size();
    m_name = name;
    m_pen = pen;
    m_decimatedForWidth = -1;
    redecimate();
}

void TimeSeriesChartView::setTimeRange(qint64 fromMs, qint64 toMs)
{
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs),
                         QDateTime::fromMSecsSinceEpoch(toMs));
    const qint64 hours = (toMs - fromMs) / 3'600'000;
    m_timeAxis->setFormat(hours <= 24       ? QStringLiteral("HH:mm")
                          : hours <= 24 * 8 ? QStringLiteral("ddd HH:mm")
                                            : QStringLiteral("d MMM"));
}

void TimeSeriesChartView::applyPaletteTheme()
{
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (m_chart->theme() != theme) {
        m_chart->setTheme(theme);
        // setTheme() resets series pens: give every line its pen back.
        for (QLineSeries *line : std::as_const(m_lines))
            line->setPen(m_pen);
        themeChanged();
    }
    m_chart->setBackgroundBrush(palette().brush(QPalette::Base));
}

void TimeSeriesChartView::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    if (event->size().width() != m_decimatedForWidth) {
        redecimate();
        widthChanged();
    }
}

void TimeSeriesChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPaletteTheme();
}

QLineSeries *TimeSeriesChartView::lineAt(qsizetype i)
{
    while (m_lines.size() <= i) {
        auto *line = new QLineSeries(m_chart);
        m_chart->addSeries(line);
        line->attachAxis(m_timeAxis);
        line->attachAxis(m_valueAxis);
        m_lines.append(line);
    }
    return m_lines.at(i);
}

void TimeSeriesChartView::redecimate()
{
    const int width = this->width();
    m_decimatedForWidth = width;

    // Decimate all segments as one line so that the whole chart keeps to one budget, then give
    // every kept point back to its segment (the segments are disjoint and sorted by x).
    QList<QPointF> all;
    all.reserve(m_sourceCount);
    for (const QList<QPointF> &segment : std::as_const(m_segments))
        all.append(segment);
    const QList<QPointF> kept = decimateLttb(all, chartPointBudget(width));

    qsizetype next = 0;
    for (qsizetype s = 0; s < m_segments.size(); ++s) {
        const double lastX = m_segments.at(s).last().x();
        const qsizetype first = next;
        while (next < kept.size() && kept.at(next).x() <= lastX)
            ++next;
        QLineSeries *line = lineAt(s);
        line->replace(kept.mid(first, next - first));
        line->setPen(m_pen);
        // A run of a single point has no line to draw: show it as a dot.
        line->setPointsVisible(line->count() == 1);
        line->setName(m_name);
        line->setVisible(true);
        // One legend entry for the line, however many gaps break it.
        const QList<QLegendMarker *> markers = m_chart->legend()->markers(line);
        for (QLegendMarker *marker : markers)
            marker->setVisible(s == 0);
    }
    for (qsizetype s = m_segments.size(); s < m_lines.size(); ++s) {
        m_lines.at(s)->clear();
        m_lines.at(s)->setVisible(false);
        const QList<QLegendMarker *> markers = m_chart->legend()->markers(m_lines.at(s));
        for (QLegendMarker *marker : markers)
            marker->setVisible(false);
    }
}

} // namespace qd
