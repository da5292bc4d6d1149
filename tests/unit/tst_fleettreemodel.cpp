// The fleet tree and its filter, fed with snapshots built in code: no disk, no git.
#include "models/FleetFilterProxyModel.h"
#include "models/FleetTreeModel.h"

#include <QAbstractItemModelTester>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace qd;

namespace {

Zone makeZone(const QString &customer, ZoneKind kind, const QString &version)
{
    const QString name = zoneKindName(kind);
    Zone zone;
    zone.kind = kind;
    zone.overlay = QStringLiteral("customers/%1/%2").arg(customer, name);
    zone.cluster = QStringLiteral("%1-%2").arg(customer, name);
    zone.cloud = QStringLiteral("aws");
    zone.region = QStringLiteral("us-east-1");
    zone.deck = QUrl(QStringLiteral("https://spinnaker-%1.%2.example").arg(name, customer));
    zone.gate = QUrl(QStringLiteral("https://api-%1.%2.example").arg(name, customer));
    zone.resolution.resolved = true;
    zone.resolution.version = version;
    zone.resolution.versionLocation = {zone.overlay + QStringLiteral("/patch-version.yml"), 8, 5};
    zone.resolution.files = {QStringLiteral("base/spinnakerservice.yml"),
                             zone.overlay + QStringLiteral("/patch-version.yml")};
    return zone;
}

Customer makeCustomer(const QString &id,
                      const QString &name,
                      const QString &redVersion,
                      const QString &greenVersion)
{
    Customer customer;
    customer.id = id;
    customer.name = name;
    customer.red = makeZone(id, ZoneKind::Red, redVersion);
    customer.green = makeZone(id, ZoneKind::Green, greenVersion);
    return customer;
}

// ACME mid-upgrade, Globex in sync with two problems, Initech without a Green zone.
FleetSnapshot sampleFleet()
{
    FleetSnapshot snapshot;
    snapshot.repoPath = QStringLiteral("/tmp/fleet-config");
    Customer acme = makeCustomer(QStringLiteral("acme"), QStringLiteral("ACME Corp"),
                                 QStringLiteral("2.31.0"), QStringLiteral("2.30.1"));
    Customer globex = makeCustomer(QStringLiteral("globex"), QStringLiteral("Globex"),
                                   QStringLiteral("2.30.1"), QStringLiteral("2.30.1"));
    globex.green->problems = {{{QStringLiteral("customers/globex/green/kustomization.yml"), 4, 3},
                               QStringLiteral("patch file 'patch-oops.yml' does not exist")},
                              {{QStringLiteral("customers/globex/green/patch-sizing.yml"), 2, 1},
                               QStringLiteral("not a SpinnakerService")}};
    Customer initech = makeCustomer(QStringLiteral("initech"), QStringLiteral("Initech"),
                                    QStringLiteral("2.29.3"), QString());
    initech.green.reset();
    snapshot.customers = {acme, globex, initech};
    snapshot.diagnostics = globex.green->problems;
    return snapshot;
}

QImage iconImage(const QVariant &decoration)
{
    return decoration.value<QIcon>().pixmap(16, 16).toImage();
}

QImage iconImage(const QIcon &icon)
{
    return icon.pixmap(16, 16).toImage();
}

QString text(const QAbstractItemModel &model, int row, int column, const QModelIndex &parent = {})
{
    return model.index(row, column, parent).data().toString();
}

} // namespace

class TestFleetTreeModel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void rowsAndColumns();
    void statusTexts();
    void decorations();
    void toolTips();
    void customRoles();
    void missingGreenZone();
    void unresolvedOverlayIsAnError();
    void setSnapshotTwice();
    void filter_data();
    void filter();
};

void TestFleetTreeModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // The icons come from the resources compiled in; without them every decoration is blank.
    QVERIFY(!iconImage(FleetTreeModel::statusIcon(FleetTreeModel::StatusKind::Ok)).isNull());
}

void TestFleetTreeModel::rowsAndColumns()
{
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setSnapshot(sampleFleet());

    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 5);
    QCOMPARE(model.headerData(FleetTreeModel::VersionColumn, Qt::Horizontal).toString(),
             QStringLiteral("Desired version"));
    const QModelIndex acme = model.index(0, 0);
    QCOMPARE(acme.data().toString(), QStringLiteral("ACME Corp"));
    QCOMPARE(model.rowCount(acme), 2);
    QCOMPARE(text(model, 0, FleetTreeModel::NameColumn, acme), QStringLiteral("Red"));
    QCOMPARE(text(model, 1, FleetTreeModel::NameColumn, acme), QStringLiteral("Green"));
    QCOMPARE(text(model, 0, FleetTreeModel::ClusterColumn, acme), QStringLiteral("acme-red"));
    QCOMPARE(text(model, 1, FleetTreeModel::CloudColumn, acme), QStringLiteral("aws us-east-1"));
    QCOMPARE(text(model, 0, FleetTreeModel::VersionColumn, acme), QStringLiteral("2.31.0"));
    QCOMPARE(text(model, 1, FleetTreeModel::VersionColumn, acme), QStringLiteral("2.30.1"));
    // A customer row sums up its zones: the shared cloud, one version when in sync.
    QCOMPARE(text(model, 0, FleetTreeModel::CloudColumn), QStringLiteral("aws us-east-1"));
    QCOMPARE(text(model, 1, FleetTreeModel::VersionColumn), QStringLiteral("2.30.1"));
    QCOMPARE(text(model, 0, FleetTreeModel::VersionColumn), QStringLiteral("R 2.31.0 / G 2.30.1"));
    // Zone rows have no children.
    QCOMPARE(model.rowCount(model.index(0, 0, acme)), 0);
    QCOMPARE(model.parent(model.index(1, 3, acme)), acme);
}

void TestFleetTreeModel::statusTexts()
{
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(sampleFleet());
    QCOMPARE(text(model, 0, FleetTreeModel::StatusColumn),
             QStringLiteral("upgrading: Red 2.31.0 ahead of Green 2.30.1"));
    QCOMPARE(text(model, 1, FleetTreeModel::StatusColumn), QStringLiteral("in sync; 2 problems"));
    const QModelIndex globex = model.index(1, 0);
    QCOMPARE(text(model, 0, FleetTreeModel::StatusColumn, globex), QStringLiteral("ok"));
    QCOMPARE(text(model, 1, FleetTreeModel::StatusColumn, globex), QStringLiteral("2 problems"));
}

void TestFleetTreeModel::decorations()
{
    using Kind = FleetTreeModel::StatusKind;
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(sampleFleet());

    const QModelIndex acme = model.index(0, FleetTreeModel::NameColumn);
    const QModelIndex globex = model.index(1, FleetTreeModel::NameColumn);
    QCOMPARE(iconImage(acme.data(Qt::DecorationRole)),
             iconImage(FleetTreeModel::statusIcon(Kind::Upgrading)));
    QCOMPARE(iconImage(globex.data(Qt::DecorationRole)),
             iconImage(FleetTreeModel::statusIcon(Kind::Warning)));
    QVERIFY(iconImage(FleetTreeModel::statusIcon(Kind::Upgrading)) !=
            iconImage(FleetTreeModel::statusIcon(Kind::Warning)));
    // Zone rows carry their colour as an icon and their health in the status column.
    QCOMPARE(iconImage(model.index(0, 0, acme).data(Qt::DecorationRole)),
             iconImage(FleetTreeModel::zoneIcon(ZoneKind::Red)));
    QCOMPARE(iconImage(model.index(1, 0, acme).data(Qt::DecorationRole)),
             iconImage(FleetTreeModel::zoneIcon(ZoneKind::Green)));
    QCOMPARE(iconImage(
                     model.index(1, FleetTreeModel::StatusColumn, globex).data(Qt::DecorationRole)),
             iconImage(FleetTreeModel::statusIcon(Kind::Warning)));
    QCOMPARE(iconImage(
                     model.index(0, FleetTreeModel::StatusColumn, globex).data(Qt::DecorationRole)),
             iconImage(FleetTreeModel::statusIcon(Kind::Ok)));
    QVERIFY(!model.index(0, FleetTreeModel::ClusterColumn, acme)
                     .data(Qt::DecorationRole)
                     .isValid());
}

void TestFleetTreeModel::toolTips()
{
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(sampleFleet());
    const QModelIndex acme = model.index(0, 0);
    QVERIFY2(model.index(0, FleetTreeModel::VersionColumn, acme)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .contains(QStringLiteral("set in customers/acme/red/patch-version.yml:8")),
             "the Red zone's tooltip says where its version is set");
    const QString globexTip = model.index(1, 0).data(Qt::ToolTipRole).toString();
    QVERIFY2(globexTip.contains(QStringLiteral(
                     "customers/globex/green/kustomization.yml:4:3: patch file 'patch-oops.yml' "
                     "does not exist")),
             qPrintable(globexTip));
    QVERIFY(globexTip.contains(QStringLiteral("not a SpinnakerService")));
}

void TestFleetTreeModel::customRoles()
{
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(sampleFleet());
    const QModelIndex globex = model.index(1, 0);
    QCOMPARE(globex.data(FleetTreeModel::CustomerIdRole).toString(), QStringLiteral("globex"));
    QVERIFY(!globex.data(FleetTreeModel::ZoneKindRole).isValid());
    const QModelIndex green = model.index(1, FleetTreeModel::StatusColumn, globex);
    QCOMPARE(green.data(FleetTreeModel::CustomerIdRole).toString(), QStringLiteral("globex"));
    QCOMPARE(green.data(FleetTreeModel::ZoneKindRole).toInt(), int(ZoneKind::Green));
    const QString filterText = globex.data(FleetTreeModel::FilterTextRole).toString();
    for (const char *part : {"globex", "globex-red", "globex-green", "2.30.1"})
        QVERIFY2(filterText.contains(QLatin1String(part)), part);
    QCOMPARE(model.customerAt(green)->id, QStringLiteral("globex"));
    QCOMPARE(model.indexOfCustomer(QStringLiteral("initech")), model.index(2, 0));
    QVERIFY(!model.indexOfCustomer(QStringLiteral("nobody")).isValid());
}

void TestFleetTreeModel::missingGreenZone()
{
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(sampleFleet());
    const QModelIndex initech = model.index(2, 0);
    QCOMPARE(initech.data().toString(), QStringLiteral("Initech"));
    // The row is kept, and says what is wrong, so the gap cannot be overlooked.
    QCOMPARE(model.rowCount(initech), 2);
    QCOMPARE(text(model, 1, FleetTreeModel::NameColumn, initech), QStringLiteral("Green"));
    QCOMPARE(text(model, 1, FleetTreeModel::ClusterColumn, initech), QString());
    QCOMPARE(text(model, 1, FleetTreeModel::StatusColumn, initech),
             QStringLiteral("not declared in fleet.yaml"));
    QCOMPARE(text(model, 2, FleetTreeModel::StatusColumn), QStringLiteral("no green zone"));
    QCOMPARE(text(model, 2, FleetTreeModel::VersionColumn), QStringLiteral("R 2.29.3 / G ?"));
    QCOMPARE(iconImage(initech.data(Qt::DecorationRole)),
             iconImage(FleetTreeModel::statusIcon(FleetTreeModel::StatusKind::Error)));
    QCOMPARE(text(model, 0, FleetTreeModel::VersionColumn, initech), QStringLiteral("2.29.3"));
}

void TestFleetTreeModel::unresolvedOverlayIsAnError()
{
    FleetSnapshot snapshot = sampleFleet();
    snapshot.customers[0].red->resolution = {};
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(snapshot);
    const QModelIndex acme = model.index(0, 0);
    QCOMPARE(text(model, 0, FleetTreeModel::StatusColumn, acme),
             QStringLiteral("overlay not resolved"));
    QCOMPARE(acme.data(FleetTreeModel::StatusKindRole).toInt(),
             int(FleetTreeModel::StatusKind::Error));
    QCOMPARE(iconImage(acme.data(Qt::DecorationRole)),
             iconImage(FleetTreeModel::statusIcon(FleetTreeModel::StatusKind::Error)));
}

void TestFleetTreeModel::setSnapshotTwice()
{
    FleetTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setSnapshot(sampleFleet());
    QCOMPARE(model.rowCount(), 3);

    FleetSnapshot smaller;
    smaller.customers = {makeCustomer(QStringLiteral("hooli"), QStringLiteral("Hooli"),
                                      QStringLiteral("2.32.0"), QStringLiteral("2.32.0"))};
    model.setSnapshot(smaller);
    QCOMPARE(resets.count(), 2);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(text(model, 0, FleetTreeModel::NameColumn), QStringLiteral("Hooli"));
    QCOMPARE(text(model, 0, FleetTreeModel::StatusColumn), QStringLiteral("in sync"));
    QVERIFY(!model.indexOfCustomer(QStringLiteral("acme")).isValid());
}

void TestFleetTreeModel::filter_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("visible");

    const QString acme = QStringLiteral("ACME Corp");
    const QString globex = QStringLiteral("Globex");
    const QString initech = QStringLiteral("Initech");
    QTest::newRow("empty shows all") << QString() << QStringList{acme, globex, initech};
    QTest::newRow("blank shows all") << QStringLiteral("   ") << QStringList{acme, globex, initech};
    QTest::newRow("id") << QStringLiteral("acme") << QStringList{acme};
    QTest::newRow("name, other case") << QStringLiteral("gLoBeX") << QStringList{globex};
    QTest::newRow("part of a name") << QStringLiteral("corp") << QStringList{acme};
    QTest::newRow("green cluster") << QStringLiteral("globex-green") << QStringList{globex};
    QTest::newRow("red cluster") << QStringLiteral("initech-red") << QStringList{initech};
    QTest::newRow("version of one zone") << QStringLiteral("2.31") << QStringList{acme};
    QTest::newRow("version in two customers")
            << QStringLiteral("2.30.1") << QStringList{acme, globex};
    QTest::newRow("every word must match") << QStringLiteral("2.30.1 glob") << QStringList{globex};
    QTest::newRow("no match") << QStringLiteral("umbrella") << QStringList{};
    QTest::newRow("missing zone is not matched")
            << QStringLiteral("initech-green") << QStringList{};
}

void TestFleetTreeModel::filter()
{
    QFETCH(QString, filter);
    QFETCH(QStringList, visible);

    FleetTreeModel model;
    FleetFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(sampleFleet());
    proxy.setFilterText(filter);

    QStringList shown;
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QModelIndex customer = proxy.index(row, 0);
        shown << customer.data().toString();
        // A matching customer keeps both zones, even when only one of them matched.
        QCOMPARE(proxy.rowCount(customer), 2);
        QCOMPARE(text(proxy, 0, 0, customer), QStringLiteral("Red"));
        QCOMPARE(text(proxy, 1, 0, customer), QStringLiteral("Green"));
    }
    QCOMPARE(shown, visible);

    // Clearing the filter brings everyone back.
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 3);
}

QTEST_MAIN(TestFleetTreeModel)
#include "tst_fleettreemodel.moc"
