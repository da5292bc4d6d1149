// Overlay resolution: the effective version and the file and line that set it, for each pattern
// real config repos use; and the problems a user must be told about, at the right place.
#include "services/config/KustomizeResolver.h"
#include "support/KubectlKustomize.h"
#include "support/TestRepo.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;

class TestKustomizeResolver : public QObject
{
    Q_OBJECT

private slots:
    void effectiveVersion_data();
    void effectiveVersion();
    void overlayFilesInReadingOrder();
    void metadataTransforms();
    void deletesAndReplacements();
    void problems_data();
    void problems();
    void patchTargets_data();
    void patchTargets();
    void sharedBaseParsedOnce();
    void propertyFindings_data();
    void propertyFindings();
    void inlinePatchValueLocation();
};

void TestKustomizeResolver::effectiveVersion_data()
{
    QTest::addColumn<QString>("overlay");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");

    QTest::newRow("base alone") << "base" << "2.30.1" << "base/spinnakerservice.yml" << 9;
    QTest::newRow("one-line patch beside commented-out versions")
            << "one-line-patch" << "2.31.0" << "one-line-patch/patch-version.yml" << 10;
    QTest::newRow("last listed patch wins, even listed twice")
            << "last-wins" << "2.31.2" << "last-wins/patch-version-a.yml" << 8;
    QTest::newRow("bases + inline patchesStrategicMerge")
            << "instance/prod" << "2.30.4" << "instance/prod/kustomization.yml" << 20;
    QTest::newRow("JSON 6902 patch file with target")
            << "json6902" << "2.31.1" << "json6902/version-op.yml" << 4;
    QTest::newRow("inline strategic merge patch")
            << "inline-patch" << "2.32.1" << "inline-patch/kustomization.yml" << 12;
    QTest::newRow("nested overlays, regex target after a name prefix")
            << "nested" << "2.31.0-rc2" << "nested/upgrade.yml" << 8;
    QTest::newRow("legacy patchesJson6902 with test and copy")
            << "legacy-json6902" << "2.30.2" << "legacy-json6902/ops.yaml" << 9;
}

void TestKustomizeResolver::effectiveVersion()
{
    QFETCH(QString, overlay);
    QFETCH(QString, version);
    QFETCH(QString, file);
    QFETCH(int, line);

    KustomizeResolver resolver(QStringLiteral(QD_SOURCE_DIR "/tests/fixtures/kustomize"));
    const KustomizeBuild build = resolver.build(overlay);
    for (const auto &problem : build.problems)
        qWarning().noquote() << problem.toString();
    QVERIFY(build.problems.isEmpty());
    const ManifestNode *service = build.firstOfKind("SpinnakerService");
    QVERIFY(service);
    const ManifestNode *node = service->at("spec.spinnakerConfig.config.version");
    QVERIFY(node);
    QCOMPARE(QString::fromStdString(node->text()), version);
    const SourceLocation at = resolver.locationOf(node->origin());
    QCOMPARE(at.file, file);
    QCOMPARE(at.line, line);
}

void TestKustomizeResolver::overlayFilesInReadingOrder()
{
    KustomizeResolver resolver(QStringLiteral(QD_SOURCE_DIR "/tests/fixtures/kustomize"));
    const KustomizeBuild build = resolver.build(QStringLiteral("last-wins"));
    QCOMPARE(build.files,
             QStringList({"last-wins/kustomization.yml", "base/kustomization.yml",
                          "base/spinnakerservice.yml",
                          "last-wins/components/monitoring/kustomization.yml",
                          "last-wins/components/monitoring/monitoring.yml",
                          "last-wins/components/version-pin/kustomization.yml",
                          "last-wins/components/version-pin/pin.yml",
                          "last-wins/patch-storage.yml", "last-wins/patch-version-a.yml",
                          "last-wins/patch-version-b.yml"}));
}

void TestKustomizeResolver::metadataTransforms()
{
    KustomizeResolver resolver(QStringLiteral(QD_SOURCE_DIR "/tests/fixtures/kustomize"));
    const KustomizeBuild build = resolver.build(QStringLiteral("nested"));
    QVERIFY(build.problems.isEmpty());
    QCOMPARE(build.resources.size(), size_t(2));
    const ManifestNode *service = build.firstOfKind("SpinnakerService");
    QCOMPARE(service->scalarAt("metadata.name"), std::string("acme-spinnaker-v2"));
    QCOMPARE(service->scalarAt("metadata.namespace"), std::string("spinnaker"));
    // The ConfigMap sits beside the prefixed overlay, so only the namespace reaches it.
    const ManifestNode *configMap = build.firstOfKind("ConfigMap");
    QCOMPARE(configMap->scalarAt("metadata.name"), std::string("fleet-notes"));
    QCOMPARE(configMap->scalarAt("metadata.namespace"), std::string("spinnaker"));

    const KustomizeBuild prod = resolver.build(QStringLiteral("instance/prod"));
    const ManifestNode *annotated = prod.firstOfKind("SpinnakerService");
    QCOMPARE(annotated->at("metadata.annotations")->find("quarterdeck.io/owner")->text(),
             std::string("sre-team"));
    QCOMPARE(annotated->at("metadata.labels")->find("app.kubernetes.io/part-of")->text(),
             std::string("spinnaker"));
    QCOMPARE(annotated->scalarAt("spec.spinnakerConfig.config.persistentStorage.gcs.bucket"),
             std::string("instance-front50"));
}

void TestKustomizeResolver::deletesAndReplacements()
{
    KustomizeResolver resolver(QStringLiteral(QD_SOURCE_DIR "/tests/fixtures/kustomize"));
    const KustomizeBuild build = resolver.build(QStringLiteral("deletes"));
    QVERIFY(build.problems.isEmpty());
    const ManifestNode *spec = build.firstOfKind("SpinnakerService")->at("spec.spinnakerConfig");
    QVERIFY(!spec->find("files"));
    QVERIFY(!spec->at("profiles.gate"));
    QVERIFY(spec->at("profiles.clouddriver"));
    QCOMPARE(spec->at("profiles.deck")->entries().size(), size_t(1));
    QVERIFY(spec->at("service-settings.deck.env")); // an empty map merges nothing away
}

void TestKustomizeResolver::problems_data()
{
    QTest::addColumn<QString>("kustomization");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("expected"); // "file:line:col: message" or its start

    const QString resources = QStringLiteral("resources:\n  - ../base\n");
    QTest::newRow("patch file missing, near match by case")
            << resources + "patchesStrategicMerge:\n  - Patch.yml\n"
            << "apiVersion: spinnaker.io/v1alpha2\nkind: SpinnakerService\n"
               "metadata: {name: spinnaker}\n"
            << "overlay/kustomization.yml:4:5: 'Patch.yml' listed in patchesStrategicMerge "
               "does not exist; did you mean 'patch.yml'?";
    QTest::newRow("YAML syntax error in a patch")
            << resources + "patches:\n  - path: patch.yml\n"
            << "kind: SpinnakerService\nmetadata:\n  name: [spinnaker\n"
            << "overlay/patch.yml:4:1: YAML syntax error:";
    QTest::newRow("patch for another name")
            << resources + "patches:\n  - path: patch.yml\n"
            << "apiVersion: spinnaker.io/v1alpha2\nkind: SpinnakerService\n"
               "metadata:\n  name: spin\n"
            << "overlay/patch.yml:1:1: patch targets SpinnakerService 'spin' "
               "(spinnaker.io/v1alpha2), which the overlay does not have at this point (it has "
               "SpinnakerService 'spinnaker' (spinnaker.io/v1alpha2))";
    QTest::newRow("patch that is not a SpinnakerService")
            << resources + "patchesStrategicMerge:\n  - patch.yml\n"
            << "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spinnaker\n"
            << "overlay/patch.yml:1:1: patch targets ConfigMap 'spinnaker'";
    QTest::newRow("unknown kustomization field")
            << resources + "patchesStrategicMerges:\n  - patch.yml\n"
            << ""
            << "overlay/kustomization.yml:4:3: unknown kustomization field "
               "'patchesStrategicMerges'";
    // A kustomization key written twice is no problem: Kustomize reads the last (propertyFindings).
    QTest::newRow("missing resource directory")
            << "resources:\n  - ../bsae\n" << ""
            << "overlay/kustomization.yml:2:5: '../bsae' listed in resources does not exist";
    QTest::newRow("a missing patch file beside a missing resource")
            << "resources:\n  - ../bsae\npatchesStrategicMerge:\n  - nothere.yml\n" << ""
            << "overlay/kustomization.yml:4:5: 'nothere.yml' listed in patchesStrategicMerge "
               "does not exist";
    QTest::newRow("a Component listed as a resource")
            << "resources:\n  - ../component\n" << ""
            << "overlay/kustomization.yml:2:5: 'component' is a Component: list it under "
               "components";
    QTest::newRow("remote resource")
            << "resources:\n  - https://github.com/armory/spinnaker-kustomize-patches\n" << ""
            << "overlay/kustomization.yml:2:5: remote resource";
    QTest::newRow("JSON patch on a missing path")
            << resources + "patches:\n  - path: patch.yml\n    target: {kind: SpinnakerService}\n"
            << "- op: replace\n  path: /spec/nothing/here\n  value: 1\n"
            << "overlay/patch.yml:1:3: JSON patch 'replace /spec/nothing/here' failed";
}

void TestKustomizeResolver::problems()
{
    QFETCH(QString, kustomization);
    QFETCH(QString, patch);
    QFETCH(QString, expected);

    QTemporaryDir repo;
    QVERIFY(repo.isValid());
    QVERIFY(test::copyTree(QStringLiteral(QD_SOURCE_DIR "/tests/fixtures/kustomize/base"),
                           repo.filePath(QStringLiteral("base"))));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("component/kustomization.yml"),
                            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("overlay/kustomization.yml"),
                            kustomization.toUtf8()));
    if (!patch.isEmpty())
        QVERIFY(test::writeFile(repo.path(), QStringLiteral("overlay/patch.yml"), patch.toUtf8()));

    KustomizeResolver resolver(repo.path());
    const KustomizeBuild build = resolver.build(QStringLiteral("overlay"));
    QStringList reported;
    for (const auto &problem : build.problems)
        reported.append(problem.toString());
    const bool found = std::any_of(reported.begin(), reported.end(), [&](const QString &text) {
        return text.startsWith(expected);
    });
    if (!found)
        qWarning().noquote() << "reported:" << reported;
    QVERIFY(found);
}

namespace {

QString serviceDocument(const char *apiVersion, const char *name, const char *metadata,
                           const char *version)
{
    return QString("apiVersion: ") + apiVersion + "\nkind: SpinnakerService\nmetadata:\n  name: "
           + name + "\n" + metadata + "spec:\n  spinnakerConfig:\n    config:\n      version: "
           + version + "\n";
}

} // namespace

// How a patch finds its target, case by case as `kubectl kustomize` (v5.5) decides: by any id
// the resource had (apiVersion, kind, name, namespace; no namespace is "default"), exactly one
// resource, before the overlay's own namespace and name transformers. "mid" is a kustomization
// between the base and the overlay. Where kubectl is installed the test asks it as well.
void TestKustomizeResolver::patchTargets_data()
{
    QTest::addColumn<QString>("mid");
    QTest::addColumn<QString>("overlay");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("expected"); // the effective version, or the start of the problem
    QTest::addColumn<QString>("name");     // the effective name, when it builds

    const char *v2 = "spinnaker.io/v1alpha2";
    const QString renamed = "namePrefix: p-\nnamespace: foo\nresources: [../base]\n";
    const QString smp = "resources: [../mid]\npatchesStrategicMerge: [patch.yml]\n";
    QTest::newRow("the overlay's own namespace is not there yet")
            << QString() << "namespace: spinnaker\nresources: [../mid]\npatchesStrategicMerge: "
                               "[patch.yml]\n"
            << serviceDocument(v2, "spinnaker", "  namespace: spinnaker\n", "2.0.0")
            << "overlay/patch.yml:1:1: patch targets SpinnakerService 'spinnaker' in namespace "
               "'spinnaker' (spinnaker.io/v1alpha2), which the overlay does not have"
            << "";
    QTest::newRow("no namespace is the default namespace")
            << QString() << smp << serviceDocument(v2, "spinnaker", "  namespace: default\n", "2.0.0")
            << "2.0.0" << "spinnaker";
    QTest::newRow("another API version is another resource")
            << QString() << smp << serviceDocument("spinnaker.io/v1alpha1", "spinnaker", "", "2.0.0")
            << "overlay/patch.yml:1:1: patch targets SpinnakerService 'spinnaker' "
               "(spinnaker.io/v1alpha1), which the overlay does not have"
            << "";
    QTest::newRow("the base's names after a prefix and namespace below")
            << renamed << "resources: [../mid]\npatches: [{path: patch.yml}]\n"
            << serviceDocument(v2, "spinnaker", "", "2.0.0") << "2.0.0" << "p-spinnaker";
    QTest::newRow("the names as the level below left them")
            << renamed << smp << serviceDocument(v2, "p-spinnaker", "  namespace: foo\n", "2.0.0")
            << "2.0.0" << "p-spinnaker";
    QTest::newRow("the old name and the new namespace: an id it had in between")
            << renamed << smp << serviceDocument(v2, "spinnaker", "  namespace: foo\n", "2.0.0")
            << "2.0.0" << "p-spinnaker";
    QTest::newRow("the new name and the old namespace: an id it never had")
            << renamed << smp << serviceDocument(v2, "p-spinnaker", "", "2.0.0")
            << "overlay/patch.yml:1:1: patch targets SpinnakerService 'p-spinnaker' "
               "(spinnaker.io/v1alpha2), which the overlay does not have"
            << "";
    QTest::newRow("two resources answer to the name")
            << renamed << "resources: [../mid, ../base]\npatchesStrategicMerge: [patch.yml]\n"
            << serviceDocument(v2, "spinnaker", "", "2.0.0")
            << "overlay/patch.yml:1:1: patch targets SpinnakerService 'spinnaker' "
               "(spinnaker.io/v1alpha2), which matches 2 resources"
            << "";
    QTest::newRow("a target's namespace matches the original id")
            << renamed
            << "resources: [../mid]\npatches:\n- path: patch.yml\n  target: {kind: "
               "SpinnakerService, namespace: default}\n"
            << serviceDocument(v2, "x", "", "3.0.0") << "3.0.0" << "p-spinnaker";
    QTest::newRow("a targeted patch's own name and namespace are ignored")
            << QString()
            << "resources: [../mid]\npatches:\n- path: patch.yml\n  target: {kind: SpinnakerService}\n"
            << serviceDocument(v2, "x", "  namespace: other\n", "3.0.0") << "3.0.0" << "spinnaker";
    QTest::newRow("prefix and suffix are two steps")
            << QString("namePrefix: p-\nnameSuffix: -s\nresources: [../base]\n") << smp
            << serviceDocument(v2, "p-spinnaker", "", "5.0.0") << "5.0.0" << "p-spinnaker-s";
}

void TestKustomizeResolver::patchTargets()
{
    QFETCH(QString, mid);
    QFETCH(QString, overlay);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    QFETCH(QString, name);

    QTemporaryDir repo;
    QVERIFY(repo.isValid());
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("base/kustomization.yml"),
                            "resources: [spinnakerservice.yml]\n"));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("base/spinnakerservice.yml"),
                            serviceDocument("spinnaker.io/v1alpha2", "spinnaker", "", "1.0.0").toUtf8()));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("mid/kustomization.yml"),
                            mid.isEmpty() ? QByteArray("resources: [../base]\n") : mid.toUtf8()));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("overlay/kustomization.yml"), overlay.toUtf8()));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("overlay/patch.yml"), patch.toUtf8()));

    KustomizeResolver resolver(repo.path());
    const KustomizeBuild build = resolver.build(QStringLiteral("overlay"));
    const bool refused = !build.problems.isEmpty();
    const QString first = refused ? build.problems.first().toString() : QString();
    if (name.isEmpty()) {
        QVERIFY(refused);
        QVERIFY2(first.startsWith(expected), qPrintable(first));
    } else {
        QVERIFY2(!refused, qPrintable(first));
        const ManifestNode *service = build.firstOfKind("SpinnakerService");
        QVERIFY(service);
        QCOMPARE(QString::fromStdString(service->scalarAt("spec.spinnakerConfig.config.version")),
                 expected);
        QCOMPARE(QString::fromStdString(service->scalarAt("metadata.name")), name);
    }

    const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (kubectl.isEmpty())
        return;
    QProcess oracle;
    oracle.start(kubectl, {QStringLiteral("kustomize"), repo.filePath(QStringLiteral("overlay"))});
    QVERIFY(oracle.waitForFinished(60000));
    const QByteArray output = oracle.readAllStandardOutput();
    QCOMPARE(oracle.exitCode() != 0, refused);
    if (!refused) {
        QVERIFY2(output.contains("version: " + expected.toUtf8() + '\n'), output.constData());
        QVERIFY2(output.contains("  name: " + name.toUtf8() + '\n'), output.constData());
    }
}

void TestKustomizeResolver::sharedBaseParsedOnce()
{
    KustomizeResolver resolver(QStringLiteral(QD_SOURCE_DIR "/tests/fixtures/kustomize"));
    const KustomizeBuild first = resolver.build(QStringLiteral("one-line-patch"));
    const KustomizeBuild second = resolver.build(QStringLiteral("json6902"));
    // Two overlays of one base: each gets its own merged copy, the base itself stays untouched.
    QCOMPARE(first.firstOfKind("SpinnakerService")->scalarAt("spec.spinnakerConfig.config.version"),
             std::string("2.31.0"));
    QCOMPARE(second.firstOfKind("SpinnakerService")->scalarAt("spec.spinnakerConfig.config.version"),
             std::string("2.31.1"));
    const KustomizeBuild base = resolver.build(QStringLiteral("base"));
    QCOMPARE(base.firstOfKind("SpinnakerService")->scalarAt("spec.spinnakerConfig.config.version"),
             std::string("2.30.1"));
}

// The minimal cases of what the Kustomize property test (tst_kustomizeproperty) found where
// Quarterdeck and `kubectl kustomize` disagreed. `files` is "=== path" sections of a repo whose
// overlay is "overlay"; `expected` is the effective version, or "refused". Where kubectl is
// installed it is asked as well.
void TestKustomizeResolver::propertyFindings_data()
{
    QTest::addColumn<QString>("files");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("warning"); // the start of a warning that must be given, or empty

    const QString service = "=== base/svc.yml\napiVersion: spinnaker.io/v1alpha2\nkind: "
                            "SpinnakerService\nmetadata:\n  name: s\nspec:\n  spinnakerConfig:\n"
                            "    config:\n      version: %1\n"
                            "=== base/kustomization.yml\nresources: [svc.yml]\n";
    const QString patch = "apiVersion: spinnaker.io/v1alpha2\nkind: SpinnakerService\nmetadata:\n"
                          "  name: s\nspec:\n  spinnakerConfig:\n    config:\n      version: %1\n";
    const QString overlay = "=== overlay/kustomization.yml\nresources: [../base]\n";

    QTest::newRow("a JSON patch replaces a missing key by adding it")
            << service.arg("1.0.0") + overlay
                       + "patches:\n  - target: {kind: SpinnakerService}\n    patch: |-\n"
                         "      - {op: remove, path: /spec/spinnakerConfig/config/version}\n"
                         "      - {op: replace, path: /spec/spinnakerConfig/config/version, "
                         "value: 2.0.0}\n"
            << "2.0.0" << "";
    QTest::newRow("a plain 2.30 is the number 2.3")
            << service.arg("2.30") + overlay << "2.3" << "";
    QTest::newRow("a plain 010 is octal")
            << service.arg("010") + overlay << "8" << "";
    QTest::newRow("a plain number over a quoted string keeps the quotes")
            << service.arg("'2.31.0'") + overlay + "patches:\n  - path: p.yml\n"
                       + "=== overlay/p.yml\n" + patch.arg("2.30")
            << "2.30" << "";
    QTest::newRow("a quoted string over a plain one is written plain")
            << service.arg("2.31.0") + overlay + "patches:\n  - path: q.yml\n  - path: p.yml\n"
                       + "=== overlay/q.yml\n" + patch.arg("'2.31.2'") + "=== overlay/p.yml\n"
                       + patch.arg("2.30")
            << "2.3" << "";
    QTest::newRow("a JSON patch forgets every quote")
            << service.arg("'2.31.0'") + overlay
                       + "patches:\n  - target: {kind: SpinnakerService}\n    patch: |-\n"
                         "      - {op: add, path: /spec/x, value: y}\n  - path: p.yml\n"
                       + "=== overlay/p.yml\n" + patch.arg("2.30")
            << "2.3" << "";
    QTest::newRow("a patch with a target takes the target's apiVersion")
            << service.arg("1.0.0") + overlay
                       + "patches:\n  - path: p.yml\n    target: {kind: SpinnakerService}\n"
                       + "=== overlay/p.yml\n"
                       + QString(patch.arg("'2.0.0'")).replace("spinnaker.io/v1alpha2", "x.io/v1")
            << "2.0.0" << "";
    QTest::newRow("a patch with a duplicate key: the first wins")
            << service.arg("1.0.0") + overlay + "patches:\n  - path: p.yml\n"
                       + "=== overlay/p.yml\n" + patch.arg("'3.0.0'") + "      version: '4.0.0'\n"
            << "3.0.0" << "overlay/p.yml:9:7: duplicate key 'version'";
    QTest::newRow("a target that selects nothing builds")
            << service.arg("1.0.0") + overlay
                       + "patches:\n  - path: p.yml\n    target: {kind: SpinnakerService, "
                         "name: nothere}\n"
                       + "=== overlay/p.yml\n" + patch.arg("'2.0.0'")
            << "1.0.0" << "overlay/kustomization.yml:4:13: patch target matches no resource";
    QTest::newRow("a resource with a duplicate key is refused")
            << service.arg("1.0.0      \n      version: 2.0.0") + overlay << "refused" << "";
    QTest::newRow("a kustomization key written twice: the last wins")
            << service.arg("1.0.0") + overlay + "patches:\n  - path: missing.yml\n"
                       + "patches:\n  - path: p.yml\n" + "=== overlay/p.yml\n" + patch.arg("'2.0.0'")
            << "2.0.0" << "overlay/kustomization.yml:4:1: duplicate key 'patches': the last is used";
    QTest::newRow("a key written twice inside a kustomization's entry: the last wins")
            << service.arg("1.0.0") + overlay + "patches:\n  - path: q.yml\n    path: p.yml\n"
                       + "=== overlay/p.yml\n" + patch.arg("'2.0.0'") + "=== overlay/q.yml\n"
                       + patch.arg("'3.0.0'")
            << "2.0.0" << "overlay/kustomization.yml:4:5: duplicate key 'path': the last is used";
    QTest::newRow("several merge patches in one entry with a target are refused")
            << service.arg("1.0.0") + overlay
                       + "patches:\n  - path: p.yml\n    target: {kind: SpinnakerService}\n"
                       + "=== overlay/p.yml\n" + patch.arg("'2.0.0'") + "---\n"
                       + patch.arg("'3.0.0'")
            << "refused" << "";
}

void TestKustomizeResolver::propertyFindings()
{
    QFETCH(QString, files);
    QFETCH(QString, expected);
    QFETCH(QString, warning);

    QTemporaryDir repo;
    QVERIFY(repo.isValid());
    for (const QString &section : files.split(QStringLiteral("=== "), Qt::SkipEmptyParts)) {
        const qsizetype newline = section.indexOf(QLatin1Char('\n'));
        QVERIFY(test::writeFile(repo.path(), section.left(newline),
                                section.mid(newline + 1).toUtf8()));
    }
    KustomizeResolver resolver(repo.path());
    const KustomizeBuild build = resolver.build(QStringLiteral("overlay"));
    QStringList warnings;
    for (const auto &found : build.warnings)
        warnings.append(found.toString());
    if (expected == QLatin1String("refused")) {
        QVERIFY(!build.problems.isEmpty());
    } else {
        QVERIFY2(build.problems.isEmpty(),
                 qPrintable(build.problems.isEmpty() ? QString() : build.problems.first().toString()));
        const ManifestNode *service = build.firstOfKind("SpinnakerService");
        QVERIFY(service);
        QCOMPARE(QString::fromStdString(service->scalarAt("spec.spinnakerConfig.config.version")),
                 expected);
        QCOMPARE(QString::fromStdString(service->scalarAt("apiVersion")),
                 QStringLiteral("spinnaker.io/v1alpha2"));
    }
    if (warning.isEmpty())
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    else
        QVERIFY2(!warnings.isEmpty() && warnings.first().startsWith(warning),
                 qPrintable(warnings.join(QLatin1Char('\n'))));

    if (!test::hasKubectl())
        return;
    const test::KubectlBuild kubectl = test::kubectlKustomize(repo.filePath(QStringLiteral("overlay")));
    QCOMPARE(!kubectl.ok, expected == QLatin1String("refused"));
    if (kubectl.ok)
        QCOMPARE(test::kubectlServiceValue(kubectl, QStringLiteral("spec.spinnakerConfig.config.version")),
                 expected);
}

// A value set in an inline patch is at its own line and column of the kustomization, inside the
// block scalar: that is where an edit must write.
void TestKustomizeResolver::inlinePatchValueLocation()
{
    QTemporaryDir repo;
    QVERIFY(repo.isValid());
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("base/kustomization.yml"),
                            "resources: [svc.yml]\n"));
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("base/svc.yml"),
                            "apiVersion: spinnaker.io/v1alpha2\nkind: SpinnakerService\n"
                            "metadata: {name: s}\nspec: {spinnakerConfig: {config: {version: 1.0.0}}}\n"));
    const QByteArray kustomization = "resources: [../base]\n"
                                     "patches:\n"
                                     "  - patch: |-\n"
                                     "      apiVersion: spinnaker.io/v1alpha2\n"
                                     "      kind: SpinnakerService\n"
                                     "      metadata: {name: s}\n"
                                     "      spec:\n"
                                     "        spinnakerConfig: {config: {version: 2.0.0}}\n"
                                     "  - patch: '[{\"op\": \"add\", \"path\": \"/spec/x\", \"value\": \"y\"}]'\n"
                                     "    target: {kind: SpinnakerService}\n";
    QVERIFY(test::writeFile(repo.path(), QStringLiteral("overlay/kustomization.yml"), kustomization));
    KustomizeResolver resolver(repo.path());
    const KustomizeBuild build = resolver.build(QStringLiteral("overlay"));
    QVERIFY(build.problems.isEmpty());
    const ManifestNode *service = build.firstOfKind("SpinnakerService");
    QVERIFY(service);
    const QList<QByteArray> lines = kustomization.split('\n');
    const SourceLocation version = resolver.locationOf(service->at("spec.spinnakerConfig.config.version")->origin());
    QCOMPARE(version.file, QStringLiteral("overlay/kustomization.yml"));
    QCOMPARE(version.line, 8);
    QCOMPARE(version.column, int(lines.at(7).indexOf("2.0.0")) + 1);
    const SourceLocation added = resolver.locationOf(service->at("spec.x")->origin());
    QCOMPARE(added.line, 9);
    QCOMPARE(added.column, int(lines.at(8).indexOf("\"y\"")) + 1);
}

QTEST_GUILESS_MAIN(TestKustomizeResolver)
#include "tst_kustomizeresolver.moc"
