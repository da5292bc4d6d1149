// Surgical edits: the scalar's bytes change and nothing else; values set in a shared base go into
// the zone's own patch; an edit that would change anything else is refused and undone.
#include "services/config/FleetFileReader.h"
#include "services/config/OverlayPatcher.h"
#include "services/config/YamlEditor.h"
#include "services/config/ZoneReaders.h"
#include "support/TestRepo.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;

namespace {

const QString kRepoFixture = QStringLiteral(QD_SOURCE_DIR "/tests/fixtures/edits/repo");
const QString kVersion = QStringLiteral("spec.spinnakerConfig.config.version");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every file of a tree with its bytes, to prove that a refused edit left nothing behind.
QMap<QString, QByteArray> snapshotOf(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.insert(QDir(root).relativeFilePath(path), readAll(path));
    }
    return files;
}

// The lines that differ between two texts of the same number of lines (-1 when counts differ).
int changedLines(const QByteArray &before, const QByteArray &after)
{
    const QList<QByteArray> a = before.split('\n');
    const QList<QByteArray> b = after.split('\n');
    if (a.size() != b.size())
        return -1;
    int changed = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        changed += a.at(i) != b.at(i) ? 1 : 0;
    return changed;
}

} // namespace

class TestYamlEditor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void replacesScalar_data();
    void replacesScalar();
    void refuses_data();
    void refuses();

    void listsPatch_data();
    void listsPatch();

    void editsTheFileThatSetsTheValue();
    void patchesOwnOverlayForSharedBase();
    void addsKeySetNowhere();
    void setsListItemFromBase();
    void extendsExistingPatch();
    void reportsEffectiveValue();
    void patchesAroundAnAlias();
    void patchesAfterAnInlinePatch();
    void refusesAndRestoresEveryByte();
    void refusesChangeToOtherResources();
    void findsZonesThatReadAnOverlay();
    void scansFleetOverlays_data();
    void scansFleetOverlays();
    void refusesUnknownZone();

private:
    QString repo() const { return m_dir->filePath(QStringLiteral("repo")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestYamlEditor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestYamlEditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(test::copyTree(kRepoFixture, repo()));
}

void TestYamlEditor::replacesScalar_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << QByteArray("config:\n  version: 2.30.1\n") << 2 << 12 << "2.31.0"
                           << QByteArray("config:\n  version: 2.31.0\n");
    QTest::newRow("comment beside")
            << QByteArray("version: 2.28.0   # Spinnaker version to deploy\n") << 1 << 10
            << "2.29.10" << QByteArray("version: 2.29.10   # Spinnaker version to deploy\n");
    QTest::newRow("commented-out versions above")
            << QByteArray("config:\n  #version: 2.29.4\n  #version: 2.30.0\n"
                          "  version: 2.31.0-rc1   # deploy\n")
            << 4 << 12 << "2.31.0"
            << QByteArray("config:\n  #version: 2.29.4\n  #version: 2.30.0\n"
                          "  version: 2.31.0   # deploy\n");
    QTest::newRow("single quoted") << QByteArray("version: '2.30.1'\n") << 1 << 10 << "2.31.0"
                                   << QByteArray("version: '2.31.0'\n");
    QTest::newRow("single quoted apostrophe") << QByteArray("banner: 'red'\n") << 1 << 9 << "it's red"
                                              << QByteArray("banner: 'it''s red'\n");
    QTest::newRow("double quoted") << QByteArray("version: \"2.30.1\" # c\n") << 1 << 10
                                   << "2.31.0 \"x\"" << QByteArray("version: \"2.31.0 \\\"x\\\"\" # c\n");
    QTest::newRow("anchor kept") << QByteArray("version: &v 2.30.1\nother: x\n") << 1 << 10
                                 << "2.31.0" << QByteArray("version: &v 2.31.0\nother: x\n");
    QTest::newRow("tag kept") << QByteArray("a: !!str 5\n") << 1 << 4 << "6"
                              << QByteArray("a: !!str 6\n");
    QTest::newRow("flow map") << QByteArray("config: {version: 1.2.3, x: y}\n") << 1 << 19 << "1.2.4"
                              << QByteArray("config: {version: 1.2.4, x: y}\n");
    QTest::newRow("flow needs quotes") << QByteArray("config: {version: 1.2.3, x: y}\n") << 1 << 19
                                       << "a,b" << QByteArray("config: {version: \"a,b\", x: y}\n");
    QTest::newRow("deep indentation")
            << QByteArray("spec:\n    config:\n        version: 1.0.0\n    x: 1\n") << 3 << 18
            << "1.1.0" << QByteArray("spec:\n    config:\n        version: 1.1.0\n    x: 1\n");
    QTest::newRow("second document") << QByteArray("version: 1.0.0\n---\nversion: 2.30.1\n") << 3
                                     << 10 << "2.31.0"
                                     << QByteArray("version: 1.0.0\n---\nversion: 2.31.0\n");
    QTest::newRow("crlf") << QByteArray("a: b\r\nversion: 2.30.1   # c\r\nc: d\r\n") << 2 << 10
                          << "2.31.0" << QByteArray("a: b\r\nversion: 2.31.0   # c\r\nc: d\r\n");
    QTest::newRow("no trailing newline") << QByteArray("a: b\nversion: 2.30.1") << 2 << 10 << "2.31.0"
                                         << QByteArray("a: b\nversion: 2.31.0");
    QTest::newRow("yes stays a string") << QByteArray("flag: on-call\n") << 1 << 7 << "yes"
                                        << QByteArray("flag: \"yes\"\n");
    QTest::newRow("1.10 stays a string") << QByteArray("version: 2.30.1\n") << 1 << 10 << "1.10"
                                         << QByteArray("version: \"1.10\"\n");
    QTest::newRow("colon space quoted") << QByteArray("text: hello\n") << 1 << 7 << "a: b"
                                        << QByteArray("text: \"a: b\"\n");
    QTest::newRow("hash quoted") << QByteArray("text: hello # c\n") << 1 << 7 << "a #b"
                                 << QByteArray("text: \"a #b\" # c\n");
    QTest::newRow("number stays a number") << QByteArray("replicas: 2\n") << 1 << 11 << "3"
                                           << QByteArray("replicas: 3\n");
    QTest::newRow("list item") << QByteArray("accounts:\n  - name: one\n  - name: two\n") << 3 << 11
                               << "three" << QByteArray("accounts:\n  - name: one\n  - name: three\n");
    QTest::newRow("list scalar") << QByteArray("hosts: [a, b]\n") << 1 << 12 << "c"
                                 << QByteArray("hosts: [a, c]\n");
    QTest::newRow("written null") << QByteArray("version: ~ # unset\n") << 1 << 10 << "1.0.0"
                                  << QByteArray("version: 1.0.0 # unset\n");
}

void TestYamlEditor::replacesScalar()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);
    const auto edited = replaceScalarAt(text, line, column, value);
    QVERIFY2(edited, qPrintable(edited.errorMessage()));
    QCOMPARE(*edited, expected);
}

void TestYamlEditor::refuses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("why");

    QTest::newRow("block scalar") << QByteArray("a: |\n  x\n") << 1 << 4 << "block scalar";
    QTest::newRow("folded scalar") << QByteArray("a: >\n  x\n") << 1 << 4 << "block scalar";
    QTest::newRow("anchored and aliased") << QByteArray("a: &x 1.0\nb: *x\n") << 1 << 4 << "alias";
    QTest::newRow("nothing there") << QByteArray("a: 1\n") << 1 << 2 << "no value";
    QTest::newRow("a mapping") << QByteArray("a:\n  b: 1\n") << 2 << 3 << "mapping";
    QTest::newRow("multi-line plain") << QByteArray("a: one\n  two\nb: 1\n") << 1 << 4 << "several lines";
    QTest::newRow("not yaml") << QByteArray("a: [1\n") << 1 << 4 << "syntax";
}

void TestYamlEditor::refuses()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, why);
    const auto edited = replaceScalarAt(text, line, column, QStringLiteral("2"));
    QVERIFY(!edited);
    QVERIFY2(edited.errorMessage().contains(why), qPrintable(edited.errorMessage()));
}

void TestYamlEditor::listsPatch_data()
{
    QTest::addColumn<QByteArray>("kustomization");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("no patches yet, indented lists")
            << QByteArray("resources:\n  - ../base\n") << QByteArray("resources:\n  - ../base\npatches:\n"
                                                                     "  - path: patch-quarterdeck.yml\n");
    QTest::newRow("no patches yet, no newline")
            << QByteArray("resources:\n- ../base") << QByteArray("resources:\n- ../base\npatches:\n"
                                                                 "- path: patch-quarterdeck.yml\n");
    QTest::newRow("block list with targets and comments")
            << QByteArray("patches:\n  - path: a.yml\n    target:\n      kind: X\n# next\nnamespace: n\n")
            << QByteArray("patches:\n  - path: a.yml\n    target:\n      kind: X\n"
                          "  - path: patch-quarterdeck.yml\n# next\nnamespace: n\n");
    QTest::newRow("crlf") << QByteArray("patches:\r\n- path: a.yml\r\n")
                          << QByteArray("patches:\r\n- path: a.yml\r\n- path: patch-quarterdeck.yml\r\n");
    QTest::newRow("flow list") << QByteArray("patches: [{path: a.yml}]\n")
                               << QByteArray("patches: [{path: a.yml}, {path: patch-quarterdeck.yml}]\n");
    QTest::newRow("empty flow list") << QByteArray("patches: []\n")
                                     << QByteArray("patches: [{path: patch-quarterdeck.yml}]\n");
    QTest::newRow("patches written twice: added to the last, which Kustomize reads")
            << QByteArray("patches:\n- path: patch-quarterdeck.yml\npatches:\n- path: b\n")
            << QByteArray("patches:\n- path: patch-quarterdeck.yml\npatches:\n- path: b\n"
                          "- path: patch-quarterdeck.yml\n");
    QTest::newRow("already listed") << QByteArray("patches:\n- path: patch-quarterdeck.yml\n- path: b\n")
                                    << QByteArray("patches:\n- path: patch-quarterdeck.yml\n- path: b\n");
}

void TestYamlEditor::listsPatch()
{
    QFETCH(QByteArray, kustomization);
    QFETCH(QByteArray, expected);
    const auto listed = overlaypatch::withPatchListed(kustomization, overlaypatch::kPatchFileName);
    QVERIFY2(listed, qPrintable(listed.errorMessage()));
    QCOMPARE(*listed, expected);
}

void TestYamlEditor::editsTheFileThatSetsTheValue()
{
    const auto before = snapshotOf(repo());
    const auto applied = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Red, kVersion,
                                                   QStringLiteral("2.31.0")}});
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    QCOMPARE(applied->size(), 1);
    QCOMPARE(applied->first().previousValue, QStringLiteral("2.31.0-rc1"));
    QCOMPARE(applied->first().editedAt.file, QStringLiteral("customers/acme/red/patch-version.yml"));
    QCOMPARE(applied->first().editedAt.line, 10);
    QVERIFY(!applied->first().addedPatch);

    const auto after = snapshotOf(repo());
    const QString file = QStringLiteral("customers/acme/red/patch-version.yml");
    QCOMPARE(after.keys(), before.keys());
    for (const QString &name : after.keys()) {
        if (name != file)
            QCOMPARE(after.value(name), before.value(name));
    }
    QByteArray expected = before.value(file);
    expected.replace("version: 2.31.0-rc1   #", "version: 2.31.0   #");
    QCOMPARE(after.value(file), expected);
}

void TestYamlEditor::patchesOwnOverlayForSharedBase()
{
    const auto before = snapshotOf(repo());
    const auto applied = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Green, kVersion,
                                                   QStringLiteral("2.30.2")}});
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    QVERIFY(applied->first().addedPatch);
    QCOMPARE(applied->first().previousValue, QStringLiteral("2.30.1"));
    QCOMPARE(applied->first().editedAt.file, QStringLiteral("customers/acme/green/patch-quarterdeck.yml"));

    const auto after = snapshotOf(repo());
    QCOMPARE(after.value(QStringLiteral("base/spinnakerservice.yml")),
             before.value(QStringLiteral("base/spinnakerservice.yml")));
    QCOMPARE(after.value(QStringLiteral("customers/acme/green/kustomization.yml")),
             before.value(QStringLiteral("customers/acme/green/kustomization.yml"))
                     + "patches:\n  - path: patch-quarterdeck.yml\n");
    const QByteArray patch = after.value(QStringLiteral("customers/acme/green/patch-quarterdeck.yml"));
    QVERIFY2(patch.contains("      version: 2.30.2\n"), patch.constData());

    const auto green = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Green, kVersion);
    QVERIFY2(green, qPrintable(green.errorMessage()));
    QCOMPARE(green->value, QStringLiteral("2.30.2"));
    QCOMPARE(green->location.file, QStringLiteral("customers/acme/green/patch-quarterdeck.yml"));
    const auto red = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Red, kVersion);
    QVERIFY2(red, qPrintable(red.errorMessage()));
    QCOMPARE(red->value, QStringLiteral("2.31.0-rc1"));
}

void TestYamlEditor::addsKeySetNowhere()
{
    const QString key = QStringLiteral("spec.spinnakerConfig.config.features.artifactsRewrite");
    const auto applied = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Red, key,
                                                   QStringLiteral("true")}});
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    QVERIFY(applied->first().addedPatch);
    QVERIFY(applied->first().previousValue.isEmpty());
    const QByteArray kustomization = readAll(
            repo() + QStringLiteral("/customers/acme/red/kustomization.yml"));
    QVERIFY(kustomization.endsWith("  - patch-version.yml\npatches:\n  - path: patch-quarterdeck.yml\n"));
    const auto red = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Red, key);
    QVERIFY2(red, qPrintable(red.errorMessage()));
    QVERIFY(red->isSet);
    QCOMPARE(red->value, QStringLiteral("true"));
    const auto green = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Green, key);
    QVERIFY2(green, qPrintable(green.errorMessage()));
    QVERIFY(!green->isSet);
}

void TestYamlEditor::setsListItemFromBase()
{
    const QString prefix = QStringLiteral("spec.spinnakerConfig.config.artifacts.github.accounts.");
    const auto applied = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Green,
                                                   prefix + QStringLiteral("1.name"),
                                                   QStringLiteral("github-green")}});
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    QVERIFY(applied->first().addedPatch);
    const auto renamed = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Green,
                                        prefix + QStringLiteral("1.name"));
    QVERIFY2(renamed, qPrintable(renamed.errorMessage()));
    QCOMPARE(renamed->value, QStringLiteral("github-green"));
    const auto kept = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Green,
                                     prefix + QStringLiteral("0.token"));
    QVERIFY2(kept, qPrintable(kept.errorMessage()));
    QCOMPARE(kept->value, QStringLiteral("encrypted:k8s!n:spin-secrets!k:github-token"));
    const auto red = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Red,
                                    prefix + QStringLiteral("1.name"));
    QCOMPARE(red->value, QStringLiteral("github-two"));

    const auto outOfRange = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Green,
                                                      prefix + QStringLiteral("5.name"),
                                                      QStringLiteral("x")}});
    QVERIFY(!outOfRange);
}

void TestYamlEditor::extendsExistingPatch()
{
    const QString bucket = QStringLiteral("spec.spinnakerConfig.config.persistentStorage.s3.bucket");
    auto applied = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Green, kVersion,
                                             QStringLiteral("2.30.2")},
                                            {QStringLiteral("acme"), ZoneKind::Green, bucket,
                                             QStringLiteral("acme-green")}});
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    QCOMPARE(applied->size(), 2);
    const QString patchFile = repo() + QStringLiteral("/customers/acme/green/patch-quarterdeck.yml");
    const QByteArray patch = readAll(patchFile);
    QVERIFY2(patch.contains("version: 2.30.2") && patch.contains("bucket: acme-green"),
             patch.constData());
    const QByteArray kustomization = readAll(
            repo() + QStringLiteral("/customers/acme/green/kustomization.yml"));
    QCOMPARE(kustomization.count("patch-quarterdeck.yml"), 1);

    // Now the patch sets the version: the next edit changes its one line in place.
    applied = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Green, kVersion,
                                        QStringLiteral("2.30.3")}});
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    QCOMPARE(changedLines(patch, readAll(patchFile)), 1);
    QCOMPARE(applied->first().previousValue, QStringLiteral("2.30.2"));
}

void TestYamlEditor::reportsEffectiveValue()
{
    const auto red = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Red, kVersion);
    QVERIFY2(red, qPrintable(red.errorMessage()));
    QVERIFY(red->isSet);
    QCOMPARE(red->value, QStringLiteral("2.31.0-rc1"));
    QCOMPARE(red->location, (SourceLocation{QStringLiteral("customers/acme/red/patch-version.yml"), 10, 16}));
    const auto mapping = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Red,
                                        QStringLiteral("spec.spinnakerConfig"));
    QVERIFY(!mapping);
}

void TestYamlEditor::patchesAroundAnAlias()
{
    // The red version is anchored and reused through an alias: editing the anchor would change
    // both, so the zone's own patch sets the version and the alias keeps the old value.
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/acme/red/patch-version.yml"),
                            "apiVersion: spinnaker.io/v1alpha2\nkind: SpinnakerService\n"
                            "metadata:\n  name: spinnaker\nspec:\n  spinnakerConfig:\n    config:\n"
                            "      version: &v 2.31.0-rc1\n      notes: *v\n"));
    const QByteArray before = readAll(repo() + QStringLiteral("/customers/acme/red/patch-version.yml"));
    const auto applied = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Red, kVersion,
                                                   QStringLiteral("2.31.0")}});
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    QVERIFY(applied->first().addedPatch);
    QCOMPARE(readAll(repo() + QStringLiteral("/customers/acme/red/patch-version.yml")), before);
    const auto notes = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Red,
                                      QStringLiteral("spec.spinnakerConfig.config.notes"));
    QCOMPARE(notes->value, QStringLiteral("2.31.0-rc1"));
}

void TestYamlEditor::patchesAfterAnInlinePatch()
{
    const QByteArray kustomization = "resources:\n  - ../../../base\npatches:\n  - patch: |-\n"
                                     "      apiVersion: spinnaker.io/v1alpha2\n"
                                     "      kind: SpinnakerService\n      metadata:\n"
                                     "        name: spinnaker\n      spec:\n"
                                     "        spinnakerConfig:\n          config:\n"
                                     "            version: 2.31.0-inline\n";
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/acme/red/kustomization.yml"),
                            kustomization));
    const auto applied = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Red, kVersion,
                                                   QStringLiteral("2.31.1")}});
    QVERIFY2(applied, qPrintable(applied.errorMessage()));
    QCOMPARE(applied->first().previousValue, QStringLiteral("2.31.0-inline"));
    QVERIFY(applied->first().addedPatch);
    QCOMPARE(readAll(repo() + QStringLiteral("/customers/acme/red/kustomization.yml")),
             kustomization + "  - path: patch-quarterdeck.yml\n");
    const auto red = effectiveValue(repo(), QStringLiteral("acme"), ZoneKind::Red, kVersion);
    QCOMPARE(red->value, QStringLiteral("2.31.1"));
}

void TestYamlEditor::refusesAndRestoresEveryByte()
{
    const auto before = snapshotOf(repo());
    // Renaming the resource in its patch leaves the patch without a target: the overlay would
    // no longer build. The first edit alone would succeed: it must be undone too.
    const auto applied = applyValueEdits(
            repo(), {{QStringLiteral("acme"), ZoneKind::Green, kVersion, QStringLiteral("2.30.2")},
                     {QStringLiteral("acme"), ZoneKind::Red, QStringLiteral("metadata.name"),
                      QStringLiteral("renamed")}});
    QVERIFY(!applied);
    QVERIFY2(applied.errorMessage().contains(QStringLiteral("does not build")),
             qPrintable(applied.errorMessage()));
    QCOMPARE(snapshotOf(repo()), before);
}

void TestYamlEditor::refusesChangeToOtherResources()
{
    // The namespace comes from the overlay's own `namespace:`, which renames every resource of
    // the overlay: editing it would move the ConfigMap too.
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/acme/red/kustomization.yml"),
                            "namespace: spinnaker-red\nresources:\n  - ../../../base\n"
                            "  - configmap.yml\npatchesStrategicMerge:\n  - patch-version.yml\n"));
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/acme/red/configmap.yml"),
                            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n"));
    const auto before = snapshotOf(repo());
    const auto applied = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Red,
                                                   QStringLiteral("metadata.namespace"),
                                                   QStringLiteral("elsewhere")}});
    QVERIFY(!applied);
    QVERIFY2(applied.errorMessage().contains(QStringLiteral("ConfigMap 'extra'")),
             qPrintable(applied.errorMessage()));
    QCOMPARE(snapshotOf(repo()), before);
}

void TestYamlEditor::findsZonesThatReadAnOverlay()
{
    const QString root = repo();
    const QStringList all = {QStringLiteral("customers/acme/red"), QStringLiteral("customers/acme/green")};
    const auto alone = overlaysReading(QDir(root), all, {all.at(0)});
    QVERIFY(alone);
    QCOMPARE(*alone, QSet<QString>{all.at(0)});

    // Green built on top of red reads every file of red.
    QVERIFY(test::writeFile(root, QStringLiteral("customers/acme/green/kustomization.yml"),
                            "resources:\n  - ../red\n"));
    const auto stacked = overlaysReading(QDir(root), all, {all.at(0)});
    QVERIFY(stacked);
    QCOMPARE(*stacked, (QSet<QString>{all.at(0), all.at(1)}));

    // A shared base that reaches into an overlay could affect any zone.
    QVERIFY(test::writeFile(root, QStringLiteral("base/kustomization.yml"),
                            "resources:\n- spinnakerservice.yml\n- ../customers/acme/red/x.yml\n"));
    QVERIFY(!overlaysReading(QDir(root), all, {all.at(0)}));

    // Green built on red takes every change of red: an edit of red alone cannot be made.
    QVERIFY(test::writeFile(root, QStringLiteral("base/kustomization.yml"),
                            "resources:\n- spinnakerservice.yml\n"));
    const auto before = snapshotOf(root);
    const auto applied = applyValueEdits(root, {{QStringLiteral("acme"), ZoneKind::Red, kVersion,
                                                 QStringLiteral("2.31.0")}});
    QVERIFY(!applied);
    QVERIFY2(applied.errorMessage().contains(QStringLiteral("green zone of acme")),
             qPrintable(applied.errorMessage()));
    QCOMPARE(snapshotOf(root), before);
}

void TestYamlEditor::scansFleetOverlays_data()
{
    QTest::addColumn<QByteArray>("fleet");
    QTest::addColumn<QStringList>("expected"); // customer/zone=overlay; empty: not scanned

    QTest::newRow("flow zones") << QByteArray(
            "apiVersion: quarterdeck/v1\ncustomers:\n  - id: acme\n    name: ACME\n"
            "    calendar: {timezone: UTC,\n               holidays: [2026-11-26]}\n    zones:\n"
            "      red:   {overlay: customers/acme/red,   cluster: a,\n              deck: \"x\"}\n"
            "      green: {overlay: \"customers/acme/green\", cluster: b}\n"
            "  - id: globex # the second\n    zones:\n      red:\n        cluster: g\n"
            "        overlay: customers/globex/red\n")
            << QStringList{"acme/red=customers/acme/red", "acme/green=customers/acme/green",
                           "globex/red=customers/globex/red"};
    QTest::newRow("id not first") << QByteArray("customers:\n  - name: A\n    id: a\n    zones:\n"
                                                "      red: {overlay: x}\n")
                                  << QStringList();
    QTest::newRow("one-line zones") << QByteArray("customers:\n  - id: a\n    zones: {red: {overlay: x}}\n")
                                    << QStringList();
    QTest::newRow("alias") << QByteArray("customers:\n  - id: a\n    zones:\n      red: &r {overlay: x}\n"
                                         "      green: *r\n")
                           << QStringList();
    // Found by tests/fuzz/fuzz_repo_files: values the scanner used to cut short or keep quotes of.
    const QByteArray zones = "customers:\n  - id: a\n    zones:\n";
    QTest::newRow("a space inside a plain value")
            << zones + "      red: {overlay: customers/a b/red, cluster: c}\n" << QStringList();
    QTest::newRow("single quotes") << zones + "      red: {overlay: 'customers/a', cluster: c}\n"
                                   << QStringList();
    QTest::newRow("a comma in a block value") << zones + "      red:\n        overlay: a,b\n"
                                              << QStringList();
    QTest::newRow("a '#' inside a value") << zones + "      red:\n        overlay: a#b\n"
                                          << QStringList();
    QTest::newRow("a comment after the value")
            << zones + "      red:\n        overlay: \"a/red\"  # the sandbox\n"
                       "      green: {overlay: a/green } # prod\n"
            << QStringList{"a/red=a/red", "a/green=a/green"};
}

void TestYamlEditor::scansFleetOverlays()
{
    QFETCH(QByteArray, fleet);
    QFETCH(QStringList, expected);
    const auto scanned = scanZoneOverlays(fleet);
    if (expected.isEmpty()) {
        QVERIFY(!scanned);
        return;
    }
    QVERIFY(scanned);
    QStringList actual;
    for (const ZoneOverlay &zone : *scanned)
        actual.append(zone.customer + QLatin1Char('/') + zoneKindName(zone.kind) + QLatin1Char('=')
                      + zone.overlay);
    QCOMPARE(actual, expected);
    // And what the real parse of fleet.yaml reads.
    const FleetFile parsed = parseFleetFile(fleet, QStringLiteral("fleet.yaml"));
    QStringList fromParse;
    for (const Customer &customer : parsed.customers) {
        for (const Zone *zone : {customer.zone(ZoneKind::Red), customer.zone(ZoneKind::Green)}) {
            if (zone)
                fromParse.append(customer.id + QLatin1Char('/') + zoneKindName(zone->kind)
                                 + QLatin1Char('=') + zone->overlay);
        }
    }
    QCOMPARE(fromParse, expected);
}

void TestYamlEditor::refusesUnknownZone()
{
    const auto before = snapshotOf(repo());
    const auto applied = applyValueEdits(repo(), {{QStringLiteral("nobody"), ZoneKind::Red, kVersion,
                                                   QStringLiteral("1")}});
    QVERIFY(!applied);
    QVERIFY(applied.errorMessage().contains(QStringLiteral("nobody")));
    const auto badKey = applyValueEdits(repo(), {{QStringLiteral("acme"), ZoneKind::Red,
                                                  QStringLiteral("spec..version"), QStringLiteral("1")}});
    QVERIFY(!badKey);
    QCOMPARE(snapshotOf(repo()), before);
}

QTEST_GUILESS_MAIN(TestYamlEditor)
#include "tst_yamleditor.moc"
