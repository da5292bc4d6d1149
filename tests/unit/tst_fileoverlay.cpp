// The working tree as a change would leave it, held in memory: reading through it, what it
// refuses, and writing it out (and back) when a change is committed or refused.
#include "services/config/FileOverlay.h"
#include "services/config/KustomizeResolver.h"
#include "support/TestRepo.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace qd;

namespace {

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

// The inode and modification time: a file written and put back keeps its bytes, not these.
QString identityOf(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return QStringLiteral("absent");
    return QStringLiteral("%1@%2.%3")
            .arg(info.st_ino)
            .arg(info.st_mtim.tv_sec)
            .arg(info.st_mtim.tv_nsec);
}

} // namespace

class TestFileOverlay : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void readsTheProposedBytesOverTheDisk();
    void refusesPathsOutsideTheRepo_data();
    void refusesPathsOutsideTheRepo();
    void unreadableFileIsAnErrorNeverAbsent();
    void writeOutWritesOnlyWhatChangedAndRestoreUndoesIt();
    void buildsReadTheProposedFiles();

private:
    QString path(const QString &relative) const { return m_dir->filePath(relative); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestFileOverlay::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestFileOverlay::readsTheProposedBytesOverTheDisk()
{
    QVERIFY(test::writeFile(m_dir->path(), QStringLiteral("a.yml"), "one\n"));
    FileOverlay files(m_dir->path());
    QCOMPARE(files.read(QStringLiteral("a.yml"))->value(), QByteArray("one\n"));
    QVERIFY(!files.read(QStringLiteral("missing.yml"))->has_value());
    const QString before = identityOf(path(QStringLiteral("a.yml")));

    QVERIFY(files.write(QStringLiteral("a.yml"), "two\n"));
    QVERIFY(files.write(QStringLiteral("new/b.yml"), "three\n"));
    QCOMPARE(files.read(QStringLiteral("./a.yml"))->value(), QByteArray("two\n"));
    QCOMPARE(files.read(QStringLiteral("new/b.yml"))->value(), QByteArray("three\n"));
    QVERIFY(files.fileExists(path(QStringLiteral("new/b.yml"))));
    QVERIFY(files.dirExists(path(QStringLiteral("new"))));
    QVERIFY(files.touches(QStringLiteral("new")));   // its entries would change
    QVERIFY(files.touches(QStringLiteral(".")));     // a.yml is in the root
    QVERIFY(!files.touches(QStringLiteral("other")));
    QCOMPARE(*files.changedFromDisk(), (QStringList{"a.yml", "new/b.yml"}));

    // Nothing reached the disk.
    QCOMPARE(bytesOf(path(QStringLiteral("a.yml"))), QByteArray("one\n"));
    QCOMPARE(identityOf(path(QStringLiteral("a.yml"))), before);
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("new"))));
}

void TestFileOverlay::refusesPathsOutsideTheRepo_data()
{
    QTest::addColumn<QString>("relative");
    QTest::newRow("parent") << QStringLiteral("../outside.yml");
    QTest::newRow("parent, cleaned") << QStringLiteral("a/../../outside.yml");
    QTest::newRow("absolute") << QStringLiteral("/tmp/outside.yml");
    QTest::newRow(".git") << QStringLiteral(".git");
    QTest::newRow("under .git") << QStringLiteral(".git/config");
    QTest::newRow("the root") << QStringLiteral(".");
}

void TestFileOverlay::refusesPathsOutsideTheRepo()
{
    QFETCH(QString, relative);
    FileOverlay files(m_dir->path());
    const auto written = files.write(relative, "x\n");
    QVERIFY(!written);
    QVERIFY2(written.errorMessage().contains(QStringLiteral("not a file of the config repo")),
             qPrintable(written.errorMessage()));
    QVERIFY(files.isEmpty());
}

void TestFileOverlay::unreadableFileIsAnErrorNeverAbsent()
{
    // A dangling symlink cannot be read, even by root: it must not be taken for a missing file
    // (and then deleted when a refused change puts the tree back).
    QVERIFY(QFile::link(path(QStringLiteral("gone.yml")), path(QStringLiteral("broken.yml"))));
    FileOverlay files(m_dir->path());
    const auto read = files.read(QStringLiteral("broken.yml"));
    QVERIFY(!read);
    QVERIFY2(read.errorMessage().contains(QStringLiteral("cannot read broken.yml")),
             qPrintable(read.errorMessage()));

    QVERIFY(files.write(QStringLiteral("broken.yml"), "version: 1\n"));
    QVERIFY(!files.changedFromDisk());
    const auto written = files.writeOut();
    QVERIFY(!written);
    QVERIFY2(written.errorMessage().contains(QStringLiteral("broken.yml")),
             qPrintable(written.errorMessage()));
    QVERIFY(QFileInfo(path(QStringLiteral("broken.yml"))).isSymLink());
}

void TestFileOverlay::writeOutWritesOnlyWhatChangedAndRestoreUndoesIt()
{
    QVERIFY(test::writeFile(m_dir->path(), QStringLiteral("same.yml"), "1\n"));
    QVERIFY(test::writeFile(m_dir->path(), QStringLiteral("changed.yml"), "2\n"));
    const QString sameBefore = identityOf(path(QStringLiteral("same.yml")));
    FileOverlay files(m_dir->path());
    QVERIFY(files.write(QStringLiteral("same.yml"), "1\n"));
    QVERIFY(files.write(QStringLiteral("changed.yml"), "3\n"));
    QVERIFY(files.write(QStringLiteral("deep/new/file.yml"), "4\n"));

    const auto originals = files.writeOut();
    QVERIFY2(originals, qPrintable(originals.errorMessage()));
    QCOMPARE(originals->size(), 2);
    QCOMPARE(originals->value(QStringLiteral("changed.yml")), std::optional<QByteArray>("2\n"));
    QVERIFY(originals->contains(QStringLiteral("deep/new/file.yml")));
    QVERIFY(!originals->value(QStringLiteral("deep/new/file.yml")).has_value());
    QCOMPARE(identityOf(path(QStringLiteral("same.yml"))), sameBefore); // not rewritten
    QCOMPARE(bytesOf(path(QStringLiteral("changed.yml"))), QByteArray("3\n"));
    QCOMPARE(bytesOf(path(QStringLiteral("deep/new/file.yml"))), QByteArray("4\n"));
    QVERIFY(files.changedFromDisk()->isEmpty());

    QVERIFY(restoreFiles(files.root(), *originals));
    QCOMPARE(bytesOf(path(QStringLiteral("changed.yml"))), QByteArray("2\n"));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("deep")))); // the folders made for it go too
    QCOMPARE(bytesOf(path(QStringLiteral("same.yml"))), QByteArray("1\n"));
}

void TestFileOverlay::buildsReadTheProposedFiles()
{
    const QByteArray service = "apiVersion: spinnaker.io/v1alpha2\nkind: SpinnakerService\n"
                               "metadata:\n  name: spinnaker\nspec:\n  spinnakerConfig:\n"
                               "    config:\n      version: 2.30.0\n";
    QVERIFY(test::writeFile(m_dir->path(), QStringLiteral("zone/kustomization.yml"),
                            "resources:\n  - service.yml\n"));
    QVERIFY(test::writeFile(m_dir->path(), QStringLiteral("zone/service.yml"), service));
    FileOverlay files(m_dir->path());
    // A new patch in the zone's folder, and the kustomization that lists it, both in memory.
    QVERIFY(files.write(QStringLiteral("zone/kustomization.yml"),
                        "resources:\n  - service.yml\npatches:\n  - path: more/patch.yml\n"));
    QVERIFY(files.write(QStringLiteral("zone/more/patch.yml"),
                        "apiVersion: spinnaker.io/v1alpha2\nkind: SpinnakerService\n"
                        "metadata:\n  name: spinnaker\nspec:\n  spinnakerConfig:\n"
                        "    config:\n      version: 2.31.1\n"));
    KustomizeResolver proposed(m_dir->path());
    proposed.readThrough(&files);
    const KustomizeBuild build = proposed.build(QStringLiteral("zone"));
    QVERIFY2(build.problems.isEmpty(), qPrintable(build.problems.value(0).toString()));
    const ManifestNode *resource = build.firstOfKind("SpinnakerService");
    QVERIFY(resource);
    QCOMPARE(resource->scalarAt("spec.spinnakerConfig.config.version"), std::string("2.31.1"));
    QCOMPARE(proposed.locationOf(resource->at("spec.spinnakerConfig.config.version")->origin())
                     .file,
             QStringLiteral("zone/more/patch.yml"));

    // The working tree itself still builds as it was.
    KustomizeResolver onDisk(m_dir->path());
    const KustomizeBuild asItIs = onDisk.build(QStringLiteral("zone"));
    const ManifestNode *before = asItIs.firstOfKind("SpinnakerService");
    QVERIFY(before);
    QCOMPARE(before->scalarAt("spec.spinnakerConfig.config.version"), std::string("2.30.0"));
}

QTEST_GUILESS_MAIN(TestFileOverlay)
#include "tst_fileoverlay.moc"
