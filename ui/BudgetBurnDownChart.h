#pragma once

#include "models/Slo.h"
#include "ui/TimeSeriesChartView.h"

class QLineSeries;

namespace qd {

// Error-budget burn-down: the share of the range's budget still left, from 100% at the start.
// The dotted line is an even spend that ends at 0% with the range: above it the zone is doing
// better than its SLO needs, below it the budget runs out early; under 0% the SLO is missed.
class BudgetBurnDownChart : public TimeSeriesChartView
{
    Q_OBJECT
public:
    explicit BudgetBurnDownChart(QWidget *parent = nullptr);

    // from/to in epoch seconds; the series' x in ms since the epoch, y the fraction left.
    void setData(const slo::TimeSeries &budgetLeft, qint64 from, qint64 to);
    void clear();

protected:
    void themeChanged() override;

private:
    void styleOverlays();

    QLineSeries *m_evenSpend = nullptr;
    QLineSeries *m_zero = nullptr;
};

} // namespace qd
