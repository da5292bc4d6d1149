#include "models/Decimation.h"

#include <algorithm>
#include <cmath>

namespace qd {

qsizetype chartPointBudget(int widthPixels)
{
    return std::max<qsizetype>(3, 2 * qsizetype(std::max(widthPixels, 0)));
}

QList<QPointF> decimateLttb(std::span<const QPointF> points, qsizetype maxPoints)
{
    const auto count = qsizetype(points.size());
    if (count <= maxPoints || count <= 2)
        return QList<QPointF>(points.begin(), points.end());
    if (maxPoints < 3) {
        // Too small for a middle bucket: the ends still say where the range starts and stops.
        QList<QPointF> ends{points.front()};
        if (maxPoints == 2)
            ends.append(points.back());
        return maxPoints <= 0 ? QList<QPointF>() : ends;
    }

    QList<QPointF> out;
    out.reserve(maxPoints);
    out.append(points.front());

    // Buckets cover points[1 .. count-2]; bucket i is [start(i), start(i + 1)).
    const qsizetype buckets = maxPoints - 2;
    const double bucketSize = double(count - 2) / double(buckets);
    const auto bucketStart = [bucketSize](qsizetype bucket) {
        return qsizetype(std::floor(double(bucket) * bucketSize)) + 1;
    };

    qsizetype kept = 0;
    for (qsizetype bucket = 0; bucket < buckets; ++bucket) {
        const qsizetype first = bucketStart(bucket);
        const qsizetype last = std::min(bucketStart(bucket + 1), count - 1);

        // The third corner: the mean of the next bucket, or the last point after the final one.
        double nextX = 0.0;
        double nextY = 0.0;
        const qsizetype nextFirst = last;
        const qsizetype nextLast =
                bucket + 1 < buckets ? std::min(bucketStart(bucket + 2), count - 1) : count;
        for (qsizetype i = nextFirst; i < nextLast; ++i) {
            nextX += points[size_t(i)].x();
            nextY += points[size_t(i)].y();
        }
        const double nextCount = double(std::max<qsizetype>(nextLast - nextFirst, 1));
        nextX /= nextCount;
        nextY /= nextCount;

        const double keptX = points[size_t(kept)].x();
        const double keptY = points[size_t(kept)].y();
        double largestArea = -1.0;
        qsizetype chosen = first;
        for (qsizetype i = first; i < last; ++i) {
            const QPointF &p = points[size_t(i)];
            // Twice the triangle's area; only the comparison matters.
            const double area =
                    std::abs((keptX - nextX) * (p.y() - keptY) - (keptX - p.x()) * (nextY - keptY));
            if (area > largestArea) {
                largestArea = area;
                chosen = i;
            }
        }
        out.append(points[size_t(chosen)]);
        kept = chosen;
    }

    out.append(points.back());
    return out;
}

} // namespace qd
