// Validation that builds again only the zones whose inputs changed: it must report exactly what a
// full load reports, whichever file changed (a zone's own patch, a base several zones share, a
// directory that gains a second kustomization, fleet.yaml), and reuse the zones nothing touched.
// Every test runs twice: on the first look after a load (each input stat-ed), and with the
// repo's change notification armed (TreeWatch: only what an event named is looked at).
#include "models/ChangeRequest.h"
#include "services/changes/ChangeEngine.h"
#include "services/config/FileOverlay.h"
#include "services/config/FleetLoadCache.h"
#include "services/config/FleetLoader.h"
#include "services/config/InputCheck.h"
#include "services/config/YamlEditor.h"
#include "services/git/GitRepository.h"
#include "support/TestRepo.h"

#include <QDirIterator>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <filesystem>

using namespace qd;

namespace {

const QByteArray kBase = "apiVersion: spinnaker.io/v1alpha2\n"
                         "kind: SpinnakerService\n"
                         "metadata:\n"
                         "  name: spinnaker\n"
                         "spec:\n"
                         "  spinnakerConfig:\n"
                         "    config:\n"
                         "      version: 2.30.0   # the fleet's default\n";

QByteArray patchVersion(const char *version)
{
    return QByteArray("apiVersion: spinnaker.io/v1alpha2\nkind: SpinnakerService\n"
                      "metadata:\n  name: spinnaker\nspec:\n  spinnakerConfig:\n    config:\n"
                      "      version: ")
           + version + "\n";
}

// Three customers; every Red zone sets its own version, every Green zone takes the base's.
bool writeFleet(const QString &root)
{
    QByteArray fleet = "apiVersion: quarterdeck/v1\ncustomers:\n";
    bool ok = test::writeFile(root, QStringLiteral("base/kustomization.yml"),
                              "resources:\n  - spinnakerservice.yml\n")
              && test::writeFile(root, QStringLiteral("base/spinnakerservice.yml"), kBase);
    for (const char *id : {"acme", "globex", "initech"}) {
        const QString dir = QStringLiteral("customers/%1/").arg(QLatin1String(id));
        ok = ok
             && test::writeFile(root, dir + QStringLiteral("red/kustomization.yml"),
                                "resources:\n  - ../../../base\npatchesStrategicMerge:\n"
                                "  - patch-version.yml\n")
             && test::writeFile(root, dir + QStringLiteral("red/patch-version.yml"),
                                patchVersion("2.31.0"))
             && test::writeFile(root, dir + QStringLiteral("green/kustomization.yml"),
                                "resources:\n  - ../../../base\n");
        fleet += QByteArray("  - id: ") + id + "\n    name: " + id + "\n    zones:\n"
                 + "      red: {overlay: customers/" + id + "/red, cluster: " + id + "-red}\n"
                 + "      green: {overlay: customers/" + id + "/green, cluster: " + id
                 + "-green}\n";
    }
    return ok && test::writeFile(root, QStringLiteral("fleet.yaml"), fleet);
}

// Files written a moment ago could change again within their timestamps' granularity, so the
// cache re-reads them; age them so that the stat data alone decide, as for a repo at rest.
void ageTree(const QString &root)
{
    namespace fs = std::filesystem;
    const auto past = fs::file_time_type::clock::now() - std::chrono::hours(1);
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        fs::last_write_time(fs::path(it.next().toStdString()), past);
    fs::last_write_time(fs::path(root.toStdString()), past);
}

// The inotify watches this process holds, as the kernel counts them (a per-user budget).
int inotifyWatches()
{
    int watches = 0;
    const QDir fds(QStringLiteral("/proc/self/fdinfo"));
    for (const QString &fd : fds.entryList(QDir::Files)) {
        QFile info(fds.filePath(fd));
        if (info.open(QIODevice::ReadOnly))
            watches += int(info.readAll().count("inotify wd:"));
    }
    return watches;
}

QStringList render(const Diagnostics &problems)
{
    QStringList lines;
    for (const auto &problem : problems)
        lines.append(problem.toString());
    return lines;
}

} // namespace

class TestFleetValidation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void initTestCase_data();
    void init();
    void untouchedZonesAreReused();
    void proposedFilesAreValidatedNotRemembered();
    void sharedBaseBreakingAnotherZoneIsCaught();
    void sameSizeRewriteWithOldTimeIsCaught();
    void secondKustomizationInADirectoryIsCaught();
    void fleetFileChangesAreRead();
    void duplicateCustomerIsStillValidated();
    void versionsOutsideTheReleaseCatalogAreReported();
    void commitOfABaseBreakingAnotherZoneIsRefused();
    void rememberedInputsNameTheZonesReadingAnOverlay();
    void editOfAnOverlayAnotherZoneReadsIsRefused();
    void commitStagesOnlyItsFilesAndLeavesGitClean();
    void armedWatchLooksOnlyAtWhatChanged();
    void folderMovedAwayAndReplacedIsCaught();
    void symlinkedPatchWhoseTargetChangesIsCaught();
    void lostEventsMeanEverythingIsLookedAt();
    void refreshAgreesWithALoadFromScratch();
    void onlyTheRepoInUseKeepsItsWatches();
    void aRepoReadOnceIsNotWatched();

private:
    bool armed() const;
    // Validates after looking at every input the last read remembered, as a change does when the
    // watch's events cannot be trusted; the one problem found must be in `file`.
    void expectOneProblemLookingAtAll(const QString &file);
    QTemporaryDir m_dir;
    QString repo() const { return m_dir.path(); }
};

void TestFleetValidation::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestFleetValidation::initTestCase_data()
{
    QTest::addColumn<bool>("armed");
    QTest::newRow("first look") << false;
    QTest::newRow("armed watch") << true;
}

bool TestFleetValidation::armed() const
{
    QFETCH_GLOBAL(bool, armed);
    return armed;
}

void TestFleetValidation::expectOneProblemLookingAtAll(const QString &file)
{
    InputCheck check = InputCheck::ofCache(repo());
    check.lookAtAll();
    QCOMPARE(check.results().size(), check.state().stamps.size());
    const auto validation = validateFleet(repo(), &check);
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QVERIFY2(validation->problems.size() == 1,
             qPrintable(render(validation->problems).join(u'\n')));
    QCOMPARE(validation->problems.first().location.file, file);
}

void TestFleetValidation::init()
{
    FleetLoadCache::clearAll();
    QDir(repo()).removeRecursively();
    QVERIFY(QDir().mkpath(repo()));
    QVERIFY(writeFleet(repo()));
    ageTree(repo());
    const auto loaded = loadFleet(repo());
    QVERIFY2(loaded, qPrintable(loaded.errorMessage()));
    QVERIFY2(loaded->diagnostics.isEmpty(), qPrintable(render(loaded->diagnostics).join(u'\n')));
    if (!armed())
        return;
    // The load's folders are watched from its end: one more look stats every input, and from
    // then on the watch vouches for whatever no event named.
    QVERIFY(validateFleet(repo()));
    InputCheck check = InputCheck::ofCache(repo());
    if (!check.watch())
        QSKIP("no change notification on this platform or file system");
    check.lookAtAll();
    QCOMPARE(check.results().keys(), QStringList());
}

void TestFleetValidation::untouchedZonesAreReused()
{
    auto validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(validation->zonesBuilt, 0);
    QCOMPARE(validation->zonesReused, 6);

    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/globex/red/patch-version.yml"),
                            patchVersion("2.32.0")));
    validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QVERIFY(validation->problems.isEmpty());
    QCOMPARE(validation->zonesBuilt, 1); // globex/red only
    QCOMPARE(validation->zonesReused, 5);
    // The fleet as loaded from scratch agrees.
    const auto loaded = loadFleet(repo());
    QCOMPARE(loaded->customer(QStringLiteral("globex"))->red->resolution.version,
             QStringLiteral("2.32.0"));
}

void TestFleetValidation::proposedFilesAreValidatedNotRemembered()
{
    // A change validated in memory: only the zones reading the proposed bytes are built, the
    // problems are theirs, and nothing of it is remembered as the working tree's.
    FileOverlay proposed(repo());
    QVERIFY(proposed.write(QStringLiteral("base/spinnakerservice.yml"), kBase + "  broken: [\n"));
    auto validation = validateFleet(repo(), nullptr, &proposed);
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(validation->zonesBuilt, 6); // every zone reads the base
    QVERIFY(!validation->problems.isEmpty());
    QCOMPARE(validation->problems.first().location.file, QStringLiteral("base/spinnakerservice.yml"));

    FileOverlay oneZone(repo());
    QVERIFY(oneZone.write(QStringLiteral("customers/globex/red/patch-version.yml"),
                          patchVersion("2.32.0")));
    validation = validateFleet(repo(), nullptr, &oneZone);
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QVERIFY(validation->problems.isEmpty());
    QCOMPARE(validation->zonesBuilt, 1);
    QCOMPARE(validation->zonesReused, 5);

    // A proposed fleet.yaml is read, and forgotten.
    FileOverlay fleet(repo());
    QVERIFY(fleet.write(QStringLiteral("fleet.yaml"), "customers: [oops\n"));
    validation = validateFleet(repo(), nullptr, &fleet);
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QVERIFY(!validation->problems.isEmpty());
    QCOMPARE(validation->problems.first().location.file, QStringLiteral("fleet.yaml"));

    // The working tree as it is: clean, and every zone still remembered.
    validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QVERIFY2(validation->problems.isEmpty(), qPrintable(render(validation->problems).join(u'\n')));
    QCOMPARE(validation->zonesBuilt + validation->zonesReused, 6);
    QCOMPARE(validation->zonesReused, 6); // what was tried in memory forgot nothing
    const auto loaded = loadFleet(repo());
    QCOMPARE(loaded->customer(QStringLiteral("globex"))->red->resolution.version,
             QStringLiteral("2.31.0"));
}

void TestFleetValidation::sharedBaseBreakingAnotherZoneIsCaught()
{
    // Fine for the Red zones (their own patch sets the version), fatal for the Green ones.
    QByteArray base = kBase;
    base.replace("      version: 2.30.0   # the fleet's default\n", "      timezone: UTC\n");
    QVERIFY(test::writeFile(repo(), QStringLiteral("base/spinnakerservice.yml"), base));
    const auto validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(validation->zonesBuilt, 6); // every zone reads the base
    const QStringList problems = render(validation->problems);
    QCOMPARE(problems.size(), 3);
    for (const QString &problem : problems)
        QVERIFY2(problem.contains(QLatin1String("green zone's SpinnakerService has no version")),
                 qPrintable(problem));
    // And the same problems as a load from scratch, in the same order.
    QCOMPARE(problems, render(loadFleet(repo())->diagnostics));
}

void TestFleetValidation::sameSizeRewriteWithOldTimeIsCaught()
{
    namespace fs = std::filesystem;
    const QString file = repo() + QStringLiteral("/customers/initech/red/patch-version.yml");
    const auto mtime = fs::last_write_time(fs::path(file.toStdString()));
    // Same size, same mtime: only the inode change time (and the bytes) differ.
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/initech/red/patch-version.yml"),
                            patchVersion("[2.31.")));
    fs::last_write_time(fs::path(file.toStdString()), mtime);
    const auto validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(validation->zonesBuilt, 1);
    QCOMPARE(validation->problems.size(), 1);
    QCOMPARE(validation->problems.first().location.file,
             QStringLiteral("customers/initech/red/patch-version.yml"));
}

void TestFleetValidation::secondKustomizationInADirectoryIsCaught()
{
    // No file the zone read changed; the directory did, and Kustomize refuses to choose.
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/acme/green/kustomization.yaml"),
                            "resources:\n  - ../../../base\n"));
    const auto validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(validation->zonesBuilt, 1);
    QCOMPARE(validation->problems.size(), 1);
    QVERIFY2(validation->problems.first().message.contains(QLatin1String("found both")),
             qPrintable(validation->problems.first().toString()));
}

void TestFleetValidation::fleetFileChangesAreRead()
{
    QFile fleet(repo() + QStringLiteral("/fleet.yaml"));
    QVERIFY(fleet.open(QIODevice::Append));
    fleet.write("  - id: acme\n    name: again\n");
    fleet.close();
    const auto validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(validation->zonesReused, 6); // the overlays did not change
    QCOMPARE(render(validation->problems), render(loadFleet(repo())->diagnostics));
    QVERIFY(render(validation->problems).join(u'\n').contains(QLatin1String("duplicate")));
}

// With a releases.yaml, every zone's desired version must be a listed release: reported where
// the version is set. A broken releases.yaml hides nothing else: its problem and a zone's
// problem are both reported.
void TestFleetValidation::versionsOutsideTheReleaseCatalogAreReported()
{
    QVERIFY(test::writeFile(repo(), QStringLiteral("releases.yaml"),
                            "releases:\n  - {version: 2.30.0, date: 2026-06-01}\n"
                            "  - {version: 2.31.0, date: 2026-09-01}\n"));
    auto validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(render(validation->problems), QStringList());
    const auto loaded = loadFleet(repo());
    QVERIFY(loaded && loaded->releases);
    QCOMPARE(loaded->releases->releases.size(), 2);

    // globex's Red moves to a version nobody released.
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/globex/red/patch-version.yml"),
                            patchVersion("2.31.7")));
    validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(render(validation->problems),
             QStringList{"customers/globex/red/patch-version.yml:8:16: globex red desires version "
                         "2.31.7, which releases.yaml does not list"});
    QCOMPARE(render(validation->problems), render(loadFleet(repo())->diagnostics));

    // A syntax error in releases.yaml and a broken overlay: both reported. With the catalog
    // unreadable, no zone's version is called unlisted.
    QVERIFY(test::writeFile(repo(), QStringLiteral("releases.yaml"),
                            "releases:\n  - {version: 2.30.0, date: [\n"));
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/acme/green/kustomization.yml"),
                            "resources:\n  - ../../../no-such-base\n"));
    validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    const QStringList all = render(validation->problems);
    QVERIFY2(all.size() == 2, qPrintable(all.join(u'\n')));
    QVERIFY2(all.at(0).startsWith("customers/acme/green/kustomization.yml:2:"),
             qPrintable(all.join(u'\n')));
    QVERIFY2(all.at(1).startsWith("releases.yaml:3:1: YAML syntax error"),
             qPrintable(all.join(u'\n')));
    QCOMPARE(all, render(loadFleet(repo())->diagnostics));
}

// The second entry of a duplicated id is not shown, but its own problems (here an overlay that
// does not exist, two lines below the id) are reported beside the duplicate itself.
void TestFleetValidation::duplicateCustomerIsStillValidated()
{
    QFile fleet(repo() + QStringLiteral("/fleet.yaml"));
    QVERIFY(fleet.open(QIODevice::ReadOnly));
    const QByteArray before = fleet.readAll();
    fleet.close();
    const int idLine = int(before.count('\n')) + 1;
    QVERIFY(test::writeFile(repo(), QStringLiteral("fleet.yaml"),
                            before + "  - id: acme\n    name: again\n    zones:\n"
                                     "      red: {overlay: customers/acme/blue, cluster: a}\n"));
    const auto validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    const QStringList problems = render(validation->problems);
    QCOMPARE(problems, render(loadFleet(repo())->diagnostics));
    QVERIFY2(problems.contains(QStringLiteral("fleet.yaml:%1:9: duplicate customer id 'acme' "
                                              "(first declared on line 3)")
                                       .arg(idLine)),
             qPrintable(problems.join(u'\n')));
    QVERIFY2(problems.contains(QStringLiteral("fleet.yaml:%1:22: overlay 'customers/acme/blue' "
                                              "does not exist")
                                       .arg(idLine + 3)),
             qPrintable(problems.join(u'\n')));
    QCOMPARE(problems.size(), 2);
    // The first acme is the one shown, with its zones as before.
    const auto fleetNow = loadFleet(repo());
    QVERIFY2(fleetNow, qPrintable(fleetNow.errorMessage()));
    QCOMPARE(fleetNow->customers.size(), 3);
    QCOMPARE(fleetNow->customers.first().red->resolution.version, QStringLiteral("2.31.0"));
}

void TestFleetValidation::commitOfABaseBreakingAnotherZoneIsRefused()
{
    auto git = GitRepository::init(repo(), false);
    QVERIFY2(git, qPrintable(git.errorMessage()));
    const CommitAuthor author{QStringLiteral("Test"), QStringLiteral("test@example.com")};
    QVERIFY(git->commitAll(QStringLiteral("Initial fleet"), {author.name, author.email}));
    auto engine = ChangeEngine::open(repo());
    QVERIFY2(engine, qPrintable(engine.errorMessage()));

    // A value edit first: validated with the zones reused, committed.
    CommitRequest bump;
    bump.edits = {ValueEdit{QStringLiteral("acme"), ZoneKind::Red,
                            QStringLiteral("spec.spinnakerConfig.config.version"),
                            QStringLiteral("2.33.0")}};
    bump.subject = QStringLiteral("Bump acme red");
    bump.author = author;
    const ChangeAttempt bumped = engine->commit(bump);
    QVERIFY2(bumped.committed, qPrintable(bumped.refusal));

    // Then a base that every Green zone needs loses its version: refused, the problems listed,
    // the working tree as it was.
    QByteArray base = kBase;
    base.replace("version: 2.30.0", "versoin: 2.30.0");
    CommitRequest change;
    change.files = {FileText{QStringLiteral("base/spinnakerservice.yml"), base}};
    change.subject = QStringLiteral("Tidy the base");
    change.author = author;
    const ChangeAttempt refused = engine->commit(change);
    QVERIFY(!refused.committed);
    QCOMPARE(refused.refusal, QStringLiteral("the fleet does not validate with this change"));
    QCOMPARE(refused.problems.size(), 3);
    for (const Diagnostic &problem : refused.problems)
        QVERIFY2(problem.message.contains(QLatin1String("green zone")),
                 qPrintable(problem.toString()));
    QFile file(repo() + QStringLiteral("/base/spinnakerservice.yml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), kBase);
    // Put back, the fleet validates again.
    const auto validation = validateFleet(repo());
    QVERIFY(validation && validation->problems.isEmpty());
}

void TestFleetValidation::rememberedInputsNameTheZonesReadingAnOverlay()
{
    const QString red = QStringLiteral("customers/acme/red");
    const QString green = QStringLiteral("customers/acme/green");
    QStringList all;
    for (const char *id : {"acme", "globex", "initech"}) {
        for (const char *zone : {"red", "green"})
            all.append(QStringLiteral("customers/%1/%2")
                               .arg(QLatin1String(id), QLatin1String(zone)));
    }
    auto alone = InputCheck::ofCache(repo()).overlaysReading(all, {red});
    QVERIFY(alone);
    QCOMPARE(*alone, QSet<QString>{red});

    // Green rebuilt on red: until a load has seen it, its changed kustomization makes it a
    // zone the check cannot vouch for, so it counts as reading red.
    QVERIFY(test::writeFile(repo(), green + QStringLiteral("/kustomization.yml"),
                            "resources:\n  - ../red\n"));
    auto stacked = InputCheck::ofCache(repo()).overlaysReading(all, {red});
    QVERIFY(stacked);
    QCOMPARE(*stacked, (QSet<QString>{red, green}));
    // More zones it cannot vouch for than the caller allows: walk instead.
    QVERIFY(!InputCheck::ofCache(repo()).overlaysReading(all, {red}, 0));
    // After a validation it is remembered reading red's files.
    QVERIFY(validateFleet(repo()));
    InputCheck check = InputCheck::ofCache(repo());
    stacked = check.overlaysReading(all, {red});
    QVERIFY(stacked);
    QCOMPARE(*stacked, (QSet<QString>{red, green}));
    QCOMPARE(*check.overlaysReading(all, {QStringLiteral("customers/globex/red")}),
             QSet<QString>{QStringLiteral("customers/globex/red")});
    // Nothing remembered: the caller walks the kustomizations instead.
    FleetLoadCache::clearAll();
    QVERIFY(!InputCheck::ofCache(repo()).overlaysReading(all, {red}));
}

void TestFleetValidation::editOfAnOverlayAnotherZoneReadsIsRefused()
{
    // Green built on red takes every change of red: with the zones found from the remembered
    // inputs (not by reading every kustomization), an edit of red alone is still refused.
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/acme/green/kustomization.yml"),
                            "resources:\n  - ../red\n"));
    ageTree(repo());
    QVERIFY(validateFleet(repo()));
    InputCheck check = InputCheck::ofCache(repo());
    const ValueEdit edit{QStringLiteral("acme"), ZoneKind::Red,
                         QStringLiteral("spec.spinnakerConfig.config.version"),
                         QStringLiteral("2.31.5")};
    FileOverlay proposed(repo());
    const auto applied = proposeValueEdits(proposed, {edit}, &check);
    QVERIFY(!applied);
    QVERIFY(proposed.isEmpty());
    QVERIFY2(applied.errorMessage().contains(QStringLiteral("green zone of acme")),
             qPrintable(applied.errorMessage()));
    QFile file(repo() + QStringLiteral("/customers/acme/red/patch-version.yml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), patchVersion("2.31.0"));
}

void TestFleetValidation::commitStagesOnlyItsFilesAndLeavesGitClean()
{
    const auto git = [this](const QStringList &args) {
        QProcess process;
        process.setWorkingDirectory(repo());
        process.start(QStringLiteral("git"), args);
        process.waitForFinished(60000);
        return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    };
    auto repository = GitRepository::init(repo(), false);
    QVERIFY2(repository, qPrintable(repository.errorMessage()));
    const CommitAuthor author{QStringLiteral("Test"), QStringLiteral("test@example.com")};
    QVERIFY(repository->commitAll(QStringLiteral("Initial fleet"), {author.name, author.email}));
    // The user has staged an unrelated file of their own: it must stay staged, not committed.
    QVERIFY(test::writeFile(repo(), QStringLiteral("notes/todo.md"), "call globex\n"));
    git({QStringLiteral("add"), QStringLiteral("notes/todo.md")});
    auto engine = ChangeEngine::open(repo());
    QVERIFY2(engine, qPrintable(engine.errorMessage()));

    // A key set nowhere yet: a new patch file in the overlay, and its kustomization lists it.
    CommitRequest request;
    const QString bucket =
            QStringLiteral("spec.spinnakerConfig.config.persistentStorage.s3.bucket");
    request.edits = {ValueEdit{QStringLiteral("initech"), ZoneKind::Green, bucket,
                               QStringLiteral("initech-green")},
                     ValueEdit{QStringLiteral("acme"), ZoneKind::Red,
                               QStringLiteral("spec.spinnakerConfig.config.version"),
                               QStringLiteral("2.34.0")}};
    request.subject = QStringLiteral("Two zones");
    request.author = author;
    const ChangeAttempt attempt = engine->commit(request);
    QVERIFY2(attempt.committed, qPrintable(attempt.refusal));
    QCOMPARE(git({QStringLiteral("diff"), QStringLiteral("--name-only"), QStringLiteral("HEAD~1"),
                  QStringLiteral("HEAD")}),
             QStringLiteral("customers/acme/red/patch-version.yml\n"
                            "customers/initech/green/kustomization.yml\n"
                            "customers/initech/green/patch-quarterdeck.yml"));
    QCOMPARE(git({QStringLiteral("status"), QStringLiteral("--porcelain")}),
             QStringLiteral("A  notes/todo.md"));
    QCOMPARE(git({QStringLiteral("fsck"), QStringLiteral("--strict")}), QString());
    // The index agrees with the new commit everywhere but the staged file.
    QCOMPARE(git({QStringLiteral("diff"), QStringLiteral("--cached"), QStringLiteral("--name-only"),
                  QStringLiteral("HEAD")}),
             QStringLiteral("notes/todo.md"));
}

void TestFleetValidation::armedWatchLooksOnlyAtWhatChanged()
{
    if (!armed())
        QSKIP("about the armed watch");
    // Another program appends to a patch in place (no new inode, no rename).
    const QString patch = QStringLiteral("customers/globex/red/patch-version.yml");
    QCOMPARE(QProcess::execute(QStringLiteral("sh"),
                               {QStringLiteral("-c"), QStringLiteral("echo '      timezone: [' >> %1")
                                                              .arg(repo() + u'/' + patch)}),
             0);
    InputCheck check = InputCheck::ofCache(repo());
    check.lookAtAll();
    QCOMPARE(check.results().keys(), QStringList{patch});
    const auto validation = validateFleet(repo(), &check);
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(validation->zonesBuilt, 1);
    QCOMPARE(validation->problems.size(), 1);
    QCOMPARE(validation->problems.first().location.file, patch);
}

void TestFleetValidation::folderMovedAwayAndReplacedIsCaught()
{
    // The watches follow the moved folders; the copies under the old names have none.
    QVERIFY(QDir(repo()).rename(QStringLiteral("customers"), QStringLiteral("customers-old")));
    QVERIFY(test::copyTree(repo() + QStringLiteral("/customers-old"),
                           repo() + QStringLiteral("/customers")));
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/acme/red/patch-version.yml"),
                            patchVersion("[2.31.")));
    const auto validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(render(validation->problems), render(loadFleet(repo())->diagnostics));
    QCOMPARE(validation->problems.size(), 1);
    QCOMPARE(validation->problems.first().location.file,
             QStringLiteral("customers/acme/red/patch-version.yml"));
}

void TestFleetValidation::symlinkedPatchWhoseTargetChangesIsCaught()
{
#if defined(Q_OS_WIN)
    QSKIP("symbolic links need privileges on Windows");
#endif
    const QString patch = QStringLiteral("customers/acme/red/patch-version.yml");
    QVERIFY(test::writeFile(repo(), QStringLiteral("shared/acme-version.yml"),
                            patchVersion("2.31.0")));
    QVERIFY(QFile::remove(repo() + u'/' + patch));
    QVERIFY(QFile::link(QStringLiteral("../../../shared/acme-version.yml"), repo() + u'/' + patch));
    // Seen twice, as the watch needs to vouch for anything.
    QVERIFY(validateFleet(repo()) && validateFleet(repo()));
    // The target lies in a folder no zone reads: no event names the patch.
    QVERIFY(test::writeFile(repo(), QStringLiteral("shared/acme-version.yml"),
                            patchVersion("[2.31.")));
    const auto validation = validateFleet(repo());
    QVERIFY2(validation, qPrintable(validation.errorMessage()));
    QCOMPARE(validation->problems.size(), 1);
    QCOMPARE(validation->problems.first().location.file, patch);
}

void TestFleetValidation::lostEventsMeanEverythingIsLookedAt()
{
    // More events than the kernel queues (fs.inotify.max_queued_events): it drops the rest.
    QFile limit(QStringLiteral("/proc/sys/fs/inotify/max_queued_events"));
    if (!limit.open(QIODevice::ReadOnly))
        QSKIP("no inotify on this system");
    const int events = limit.readAll().trimmed().toInt() + 100;
    QVERIFY(events > 100);
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/initech/red/patch-version.yml"),
                            patchVersion("[2.31.")));
    // Alternating names: the kernel folds an event into the one queued just before it.
    for (int i = 0; i < events; ++i) {
        QFile noise(repo() + QStringLiteral("/customers/acme/green/noise-%1").arg(i % 2));
        QVERIFY(noise.open(QIODevice::WriteOnly));
    }
    expectOneProblemLookingAtAll(QStringLiteral("customers/initech/red/patch-version.yml"));
}

void TestFleetValidation::refreshAgreesWithALoadFromScratch()
{
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/globex/red/patch-version.yml"),
                            patchVersion("2.32.0  # bumped")));
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/initech/green/kustomization.yml"),
                            "resources:\n  - ../../../base\n  - missing.yml\n"));
    const auto refreshed = refreshFleet(repo());
    QVERIFY2(refreshed, qPrintable(refreshed.errorMessage()));
    const auto loaded = loadFleet(repo());
    QVERIFY2(loaded, qPrintable(loaded.errorMessage()));
    QCOMPARE(refreshed->customer(QStringLiteral("globex"))->red->resolution.version,
             QStringLiteral("2.32.0"));
    QCOMPARE(render(refreshed->diagnostics), render(loaded->diagnostics));
    QCOMPARE(refreshed->diagnostics.size(), 1);
    QCOMPARE(refreshed->customers.size(), loaded->customers.size());
    for (qsizetype i = 0; i < loaded->customers.size(); ++i) {
        const Customer &mine = refreshed->customers.at(i);
        const Customer &theirs = loaded->customers.at(i);
        QCOMPARE(mine.id, theirs.id);
        for (const auto &[a, b] : {std::pair{&mine.red, &theirs.red}, {&mine.green, &theirs.green}}) {
            QCOMPARE((*a)->resolution.version, (*b)->resolution.version);
            QCOMPARE((*a)->resolution.versionLocation, (*b)->resolution.versionLocation);
            QCOMPARE((*a)->resolution.files, (*b)->resolution.files);
        }
    }
    QCOMPARE(refreshed->repo.path, loaded->repo.path);
}

void TestFleetValidation::onlyTheRepoInUseKeepsItsWatches()
{
    if (!armed())
        QSKIP("about the armed watch");
    QVERIFY(inotifyWatches() > 0);
    QTemporaryDir other;
    FleetLoadCache::forRepo(other.path()); // another repo is read now
    QCOMPARE(inotifyWatches(), 0);

    // Back to this one: changed meanwhile, seen by looking at every input once more.
    QVERIFY(test::writeFile(repo(), QStringLiteral("customers/acme/red/patch-version.yml"),
                            patchVersion("[2.31.")));
    expectOneProblemLookingAtAll(QStringLiteral("customers/acme/red/patch-version.yml"));
    QVERIFY(inotifyWatches() > 0);
}

void TestFleetValidation::aRepoReadOnceIsNotWatched()
{
    if (armed())
        QSKIP("about a repo read once");
    // As `quarterdeck validate` reads it: no watch, whose set-up would only cost the command.
    QCOMPARE(inotifyWatches(), 0);
    QVERIFY(validateFleet(repo())); // read a second time: from now on it is watched
    if (!FleetLoadCache::forRepo(repo())->watch())
        QSKIP("no change notification on this platform or file system");
    QVERIFY(inotifyWatches() > 0);
}

QTEST_GUILESS_MAIN(TestFleetValidation)
#include "tst_fleetvalidation.moc"
