#include "ui/SloPane.h"

#include "models/SloTableModel.h"
#include "ui/AvailabilityChart.h"
#include "ui/BudgetBurnDownChart.h"
#include "ui/Labels.h"
#include "ui/SourceStateWidget.h"

#include <QButtonGroup>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace qd {

namespace {

// A figure box: caption, big value, one line of detail.
QFrame *figureBox(QWidget *parent,
                  const QString &caption,
                  QLabel *value,
                  QLabel *detail,
                  QLabel *icon = nullptr)
{
    auto *box = new QFrame(parent);
    box->setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(box);
    QLabel *captionLabel = makeLabel(box, QString(), LabelWrap::SingleLine, 0.9);
    captionLabel->setText(caption);
    layout->addWidget(captionLabel);
    if (icon) {
        auto *row = new QHBoxLayout;
        row->addWidget(icon);
        row->addWidget(value, 1);
        layout->addLayout(row);
    } else {
        layout->addWidget(value);
    }
    layout->addWidget(detail);
    detail->setWordWrap(true);
    return box;
}

constexpr SloRange Ranges[] = {SloRange::Day, SloRange::Week, SloRange::Month, SloRange::Quarter};

QString rangeButtonText(SloRange range)
{
    switch (range) {
    case SloRange::Day:
        return QStringLiteral("24 h");
    case SloRange::Week:
        return QStringLiteral("7 d");
    case SloRange::Month:
        return QStringLiteral("30 d");
    case SloRange::Quarter:
        return QStringLiteral("Quarter");
    }
    return {};
}

QString rangeDescription(SloRange range)
{
    switch (range) {
    case SloRange::Day:
        return QStringLiteral("last 24 hours");
    case SloRange::Week:
        return QStringLiteral("last 7 days");
    case SloRange::Month:
        return QStringLiteral("last 30 days");
    case SloRange::Quarter:
        return QStringLiteral("last quarter (90 days)");
    }
    return {};
}

QString burnRatesText(const slo::SloSummary &summary)
{
    QStringList parts;
    for (const slo::BurnRate &rate : summary.burnRates) {
        parts.append(QStringLiteral("%1 %2").arg(
                slo::burnWindowName(rate.window),
                rate.rate ? QStringLiteral("%1×").arg(*rate.rate, 0, 'f', 2)
                          : QStringLiteral("–")));
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace

SloTableRow sloTableRow(const ZoneSlo &zone)
{
    SloTableRow row;
    row.customerId = zone.customerId;
    row.customerName = zone.customerName;
    row.cluster = zone.cluster;
    row.summary = zone.summary;
    row.stale = zone.stale;
    return row;
}

SloPane::SloPane(SloService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
{
    setObjectName(QStringLiteral("sloPane"));
    m_pages = new QStackedWidget(this);
    m_messagePage = createMessagePage();
    m_zonePage = createZonePage();
    m_fleetPage = createFleetPage();
    m_pages->addWidget(m_messagePage);
    m_pages->addWidget(m_zonePage);
    m_pages->addWidget(m_fleetPage);

    m_staleBanner = makeLabel(this, QStringLiteral("staleBanner"), LabelWrap::WordWrap);
    m_staleBanner->setFrameShape(QFrame::StyledPanel);
    m_staleBanner->setMargin(6);
    m_staleBanner->setAutoFillBackground(true);
    QPalette bannerPalette = m_staleBanner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xff, 0xe8, 0xb0));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x40, 0x2a, 0x00));
    m_staleBanner->setPalette(bannerPalette);
    m_staleBanner->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createHeader());
    layout->addWidget(m_staleBanner);
    layout->addWidget(m_pages, 1);

    if (m_service) {
        connect(m_service, &SloService::snapshotChanged, this, &SloPane::setSnapshot);
        connect(m_service, &SloService::sourceStateChanged, this, &SloPane::setSourceState);
    }
    showCurrent();
}

SloPane::~SloPane() = default;

QWidget *SloPane::createHeader()
{
    auto *header = new QWidget(this);
    // Wraps rather than widening the pane (and narrowing the fleet tree beside it).
    m_title = makeLabel(header, QStringLiteral("sloTitle"), LabelWrap::WordWrap, 1.3, QFont::Bold);
    m_rangeButtons = new QButtonGroup(header);
    m_rangeButtons->setExclusive(true);
    auto *layout = new QHBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title, 1);
    for (SloRange range : Ranges) {
        auto *button = new QPushButton(rangeButtonText(range), header);
        button->setCheckable(true);
        button->setObjectName(QStringLiteral("range-%1").arg(sloRangeName(range)));
        button->setToolTip(QStringLiteral("Show the %1").arg(rangeDescription(range)));
        m_rangeButtons->addButton(button, int(range));
        layout->addWidget(button);
    }
    m_rangeButtons->button(int(SloRange::Month))->setChecked(true);
    connect(m_rangeButtons, &QButtonGroup::idClicked, this,
            [this](int id) { requestRange(SloRange(id)); });
    return header;
}

QWidget *SloPane::createMessagePage()
{
    auto *page = new QWidget;
    m_messageTitle = makeLabel(page, QStringLiteral("sloMessageTitle"), LabelWrap::SingleLine, 1.3,
                               QFont::Bold);
    m_messageText = makeLabel(page, QStringLiteral("sloMessageText"), LabelWrap::WordWrap);
    layOutMessagePage(page, m_messageTitle, m_messageText);
    return page;
}

QWidget *SloPane::createZonePage()
{
    auto *page = new QWidget;
    m_availability = makeLabel(page, QStringLiteral("availabilityValue"), LabelWrap::SingleLine,
                               1.8, QFont::Bold);
    m_availabilityDetail = makeLabel(page, QStringLiteral("availabilityDetail"));
    m_budget =
            makeLabel(page, QStringLiteral("budgetValue"), LabelWrap::SingleLine, 1.8, QFont::Bold);
    m_budgetDetail = makeLabel(page, QStringLiteral("budgetDetail"));
    m_burnIcon = new QLabel(page);
    m_burn = makeLabel(page, QStringLiteral("burnValue"), LabelWrap::SingleLine, 1.8, QFont::Bold);
    m_burnDetail = makeLabel(page, QStringLiteral("burnDetail"));
    m_exclusions = makeLabel(page, QStringLiteral("exclusions"), LabelWrap::WordWrap);

    auto *figures = new QHBoxLayout;
    figures->addWidget(figureBox(page, QStringLiteral("Availability vs target"), m_availability,
                                 m_availabilityDetail),
                       1);
    figures->addWidget(
            figureBox(page, QStringLiteral("Error budget left"), m_budget, m_budgetDetail), 1);
    figures->addWidget(
            figureBox(page, QStringLiteral("Burn rate now"), m_burn, m_burnDetail, m_burnIcon), 1);

    m_availabilityChart = new AvailabilityChart(page);
    m_budgetChart = new BudgetBurnDownChart(page);

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(figures);
    layout->addWidget(m_exclusions);
    layout->addWidget(m_availabilityChart, 3);
    layout->addWidget(m_budgetChart, 2);
    return page;
}

QWidget *SloPane::createFleetPage()
{
    auto *page = new QWidget;
    m_model = new SloTableModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SloTableModel::SortRole);
    m_table = new QTableView(page);
    m_table->setObjectName(QStringLiteral("sloFleetTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SloTableModel::BudgetLeftColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit customerActivated(index.data(SloTableModel::CustomerIdRole).toString());
    });
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    return page;
}

void SloPane::requestRange(SloRange range)
{
    emit rangeRequested(range);
    if (m_service)
        m_service->setRange(range); // refreshes on its own
}

void SloPane::setSnapshot(const SloSnapshot &snapshot)
{
    m_snapshot = snapshot;
    m_hasSnapshot = true;
    m_source = snapshot.source;
    if (QAbstractButton *button = m_rangeButtons->button(int(snapshot.range)))
        button->setChecked(true);
    QList<SloTableRow> rows;
    rows.reserve(snapshot.zones.size());
    for (const ZoneSlo &zone : snapshot.zones)
        rows.append(sloTableRow(zone));
    m_model->setRows(std::move(rows));
    showCurrent();
}

void SloPane::setSourceState(const SourceState &state)
{
    m_source = state;
    updateStaleBanner();
}

void SloPane::setCustomer(const QString &customerId)
{
    m_customerId = customerId;
    showCurrent();
}

void SloPane::showCurrent()
{
    updateStaleBanner();
    if (!m_hasSnapshot) {
        m_title->setText(QStringLiteral("SLOs"));
        showMessage(QStringLiteral("No SLO data yet"),
                    QStringLiteral("The figures appear once the telemetry has been read."));
        return;
    }
    if (m_customerId.isEmpty()) {
        showFleet();
        return;
    }
    if (const ZoneSlo *zone = m_snapshot.zone(m_customerId)) {
        showZone(*zone);
        return;
    }
    m_title->setText(m_customerId);
    showMessage(QStringLiteral("No Green zone"),
                QStringLiteral("%1 has no Green zone in fleet.yaml, so it has no SLO to show.")
                        .arg(m_customerId));
}

void SloPane::showMessage(const QString &title, const QString &text)
{
    m_messageTitle->setText(title);
    m_messageText->setText(text);
    m_pages->setCurrentWidget(m_messagePage);
}

void SloPane::showFleet()
{
    m_title->setText(
            QStringLiteral("Fleet: Green zones, %1").arg(rangeDescription(m_snapshot.range)));
    if (m_snapshot.zones.isEmpty()) {
        showMessage(QStringLiteral("No Green zones"),
                    QStringLiteral("No customer in fleet.yaml has a Green zone."));
        return;
    }
    m_pages->setCurrentWidget(m_fleetPage);
}

void SloPane::showZone(const ZoneSlo &zone)
{
    const slo::SloSummary &s = zone.summary;
    m_title->setText(QStringLiteral("%1: Green zone %2, %3")
                             .arg(zone.customerName.isEmpty() ? zone.customerId : zone.customerName,
                                  zone.cluster, rangeDescription(m_snapshot.range)));

    m_availability->setText(formatAvailability(s.availability));
    const QString verdict = !s.availability   ? QStringLiteral("no eligible minute in the range")
                            : s.meetsTarget() ? QStringLiteral("meets the target")
                                              : QStringLiteral("below the target");
    m_availabilityDetail->setText(
            QStringLiteral("target %1%, %2").arg(s.targetPercent).arg(verdict));

    if (s.errorBudgetRemainingRatio) {
        m_budget->setText(
                QStringLiteral("%1%").arg(*s.errorBudgetRemainingRatio * 100.0, 0, 'f', 1));
        const QString budget = formatBudgetDuration(s.errorBudgetSeconds);
        m_budgetDetail->setText(
                s.errorBudgetRemainingSeconds < 0
                        ? QStringLiteral("overspent by %1 (budget %2): SLO missed")
                                  .arg(formatBudgetDuration(-s.errorBudgetRemainingSeconds), budget)
                        : QStringLiteral("%1 left of %2")
                                  .arg(formatBudgetDuration(s.errorBudgetRemainingSeconds),
                                       budget));
    } else {
        m_budget->setText(QStringLiteral("no data"));
        m_budgetDetail->setText(QStringLiteral("no eligible minute, so no budget"));
    }

    const BurnState burn = burnStateOf(s);
    m_burn->setText(burnStateText(burn));
    const int iconSize = style()->pixelMetric(QStyle::PM_LargeIconSize, nullptr, this);
    m_burnIcon->setPixmap(SloTableModel::burnStateIcon(burn).pixmap(iconSize, iconSize));
    m_burnDetail->setText(burnRatesText(s));
    QStringList alertLines;
    for (const slo::BurnAlert &alert : s.alerts)
        alertLines.append(QStringLiteral("%1: %2").arg(
                alert.name, alert.firing ? QStringLiteral("firing") : QStringLiteral("quiet")));
    m_burnDetail->setToolTip(alertLines.join(QLatin1Char('\n')));

    QStringList exclusions;
    exclusions.append(QStringLiteral("Maintenance excluded: %1")
                              .arg(formatBudgetDuration(double(s.maintenanceExcludedSeconds))));
    exclusions.append(
            QStringLiteral("no data: %1").arg(formatBudgetDuration(double(s.noDataSeconds))));
    exclusions.append(QStringLiteral("data until %1").arg(formatLocalTime(zone.dataUntil)));
    if (!zone.timezone.isEmpty())
        exclusions.append(QStringLiteral("customer timezone %1").arg(zone.timezone));
    m_exclusions->setText(exclusions.join(QStringLiteral(" · ")));

    // The page first, so that the charts decimate for the width they are shown at.
    m_pages->setCurrentWidget(m_zonePage);
    m_availabilityChart->setData(zone.availability, zone.maintenance, s.targetPercent,
                                 m_snapshot.from, m_snapshot.to);
    m_budgetChart->setData(zone.budgetBurnDown, m_snapshot.from, m_snapshot.to);
}

void SloPane::updateStaleBanner()
{
    const bool stale = m_source.health == SourceHealth::Stale;
    if (!stale) {
        m_staleBanner->hide();
        return;
    }
    QString text = QStringLiteral("%1 stale since %2: %3. Showing the last stored data")
                           .arg(m_source.name, formatLocalTime(m_source.staleSince),
                                m_source.reason.isEmpty() ? QStringLiteral("no reason given")
                                                          : m_source.reason);
    if (m_source.lastSuccess.isValid())
        text += QStringLiteral(" (last good answer %1)").arg(formatLocalTime(m_source.lastSuccess));
    text += QStringLiteral("; retrying on its own.");
    m_staleBanner->setText(text);
    m_staleBanner->show();
}

} // namespace qd
