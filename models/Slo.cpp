#include "models/Slo.h"

#include <algorithm>

namespace qd::slo {

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

qint64 ceilDiv(qint64 a, qint64 b)
{
    return -floorDiv(-a, b);
}

// The instants of a query: `count` instants from `first` (on the series' grid) at the series' step.
struct Instants
{
    qint64 first = 0;
    qint64 count = 0;
};

Instants instantsFrom(const SampleSeries &series, qint64 from, qint64 lastExclusive)
{
    const qint64 step = series.step;
    // Align up to the series' grid so that every instant has a slot (or none) in the series.
    const qint64 first = series.start + ceilDiv(from - series.start, step) * step;
    const qint64 count = std::max<qint64>(0, ceilDiv(lastExclusive - first, step));
    return {first, count};
}

// Maintenance windows as sorted, merged ranges of instant indexes [a, b) within [0, count).
std::vector<std::pair<qint64, qint64>> maintenanceRanges(const Instants &in, qint64 step,
                                                         const QList<Interval> &maintenance)
{
    std::vector<std::pair<qint64, qint64>> ranges;
    ranges.reserve(size_t(maintenance.size()));
    for (const Interval &w : maintenance) {
        // Instant k is inside when start <= first + k*step < end.
        const qint64 a = std::clamp<qint64>(ceilDiv(w.start - in.first, step), 0, in.count);
        const qint64 b = std::clamp<qint64>(ceilDiv(w.end - in.first, step), 0, in.count);
        if (a < b)
            ranges.emplace_back(a, b);
    }
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::pair<qint64, qint64>> merged;
    for (const auto &r : ranges) {
        if (!merged.empty() && r.first <= merged.back().second)
            merged.back().second = std::max(merged.back().second, r.second);
        else
            merged.push_back(r);
    }
    return merged;
}

// Adds the instants [a, b) (indexes into `in`), all outside maintenance, to `counts`.
void countData(const SampleSeries &series, const Instants &in, qint64 a, qint64 b,
               SampleCounts &counts)
{
    const qint64 base = (in.first - series.start) / series.step; // index of instant 0
    const qint64 size = qint64(series.values.size());
    const qint64 lo = std::clamp<qint64>(base + a, 0, size);
    const qint64 hi = std::clamp<qint64>(base + b, 0, size);
    // Instants outside the series have no data.
    counts.noData += (b - a) - std::max<qint64>(0, hi - lo);
    const float *v = series.values.data();
    double good = 0;
    qint64 missing = 0;
    // Eight independent lanes, summed in float over blocks short enough to stay exact for 0/1
    // samples, then in double: the compiler turns the lanes into vector adds (a single float
    // accumulator would not vectorise without -ffast-math, which would also break the NaN test).
    constexpr qint64 kBlock = 1 << 16;
    for (qint64 block = lo; block < hi; block += kBlock) {
        const qint64 e = std::min(hi, block + kBlock);
        float lane[8] = {};
        qint32 miss[8] = {};
        qint64 i = block;
        for (; i + 8 <= e; i += 8) {
            for (int k = 0; k < 8; ++k) {
                const float x = v[i + k];
                const bool present = x == x; // NaN is "no data"
                lane[k] += present ? x : 0.0f;
                miss[k] += present ? 0 : 1;
            }
        }
        for (; i < e; ++i) {
            const float x = v[i];
            lane[0] += x == x ? x : 0.0f;
            miss[0] += x == x ? 0 : 1;
        }
        for (int k = 0; k < 8; ++k) {
            good += double(lane[k]);
            missing += miss[k];
        }
    }
    counts.good += good;
    counts.noData += missing;
    counts.eligible += (hi - lo) - missing;
}

SampleCounts countInstants(const SampleSeries &series, const Instants &in,
                           const QList<Interval> &maintenance)
{
    SampleCounts counts;
    counts.samples = in.count;
    if (in.count == 0 || series.step <= 0)
        return counts;
    qint64 cursor = 0;
    for (const auto &[a, b] : maintenanceRanges(in, series.step, maintenance)) {
        countData(series, in, cursor, a, counts);
        counts.maintenance += b - a;
        cursor = b;
    }
    countData(series, in, cursor, in.count, counts);
    return counts;
}

} // namespace

float SampleSeries::valueAt(qint64 t) const
{
    if (step <= 0 || t < start || (t - start) % step != 0)
        return noData();
    const qint64 i = (t - start) / step;
    return i < qint64(values.size()) ? values[size_t(i)] : noData();
}

std::optional<double> SampleCounts::availability() const
{
    if (eligible == 0)
        return std::nullopt;
    return good / double(eligible);
}

SampleCounts countSamples(const SampleSeries &series, qint64 from, qint64 to,
                          const QList<Interval> &maintenance)
{
    if (to < from)
        return {};
    return countInstants(series, instantsFrom(series, from, to + 1), maintenance);
}

SampleCounts countSamplesHalfOpen(const SampleSeries &series, qint64 from, qint64 to,
                                  const QList<Interval> &maintenance)
{
    if (to <= from)
        return {};
    return countInstants(series, instantsFrom(series, from, to), maintenance);
}

QString burnWindowName(BurnWindow window)
{
    switch (window) {
    case BurnWindow::FiveMinutes: return QStringLiteral("5m");
    case BurnWindow::ThirtyMinutes: return QStringLiteral("30m");
    case BurnWindow::OneHour: return QStringLiteral("1h");
    case BurnWindow::SixHours: return QStringLiteral("6h");
    case BurnWindow::ThreeDays: return QStringLiteral("3d");
    }
    return {};
}

qint64 burnWindowSeconds(BurnWindow window)
{
    switch (window) {
    case BurnWindow::FiveMinutes: return 5 * 60;
    case BurnWindow::ThirtyMinutes: return 30 * 60;
    case BurnWindow::OneHour: return 3600;
    case BurnWindow::SixHours: return 6 * 3600;
    case BurnWindow::ThreeDays: return 3 * 86400;
    }
    return 0;
}

BurnRate burnRate(const SampleSeries &series, qint64 to, BurnWindow window, double targetPercent,
                  const QList<Interval> &maintenance)
{
    BurnRate result;
    result.window = window;
    const SampleCounts counts = countSamplesHalfOpen(series, to - burnWindowSeconds(window) + 1,
                                                     to + 1, maintenance);
    const double allowed = 1.0 - targetPercent / 100.0;
    if (counts.eligible > 0 && allowed > 0)
        result.rate = (counts.bad() / double(counts.eligible)) / allowed;
    return result;
}

bool SloSummary::meetsTarget() const
{
    // Compare in the samples' own terms so that 999 good of 1,000 meets 99.9% exactly.
    return availability && counts.good * 100.0 >= targetPercent * double(counts.eligible) - 1e-9;
}

SloSummary computeSlo(const SampleSeries &series, qint64 from, qint64 to, double targetPercent,
                      const QList<Interval> &maintenance)
{
    SloSummary s;
    s.from = from;
    s.to = to;
    s.targetPercent = targetPercent;
    s.counts = countSamples(series, from, to, maintenance);
    s.availability = s.counts.availability();
    const qint64 step = series.step;
    s.eligibleSeconds = s.counts.eligible * step;
    s.maintenanceExcludedSeconds = s.counts.maintenance * step;
    s.noDataSeconds = s.counts.noData * step;
    s.errorBudgetSeconds = (1.0 - targetPercent / 100.0) * double(s.eligibleSeconds);
    s.errorBudgetConsumedSeconds = s.counts.bad() * double(step);
    s.errorBudgetRemainingSeconds = s.errorBudgetSeconds - s.errorBudgetConsumedSeconds;
    if (s.errorBudgetSeconds > 0)
        s.errorBudgetRemainingRatio = s.errorBudgetRemainingSeconds / s.errorBudgetSeconds;

    for (BurnWindow w : kBurnWindows)
        s.burnRates.append(burnRate(series, to, w, targetPercent, maintenance));
    const auto rateOf = [&s](BurnWindow w) {
        for (const BurnRate &r : std::as_const(s.burnRates)) {
            if (r.window == w)
                return r.rate.value_or(0.0);
        }
        return 0.0;
    };
    const struct
    {
        const char *name;
        double factor;
        BurnWindow longWindow;
        BurnWindow shortWindow;
    } pairs[] = {
            {"page: 2% of the budget in 1 h", 14.4, BurnWindow::OneHour, BurnWindow::FiveMinutes},
            {"page: 5% of the budget in 6 h", 6.0, BurnWindow::SixHours,
             BurnWindow::ThirtyMinutes},
            {"ticket: 10% of the budget in 3 d", 1.0, BurnWindow::ThreeDays, BurnWindow::SixHours},
    };
    for (const auto &p : pairs) {
        BurnAlert alert;
        alert.name = QString::fromLatin1(p.name);
        alert.factor = p.factor;
        alert.longWindow = p.longWindow;
        alert.shortWindow = p.shortWindow;
        // The Workbook's rules compare with ">": burning exactly at the factor does not fire.
        alert.firing = rateOf(p.longWindow) > p.factor && rateOf(p.shortWindow) > p.factor;
        s.alerts.append(alert);
    }
    return s;
}

QList<MonthlySla> monthlySla(const SampleSeries &series, const QTimeZone &zone, qint64 from,
                             qint64 to, double targetPercent, const QList<Interval> &maintenance)
{
    QList<MonthlySla> months;
    if (to <= from || !zone.isValid())
        return months;
    const QDate firstDay = fromEpoch(from).toTimeZone(zone).date();
    QDate month(firstDay.year(), firstDay.month(), 1);
    for (;;) {
        const QDate next = month.addMonths(1);
        // Local midnight of the 1st, whatever the offset that day (DST changes month lengths).
        const qint64 start = QDateTime(month, QTime(0, 0), zone).toSecsSinceEpoch();
        const qint64 end = QDateTime(next, QTime(0, 0), zone).toSecsSinceEpoch();
        if (start >= to)
            break;
        MonthlySla m;
        m.year = month.year();
        m.month = month.month();
        m.start = start;
        m.end = end;
        m.targetPercent = targetPercent;
        m.counts = countSamplesHalfOpen(series, start, end, maintenance);
        m.availability = m.counts.availability();
        m.met = m.availability
                && m.counts.good * 100.0 >= targetPercent * double(m.counts.eligible) - 1e-9;
        months.append(m);
        month = next;
    }
    return months;
}

qsizetype TimeSeries::pointCount() const
{
    qsizetype n = 0;
    for (const auto &segment : segments)
        n += segment.size();
    return n;
}

namespace {

// Per instant of [from, to]: 0 bad/good data, 1 maintenance (the value is then ignored).
std::vector<quint8> maintenanceMask(const Instants &in, qint64 step,
                                    const QList<Interval> &maintenance)
{
    std::vector<quint8> mask(size_t(in.count), 0);
    for (const auto &[a, b] : maintenanceRanges(in, step, maintenance))
        std::fill(mask.begin() + a, mask.begin() + b, quint8(1));
    return mask;
}

} // namespace

TimeSeries availabilitySeries(const SampleSeries &series, qint64 from, qint64 to,
                              qint64 bucketSeconds, const QList<Interval> &maintenance)
{
    TimeSeries out;
    out.name = QStringLiteral("availability");
    if (to < from || series.step <= 0)
        return out;
    const Instants in = instantsFrom(series, from, to + 1);
    const std::vector<quint8> mask = maintenanceMask(in, series.step, maintenance);
    const qint64 perBucket = std::max<qint64>(1, bucketSeconds / series.step);
    QList<QPointF> segment;
    for (qint64 k0 = 0; k0 < in.count; k0 += perBucket) {
        double good = 0;
        qint64 eligible = 0;
        for (qint64 k = k0; k < std::min(in.count, k0 + perBucket); ++k) {
            const float v = series.valueAt(in.first + k * series.step);
            if (mask[size_t(k)] || SampleSeries::isNoData(v))
                continue;
            good += double(v);
            ++eligible;
        }
        if (eligible == 0) {
            if (!segment.isEmpty())
                out.segments.append(std::exchange(segment, {}));
            continue;
        }
        segment.append(QPointF(double(in.first + k0 * series.step) * 1000.0,
                               good / double(eligible)));
    }
    if (!segment.isEmpty())
        out.segments.append(segment);
    return out;
}

TimeSeries budgetBurnDownSeries(const SampleSeries &series, qint64 from, qint64 to,
                                qint64 bucketSeconds, double targetPercent,
                                const QList<Interval> &maintenance)
{
    TimeSeries out;
    out.name = QStringLiteral("error budget left");
    if (to < from || series.step <= 0)
        return out;
    const SampleCounts total = countSamples(series, from, to, maintenance);
    const double budget = (1.0 - targetPercent / 100.0) * double(total.eligible);
    if (budget <= 0)
        return out;
    const Instants in = instantsFrom(series, from, to + 1);
    const std::vector<quint8> mask = maintenanceMask(in, series.step, maintenance);
    const qint64 perBucket = std::max<qint64>(1, bucketSeconds / series.step);
    QList<QPointF> points;
    points.append(QPointF(double(in.first) * 1000.0, 1.0));
    double consumed = 0;
    for (qint64 k0 = 0; k0 < in.count; k0 += perBucket) {
        const qint64 k1 = std::min(in.count, k0 + perBucket);
        for (qint64 k = k0; k < k1; ++k) {
            const float v = series.valueAt(in.first + k * series.step);
            if (!mask[size_t(k)] && !SampleSeries::isNoData(v))
                consumed += 1.0 - double(v);
        }
        points.append(QPointF(double(in.first + k1 * series.step) * 1000.0,
                              (budget - consumed) / budget));
    }
    out.segments.append(points);
    return out;
}

QList<Interval> maintenanceIntervals(const QList<MaintenanceWindow> &windows,
                                     const QString &customer, ZoneKind zone)
{
    QList<Interval> out;
    for (const MaintenanceWindow &w : windows) {
        if (w.customer == customer && w.zone == zone && w.start.isValid() && w.end.isValid())
            out.append({w.start.toSecsSinceEpoch(), w.end.toSecsSinceEpoch()});
    }
    return out;
}

SampleSeries meanOf(const QList<SampleSeries> &series)
{
    if (series.isEmpty())
        return {};
    if (series.size() == 1)
        return series.first();
    SampleSeries out;
    out.start = series.first().start;
    out.step = series.first().step;
    size_t size = 0;
    for (const SampleSeries &s : series)
        size = std::max<size_t>(size, size_t(std::max<qint64>(0, (s.end() - out.start) / out.step)));
    std::vector<double> sum(size, 0.0);
    std::vector<int> n(size, 0);
    for (const SampleSeries &s : series) {
        for (size_t i = 0; i < size; ++i) {
            const float v = s.valueAt(out.start + qint64(i) * out.step);
            if (!SampleSeries::isNoData(v)) {
                sum[i] += double(v);
                ++n[i];
            }
        }
    }
    out.values.resize(size);
    for (size_t i = 0; i < size; ++i)
        out.values[i] = n[i] ? float(sum[i] / n[i]) : SampleSeries::noData();
    return out;
}

} // namespace qd::slo
