// Repainting the SLO pane's availability chart fed a month of minutes (43,200 points): the chart
// keeps the full series and draws an LTTB-decimated copy of at most two points per pixel column,
// so a frame must cost no more than 16 ms (60 frames a second). For comparison, the same series
// handed to Qt Charts undecimated is timed too (detail lines only).
#include "BenchReport.h"
#include "models/Decimation.h"
#include "ui/AvailabilityChart.h"

#include <QApplication>
#include <QChartView>
#include <QElapsedTimer>
#include <QImage>
#include <QLineSeries>
#include <QPainter>
#include <QValueAxis>

#include <cmath>

using namespace qd;
using namespace qd::bench;

namespace {

constexpr qint64 Minutes = 43'200;
constexpr int Frames = 60;
constexpr double TargetMs = 16.0;

// A month of per-minute availability: mostly 1, with outages, flapping, a partial failure and
// scrape gaps, as the demo seeds it.
slo::TimeSeries month(qint64 from)
{
    slo::TimeSeries series;
    series.name = QStringLiteral("availability");
    QList<QPointF> segment;
    for (qint64 i = 0; i < Minutes; ++i) {
        const double x = double(from + i * 60) * 1000.0;
        double y = 1.0;
        if (i % 5003 < 4)
            y = 0.0; // a 4-minute outage every 3.5 days
        else if (i % 9001 < 30)
            y = (i % 2) ? 0.0 : 1.0; // flapping
        else if (i % 7919 < 15)
            y = 0.5;             // one of two probes down
        if (i % 10007 == 5000) { // a scrape gap of 40 minutes
            series.segments.append(segment);
            segment.clear();
            i += 40;
            continue;
        }
        segment.append(QPointF(x, y));
    }
    series.segments.append(segment);
    return series;
}

// Milliseconds to render the view into an image, once per frame.
QList<double> timeFrames(QWidget *view, int frames)
{
    QImage image(view->size(), QImage::Format_ARGB32_Premultiplied);
    QList<double> times;
    for (int frame = 0; frame < frames; ++frame) {
        image.fill(Qt::white);
        QPainter painter(&image);
        QElapsedTimer timer;
        timer.start();
        view->render(&painter);
        painter.end();
        times.append(double(timer.nsecsElapsed()) / 1e6);
    }
    return times;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const qint64 to = 1'790'000'000 / 60 * 60;
    const qint64 from = to - Minutes * 60;
    const slo::TimeSeries series = month(from);
    const QList<slo::Interval> maintenance = {{from + 8 * 86400, from + 8 * 86400 + 7200},
                                              {from + 21 * 86400, from + 21 * 86400 + 10800}};

    AvailabilityChart chart;
    chart.resize(1200, 420);
    chart.show();
    QElapsedTimer feed;
    feed.start();
    chart.setData(series, maintenance, 99.9, from, to);
    const double feedMs = double(feed.nsecsElapsed()) / 1e6;
    QCoreApplication::processEvents();
    timeFrames(&chart, 3); // warm-up: fonts, glyph caches

    QElapsedTimer resize;
    resize.start();
    chart.resize(1199, 420); // a resize redecimates
    const double redecimateMs = double(resize.nsecsElapsed()) / 1e6;
    chart.resize(1200, 420);
    QCoreApplication::processEvents();

    const QList<double> frames = timeFrames(&chart, Frames);
    const double medianMs = median(frames);
    printDetail(QStringLiteral("source points %1, drawn %2 in %3 px; setData %4 ms, "
                               "resize with redecimation %5 ms")
                        .arg(chart.sourcePointCount())
                        .arg(chart.drawnPointCount())
                        .arg(chart.width())
                        .arg(feedMs, 0, 'f', 1)
                        .arg(redecimateMs, 0, 'f', 1));
    printDetail(QStringLiteral("decimated frames (ms): %1").arg(formatSeries(frames, 2)));

    // The same month handed to Qt Charts as it is, for comparison.
    QChartView raw;
    auto *line = new QLineSeries;
    for (const QList<QPointF> &segment : series.segments)
        line->append(segment);
    raw.chart()->addSeries(line);
    raw.chart()->createDefaultAxes();
    raw.setRenderHint(QPainter::Antialiasing);
    raw.resize(1200, 420);
    raw.show();
    QCoreApplication::processEvents();
    timeFrames(&raw, 1);
    const QList<double> rawFrames = timeFrames(&raw, 10);
    printDetail(QStringLiteral("undecimated %1 points: median %2 ms a frame (%3)")
                        .arg(line->count())
                        .arg(median(rawFrames), 0, 'f', 1)
                        .arg(formatSeries(rawFrames, 1)));

    const bool bounded = chart.drawnPointCount() <= 2 * chart.width();
    if (!bounded)
        printDetail(QStringLiteral("the chart draws more than 2 points per pixel column"));
    printResult(
            QStringLiteral("chart repaint: 43,200-point series (median of %1 frames)").arg(Frames),
            QStringLiteral("%1 ms").arg(medianMs, 0, 'f', 2), QStringLiteral("<= 16 ms"),
            medianMs / TargetMs, medianMs <= TargetMs && bounded ? Verdict::Pass : Verdict::Fail);
    return 0;
}
