#pragma once

#include "models/Fleet.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QTimeZone>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

// SLO rules (DESIGN.md, "Telemetry conventions"): pure functions over SLI samples at a 60 s step.
// Times are seconds since the Unix epoch (UTC) so that the hot loops stay plain integer maths.
namespace qd::slo {

constexpr qint64 kStepSeconds = 60;

// A half-open interval of time [start, end), in epoch seconds.
struct Interval
{
    qint64 start = 0;
    qint64 end = 0;

    bool contains(qint64 t) const { return start <= t && t < end; }
    friend bool operator==(const Interval &, const Interval &) = default;
};

// The SLI of one zone at a fixed step: values[i] is the sample at start + i * step, in 0..1
// (the mean of the probes at that instant); NaN where there was no sample ("no data").
struct SampleSeries
{
    qint64 start = 0;
    qint64 step = kStepSeconds;
    std::vector<float> values;

    static constexpr float noData() { return std::numeric_limits<float>::quiet_NaN(); }
    static bool isNoData(float v) { return std::isnan(v); }

    bool isEmpty() const { return values.empty(); }
    qint64 end() const { return start + qint64(values.size()) * step; } // exclusive
    qint64 timeAt(qsizetype i) const { return start + qint64(i) * step; }
    // The value at time t (t on the grid), or NaN when t is outside the series.
    float valueAt(qint64 t) const;
};

// Counts over a set of sample instants. Every instant is exactly one of: in a maintenance window,
// without data, or eligible (and then counted as good by its value, bad by 1 - value).
struct SampleCounts
{
    qint64 samples = 0;     // every instant considered
    qint64 maintenance = 0; // instants inside a maintenance window (excluded)
    qint64 noData = 0;      // instants outside maintenance with no sample
    qint64 eligible = 0;    // instants outside maintenance with a sample
    double good = 0;        // sum of the eligible values

    double bad() const { return double(eligible) - good; }
    std::optional<double> availability() const; // good / eligible; unset when nothing is eligible
};

// Counts the instants t = from, from + step, ..., up to and including `to` (DESIGN.md: "samples at
// from, from+60 s, ..., to"). `maintenance` need not be sorted and may overlap.
SampleCounts countSamples(const SampleSeries &series, qint64 from, qint64 to,
                          const QList<Interval> &maintenance);

// Counts the instants of the half-open interval [from, to): used where intervals tile time
// (calendar months, chart buckets) so that no instant is counted twice.
SampleCounts countSamplesHalfOpen(const SampleSeries &series, qint64 from, qint64 to,
                                  const QList<Interval> &maintenance);

enum class BurnWindow { FiveMinutes, ThirtyMinutes, OneHour, SixHours, ThreeDays };
constexpr BurnWindow kBurnWindows[] = {BurnWindow::FiveMinutes, BurnWindow::ThirtyMinutes,
                                       BurnWindow::OneHour, BurnWindow::SixHours,
                                       BurnWindow::ThreeDays};
QString burnWindowName(BurnWindow window); // "5m", "30m", "1h", "6h", "3d"
qint64 burnWindowSeconds(BurnWindow window);

struct BurnRate
{
    BurnWindow window = BurnWindow::OneHour;
    std::optional<double> rate; // error ratio / (1 - target); unset when the window has no data
};

// The SRE Workbook's multiwindow alerts: firing when both windows burn faster than the factor.
struct BurnAlert
{
    QString name; // "page (2% in 1h)", ...
    double factor = 1;
    BurnWindow longWindow = BurnWindow::OneHour;
    BurnWindow shortWindow = BurnWindow::FiveMinutes;
    bool firing = false;
};

struct SloSummary
{
    qint64 from = 0; // epoch seconds, inclusive
    qint64 to = 0;   // epoch seconds, inclusive (the last sample instant)
    double targetPercent = 99.9;
    SampleCounts counts;

    std::optional<double> availability;  // fraction 0..1; unset when nothing is eligible
    qint64 eligibleSeconds = 0;          // eligible samples x step
    qint64 maintenanceExcludedSeconds = 0;
    qint64 noDataSeconds = 0;
    double errorBudgetSeconds = 0;          // (1 - target) x eligible time
    double errorBudgetConsumedSeconds = 0;  // bad samples x step
    double errorBudgetRemainingSeconds = 0; // may be negative once the budget is spent
    std::optional<double> errorBudgetRemainingRatio; // remaining / budget; unset if no budget

    QList<BurnRate> burnRates; // in kBurnWindows order
    QList<BurnAlert> alerts;   // fast page, slow page, ticket
    bool meetsTarget() const;  // availability >= target (false when unknown)
};

// Burn rate over the `window` seconds that end at `to`: the samples t with to - window < t <= to
// (so "5m" is the five samples ending at `to`), outside maintenance, that have data.
BurnRate burnRate(const SampleSeries &series, qint64 to, BurnWindow window, double targetPercent,
                  const QList<Interval> &maintenance);

// The whole SLO picture of one zone over [from, to]. Burn rates look back from `to` and may use
// samples before `from`, so fetch the series from min(from, to - 3d) when they matter.
SloSummary computeSlo(const SampleSeries &series, qint64 from, qint64 to, double targetPercent,
                      const QList<Interval> &maintenance);

// The SLA of one calendar month in the customer's timezone: [local 1st 00:00, next 1st 00:00).
struct MonthlySla
{
    int year = 0;
    int month = 0;   // 1..12
    qint64 start = 0; // epoch seconds, inclusive
    qint64 end = 0;   // epoch seconds, exclusive (month lengths follow DST: 743 h, 745 h, ...)
    double targetPercent = 99.9;
    SampleCounts counts;
    std::optional<double> availability;
    bool met = false; // availability >= target; false when unknown
};

// One entry per calendar month (in `zone`) that overlaps [from, to).
QList<MonthlySla> monthlySla(const SampleSeries &series, const QTimeZone &zone, qint64 from,
                             qint64 to, double targetPercent, const QList<Interval> &maintenance);

// For charts: x = milliseconds since the epoch (QDateTimeAxis), y = value. A missing point
// (no data, maintenance) is a gap between consecutive points of different segments.
struct TimeSeries
{
    QString name;
    QList<QList<QPointF>> segments; // each a run of contiguous points
    qsizetype pointCount() const;
};

// Availability over time: one point per bucket of `bucketSeconds` (60 = every sample) with the
// availability of the eligible samples in it; buckets with nothing eligible break the line.
TimeSeries availabilitySeries(const SampleSeries &series, qint64 from, qint64 to,
                              qint64 bucketSeconds, const QList<Interval> &maintenance);

// Error-budget burn-down: the fraction of the budget for [from, to] still left at each bucket end,
// from 1.0 at `from` (the budget of the whole range) down as bad samples consume it.
TimeSeries budgetBurnDownSeries(const SampleSeries &series, qint64 from, qint64 to,
                                qint64 bucketSeconds, double targetPercent,
                                const QList<Interval> &maintenance);

// The maintenance windows of one customer's zone as intervals.
QList<Interval> maintenanceIntervals(const QList<MaintenanceWindow> &windows,
                                     const QString &customer, ZoneKind zone);

// Merges series sampled at the same instants into their mean (several probes of one cluster).
SampleSeries meanOf(const QList<SampleSeries> &series);

inline qint64 toEpoch(const QDateTime &t) { return t.toSecsSinceEpoch(); }
inline QDateTime fromEpoch(qint64 t) { return QDateTime::fromSecsSinceEpoch(t, QTimeZone::utc()); }

} // namespace qd::slo
