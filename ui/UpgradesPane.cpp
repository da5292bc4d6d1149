#include "ui/UpgradesPane.h"

#include "models/UpgradeBoardModel.h"
#include "ui/Labels.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace qd {

UpgradesPane::UpgradesPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new UpgradeBoardModel(this))
    , m_filter(new UpgradeBoardFilterModel(this))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_filter->setSourceModel(m_model);

    m_stage = new QComboBox(this);
    m_stage->setObjectName(QStringLiteral("upgradeStageFilter"));
    m_stage->addItem(QStringLiteral("All stages"), -1);
    for (UpgradeStage stage : allUpgradeStages())
        m_stage->addItem(upgradeStageName(stage), int(stage));
    auto *stageLabel = new QLabel(QStringLiteral("&Stage:"), this);
    stageLabel->setBuddy(m_stage);
    m_version = new QLineEdit(this);
    m_version->setObjectName(QStringLiteral("upgradeVersionFilter"));
    m_version->setPlaceholderText(QStringLiteral("any version, e.g. 2.32"));
    m_version->setClearButtonEnabled(true);
    auto *versionLabel = new QLabel(QStringLiteral("&Version:"), this);
    versionLabel->setBuddy(m_version);
    m_summary = makeLabel(this, QStringLiteral("upgradeSummary"));

    auto *filters = new QHBoxLayout;
    filters->addWidget(stageLabel);
    filters->addWidget(m_stage);
    filters->addSpacing(12);
    filters->addWidget(versionLabel);
    filters->addWidget(m_version);
    filters->addStretch(1);
    filters->addWidget(m_summary);

    m_problem = makeLabel(this, QStringLiteral("upgradeProblem"), LabelWrap::WordWrap);
    m_problem->hide();

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("upgradeBoard"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(UpgradeBoardModel::CustomerColumn, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    auto *detail = new QWidget(this);
    m_customer = makeLabel(detail, QStringLiteral("upgradeCustomer"), LabelWrap::SingleLine, 1.3,
                           QFont::DemiBold);
    m_reason = makeLabel(detail, QStringLiteral("upgradeReason"), LabelWrap::WordWrap);
    m_verdict = makeLabel(detail, QStringLiteral("upgradeVerdict"), LabelWrap::WordWrap);
    m_countdown = makeLabel(detail, QStringLiteral("upgradeSoakCountdown"));
    m_rules = new QTreeWidget(detail);
    m_rules->setObjectName(QStringLiteral("upgradeGateRules"));
    m_rules->setColumnCount(3);
    m_rules->setHeaderLabels({QStringLiteral("Rule"), QStringLiteral("Result"),
                              QStringLiteral("Evidence")});
    m_rules->setRootIsDecorated(false);
    m_rules->setWordWrap(true);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_customer);
    detailLayout->addWidget(m_reason);
    detailLayout->addWidget(m_verdict);
    detailLayout->addWidget(m_countdown);
    detailLayout->addWidget(m_rules, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_problem);
    layout->addWidget(split, 1);

    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &UpgradesPane::updateCountdown);

    connect(m_stage, &QComboBox::currentIndexChanged, this, [this] {
        const int stage = m_stage->currentData().toInt();
        m_filter->setStage(stage < 0 ? std::nullopt : std::optional(UpgradeStage(stage)));
        updateCounts();
    });
    connect(m_version, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setVersion(text);
        updateCounts();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &UpgradesPane::showSelected);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &UpgradesPane::showSelected);
    showSelected();
    updateCounts();
}

UpgradesPane::~UpgradesPane() = default;

void UpgradesPane::setRows(const QList<UpgradeRow> &rows)
{
    const QString selected = selectedCustomer();
    m_problem->hide();
    m_model->setRows(rows);
    setCustomer(selected); // the same customer stays selected across refreshes
    updateCounts();
}

void UpgradesPane::setCustomer(const QString &customerId)
{
    const int row = m_model->rowOfCustomer(customerId);
    const QModelIndex index = row < 0 ? QModelIndex() : m_filter->mapFromSource(m_model->index(row, 0));
    if (index.isValid())
        m_table->setCurrentIndex(index);
    else
        m_table->selectionModel()->clearCurrentIndex();
    showSelected();
}

void UpgradesPane::setProblem(const QString &message)
{
    m_problem->setText(message);
    m_problem->setVisible(!message.isEmpty());
}

void UpgradesPane::setClock(Clock clock)
{
    m_clock = std::move(clock);
    updateCountdown();
}

QString UpgradesPane::selectedCustomer() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(UpgradeBoardModel::CustomerIdRole).toString() : QString();
}

QString UpgradesPane::soakCountdownText() const
{
    return m_countdown->text();
}

void UpgradesPane::showSelected()
{
    const int row = m_model->rowOfCustomer(selectedCustomer());
    m_rules->clear();
    if (row < 0) {
        m_customer->setText(QStringLiteral("No customer selected"));
        m_reason->setText(QStringLiteral("Select a row to see its promotion gate."));
        m_verdict->clear();
        m_soakEndsAt = {};
        updateCountdown();
        return;
    }
    const UpgradeRow &r = m_model->rows().at(row);
    m_customer->setText(QStringLiteral("%1: %2").arg(r.inputs.customer, upgradeStageName(r.stage.stage)));
    m_reason->setText(r.stage.reason);
    m_verdict->setText(r.gate.candidate.isEmpty()
                               ? QStringLiteral("Gate: no candidate (Red has no version)")
                               : QStringLiteral("Gate for %1 → Green: %2")
                                         .arg(r.gate.candidate,
                                              r.gate.passed ? QStringLiteral("pass")
                                                            : QStringLiteral("fail")));
    const QIcon pass(QStringLiteral(":/icons/ok.svg"));
    const QIcon fail(QStringLiteral(":/icons/error.svg"));
    for (const GateRule &rule : r.gate.rules) {
        auto *item = new QTreeWidgetItem(m_rules, {rule.id, rule.passed ? QStringLiteral("pass")
                                                                        : QStringLiteral("FAIL"),
                                                   rule.evidence});
        item->setIcon(1, rule.passed ? pass : fail);
        item->setToolTip(2, rule.evidence);
    }
    m_rules->resizeColumnToContents(0);
    m_soakEndsAt = r.gate.soakEndsAt;
    updateCountdown();
}

void UpgradesPane::updateCountdown()
{
    if (!m_soakEndsAt.isValid()) {
        m_countdown->clear();
        m_tick->stop();
        return;
    }
    const qint64 left = m_clock().secsTo(m_soakEndsAt);
    const QString at = m_soakEndsAt.toUTC().toString(Qt::ISODate);
    if (left > 0) {
        m_countdown->setText(QStringLiteral("Soak ends in %1 (%2)").arg(gateDuration(left), at));
        m_tick->start();
    } else {
        m_countdown->setText(QStringLiteral("Soaked since %1").arg(at));
        m_tick->stop();
    }
}

void UpgradesPane::updateCounts()
{
    const int shown = m_filter->rowCount();
    const int all = m_model->rowCount();
    m_summary->setText(shown == all ? QStringLiteral("%1 customers").arg(all)
                                    : QStringLiteral("%1 of %2 customers").arg(shown).arg(all));
}

} // namespace qd
