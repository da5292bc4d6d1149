// The incidents table and its filter: the countdown texts a user reads at given moments, the
// columns a tick repaints, and which incidents a filter, a state or a sort shows, in what order.
#include "models/IncidentFilterProxyModel.h"
#include "models/IncidentTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace qd;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC);

Incident makeIncident(const QString &customer,
                      const QString &zone,
                      const QString &title,
                      Priority priority,
                      int openedMinutesAfterT0,
                      int dueMinutes)
{
    Incident incident;
    incident.customer = customer;
    incident.zone = zone;
    incident.alertName = title;
    incident.id = incidentId(customer, zone, title);
    incident.title = title;
    incident.priority = priority;
    incident.openedAt = T0.addSecs(openedMinutesAfterT0 * 60);
    incident.responseDueAt = incident.openedAt.addSecs(dueMinutes * 60);
    return incident;
}

// Opened at T0 (10:00 UTC), due at 11:00.
Incident p0()
{
    return makeIncident("acme", "green", "Deck down", Priority::P0, 0, 60);
}

QList<Incident> fleet()
{
    Incident acked = makeIncident("globex", "green", "Gate 5xx", Priority::P1, -300, 480);
    acked.state = IncidentState::Acknowledged;
    acked.acknowledgedAt = acked.openedAt.addSecs(600);
    acked.acknowledgedBy = "sam";
    Incident resolved =
            makeIncident("initech", "red", "Clouddriver slow", Priority::P2, -600, 1920);
    resolved.state = IncidentState::Resolved;
    resolved.resolvedAt = resolved.openedAt.addSecs(3600);
    return {
            p0(),                                                              // due 11:00
            makeIncident("acme", "red", "Orca lag", Priority::P1, -30, 480),   // due 17:30
            acked,                                                             // due 13:00
            makeIncident("globex", "red", "Echo down", Priority::P0, -90, 60), // due 09:30
            resolved,
    };
}

QStringList titles(const QAbstractItemModel &model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.index(row, IncidentTableModel::TitleColumn).data().toString();
    return result;
}

} // namespace

class TestIncidentTableModel : public QObject
{
    Q_OBJECT
private slots:
    void durationText_data();
    void durationText();
    void countdownText_data();
    void countdownText();
    void modelShowsTheColumnsAUserReads();
    void tickRepaintsOnlyTheCountdown();
    void refreshKeepsRowsInPlace();
    void filter_data();
    void filter();
    void narrowingFilterMatchesAFreshOne();
    void customerFilterShowsOneCustomer();
    void sort_data();
    void sort();
    void selectionFollowsTheIncidentThroughAFilter();
    void tickThroughProxyDoesNotRelayout();
};

void TestIncidentTableModel::durationText_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("seconds") << qint64(42) << "42 s";
    QTest::newRow("negative is zero") << qint64(-5) << "0 s";
    QTest::newRow("one minute") << qint64(60) << "1 min";
    QTest::newRow("rounds down") << qint64(42 * 60 + 59) << "42 min";
    QTest::newRow("hour") << qint64(3600) << "1 h";
    QTest::newRow("hour and minutes") << qint64(3600 + 5 * 60 + 30) << "1 h 5 min";
    QTest::newRow("days") << qint64(2 * 86400) << "2 d";
    QTest::newRow("days and hours") << qint64(2 * 86400 + 3 * 3600 + 59 * 60) << "2 d 3 h";
}

void TestIncidentTableModel::durationText()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(IncidentTableModel::durationText(seconds), text);
}

void TestIncidentTableModel::countdownText_data()
{
    QTest::addColumn<Incident>("incident");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("breached");

    QTest::newRow("just opened") << p0() << T0 << "due in 1 h" << false;
    QTest::newRow("42 minutes left") << p0() << T0.addSecs(18 * 60) << "due in 42 min" << false;
    QTest::newRow("half a minute left")
            << p0() << T0.addSecs(59 * 60 + 30) << "due in 30 s" << false;
    QTest::newRow("exactly due") << p0() << T0.addSecs(3600) << "due now" << false;
    QTest::newRow("one second late") << p0() << T0.addSecs(3601) << "breached 1 s ago" << true;
    QTest::newRow("breached an hour ago")
            << p0() << T0.addSecs(2 * 3600 + 5 * 60) << "breached 1 h 5 min ago" << true;

    Incident acknowledged = p0();
    acknowledged.state = IncidentState::Acknowledged;
    acknowledged.acknowledgedAt = T0.addSecs(12 * 60);
    QTest::newRow("acknowledged in time")
            << acknowledged << T0.addSecs(5 * 3600) << "responded in 12 min" << false;
    Incident late = p0();
    late.state = IncidentState::Acknowledged;
    late.acknowledgedAt = T0.addSecs(65 * 60);
    QTest::newRow("acknowledged late")
            << late << T0.addSecs(5 * 3600) << "responded 5 min late" << true;
    Incident resolved = p0();
    resolved.state = IncidentState::Resolved;
    resolved.resolvedAt = T0.addSecs(30 * 60);
    QTest::newRow("resolved unacknowledged")
            << resolved << T0.addSecs(5 * 3600) << "responded in 30 min" << false;
    Incident p1 = makeIncident("acme", "red", "Orca lag", Priority::P1, 0, 3 * 24 * 60 + 7 * 60);
    QTest::newRow("business day over a weekend") << p1 << T0 << "due in 3 d 7 h" << false;
}

void TestIncidentTableModel::countdownText()
{
    QFETCH(Incident, incident);
    QFETCH(QDateTime, now);
    QFETCH(QString, text);
    QFETCH(bool, breached);
    QCOMPARE(IncidentTableModel::countdownText(incident, now), text);

    IncidentTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setIncidents({incident});
    model.setNow(now);
    const QModelIndex due = model.index(0, IncidentTableModel::DueColumn);
    QCOMPARE(due.data().toString(), text);
    QCOMPARE(due.data(IncidentTableModel::BreachedRole).toBool(), breached);
    // A breach is shown in bold red, not only in words.
    QCOMPARE(due.data(Qt::FontRole).value<QFont>().bold(), breached);
}

void TestIncidentTableModel::modelShowsTheColumnsAUserReads()
{
    IncidentTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setIncidents(fleet());
    model.setNow(T0.addSecs(18 * 60));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.columnCount(), int(IncidentTableModel::ColumnCount));
    QStringList row0;
    for (int column = 0; column < model.columnCount(); ++column)
        row0 << model.index(0, column).data().toString();
    QCOMPARE(row0,
             QStringList({"P0", "acme", "green", "Deck down", "18 min", "due in 42 min", "open"}));
    QCOMPARE(model.index(2, IncidentTableModel::StateColumn).data().toString(),
             "acknowledged by sam");
    // The priority has an icon and a colour beside its text.
    const QModelIndex priority = model.index(0, IncidentTableModel::PriorityColumn);
    QVERIFY(!priority.data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(priority.data(Qt::ForegroundRole).value<QColor>(),
             IncidentTableModel::priorityColor(Priority::P0));
    QCOMPARE(model.headerData(IncidentTableModel::DueColumn, Qt::Horizontal).toString(),
             "Response due");
}

void TestIncidentTableModel::tickRepaintsOnlyTheCountdown()
{
    IncidentTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setIncidents(fleet());
    model.setNow(T0.addSecs(10));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.setNow(T0.addSecs(11)); // same minute: only the due column
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(IncidentTableModel::DueColumn));
    QCOMPARE(changed.at(0).at(1).toModelIndex().column(), int(IncidentTableModel::DueColumn));
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 4);
    const auto roles = changed.at(0).at(2).value<QList<int>>();
    QVERIFY(roles.contains(Qt::DisplayRole));
    QVERIFY(!roles.contains(IncidentTableModel::SortRole));

    changed.clear();
    model.setNow(T0.addSecs(61)); // a new minute: the age too
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(IncidentTableModel::AgeColumn));
    QCOMPARE(changed.at(1).at(0).toModelIndex().column(), int(IncidentTableModel::DueColumn));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.index(0, IncidentTableModel::DueColumn).data().toString(), "due in 58 min");
}

void TestIncidentTableModel::refreshKeepsRowsInPlace()
{
    IncidentTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Incident> incidents = fleet();
    model.setIncidents(incidents);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    incidents[0].state = IncidentState::Acknowledged;
    incidents[0].acknowledgedAt = T0.addSecs(60);
    incidents[0].ackSync = AckSync::Pending;
    model.setIncidents(incidents);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.index(0, IncidentTableModel::StateColumn).data().toString(),
             "acknowledged (sending…)");

    incidents.removeLast();
    model.setIncidents(incidents);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 4);
}

void TestIncidentTableModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<IncidentFilterProxyModel::StateFilter>("state");
    QTest::addColumn<QStringList>("titles");

    using State = IncidentFilterProxyModel::StateFilter;
    QTest::newRow("everything unresolved")
            << "" << State::Unresolved
            << QStringList{"Deck down", "Orca lag", "Gate 5xx", "Echo down"};
    QTest::newRow("all states") << "" << State::All
                                << QStringList{"Deck down", "Orca lag", "Gate 5xx", "Echo down",
                                               "Clouddriver slow"};
    QTest::newRow("customer") << "globex" << State::All << QStringList{"Gate 5xx", "Echo down"};
    QTest::newRow("upper case customer")
            << "GLOBEX" << State::Unresolved << QStringList{"Gate 5xx", "Echo down"};
    QTest::newRow("zone") << "red" << State::All
                          << QStringList{"Orca lag", "Echo down", "Clouddriver slow"};
    QTest::newRow("priority") << "p0" << State::All << QStringList{"Deck down", "Echo down"};
    QTest::newRow("title words") << "down acme" << State::All << QStringList{"Deck down"};
    QTest::newRow("no match") << "umbrella" << State::All << QStringList{};
    QTest::newRow("open only") << "" << State::Open
                               << QStringList{"Deck down", "Orca lag", "Echo down"};
    QTest::newRow("acknowledged only") << "" << State::Acknowledged << QStringList{"Gate 5xx"};
    QTest::newRow("resolved only") << "" << State::Resolved << QStringList{"Clouddriver slow"};
    QTest::newRow("resolved and text") << "initech" << State::Open << QStringList{};
}

void TestIncidentTableModel::filter()
{
    QFETCH(QString, text);
    QFETCH(IncidentFilterProxyModel::StateFilter, state);
    QFETCH(QStringList, titles);

    IncidentTableModel model;
    IncidentFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    model.setIncidents(fleet());
    proxy.setStateFilter(state);
    proxy.setFilterText(text);
    QCOMPARE(::titles(proxy), titles);
    for (int row = 0; row < proxy.rowCount(); ++row)
        QCOMPARE(proxy.incidentAt(row).title, titles.at(row));
}

void TestIncidentTableModel::narrowingFilterMatchesAFreshOne()
{
    IncidentTableModel model;
    IncidentFilterProxyModel typed;
    IncidentFilterProxyModel fresh;
    QAbstractItemModelTester tester(&typed, QAbstractItemModelTester::FailureReportingMode::QtTest);
    typed.setSourceModel(&model);
    fresh.setSourceModel(&model);
    typed.setStateFilter(IncidentFilterProxyModel::StateFilter::All);
    fresh.setStateFilter(IncidentFilterProxyModel::StateFilter::All);
    model.setIncidents(fleet());
    // Typed one key at a time, with a backspace in the middle.
    for (const QString &text :
         QStringList{"d", "do", "dow", "down", "down ", "down g", "down", "down gl"}) {
        typed.setFilterText(text);
        fresh.setFilterText(QString());
        fresh.setFilterText(text);
        QCOMPARE(titles(typed), titles(fresh));
    }
    QCOMPARE(titles(typed), QStringList{"Echo down"});
}

void TestIncidentTableModel::customerFilterShowsOneCustomer()
{
    IncidentTableModel model;
    IncidentFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    model.setIncidents(fleet());
    proxy.setCustomerFilter("acme");
    QCOMPARE(titles(proxy), QStringList({"Deck down", "Orca lag"}));
    proxy.setFilterText("orca");
    QCOMPARE(titles(proxy), QStringList{"Orca lag"});
    proxy.setCustomerFilter(QString());
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 4);
}

void TestIncidentTableModel::sort_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("titles");

    QTest::newRow("due, soonest first")
            << int(IncidentTableModel::DueColumn) << Qt::AscendingOrder
            << QStringList{"Echo down", "Deck down", "Gate 5xx", "Orca lag"};
    QTest::newRow("due, latest first")
            << int(IncidentTableModel::DueColumn) << Qt::DescendingOrder
            << QStringList{"Orca lag", "Gate 5xx", "Deck down", "Echo down"};
    // Same priority: the sooner due first.
    QTest::newRow("priority") << int(IncidentTableModel::PriorityColumn) << Qt::AscendingOrder
                              << QStringList{"Echo down", "Deck down", "Gate 5xx", "Orca lag"};
    QTest::newRow("age, youngest first")
            << int(IncidentTableModel::AgeColumn) << Qt::AscendingOrder
            << QStringList{"Deck down", "Orca lag", "Echo down", "Gate 5xx"};
    QTest::newRow("age, oldest first")
            << int(IncidentTableModel::AgeColumn) << Qt::DescendingOrder
            << QStringList{"Gate 5xx", "Echo down", "Orca lag", "Deck down"};
    // Same customer: the sooner due first.
    QTest::newRow("customer") << int(IncidentTableModel::CustomerColumn) << Qt::AscendingOrder
                              << QStringList{"Deck down", "Orca lag", "Echo down", "Gate 5xx"};
}

void TestIncidentTableModel::sort()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, titles);

    IncidentTableModel model;
    IncidentFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    model.setIncidents(fleet());
    proxy.sort(column, order);
    QCOMPARE(::titles(proxy), titles);
    // A new snapshot keeps the sort.
    QList<Incident> reversed = fleet();
    std::reverse(reversed.begin(), reversed.end());
    model.setIncidents(reversed);
    QCOMPARE(::titles(proxy), titles);
}

void TestIncidentTableModel::selectionFollowsTheIncidentThroughAFilter()
{
    IncidentTableModel model;
    IncidentFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    model.setIncidents(fleet());
    QPersistentModelIndex echo = proxy.index(3, IncidentTableModel::TitleColumn);
    QPersistentModelIndex deck = proxy.index(0, IncidentTableModel::TitleColumn);
    QCOMPARE(echo.data().toString(), "Echo down");
    proxy.setFilterText("globex");
    QVERIFY(echo.isValid());
    QCOMPARE(echo.row(), 1);
    QCOMPARE(echo.data().toString(), "Echo down");
    QVERIFY(!deck.isValid()); // filtered out
}

void TestIncidentTableModel::tickThroughProxyDoesNotRelayout()
{
    IncidentTableModel model;
    IncidentFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    model.setIncidents(fleet());
    proxy.setFilterText("acme");
    QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);
    model.setNow(T0.addSecs(18 * 60));
    QCOMPARE(layout.size(), 0);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.last().at(1).toModelIndex().row(), 1);
    QCOMPARE(proxy.index(0, IncidentTableModel::DueColumn).data().toString(), "due in 42 min");

    // An acknowledgement changes the state: the state filter must see it.
    proxy.setStateFilter(IncidentFilterProxyModel::StateFilter::Open);
    QList<Incident> incidents = fleet();
    incidents[0].state = IncidentState::Acknowledged;
    incidents[0].acknowledgedAt = T0.addSecs(60);
    model.setIncidents(incidents);
    QCOMPARE(titles(proxy), QStringList{"Orca lag"});
}

QTEST_MAIN(TestIncidentTableModel)
#include "tst_incidenttablemodel.moc"
