#include "ui/ZonePane.h"

#include "models/FleetTreeModel.h"
#include "ui/Labels.h"
#include "ui/ZoneCard.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace qd {

namespace {

QWidget *scrollable(QWidget *page)
{
    auto *area = new QScrollArea;
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidget(page);
    return area;
}

// Enough to see what needs attention first; the tree tooltips and `quarterdeck validate` have all.
constexpr int SummaryLineLimit = 12;

} // namespace

ZonePane::ZonePane(QWidget *parent)
    : QWidget(parent)
{
    // The fleet summary and the customer page (with its two zone cards) are built when first
    // shown: until a fleet has been read the pane has only a message to show, and the window's
    // first paint should not wait for pages nobody sees yet.
    m_pages = new QStackedWidget(this);
    m_messagePage = createMessagePage();
    m_pages->addWidget(m_messagePage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
    showMessage(QStringLiteral("No config repo open"),
                QStringLiteral("Open one with File > Open config repo… (Ctrl+O)."));
}

QWidget *ZonePane::createMessagePage()
{
    auto *page = new QWidget;
    m_messageTitle =
            makeLabel(page, QStringLiteral("messageTitle"), LabelWrap::WordWrap, 1.4, QFont::Bold);
    m_messageText = makeLabel(page, QStringLiteral("messageText"), LabelWrap::WordWrap);
    layOutMessagePage(page, m_messageTitle, m_messageText);
    return page;
}

QWidget *ZonePane::createSummaryPage()
{
    auto *page = new QWidget;
    m_summaryTitle =
            makeLabel(page, QStringLiteral("summaryTitle"), LabelWrap::WordWrap, 1.6, QFont::Bold);
    m_summaryCounts = makeLabel(page, QStringLiteral("summaryCounts"), LabelWrap::WordWrap, 1.2);
    m_summaryDetails = makeLabel(page, QStringLiteral("summaryDetails"), LabelWrap::WordWrap);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->addWidget(m_summaryTitle);
    layout->addWidget(m_summaryCounts);
    layout->addSpacing(12);
    layout->addWidget(m_summaryDetails);
    layout->addStretch();
    return page;
}

QWidget *ZonePane::createCustomerPage()
{
    auto *page = new QWidget;
    m_customerName =
            makeLabel(page, QStringLiteral("customerName"), LabelWrap::WordWrap, 1.6, QFont::Bold);
    m_customerFacts = makeLabel(page, QStringLiteral("customerFacts"), LabelWrap::WordWrap);
    m_customerStatus = makeLabel(page, QStringLiteral("customerStatus"), LabelWrap::WordWrap, 1.1);
    m_redCard = new ZoneCard(ZoneKind::Red, page);
    m_greenCard = new ZoneCard(ZoneKind::Green, page);

    auto *cards = new QHBoxLayout;
    cards->addWidget(m_redCard, 1);
    cards->addWidget(m_greenCard, 1);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(m_customerName);
    layout->addWidget(m_customerFacts);
    layout->addWidget(m_customerStatus);
    layout->addSpacing(8);
    layout->addLayout(cards);
    layout->addStretch();
    return page;
}

QWidget *ZonePane::summaryPage()
{
    if (!m_summaryPage) {
        m_summaryPage = scrollable(createSummaryPage());
        m_pages->addWidget(m_summaryPage);
        updateSummary();
    }
    return m_summaryPage;
}

QWidget *ZonePane::customerPage()
{
    if (!m_customerPage) {
        m_customerPage = scrollable(createCustomerPage());
        m_pages->addWidget(m_customerPage);
    }
    return m_customerPage;
}

void ZonePane::setSnapshot(const FleetSnapshot &snapshot)
{
    m_snapshot = snapshot;
    if (m_summaryPage)
        updateSummary();
    showCustomer(m_snapshot.customer(m_customerId) ? m_customerId : QString());
}

void ZonePane::showCustomer(const QString &customerId)
{
    const Customer *customer = m_snapshot.customer(customerId);
    if (!customer) {
        m_customerId.clear();
        m_pages->setCurrentWidget(summaryPage());
        return;
    }
    m_customerId = customerId;
    QWidget *page = customerPage();
    m_customerName->setText(customer->name.isEmpty() ? customer->id : customer->name);
    m_customerFacts->setText(QStringLiteral("%1  \u00b7  %2  \u00b7  SLO %3%")
                                     .arg(customer->id, customer->calendar.timezone)
                                     .arg(customer->sloTarget));
    QString status = upgradeStatusText(*customer);
    const Diagnostics problems = customerProblems(*customer);
    if (!problems.isEmpty())
        status += QStringLiteral("; ") + problemCountText(problems.size());
    m_customerStatus->setText(status);
    m_redCard->setZone(*customer, customer->zone(ZoneKind::Red));
    m_greenCard->setZone(*customer, customer->zone(ZoneKind::Green));
    m_pages->setCurrentWidget(page);
}

void ZonePane::showMessage(const QString &title, const QString &text)
{
    m_messageTitle->setText(title);
    m_messageText->setText(text);
    m_pages->setCurrentWidget(m_messagePage);
}

void ZonePane::updateSummary()
{
    qsizetype upgrading = 0;
    QStringList upgradingLines;
    for (const Customer &customer : std::as_const(m_snapshot.customers)) {
        if (customer.upgradeState() != UpgradeState::RedAhead)
            continue;
        ++upgrading;
        if (upgradingLines.size() < SummaryLineLimit)
            upgradingLines
                    << QStringLiteral("  %1: %2").arg(customer.name, upgradeStatusText(customer));
    }
    const qsizetype problems = m_snapshot.diagnostics.size();
    m_summaryTitle->setText(QStringLiteral("Fleet"));
    m_summaryCounts->setText(QStringLiteral("%1 customers, %2 upgrading, %3")
                                     .arg(m_snapshot.customers.size())
                                     .arg(upgrading)
                                     .arg(problemCountText(problems)));

    QStringList details;
    if (!upgradingLines.isEmpty())
        details << QStringLiteral("Upgrades in flight (Red ahead of Green):") << upgradingLines;
    if (problems > 0) {
        if (!details.isEmpty())
            details << QString();
        details << QStringLiteral("Problems in the config repo:");
        for (qsizetype i = 0; i < std::min<qsizetype>(problems, SummaryLineLimit); ++i)
            details << QStringLiteral("  ") + m_snapshot.diagnostics.at(i).toString();
        if (problems > SummaryLineLimit)
            details << QStringLiteral("  … and %1 more").arg(problems - SummaryLineLimit);
    }
    details << QString() << QStringLiteral("Select a customer to see its Red and Green zones.");
    m_summaryDetails->setText(details.join(QLatin1Char('\n')));
}

} // namespace qd
