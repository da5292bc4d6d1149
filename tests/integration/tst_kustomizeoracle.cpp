// `kubectl kustomize` is the independent oracle: for every overlay of the fixtures, of the corpus
// and of the demo fleet, Quarterdeck's effective resources must equal what kubectl builds.
#include "services/config/KustomizeResolver.h"
#include "services/demo/DemoFleetWriter.h"
#include "support/KubectlKustomize.h"
#include "support/ManifestCompare.h"
#include "support/TestRepo.h"

#include <QDirIterator>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::test;

namespace {

const QString kFixtures = QStringLiteral(QD_SOURCE_DIR "/tests/fixtures/kustomize");
const QString kCorpus = QStringLiteral(QD_CORPUS_DIR "/spinnaker-operator");

// Every directory under root holding a kustomization that is not a Component.
QStringList overlaysUnder(const QString &root)
{
    QStringList overlays;
    QDirIterator it(root, {QStringLiteral("kustomization.yml"), QStringLiteral("kustomization.yaml")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && !file.readAll().contains("kind: Component"))
            overlays.append(QFileInfo(path).path());
    }
    overlays.sort();
    return overlays;
}

} // namespace

class TestKustomizeOracle : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void agreesWithKubectl_data();
    void agreesWithKubectl();

private:
    QTemporaryDir m_scratch;
};

void TestKustomizeOracle::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
        QSKIP("kubectl is not installed: the oracle cannot run");
    QVERIFY(m_scratch.isValid());

    // The corpus overlay lists SpinnakerService.yml for spinnakerservice.yml (a real defect, see
    // tst_fleetloader): with the name fixed it must agree with kubectl like any other overlay.
    const QString corpusOverlay = m_scratch.filePath(QStringLiteral("corpus/kustomize"));
    QVERIFY(test::copyTree(kCorpus + QStringLiteral("/deploy/spinnaker/kustomize"), corpusOverlay));
    QVERIFY(QFile::rename(corpusOverlay + QStringLiteral("/spinnakerservice.yml"),
                          corpusOverlay + QStringLiteral("/SpinnakerService.yml")));
    // Each standalone corpus manifest, as the single resource of an overlay.
    QDirIterator it(kCorpus, {QStringLiteral("*.yml"), QStringLiteral("*.yaml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    int n = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QStringLiteral("/kustomize/")))
            continue;
        const QString dir = m_scratch.filePath(QStringLiteral("corpus/manifest-%1").arg(++n));
        QVERIFY(test::copyTree(QFileInfo(path).path(), dir));
        QVERIFY(test::writeFile(dir, QStringLiteral("kustomization.yml"),
                                "resources:\n  - " + QFileInfo(path).fileName().toUtf8() + "\n"));
    }
    const auto demo = ensureDemoFleet(m_scratch.filePath(QStringLiteral("demo")));
    QVERIFY2(demo, qPrintable(demo.errorMessage()));
}

void TestKustomizeOracle::agreesWithKubectl_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("overlay");
    const auto addAll = [](const QString &label, const QString &root) {
        for (const QString &overlay : overlaysUnder(root)) {
            const QString relative = QDir(root).relativeFilePath(overlay);
            QTest::newRow(qPrintable(label + QLatin1Char('/') + relative)) << root << overlay;
        }
    };
    addAll(QStringLiteral("fixtures"), kFixtures);
    addAll(QStringLiteral("corpus"), m_scratch.filePath(QStringLiteral("corpus")));
    addAll(QStringLiteral("demo"), m_scratch.filePath(QStringLiteral("demo/work/customers")));
}

void TestKustomizeOracle::agreesWithKubectl()
{
    QFETCH(QString, root);
    QFETCH(QString, overlay);

    const KubectlBuild expected = kubectlKustomize(overlay);
    QVERIFY2(expected.ok, qPrintable(expected.error));

    KustomizeResolver resolver(QDir(root).filePath(QStringLiteral("..")));
    const KustomizeBuild actual = resolver.build(overlay);
    QStringList problems;
    for (const auto &problem : actual.problems)
        problems.append(problem.toString());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

    QCOMPARE(actual.resources.size(), expected.resources.size());
    for (const ManifestNode &want : expected.resources) {
        const auto match = std::find_if(actual.resources.begin(), actual.resources.end(),
                                        [&](const ManifestNode &have) {
                                            return have.scalarAt("kind") == want.scalarAt("kind")
                                                   && have.scalarAt("metadata.name")
                                                              == want.scalarAt("metadata.name");
                                        });
        QVERIFY2(match != actual.resources.end(),
                 qPrintable(QStringLiteral("kubectl has %1 '%2', Quarterdeck does not")
                                    .arg(QString::fromStdString(want.scalarAt("kind")),
                                         QString::fromStdString(want.scalarAt("metadata.name")))));
        const QString difference = test::manifestDifference(want, *match);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
}

QTEST_GUILESS_MAIN(TestKustomizeOracle)
#include "tst_kustomizeoracle.moc"
