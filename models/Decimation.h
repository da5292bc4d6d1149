#pragma once

#include <QList>
#include <QPointF>

#include <span>

namespace qd {

// How many points a chart of `widthPixels` may draw: about two per pixel column, so that a line
// can go down and back up inside one column. Never fewer than 3 (first, one chosen, last).
qsizetype chartPointBudget(int widthPixels);

// Largest-Triangle-Three-Buckets (Steinarsson, "Downsampling Time Series for Visual
// Representation", 2013). Keeps the first and the last point and, from each of maxPoints - 2
// equal buckets in between, the point that makes the largest triangle with the point kept
// before it and the mean of the next bucket. A single bad minute among good ones makes the
// largest triangle of its bucket, so an outage stays visible where averaging would erase it.
// `points` must be sorted by x. Returns the input unchanged when it already fits.
QList<QPointF> decimateLttb(std::span<const QPointF> points, qsizetype maxPoints);

inline QList<QPointF> decimateLttb(const QList<QPointF> &points, qsizetype maxPoints)
{
    return decimateLttb(std::span<const QPointF>(points.constData(), points.size()), maxPoints);
}

} // namespace qd
