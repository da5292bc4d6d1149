// The Upgrades board as an SRE reads it: one row per customer with the stage in words (an icon
// beside it, never colour alone), each zone's desired and running version, and filters by stage
// and by version that keep the rows a user expects. Runs under QAbstractItemModelTester.
#include "models/UpgradeBoardModel.h"

#include <QAbstractItemModelTester>
#include <QStandardPaths>
#include <QTest>

using namespace qd;

namespace {

ZoneLiveState running(const QString &version, OperatorStatus status = OperatorStatus::Ok)
{
    ZoneLiveState live;
    live.known = true;
    live.running = version;
    live.status = status;
    return live;
}

UpgradeRow row(const QString &customer, UpgradeStage stage, const QString &red,
               const ZoneLiveState &redLive, const QString &green, const ZoneLiveState &greenLive)
{
    UpgradeRow r;
    r.inputs.customer = customer;
    r.inputs.redDesired.version = red;
    r.inputs.greenDesired.version = green;
    r.inputs.red = redLive;
    r.inputs.green = greenLive;
    r.gate.candidate = red;
    r.gate.passed = stage == UpgradeStage::ReadyToPromote;
    if (!r.gate.passed)
        r.gate.rules = {{"candidate-newer", true, ""}, {"red-soaked", false, "12h of 24h"}};
    r.stage = {stage, QStringLiteral("why %1").arg(customer)};
    return r;
}

QList<UpgradeRow> board()
{
    return {row("acme", UpgradeStage::RedSoaking, "2.32.0", running("2.32.0"), "2.31.2",
                running("2.31.2")),
            row("globex", UpgradeStage::ReadyToPromote, "2.32.2", running("2.32.2"), "2.31.2",
                running("2.31.2")),
            row("initech", UpgradeStage::GreenRollingOut, "2.32.0", running("2.32.0"), "2.32.0",
                running("2.31.2", OperatorStatus::Updating)),
            row("umbrella", UpgradeStage::Unknown, "2.31.2", ZoneLiveState{}, "2.31.2",
                ZoneLiveState{})};
}

QStringList customers(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int r = 0; r < model.rowCount(); ++r)
        ids << model.index(r, UpgradeBoardModel::CustomerColumn).data().toString();
    return ids;
}

} // namespace

class TestUpgradeBoardModel : public QObject
{
    Q_OBJECT
private slots:
    void rowsSayStageAndVersionsInWords();
    void filtersByStageAndVersion();
    void sortsByBoardOrderOfStages();
};

void TestUpgradeBoardModel::rowsSayStageAndVersionsInWords()
{
    UpgradeBoardModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows(board());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(UpgradeBoardModel::ColumnCount));
    const auto cell = [&](int r, int c) { return model.index(r, c).data().toString(); };
    QCOMPARE(cell(0, UpgradeBoardModel::StageColumn), QString("Red soaking"));
    QCOMPARE(cell(0, UpgradeBoardModel::RedColumn), QString("2.32.0 OK"));
    QCOMPARE(cell(0, UpgradeBoardModel::GateColumn), QString("fail: red-soaked"));
    QCOMPARE(cell(1, UpgradeBoardModel::GateColumn), QString("pass"));
    QCOMPARE(cell(2, UpgradeBoardModel::GreenColumn), QString("2.32.0 (running 2.31.2, Updating)"));
    QCOMPARE(cell(3, UpgradeBoardModel::RedColumn), QString("2.31.2 (running unknown)"));
    QCOMPARE(model.index(3, 0).data(Qt::ToolTipRole).toString(), QString("why umbrella"));
    for (int r = 0; r < model.rowCount(); ++r)
        QVERIFY(!model.index(r, UpgradeBoardModel::StageColumn).data(Qt::DecorationRole).isNull());
    QCOMPARE(model.rowOfCustomer("initech"), 2);
    QCOMPARE(model.rowOfCustomer("nobody"), -1);
    QCOMPARE(model.headerData(UpgradeBoardModel::CandidateColumn, Qt::Horizontal).toString(),
             QString("Candidate"));

    model.setRows({}); // a fleet without customers
    QCOMPARE(model.rowCount(), 0);
}

void TestUpgradeBoardModel::filtersByStageAndVersion()
{
    UpgradeBoardModel model;
    UpgradeBoardFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows(board());
    QCOMPARE(customers(filter), (QStringList{"acme", "globex", "initech", "umbrella"}));

    filter.setStage(UpgradeStage::ReadyToPromote);
    QCOMPARE(customers(filter), QStringList{"globex"});
    filter.setStage(UpgradeStage::Done); // no customer there
    QCOMPARE(customers(filter), QStringList());
    filter.setStage(std::nullopt);

    // A version prefix: desired, running or candidate of either zone.
    filter.setVersion("2.32.2");
    QCOMPARE(customers(filter), QStringList{"globex"});
    filter.setVersion("2.32");
    QCOMPARE(customers(filter), (QStringList{"acme", "globex", "initech"}));
    filter.setVersion(" 2.31.2 "); // as typed, with spaces
    QCOMPARE(customers(filter), (QStringList{"acme", "globex", "initech", "umbrella"}));
    // initech's Green still runs 2.31.2 during its rollout; umbrella asks for it.
    filter.setStage(UpgradeStage::GreenRollingOut);
    QCOMPARE(customers(filter), QStringList{"initech"});

    // New rows keep the filter.
    filter.setStage(std::nullopt);
    filter.setVersion("2.32.0");
    QList<UpgradeRow> rows = board();
    rows.append(row("hooli", UpgradeStage::InSync, "2.32.0", running("2.32.0"), "2.32.0",
                    running("2.32.0")));
    model.setRows(rows);
    QCOMPARE(customers(filter), (QStringList{"acme", "initech", "hooli"}));
}

void TestUpgradeBoardModel::sortsByBoardOrderOfStages()
{
    UpgradeBoardModel model;
    UpgradeBoardFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows(board());
    filter.sort(UpgradeBoardModel::StageColumn);
    // in sync < Red rolling out < Red soaking < ready to promote < Green rolling out < ... < unknown
    QCOMPARE(customers(filter), (QStringList{"acme", "globex", "initech", "umbrella"}));
    filter.sort(UpgradeBoardModel::StageColumn, Qt::DescendingOrder);
    QCOMPARE(customers(filter), (QStringList{"umbrella", "initech", "globex", "acme"}));
    filter.sort(UpgradeBoardModel::CustomerColumn, Qt::DescendingOrder);
    QCOMPARE(customers(filter), (QStringList{"umbrella", "initech", "globex", "acme"}));
}

QTEST_MAIN(TestUpgradeBoardModel)
#include "tst_upgradeboardmodel.moc"
