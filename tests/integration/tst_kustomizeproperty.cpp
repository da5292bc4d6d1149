// Kustomize agreement as a property, not a list of cases: on random but realistic overlays
// (support/OverlayGenerator), every zone's effective SpinnakerService, its version and its refusal
// agree with `kubectl kustomize`, the version's file:line:column really holds the value, and
// setting the version with Quarterdeck leaves a repo that kubectl builds to exactly that change,
// for that zone only.
//
// QD_PROPERTY_CASES cases (default 300) from seed QD_PROPERTY_SEED (default 1). For 100,000:
//   QD_PROPERTY_CASES=100000 build/asan/tests/integration/tst_kustomizeproperty
// A failing case is named by its seed; QD_PROPERTY_KEEP=DIR keeps the repos of failing cases there.
#include "services/config/FleetLoader.h"
#include "services/config/KustomizeResolver.h"
#include "services/config/YamlEditor.h"
#include "support/KubectlKustomize.h"
#include "support/ManifestCompare.h"
#include "support/OverlayGenerator.h"
#include "support/TestRepo.h"

#include <QDir>
#include <QElapsedTimer>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::test;

namespace {

const QString kVersion = QStringLiteral("spec.spinnakerConfig.config.version");
const QString kNewVersion = QStringLiteral("3.0.0-rc1");

// Every feature the generator can use: a run of a few hundred cases must have used each one, or
// the generator has stopped generating what this test claims to cover.
const QStringList kFeatures = {
        "$patch-delete", "$patch-replace", "alias", "anchor", "base-namespace",
        "base-without-version", "bases", "bases-1-deep", "bases-2-deep", "bases-3-deep",
        "commonAnnotations", "commonLabels", "component", "component-shared", "crlf",
        "double-quoted", "duplicate-key", "flow-style", "json6902-file", "json6902-file-json",
        "json6902-inline", "json6902-inline-json", "json6902-remove", "json6902-test",
        "kustomization-duplicate-key", "labels",
        "list-replaced", "missing-file", "multi-document", "namePrefix", "nameSuffix", "namespace",
        "null", "patch-wrong-group", "patches-file", "patches-file-target", "patches-inline",
        "patchesJson6902", "patchesStrategicMerge-file", "patchesStrategicMerge-inline",
        "single-quoted", "target-group-version", "target-missing", "target-namespace",
        "target-namespace-changed"};

qulonglong environmentNumber(const char *name, qulonglong fallback)
{
    bool ok = false;
    const qulonglong value = qEnvironmentVariable(name).toULongLong(&ok);
    return ok ? value : fallback;
}

const ManifestNode *serviceOf(const std::vector<ManifestNode> &resources)
{
    for (const ManifestNode &resource : resources) {
        if (resource.scalarAt("kind") == "SpinnakerService")
            return &resource;
    }
    return nullptr;
}

QString problemsText(const Diagnostics &problems)
{
    QStringList lines;
    for (const auto &problem : problems)
        lines.append(problem.toString());
    return lines.join(QStringLiteral("; "));
}

// Whether the scalar written at location is value: plain, 'single' or "double" quoted, maybe
// after an anchor, ended by the end of the line, a comment or flow punctuation.
QString locationProblem(const QString &root, const SourceLocation &location, const QString &value)
{
    QFile file(QDir(root).filePath(location.file));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("%1 cannot be read").arg(location.file);
    const QList<QByteArray> lines = file.readAll().split('\n');
    if (location.line < 1 || location.line > lines.size() || location.column < 1)
        return QStringLiteral("%1 has no line %2").arg(location.file).arg(location.line);
    const QString line = QString::fromUtf8(lines.at(location.line - 1)).remove(QLatin1Char('\r'));
    QString rest = line.mid(location.column - 1);
    static const QRegularExpression anchor(QStringLiteral(R"(^&[\w-]+\s+)"));
    rest.remove(anchor);
    // A plain number is built in Go's form ("2.30" as 2.3): the same number, written otherwise.
    static const QRegularExpression number(QStringLiteral(R"(^([-+]?[0-9.]+)(\s*$|\s+#|\s*[,}\]]))"));
    if (const auto written = number.match(rest); written.hasMatch()) {
        bool numeric = false;
        if (written.captured(1).toDouble(&numeric) == value.toDouble() && numeric)
            return {};
    }
    for (const QString &written : {value, QLatin1Char('\'') + value + QLatin1Char('\''),
                                   QLatin1Char('"') + value + QLatin1Char('"')}) {
        if (!rest.startsWith(written))
            continue;
        const QString after = rest.mid(written.size());
        static const QRegularExpression end(QStringLiteral(R"(^(\s*$|\s+#|\s*[,}\]]))"));
        if (end.match(after).hasMatch())
            return {};
    }
    return QStringLiteral("%1:%2:%3 reads '%4', not the version '%5'")
            .arg(location.file)
            .arg(location.line)
            .arg(location.column)
            .arg(line.trimmed(), value);
}

struct Tally
{
    int zones = 0;
    int kubectlRefused = 0;
    int edits = 0;
    QStringList editRefusals;
    QMap<QString, int> features;
};

class PropertyCase
{
public:
    PropertyCase(const QString &root, qulonglong seed, Tally &tally)
        : m_root(root), m_seed(seed), m_tally(tally)
    {
    }

    QStringList run();

private:
    void fail(const QString &zone, const QString &message)
    {
        m_failures.append(QStringLiteral("seed %1, %2: %3").arg(m_seed).arg(zone, message));
    }
    // Compares one zone with kubectl; true when both built it with a version.
    bool agree(const Zone &zone, const KubectlBuild &theirs);
    void checkEdit(const Zone &zone, const KubectlBuild &before, const Zone &other,
                   const KubectlBuild &otherBefore);

    QString m_root;
    qulonglong m_seed;
    Tally &m_tally;
    QStringList m_failures;
};

bool PropertyCase::agree(const Zone &zone, const KubectlBuild &theirs)
{
    const QString name = zoneKindName(zone.kind);
    ++m_tally.zones;
    if (!theirs.ok) {
        ++m_tally.kubectlRefused;
        if (zone.resolution.resolved || zone.problems.isEmpty())
            fail(name, QStringLiteral("kubectl refuses it (%1), Quarterdeck resolves it to '%2'")
                               .arg(theirs.error.left(300), zone.resolution.version));
        return false;
    }
    const ManifestNode *service = serviceOf(theirs.resources);
    if (!service) {
        if (zone.problems.isEmpty())
            fail(name, QStringLiteral("kubectl builds no SpinnakerService, Quarterdeck says nothing"));
        return false;
    }
    if (!zone.resolution.resolved) {
        fail(name, QStringLiteral("kubectl builds it, Quarterdeck refuses it: %1")
                           .arg(problemsText(zone.problems)));
        return false;
    }
    KustomizeResolver resolver(m_root);
    const KustomizeBuild ours = resolver.build(zone.overlay);
    const ManifestNode *ourService = ours.firstOfKind("SpinnakerService");
    if (!ourService) {
        fail(name, QStringLiteral("Quarterdeck builds no SpinnakerService"));
        return false;
    }
    if (const QString difference = manifestDifference(*service, *ourService); !difference.isEmpty())
        fail(name, QStringLiteral("the SpinnakerService differs from kubectl's: %1").arg(difference));
    if (ours.resources.size() != theirs.resources.size())
        fail(name, QStringLiteral("kubectl builds %1 resources, Quarterdeck %2")
                           .arg(theirs.resources.size())
                           .arg(ours.resources.size()));
    const QString version = QString::fromStdString(service->scalarAt(kVersion.toStdString()));
    if (version != zone.resolution.version) {
        fail(name, QStringLiteral("kubectl builds version '%1', Quarterdeck says '%2'")
                           .arg(version, zone.resolution.version));
        return false;
    }
    if (version.isEmpty())
        return false;
    if (const QString wrong = locationProblem(m_root, zone.resolution.versionLocation, version);
        !wrong.isEmpty()) {
        fail(name, wrong);
        return false;
    }
    return true;
}

void PropertyCase::checkEdit(const Zone &zone, const KubectlBuild &before, const Zone &other,
                             const KubectlBuild &otherBefore)
{
    const QString name = zoneKindName(zone.kind);
    const auto applied = applyValueEdits(m_root, {{QStringLiteral("c"), zone.kind, kVersion,
                                                   kNewVersion}});
    if (!applied) {
        // Refusing is safe (nothing is committed); what is refused is reported with the run.
        m_tally.editRefusals.append(QStringLiteral("seed %1, %2: %3")
                                            .arg(m_seed)
                                            .arg(name, applied.errorMessage()));
        return;
    }
    ++m_tally.edits;
    const KubectlBuild after = kubectlKustomize(QDir(m_root).filePath(zone.overlay));
    if (!after.ok) {
        fail(name, QStringLiteral("after Quarterdeck set the version, kubectl refuses the zone: %1")
                           .arg(after.error.left(300)));
        return;
    }
    // Exactly the version changed: kubectl's resources before, with the new version, are after.
    std::vector<ManifestNode> expected = before.resources;
    for (ManifestNode &resource : expected) {
        if (resource.scalarAt("kind") != "SpinnakerService")
            continue;
        ManifestNode *config = resource.find("spec")->find("spinnakerConfig")->find("config");
        *config->find("version") = ManifestNode::scalar(kNewVersion.toStdString(), false);
    }
    if (expected.size() != after.resources.size()) {
        fail(name, QStringLiteral("the edit changed the number of resources"));
        return;
    }
    for (size_t i = 0; i < expected.size(); ++i) {
        if (const QString difference = manifestDifference(expected[i], after.resources[i]);
            !difference.isEmpty())
            fail(name, QStringLiteral("after the edit kubectl builds more than the new version: %1")
                               .arg(difference));
    }
    const KubectlBuild otherAfter = kubectlKustomize(QDir(m_root).filePath(other.overlay));
    bool otherSame = otherAfter.ok && otherAfter.resources.size() == otherBefore.resources.size();
    for (size_t i = 0; otherSame && i < otherAfter.resources.size(); ++i)
        otherSame = manifestDifference(otherBefore.resources[i], otherAfter.resources[i]).isEmpty();
    if (!otherSame)
        fail(name, QStringLiteral("setting the version changed the %1 zone")
                           .arg(zoneKindName(other.kind)));
    const auto reloaded = loadFleet(m_root);
    const Zone *edited = reloaded && !reloaded->customers.isEmpty()
                                 ? reloaded->customers.first().zone(zone.kind)
                                 : nullptr;
    if (!edited || edited->resolution.version != kNewVersion) {
        fail(name, QStringLiteral("after the edit Quarterdeck does not read the new version"));
        return;
    }
    if (const QString wrong = locationProblem(m_root, edited->resolution.versionLocation,
                                              kNewVersion);
        !wrong.isEmpty())
        fail(name, QStringLiteral("after the edit: %1").arg(wrong));
}

QStringList PropertyCase::run()
{
    const GeneratedFleet generated = writeRandomFleet(m_root, m_seed);
    for (const QString &feature : generated.features)
        ++m_tally.features[feature];
    const auto fleet = loadFleet(m_root);
    if (!fleet || fleet->customers.size() != 1 || !fleet->customers.first().red
        || !fleet->customers.first().green) {
        fail(QStringLiteral("fleet"), QStringLiteral("the generated fleet does not load: %1")
                                              .arg(fleet ? problemsText(fleet->diagnostics)
                                                         : fleet.errorMessage()));
        return m_failures;
    }
    const Customer &customer = fleet->customers.first();
    const Zone &red = *customer.red;
    const Zone &green = *customer.green;
    const KubectlBuild redBuild = kubectlKustomize(QDir(m_root).filePath(red.overlay));
    const KubectlBuild greenBuild = kubectlKustomize(QDir(m_root).filePath(green.overlay));
    const bool redAgrees = agree(red, redBuild);
    const bool greenAgrees = agree(green, greenBuild);
    if (redAgrees && greenAgrees && m_failures.isEmpty()) {
        if (m_seed % 2 == 0)
            checkEdit(red, redBuild, green, greenBuild);
        else
            checkEdit(green, greenBuild, red, redBuild);
    }
    return m_failures;
}

} // namespace

class TestKustomizeProperty : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyGeneratedZoneAgreesWithKubectl();
};

void TestKustomizeProperty::initTestCase()
{
    if (!hasKubectl())
        QSKIP("kubectl is not installed: the property has no oracle");
}

void TestKustomizeProperty::everyGeneratedZoneAgreesWithKubectl()
{
    const qulonglong cases = environmentNumber("QD_PROPERTY_CASES", 300);
    const qulonglong firstSeed = environmentNumber("QD_PROPERTY_SEED", 1);
    const QString keep = qEnvironmentVariable("QD_PROPERTY_KEEP");
    Tally tally;
    QStringList failures;
    int failingCases = 0;
    QElapsedTimer clock;
    clock.start();
    for (qulonglong seed = firstSeed; seed < firstSeed + cases; ++seed) {
        QTemporaryDir scratch;
        QVERIFY(scratch.isValid());
        const QStringList found = PropertyCase(scratch.path(), seed, tally).run();
        if (found.isEmpty())
            continue;
        ++failingCases;
        if (failures.size() < 20)
            failures += found;
        if (!keep.isEmpty())
            copyTree(scratch.path(), QDir(keep).filePath(QStringLiteral("seed-%1").arg(seed)));
    }
    qInfo("%llu cases from seed %llu in %.1f s: %d zones, %d refused by kubectl, %d edits made, "
          "%lld edits refused, %d failing cases",
          cases, firstSeed, double(clock.elapsed()) / 1000.0, tally.zones, tally.kubectlRefused,
          tally.edits, qlonglong(tally.editRefusals.size()), failingCases);
    for (const QString &refusal : tally.editRefusals.mid(0, 5))
        qInfo("edit refused: %s", qPrintable(refusal));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    if (cases >= 300) {
        QStringList unused;
        for (const QString &feature : kFeatures) {
            if (!tally.features.contains(feature))
                unused.append(feature);
        }
        QVERIFY2(unused.isEmpty(), qPrintable(QStringLiteral("the generator never used: ")
                                                      + unused.join(QStringLiteral(", "))));
        QVERIFY2(tally.edits > int(cases) / 4,
                 qPrintable(QStringLiteral("only %1 edits were made in %2 cases")
                                    .arg(tally.edits)
                                    .arg(cases)));
    }
}

QTEST_GUILESS_MAIN(TestKustomizeProperty)
#include "tst_kustomizeproperty.moc"
