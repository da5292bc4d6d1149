// The Upgrades tab as an SRE uses it, offscreen: the board's rows, the stage and version filters
// (by keyboard), the selected customer's gate with each rule and its evidence, and the soak
// countdown worked out here from the case's own times.
#include "models/UpgradeBoardModel.h"
#include "ui/UpgradesPane.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace qd;

namespace {

const QDateTime kNow(QDate(2026, 12, 6), QTime(12, 0), QTimeZone::utc());

UpgradeRow row(const QString &customer, UpgradeStage stage, const QString &red, const QString &green)
{
    UpgradeRow r;
    r.inputs.customer = customer;
    r.inputs.redDesired.version = red;
    r.inputs.greenDesired.version = green;
    for (auto *live : {&r.inputs.red, &r.inputs.green}) {
        live->known = true;
        live->status = OperatorStatus::Ok;
    }
    r.inputs.red.running = red;
    r.inputs.green.running = green;
    r.gate.candidate = red;
    r.gate.passed = stage == UpgradeStage::ReadyToPromote;
    r.gate.rules = {{"candidate-newer", true, QStringLiteral("%1 > %2").arg(red, green)},
                    {"red-soaked", r.gate.passed, "Red has run it for 21h 55m of 24h 00m"}};
    r.stage = {stage, QStringLiteral("%1 because of the case").arg(customer)};
    return r;
}

QList<UpgradeRow> board()
{
    UpgradeRow acme = row("acme", UpgradeStage::RedSoaking, "2.32.0", "2.31.2");
    // Red began running the candidate 21 h 55 min ago with a 24 h soak: 2 h 05 min to go.
    acme.gate.soakEndsAt = kNow.addSecs(2 * 3600 + 5 * 60);
    UpgradeRow globex = row("globex", UpgradeStage::ReadyToPromote, "2.32.2", "2.31.2");
    globex.gate.soakEndsAt = kNow.addSecs(-3600);
    return {acme, globex, row("initech", UpgradeStage::InSync, "2.31.2", "2.31.2")};
}

QStringList shownCustomers(const UpgradesPane &pane)
{
    QStringList ids;
    const QAbstractItemModel *model = pane.board()->model();
    for (int r = 0; r < model->rowCount(); ++r)
        ids << model->index(r, UpgradeBoardModel::CustomerColumn).data().toString();
    return ids;
}

QString labelText(const QWidget &parent, const char *name)
{
    const auto *label = parent.findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QLatin1String(name));
}

} // namespace

class TestUpgradesPane : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void filtersByStageAndVersion();
    void selectedCustomerShowsItsGateAndCountdown();
    void selectionSurvivesARefresh();
};

void TestUpgradesPane::filtersByStageAndVersion()
{
    UpgradesPane pane;
    pane.show();
    pane.setRows(board());
    QCOMPARE(shownCustomers(pane), (QStringList{"acme", "globex", "initech"}));
    QCOMPARE(labelText(pane, "upgradeSummary"), QString("3 customers"));

    // By keyboard: the stage box, then the version field.
    pane.stageFilter()->setFocus();
    pane.stageFilter()->setCurrentIndex(pane.stageFilter()->findText("ready to promote"));
    QCOMPARE(shownCustomers(pane), QStringList{"globex"});
    QCOMPARE(labelText(pane, "upgradeSummary"), QString("1 of 3 customers"));
    pane.stageFilter()->setCurrentIndex(0); // All stages
    QTest::keyClicks(pane.versionFilter(), "2.32");
    QCOMPARE(shownCustomers(pane), (QStringList{"acme", "globex"}));
    QTest::keyClicks(pane.versionFilter(), ".2");
    QCOMPARE(shownCustomers(pane), QStringList{"globex"});
    pane.versionFilter()->clear();
    QCOMPARE(shownCustomers(pane).size(), 3);
}

void TestUpgradesPane::selectedCustomerShowsItsGateAndCountdown()
{
    UpgradesPane pane;
    pane.setClock([] { return kNow; });
    pane.show();
    pane.setRows(board());
    QCOMPARE(labelText(pane, "upgradeCustomer"), QString("No customer selected"));

    pane.setCustomer("acme");
    QCOMPARE(pane.selectedCustomer(), QString("acme"));
    QCOMPARE(labelText(pane, "upgradeCustomer"), QString("acme: Red soaking"));
    QCOMPARE(labelText(pane, "upgradeReason"), QString("acme because of the case"));
    QCOMPARE(labelText(pane, "upgradeVerdict"), QString("Gate for 2.32.0 → Green: fail"));
    QTreeWidget *rules = pane.gateRules();
    QCOMPARE(rules->topLevelItemCount(), 2);
    QCOMPARE(rules->topLevelItem(1)->text(0), QString("red-soaked"));
    QCOMPARE(rules->topLevelItem(1)->text(1), QString("FAIL"));
    QCOMPARE(rules->topLevelItem(1)->text(2), QString("Red has run it for 21h 55m of 24h 00m"));
    // 2 h 05 min before the soak ends, and one minute later 2 h 04 min.
    QCOMPARE(pane.soakCountdownText(), QString("Soak ends in 2h 05m (2026-12-06T14:05:00Z)"));
    pane.setClock([] { return kNow.addSecs(60); });
    QCOMPARE(pane.soakCountdownText(), QString("Soak ends in 2h 04m (2026-12-06T14:05:00Z)"));

    // By keyboard: Down moves to the next customer, whose soak has ended.
    pane.board()->setFocus();
    QTest::keyClick(pane.board(), Qt::Key_Down);
    QCOMPARE(pane.selectedCustomer(), QString("globex"));
    QCOMPARE(labelText(pane, "upgradeVerdict"), QString("Gate for 2.32.2 → Green: pass"));
    QCOMPARE(pane.soakCountdownText(), QString("Soaked since 2026-12-06T11:00:00Z"));
    QTest::keyClick(pane.board(), Qt::Key_Down);
    QCOMPARE(pane.selectedCustomer(), QString("initech"));
    QCOMPARE(pane.soakCountdownText(), QString()); // Red runs Green's version: no soak
}

void TestUpgradesPane::selectionSurvivesARefresh()
{
    UpgradesPane pane;
    pane.show();
    pane.setRows(board());
    pane.setCustomer("globex");
    pane.setProblem("cannot read the store: disk I/O error");
    QVERIFY(pane.findChild<QLabel *>("upgradeProblem")->isVisibleTo(&pane));
    QList<UpgradeRow> next = board();
    next[1].stage = {UpgradeStage::GreenRollingOut, "Green's operator is rolling out 2.32.2"};
    pane.setRows(next);
    QCOMPARE(pane.selectedCustomer(), QString("globex"));
    QCOMPARE(labelText(pane, "upgradeCustomer"), QString("globex: Green rolling out"));
    QVERIFY(!pane.findChild<QLabel *>("upgradeProblem")->isVisibleTo(&pane));
    pane.setCustomer(QString());
    QCOMPARE(pane.selectedCustomer(), QString());
}

QTEST_MAIN(TestUpgradesPane)
#include "tst_upgradespane.moc"
