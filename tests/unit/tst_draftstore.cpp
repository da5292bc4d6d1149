// Drafts of uncommitted editor text: written a moment after the last change, atomically, kept per
// clone, found again by a new store (after a crash), and gone once discarded.
#include "services/changes/DraftStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;

class TestDraftStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void autosavesAfterThePause();
    void survivesTheStoreGoingAway();
    void keepsClonesApart();
    void discardRemovesTheDraftAndItsFolders();
    void refusesPathsOutsideTheRepo_data();
    void refusesPathsOutsideTheRepo();

private:
    QTemporaryDir m_dir;
    QString m_repo;
};

void TestDraftStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_repo = m_dir.filePath(QStringLiteral("work"));
    QVERIFY(QDir().mkpath(m_repo));
}

void TestDraftStore::init()
{
    DraftStore store;
    store.setRepository(m_repo);
    QDir(store.directory()).removeRecursively();
}

void TestDraftStore::autosavesAfterThePause()
{
    DraftStore store;
    store.setRepository(m_repo);
    store.setAutosaveDelay(200);
    QSignalSpy saved(&store, &DraftStore::saved);
    const QString path = QStringLiteral("customers/acme/red/patch-version.yml");
    store.scheduleSave(path, QStringLiteral("version: 2.31.0\n"));
    store.scheduleSave(path, QStringLiteral("version: 2.31.1\n"));
    QVERIFY(!QFile::exists(store.draftFilePath(path)));
    QVERIFY(saved.wait());
    QCOMPARE(saved.size(), 1); // two quick changes, one write
    QVERIFY(store.draftFilePath(path).startsWith(
            QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
            QStringLiteral("/drafts/")));
    QFile file(store.draftFilePath(path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("version: 2.31.1\n"));
}

void TestDraftStore::survivesTheStoreGoingAway()
{
    const QString path = QStringLiteral("fleet.yaml");
    {
        DraftStore store;
        store.setRepository(m_repo);
        QVERIFY(store.saveNow(path, QStringLiteral("customers: []\n")).ok());
        // Scheduled but not yet written: the destructor writes it.
        store.scheduleSave(QStringLiteral("maintenance.yaml"), QStringLiteral("windows: []\n"));
    }
    DraftStore again;
    again.setRepository(m_repo);
    const QList<Draft> drafts = again.drafts();
    QCOMPARE(drafts.size(), 2);
    QCOMPARE(drafts.at(0).relativePath, path);
    QCOMPARE(drafts.at(0).text, QStringLiteral("customers: []\n"));
    QCOMPARE(drafts.at(1).relativePath, QStringLiteral("maintenance.yaml"));
    QVERIFY(drafts.at(0).savedAt.isValid());
}

void TestDraftStore::keepsClonesApart()
{
    const QString other = m_dir.filePath(QStringLiteral("other"));
    QVERIFY(QDir().mkpath(other));
    DraftStore first;
    first.setRepository(m_repo);
    QVERIFY(first.saveNow(QStringLiteral("fleet.yaml"), QStringLiteral("a\n")).ok());
    DraftStore second;
    second.setRepository(other);
    QVERIFY(second.directory() != first.directory());
    QVERIFY(second.drafts().isEmpty());
    QVERIFY(!second.hasDraft(QStringLiteral("fleet.yaml")));
    QVERIFY(first.hasDraft(QStringLiteral("fleet.yaml")));
}

void TestDraftStore::discardRemovesTheDraftAndItsFolders()
{
    DraftStore store;
    store.setRepository(m_repo);
    const QString path = QStringLiteral("customers/acme/green/patch.yml");
    QVERIFY(store.saveNow(path, QStringLiteral("x: 1\n")).ok());
    QVERIFY(store.hasDraft(path));
    store.discard(path);
    QVERIFY(!store.hasDraft(path));
    QVERIFY(store.drafts().isEmpty());
    QVERIFY(!QDir(store.directory() + QStringLiteral("/customers")).exists());
}

void TestDraftStore::refusesPathsOutsideTheRepo_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("parent") << "../escape.yml";
    QTest::newRow("inner parent") << "customers/../../escape.yml";
    QTest::newRow("absolute") << "/etc/passwd";
    QTest::newRow("empty") << "";
}

void TestDraftStore::refusesPathsOutsideTheRepo()
{
    QFETCH(QString, path);
    DraftStore store;
    store.setRepository(m_repo);
    const Result<void> result = store.saveNow(path, QStringLiteral("x\n"));
    QVERIFY(!result.ok());
    QVERIFY(!result.error().message.isEmpty());
}

QTEST_MAIN(TestDraftStore)
#include "tst_draftstore.moc"
