// A whole config repo: fleet.yaml, overlays and git state, as `quarterdeck fleet` and the fleet
// pane see it; every problem of a broken repo reported once, at its place.
#include "services/config/FleetLoader.h"
#include "services/git/GitRepository.h"
#include "support/TestRepo.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;

namespace {

const QString kFixtures = QStringLiteral(QD_SOURCE_DIR "/tests/fixtures/kustomize");
const QString kCorpus = QStringLiteral(QD_CORPUS_DIR "/spinnaker-operator");

QByteArray zoneYaml(const char *zone, const QString &overlay, const QString &cluster)
{
    return QStringLiteral("      %1: {overlay: %2, cluster: %3, cloud: aws, region: eu-west-1}\n")
            .arg(QLatin1String(zone), overlay, cluster)
            .toUtf8();
}

QByteArray customerYaml(const QString &id, const QString &red, const QString &green)
{
    return "  - id: " + id.toUtf8() + "\n    name: " + id.toUpper().toUtf8() + "\n    zones:\n"
           + zoneYaml("red", red, id + QStringLiteral("-red"))
           + zoneYaml("green", green, id + QStringLiteral("-green"));
}

QStringList render(const Diagnostics &problems)
{
    QStringList lines;
    for (const auto &problem : problems)
        lines.append(problem.toString());
    return lines;
}

} // namespace

class TestFleetLoader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void validRepo();
    void brokenRepo();
    void corpusCaseMismatchIsReported();
    void corpusManifestsLoad_data();
    void corpusManifestsLoad();
    void notAConfigRepo();
};

void TestFleetLoader::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestFleetLoader::validRepo()
{
    QTemporaryDir repo;
    QVERIFY(test::copyTree(kFixtures, repo.path()));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("fleet.yaml"),
                            "apiVersion: quarterdeck/v1\ncustomers:\n"
                                    + customerYaml(QStringLiteral("acme"),
                                                   QStringLiteral("one-line-patch"),
                                                   QStringLiteral("base"))
                                    + customerYaml(QStringLiteral("globex"),
                                                   QStringLiteral("json6902"),
                                                   QStringLiteral("json6902"))));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("maintenance.yaml"),
                            "windows:\n  - {customer: acme, zone: green, start: "
                            "\"2026-11-03T02:00:00Z\", end: \"2026-11-03T04:00:00Z\"}\n"));
    auto git = GitRepository::init(repo.path(), false);
    QVERIFY2(git, qPrintable(git.errorMessage()));
    const auto commit = git->commitAll(QStringLiteral("Initial fleet"),
                                       {QStringLiteral("Test"), QStringLiteral("test@example.com")});
    QVERIFY2(commit, qPrintable(commit.errorMessage()));

    const auto snapshot = loadFleet(repo.path());
    QVERIFY2(snapshot, qPrintable(snapshot.errorMessage()));
    QCOMPARE(render(snapshot->diagnostics), QStringList());
    QCOMPARE(snapshot->customers.size(), 2);
    const Customer *acme = snapshot->customer(QStringLiteral("acme"));
    QVERIFY(acme);
    QCOMPARE(acme->red->resolution.version, QStringLiteral("2.31.0"));
    QCOMPARE(acme->red->resolution.versionLocation,
             (SourceLocation{QStringLiteral("one-line-patch/patch-version.yml"), 10, 16}));
    QCOMPARE(acme->green->resolution.version, QStringLiteral("2.30.1"));
    QVERIFY(acme->red->resolution.resolved);
    QVERIFY(acme->red->resolution.files.contains(QStringLiteral("base/spinnakerservice.yml")));
    QCOMPARE(acme->upgradeState(), UpgradeState::RedAhead);
    QCOMPARE(snapshot->customer(QStringLiteral("globex"))->upgradeState(), UpgradeState::InSync);
    QCOMPARE(snapshot->maintenance.size(), 1);

    QCOMPARE(snapshot->repo.branch, QStringLiteral("main"));
    QCOMPARE(snapshot->repo.headCommit, commit->left(7));
    QCOMPARE(snapshot->repo.headSummary, QStringLiteral("Initial fleet"));
    QVERIFY(!snapshot->repo.ahead.has_value()); // no upstream yet
}

void TestFleetLoader::brokenRepo()
{
    QTemporaryDir repo;
    QVERIFY(test::copyTree(kFixtures, repo.path()));
    // A CustomResourceDefinition where a SpinnakerService is expected, and an overlay whose
    // effective manifest sets no version.
    QVERIFY(test::copyTree(kCorpus + QStringLiteral("/deploy/crds"), repo.filePath(QStringLiteral("crd"))));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("crd/kustomization.yml"),
                            "resources:\n  - spinnaker.io_spinnakerservices.yaml\n"));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("noversion/kustomization.yml"),
                            "resources: [../base]\npatches:\n  - path: drop.yml\n    target: "
                            "{kind: SpinnakerService}\n"));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("noversion/drop.yml"),
                            "- op: remove\n  path: /spec/spinnakerConfig/config/version\n"));
    QVERIFY(test::writeFile(
            repo.path(), QStringLiteral("fleet.yaml"),
            "apiVersion: quarterdeck/v1\ncustomers:\n"
                    + customerYaml(QStringLiteral("c1"), QStringLiteral("crd"),
                                   QStringLiteral("customers/c1/green"))
                    + customerYaml(QStringLiteral("c2"), QStringLiteral("noversion"),
                                   QStringLiteral("base"))));

    const auto snapshot = loadFleet(repo.path());
    QVERIFY(snapshot);
    QCOMPARE(render(snapshot->diagnostics),
             QStringList({"fleet.yaml:6:22: overlay 'crd' produces no SpinnakerService",
                          "fleet.yaml:7:24: overlay 'customers/c1/green' does not exist",
                          "fleet.yaml:11:22: the red zone's SpinnakerService has no version "
                          "(spec.spinnakerConfig.config.version)"}));
    const Customer *c2 = snapshot->customer(QStringLiteral("c2"));
    QCOMPARE(c2->green->resolution.version, QStringLiteral("2.30.1"));
    QCOMPARE(c2->upgradeState(), UpgradeState::Unknown);
    QCOMPARE(c2->red->problems.size(), 1);
}

void TestFleetLoader::corpusCaseMismatchIsReported()
{
    QTemporaryDir repo;
    QVERIFY(test::copyTree(kCorpus + QStringLiteral("/deploy/spinnaker/kustomize"),
                           repo.filePath(QStringLiteral("customers/op/red"))));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("fleet.yaml"),
                            "apiVersion: quarterdeck/v1\ncustomers:\n  - id: op\n    zones:\n"
                                    + zoneYaml("red", QStringLiteral("customers/op/red"),
                                               QStringLiteral("op-red"))));
    const auto snapshot = loadFleet(repo.path());
    QVERIFY(snapshot);
    QCOMPARE(render(snapshot->diagnostics).value(0),
             QStringLiteral("customers/op/red/kustomization.yml:2:3: 'SpinnakerService.yml' listed "
                            "in resources does not exist; did you mean 'spinnakerservice.yml'? "
                            "(file names are case-sensitive)"));
}

void TestFleetLoader::corpusManifestsLoad_data()
{
    QTest::addColumn<QString>("manifest");
    QTest::addColumn<QString>("version");
    QTest::newRow("complete") << "deploy/spinnaker/complete/spinnakerservice.yml" << "1.28.1";
    QTest::newRow("basic") << "deploy/spinnaker/basic/spinnakerservice.yml" << "1.28.1";
    QTest::newRow("kustomize base") << "deploy/spinnaker/kustomize/spinnakerservice.yml" << "1.28.1";
    QTest::newRow("status overlay")
            << "integration_tests/testdata/spinnaker/overlay_spinsvc_status/spinnakerservice.yml"
            << "";
    QTest::newRow("upgrade overlay")
            << "integration_tests/testdata/spinnaker/overlay_upgrade/spinnakerservice.yml" << "1.28.1";
    QTest::newRow("controller testdata")
            << "pkg/controller/spinnakerservice/testdata/spinsvc.yml" << "1.28.1";
}

void TestFleetLoader::corpusManifestsLoad()
{
    QFETCH(QString, manifest);
    QFETCH(QString, version);
    QTemporaryDir repo;
    QVERIFY(QFile::copy(kCorpus + QLatin1Char('/') + manifest,
                        repo.filePath(QStringLiteral("spinnakerservice.yml"))));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("kustomization.yml"),
                            "resources:\n  - spinnakerservice.yml\n"));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("fleet.yaml"),
                            "apiVersion: quarterdeck/v1\ncustomers:\n  - id: op\n    zones:\n"
                                    + zoneYaml("red", QStringLiteral("."), QStringLiteral("op-red"))));
    const auto snapshot = loadFleet(repo.path());
    QVERIFY(snapshot);
    QCOMPARE(snapshot->customers.size(), 1);
    const Zone &zone = *snapshot->customers.at(0).red;
    QCOMPARE(zone.resolution.version, version);
    if (version.isEmpty()) {
        // The operator's test overlays set no version: reported, not guessed.
        QCOMPARE(render(zone.problems).value(0),
                 QStringLiteral("fleet.yaml:5:22: the red zone's SpinnakerService has no version "
                                "(spec.spinnakerConfig.config.version)"));
    } else {
        QCOMPARE(render(snapshot->diagnostics), QStringList());
        QCOMPARE(zone.resolution.versionLocation.file, QStringLiteral("spinnakerservice.yml"));
        QVERIFY(zone.resolution.versionLocation.line > 0);
    }
}

void TestFleetLoader::notAConfigRepo()
{
    QTemporaryDir empty;
    const auto snapshot = loadFleet(empty.path());
    QVERIFY(!snapshot);
    QVERIFY(snapshot.errorMessage().contains(QStringLiteral("has no fleet.yaml")));
    QVERIFY(!loadFleet(empty.filePath(QStringLiteral("missing"))));
}

QTEST_GUILESS_MAIN(TestFleetLoader)
#include "tst_fleetloader.moc"
