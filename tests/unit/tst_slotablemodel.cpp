// The fleet-wide SLO table: an SRE sorts it by budget left to see who is closest to breaking
// the SLA, and reads availability vs target and the burn-rate state in words, not only colour.
#include "models/SloTableModel.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTest>

using namespace qd;

namespace {

SloTableRow row(const QString &id,
                std::optional<double> availability,
                std::optional<double> budgetRatio,
                double budgetSeconds = 0,
                QList<slo::BurnAlert> alerts = {})
{
    SloTableRow r;
    r.customerId = id;
    r.customerName = id.toUpper();
    r.cluster = id + QStringLiteral("-green");
    r.summary.targetPercent = 99.9;
    r.summary.availability = availability;
    // meetsTarget() judges by the counts, as computeSlo() fills them.
    r.summary.counts.eligible = 43'200;
    r.summary.counts.good = availability.value_or(0.0) * 43'200;
    r.summary.errorBudgetRemainingRatio = budgetRatio;
    r.summary.errorBudgetRemainingSeconds = budgetSeconds;
    r.summary.alerts = std::move(alerts);
    r.summary.burnRates = {{slo::BurnWindow::OneHour, 0.5}, {slo::BurnWindow::ThreeDays, {}}};
    return r;
}

slo::BurnAlert alert(double factor, bool firing)
{
    slo::BurnAlert a;
    a.factor = factor;
    a.firing = firing;
    return a;
}

QStringList column(const QAbstractItemModel &model, int column, int role = Qt::DisplayRole)
{
    QStringList values;
    for (int r = 0; r < model.rowCount(); ++r)
        values.append(model.index(r, column).data(role).toString());
    return values;
}

} // namespace

class TestSloTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void sortsByBudgetLeftNumerically();
    void showsAvailabilityAgainstTarget();
    void burnState_data();
    void burnState();
    void budgetDuration_data();
    void budgetDuration();
    void newSnapshotReplacesRows();
};

void TestSloTableModel::sortsByBudgetLeftNumerically()
{
    SloTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel proxy;
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.setSortRole(SloTableModel::SortRole);

    // As text "9.0%" > "37.0%" > "100.0%" > "-20.0%": a numeric sort gives the real order.
    model.setRows({row("acme", 0.99937, 0.37, 959), row("globex", 0.9985, -0.2, -518),
                   row("initech", 1.0, 1.0, 2592), row("umbrella", {}, {}),
                   row("hooli", 0.99909, 0.09, 233)});
    proxy.sort(SloTableModel::BudgetLeftColumn, Qt::AscendingOrder);
    QCOMPARE(column(proxy, SloTableModel::CustomerColumn),
             QStringList({"GLOBEX", "HOOLI", "ACME", "INITECH", "UMBRELLA"}));
    QCOMPARE(proxy.index(0, SloTableModel::BudgetLeftColumn).data().toString(),
             QStringLiteral("-20.0% (-9 min)"));
    QCOMPARE(proxy.index(2, SloTableModel::BudgetLeftColumn).data().toString(),
             QStringLiteral("37.0% (16 min)"));
    QCOMPARE(proxy.index(4, SloTableModel::BudgetLeftColumn).data().toString(),
             QStringLiteral("no data"));

    proxy.sort(SloTableModel::BudgetLeftColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(1, SloTableModel::CustomerColumn).data().toString(),
             QStringLiteral("INITECH"));
    QCOMPARE(proxy.index(4, SloTableModel::CustomerColumn).data().toString(),
             QStringLiteral("GLOBEX"));

    // The id survives sorting, so a click selects the right customer.
    QCOMPARE(proxy.index(4, SloTableModel::BudgetLeftColumn)
                     .data(SloTableModel::CustomerIdRole)
                     .toString(),
             QStringLiteral("globex"));
}

void TestSloTableModel::showsAvailabilityAgainstTarget()
{
    SloTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({row("acme", 0.99937, 0.37), row("globex", 0.9985, -0.2), row("x", {}, {})});
    QCOMPARE(model.index(0, SloTableModel::ClusterColumn).data().toString(),
             QStringLiteral("acme-green"));
    QCOMPARE(model.index(0, SloTableModel::TargetColumn).data().toString(),
             QStringLiteral("99.9%"));
    const QStringList availability = column(model, SloTableModel::AvailabilityColumn);
    QVERIFY2(availability.at(0).startsWith(QStringLiteral("99.937%")),
             qPrintable(availability.at(0)));
    QVERIFY(availability.at(0).contains(QStringLiteral("meets target")));
    QVERIFY(availability.at(1).startsWith(QStringLiteral("99.850%")));
    QVERIFY(availability.at(1).contains(QStringLiteral("below target")));
    QCOMPARE(availability.at(2), QStringLiteral("no data"));
    QVERIFY(model.index(0, SloTableModel::BurnStateColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("1h: 0.50×")));
    QCOMPARE(model.headerData(SloTableModel::BudgetLeftColumn, Qt::Horizontal).toString(),
             QStringLiteral("Budget left"));
}

void TestSloTableModel::burnState_data()
{
    QTest::addColumn<QList<slo::BurnAlert>>("alerts");
    QTest::addColumn<bool>("hasData");
    QTest::addColumn<QString>("text");
    QTest::newRow("nothing fires")
            << QList<slo::BurnAlert>{alert(14.4, false), alert(6, false), alert(1, false)} << true
            << "OK";
    QTest::newRow("ticket") << QList<slo::BurnAlert>{alert(14.4, false), alert(6, false),
                                                     alert(1, true)}
                            << true << "Burning: ticket";
    QTest::newRow("slow page and ticket")
            << QList<slo::BurnAlert>{alert(14.4, false), alert(6, true), alert(1, true)} << true
            << "Slow burn: page";
    QTest::newRow("fast page wins")
            << QList<slo::BurnAlert>{alert(14.4, true), alert(6, true), alert(1, true)} << true
            << "Fast burn: page";
    QTest::newRow("no data") << QList<slo::BurnAlert>{} << false << "No data";
}

void TestSloTableModel::burnState()
{
    QFETCH(QList<slo::BurnAlert>, alerts);
    QFETCH(bool, hasData);
    QFETCH(QString, text);
    SloTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({row("acme", hasData ? std::optional(0.999) : std::nullopt,
                       hasData ? std::optional(0.5) : std::nullopt, 0, alerts)});
    const QModelIndex cell = model.index(0, SloTableModel::BurnStateColumn);
    QCOMPARE(cell.data().toString(), text);
    // Not colour alone: an icon as well as the words.
    QVERIFY(!cell.data(Qt::DecorationRole).value<QIcon>().isNull());
}

void TestSloTableModel::budgetDuration_data()
{
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << "0 min";
    QTest::newRow("30 d of a 99.9% budget") << 2592.0 << "43 min";
    QTest::newRow("hours") << 7500.0 << "2 h 05 min";
    QTest::newRow("a quarter at 99%") << 77760.0 << "21 h 36 min";
    QTest::newRow("days") << 3.0 * 86400 + 4 * 3600 << "3 d 4 h";
    QTest::newRow("overspent") << -720.0 << "-12 min";
    QTest::newRow("rounds to zero, no sign") << -10.0 << "0 min";
}

void TestSloTableModel::budgetDuration()
{
    QFETCH(double, seconds);
    QFETCH(QString, text);
    QCOMPARE(formatBudgetDuration(seconds), text);
}

void TestSloTableModel::newSnapshotReplacesRows()
{
    SloTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({row("a", 1.0, 1.0), row("b", 1.0, 1.0)});
    QCOMPARE(model.rowCount(), 2);
    model.setRows({row("c", 0.9, -99.0)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOfCustomer(QStringLiteral("c")), 0);
    QCOMPARE(model.rowOfCustomer(QStringLiteral("a")), -1);
}

QTEST_MAIN(TestSloTableModel)
#include "tst_slotablemodel.moc"
