#pragma once

#include <QChartView>
#include <QList>
#include <QPen>
#include <QPointF>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace qd {

// A chart over time whose main line may hold far more points than the plot has pixels (a month
// of minutes is 43,200). It keeps the full-resolution line and draws an LTTB-decimated copy of
// at most two points per pixel column of its width, decimated again on every resize, so painting
// costs the same for a day as for a quarter and an outage minute stays visible.
class TimeSeriesChartView : public QChartView
{
    Q_OBJECT
public:
    // Points currently handed to Qt Charts for the main line (all its segments).
    qsizetype drawnPointCount() const;
    // Points of the full-resolution line.
    qsizetype sourcePointCount() const { return m_sourceCount; }

protected:
    explicit TimeSeriesChartView(QWidget *parent = nullptr);

    // The main line; a gap (no data) separates segments. x = ms since the epoch.
    void setLine(const QList<QList<QPointF>> &segments, const QString &name, const QPen &pen);
    // The time axis spans [fromMs, toMs] whatever the data covers.
    void setTimeRange(qint64 fromMs, qint64 toMs);
    // The chart theme follows the widget's palette (light or dark).
    void applyPaletteTheme();

    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

    QChart *m_chart = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;

    // Gives the subclass a chance to re-colour its own series after a theme change.
    virtual void themeChanged() {}
    // After the width changed: for overlays whose size depends on the pixels.
    virtual void widthChanged() {}

private:
    void redecimate();
    QLineSeries *lineAt(qsizetype i);

    QList<QList<QPointF>> m_segments;
    QList<QLineSeries *> m_lines; // one per segment, reused across updates
    QString m_name;
    QPen m_pen;
    qsizetype m_sourceCount = 0;
    int m_decimatedForWidth = -1;
};

} // namespace qd
