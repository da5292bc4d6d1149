// Surgical edits checked by an independent oracle: on every corpus manifest and every overlay of
// the demo fleet, setting a value changes exactly one line of one file (or adds the zone's own
// patch), keeps every other byte, and `kubectl kustomize` shows exactly the intended effective
// change for that zone and none for its other zone.
#include "services/config/YamlEditor.h"
#include "services/config/YamlFile.h"
#include "services/demo/DemoFleetWriter.h"
#include "support/ManifestCompare.h"
#include "support/TestRepo.h"

#include <QDirIterator>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;

namespace {

const QString kCorpus = QStringLiteral(QD_CORPUS_DIR "/spinnaker-operator");
const QString kVersion = QStringLiteral("spec.spinnakerConfig.config.version");

enum class Expect { InPlace, Patch, Refused };

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QMap<QString, QByteArray> snapshotOf(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!path.contains(QStringLiteral("/.git/")))
            files.insert(QDir(root).relativeFilePath(path), readAll(path));
    }
    return files;
}

// kubectl's SpinnakerService for an overlay, or an error.
Result<ManifestNode> kubectlService(const QString &overlay)
{
    QProcess kubectl;
    kubectl.start(QStringLiteral("kubectl"), {QStringLiteral("kustomize"), overlay});
    if (!kubectl.waitForFinished(60000) || kubectl.exitCode() != 0)
        return Error{QString::fromUtf8(kubectl.readAllStandardError())};
    ParsedYaml parsed = parseYaml(kubectl.readAllStandardOutput().toStdString(), -1,
                                  QStringLiteral("kubectl output"));
    if (!parsed.ok())
        return Error{parsed.problems.first().toString()};
    for (ManifestNode &document : parsed.documents) {
        if (document.scalarAt("kind") == "SpinnakerService")
            return std::move(document);
    }
    return Error{QStringLiteral("kubectl built no SpinnakerService")};
}

// The resource with one dotted key set to a string, creating maps on the way.
ManifestNode withValue(ManifestNode node, const QString &key, const QString &value)
{
    ManifestNode *at = &node;
    const QStringList parts = key.split(QLatin1Char('.'));
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const std::string part = parts.at(i).toStdString();
        ManifestNode *child = at->isSequence() ? &at->items()[std::stoul(part)]
                                               : &at->insert(part, ManifestNode::map());
        if (i + 1 == parts.size())
            *child = ManifestNode::scalar(value.toStdString(), true);
        at = child;
    }
    return node;
}

QByteArray fleetYaml(const QString &red, const QString &green)
{
    return "apiVersion: quarterdeck/v1\ncustomers:\n  - id: c\n    name: Corpus\n    zones:\n"
           "      red:   {overlay: " + red.toUtf8() + ", cluster: c-red}\n"
           "      green: {overlay: " + green.toUtf8() + ", cluster: c-green}\n";
}

} // namespace

class TestYamlEditorOracle : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void editsAsKubectlSees_data();
    void editsAsKubectlSees();

private:
    QTemporaryDir m_scratch;
    QString m_demo;
};

void TestYamlEditorOracle::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
        QSKIP("kubectl is not installed: the oracle cannot run");
    QVERIFY(m_scratch.isValid());
    const auto demo = ensureDemoFleet(m_scratch.filePath(QStringLiteral("demo")));
    QVERIFY2(demo, qPrintable(demo.errorMessage()));
    m_demo = demo->workdir;
}

void TestYamlEditorOracle::editsAsKubectlSees_data()
{
    QTest::addColumn<QString>("repo");
    QTest::addColumn<QString>("customer");
    QTest::addColumn<ZoneKind>("zone");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("expect");

    const QString root = m_scratch.path();
    int n = 0;
    QDirIterator it(kCorpus, {QStringLiteral("*.yml"), QStringLiteral("*.yaml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    QStringList corpusFiles;
    while (it.hasNext())
        corpusFiles.append(it.next());
    corpusFiles.sort();
    for (const QString &path : std::as_const(corpusFiles)) {
        const QString name = QFileInfo(path).fileName();
        const QString label = QDir(kCorpus).relativeFilePath(path);
        if (path.contains(QStringLiteral("/kustomize/")))
            continue;
        const bool isService = readAll(path).startsWith("apiVersion: spinnaker.io/")
                               && readAll(path).contains("\nkind: SpinnakerService\n");
        const bool hasVersion = readAll(path).contains("      version: ");
        // The manifest as each zone's own resource: the version is edited where it is.
        const QString own = QStringLiteral("%1/own-%2").arg(root).arg(++n);
        QVERIFY(test::writeFile(own, QStringLiteral("fleet.yaml"),
                                fleetYaml(QStringLiteral("red"), QStringLiteral("green"))));
        for (const QString &zone : {QStringLiteral("red"), QStringLiteral("green")}) {
            QVERIFY(test::writeFile(own, zone + QLatin1Char('/') + name, readAll(path)));
            QVERIFY(test::writeFile(own, zone + QStringLiteral("/kustomization.yml"),
                                    "resources:\n- " + name.toUtf8() + "\n"));
        }
        const int expectOwn = int(!isService ? Expect::Refused : hasVersion ? Expect::InPlace
                                                                             : Expect::Patch);
        QTest::newRow(qPrintable(QStringLiteral("corpus own %1").arg(label)))
                << own << QStringLiteral("c") << ZoneKind::Red << kVersion
                << QStringLiteral("1.29.0") << expectOwn;
        if (!isService)
            continue;
        // The manifest as a base both zones share: the red zone gets its own patch.
        const QString shared = QStringLiteral("%1/shared-%2").arg(root).arg(n);
        QVERIFY(test::writeFile(shared, QStringLiteral("fleet.yaml"),
                                fleetYaml(QStringLiteral("red"), QStringLiteral("green"))));
        QVERIFY(test::writeFile(shared, QStringLiteral("base/") + name, readAll(path)));
        QVERIFY(test::writeFile(shared, QStringLiteral("base/kustomization.yml"),
                                "resources:\n- " + name.toUtf8() + "\n"));
        for (const QString &zone : {QStringLiteral("red"), QStringLiteral("green")})
            QVERIFY(test::writeFile(shared, zone + QStringLiteral("/kustomization.yml"),
                                    "resources:\n- ../base\n"));
        QTest::newRow(qPrintable(QStringLiteral("corpus shared %1").arg(label)))
                << shared << QStringLiteral("c") << ZoneKind::Red << kVersion
                << QStringLiteral("1.29.0") << int(Expect::Patch);
    }

    // A value only a shared base sets, for zones whose overlay renames or moves the service:
    // the patch Quarterdeck adds must name the service as the overlay's own patches see it
    // (before the overlay's namespace and name transformers), or Kustomize finds no target.
    const QByteArray service = "apiVersion: spinnaker.io/v1alpha2\nkind: SpinnakerService\n"
                               "metadata:\n  name: spinnaker\nspec:\n  spinnakerConfig:\n"
                               "    config:\n      version: 2.30.0\n";
    const struct
    {
        const char *name;
        QByteArray base;
        QByteArray overlay;
    } renaming[] = {
            {"overlay namespace", "resources:\n- spinnakerservice.yml\n",
             "namespace: spinnaker\nresources:\n- ../base\n"},
            {"overlay name prefix and suffix", "resources:\n- spinnakerservice.yml\n",
             "namePrefix: acme-\nnameSuffix: -red\nresources:\n- ../base\n"},
            {"base namespace, overlay namespace", "namespace: shared\nresources:\n"
                                                  "- spinnakerservice.yml\n",
             "namespace: spinnaker\nnamePrefix: red-\nresources:\n- ../base\n"},
    };
    for (const auto &row : renaming) {
        const QString dir = QStringLiteral("%1/renaming-%2").arg(root).arg(++n);
        QVERIFY(test::writeFile(dir, QStringLiteral("fleet.yaml"),
                                fleetYaml(QStringLiteral("red"), QStringLiteral("green"))));
        QVERIFY(test::writeFile(dir, QStringLiteral("base/spinnakerservice.yml"), service));
        QVERIFY(test::writeFile(dir, QStringLiteral("base/kustomization.yml"), row.base));
        QVERIFY(test::writeFile(dir, QStringLiteral("red/kustomization.yml"), row.overlay));
        QVERIFY(test::writeFile(dir, QStringLiteral("green/kustomization.yml"),
                                "resources:\n- ../base\n"));
        QTest::newRow(row.name) << dir << QStringLiteral("c") << ZoneKind::Red << kVersion
                                << QStringLiteral("2.31.0") << int(Expect::Patch);
    }

    // The corpus's Kustomize overlay (with its file name defect fixed, as kubectl needs), per zone.
    const QString overlay = root + QStringLiteral("/corpus-kustomize");
    QVERIFY(test::writeFile(overlay, QStringLiteral("fleet.yaml"),
                            fleetYaml(QStringLiteral("red"), QStringLiteral("green"))));
    for (const QString &zone : {QStringLiteral("red"), QStringLiteral("green")}) {
        const QString dir = overlay + QLatin1Char('/') + zone;
        QVERIFY(test::copyTree(kCorpus + QStringLiteral("/deploy/spinnaker/kustomize"), dir));
        QVERIFY(QFile::rename(dir + QStringLiteral("/spinnakerservice.yml"),
                              dir + QStringLiteral("/SpinnakerService.yml")));
    }
    QTest::newRow("corpus kustomize red") << overlay << QStringLiteral("c") << ZoneKind::Red
                                          << kVersion << QStringLiteral("1.29.0") << int(Expect::InPlace);

    // Every zone of the demo fleet: the version in its own patch-version.yml.
    const QDir customers(m_demo + QStringLiteral("/customers"));
    for (const QString &customer : customers.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        for (const ZoneKind zone : {ZoneKind::Red, ZoneKind::Green})
            QTest::newRow(qPrintable(QStringLiteral("demo %1/%2").arg(customer, zoneKindName(zone))))
                    << m_demo << customer << zone << kVersion << QStringLiteral("2.99.1")
                    << int(Expect::InPlace);
    }
    // Values only the demo's shared base sets: a scalar and an item of a list.
    QTest::newRow("demo base scalar") << m_demo << QStringLiteral("acme") << ZoneKind::Green
                                      << QStringLiteral("spec.spinnakerConfig.config.deploymentEnvironment.size")
                                      << QStringLiteral("MEDIUM") << int(Expect::Patch);
    QTest::newRow("demo base list item")
            << m_demo << QStringLiteral("globex") << ZoneKind::Red
            << QStringLiteral("spec.spinnakerConfig.config.providers.kubernetes.accounts.0.name")
            << QStringLiteral("spinnaker-red") << int(Expect::Patch);
}

void TestYamlEditorOracle::editsAsKubectlSees()
{
    QFETCH(QString, repo);
    QFETCH(QString, customer);
    QFETCH(ZoneKind, zone);
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(int, expect);

    const auto overlayOf = [&](ZoneKind kind) {
        const QString red = repo.startsWith(m_demo)
                                    ? QStringLiteral("%1/customers/%2/%3").arg(repo, customer, zoneKindName(kind))
                                    : QStringLiteral("%1/%2").arg(repo, zoneKindName(kind));
        return red;
    };
    const ZoneKind otherKind = zone == ZoneKind::Red ? ZoneKind::Green : ZoneKind::Red;
    const auto before = snapshotOf(repo);
    const auto serviceBefore = kubectlService(overlayOf(zone));
    const auto otherBefore = kubectlService(overlayOf(otherKind));

    const auto applied = applyValueEdits(repo, {{customer, zone, key, value}});
    const auto after = snapshotOf(repo);
    if (expect == int(Expect::Refused)) {
        QVERIFY(!applied);
        QVERIFY2(applied.errorMessage().contains(QStringLiteral("no SpinnakerService")),
                 qPrintable(applied.errorMessage()));
        QCOMPARE(after, before);
        return;
    }
    QVERIFY2(serviceBefore, qPrintable(serviceBefore.errorMessage()));
    QVERIFY2(otherBefore, qPrintable(otherBefore.errorMessage()));
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    QCOMPARE(applied->first().addedPatch, expect == int(Expect::Patch));

    // Bytes: one line of one file, or the zone's own patch plus an entry in its kustomization.
    QStringList changed;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (before.value(it.key()) != it.value())
            changed.append(it.key());
    }
    const QString zoneDir = QDir(repo).relativeFilePath(overlayOf(zone));
    if (expect == int(Expect::InPlace)) {
        QCOMPARE(changed.size(), 1);
        const QList<QByteArray> a = before.value(changed.first()).split('\n');
        const QList<QByteArray> b = after.value(changed.first()).split('\n');
        QCOMPARE(a.size(), b.size());
        int lines = 0;
        for (qsizetype i = 0; i < a.size(); ++i)
            lines += a.at(i) != b.at(i) ? 1 : 0;
        QCOMPARE(lines, 1);
        QCOMPARE(changed.first(), applied->first().editedAt.file);
    } else {
        for (const QString &file : std::as_const(changed))
            QVERIFY2(file.startsWith(zoneDir + QLatin1Char('/')), qPrintable(file));
        QVERIFY(changed.contains(zoneDir + QStringLiteral("/patch-quarterdeck.yml")));
        for (const QString &file : std::as_const(changed)) {
            // The kustomization keeps every byte it had: the patch entry is added to it.
            if (before.contains(file) && !file.endsWith(QStringLiteral("patch-quarterdeck.yml"))) {
                const QByteArray old = before.value(file);
                const QByteArray now = after.value(file);
                QVERIFY2(now.size() > old.size(), qPrintable(file));
                QVERIFY2(now.contains("patch-quarterdeck.yml"), qPrintable(file));
            }
        }
    }

    // Effective result, by kubectl: exactly the key changed for this zone, nothing for the other.
    const auto serviceAfter = kubectlService(overlayOf(zone));
    QVERIFY2(serviceAfter, qPrintable(serviceAfter.errorMessage()));
    const QString difference = test::manifestDifference(withValue(*serviceBefore, key, value),
                                                        *serviceAfter);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    const auto otherAfter = kubectlService(overlayOf(otherKind));
    QVERIFY2(otherAfter, qPrintable(otherAfter.errorMessage()));
    const QString otherDifference = test::manifestDifference(*otherBefore, *otherAfter);
    QVERIFY2(otherDifference.isEmpty(), qPrintable(otherDifference));
}

QTEST_GUILESS_MAIN(TestYamlEditorOracle)
#include "tst_yamleditor_oracle.moc"
