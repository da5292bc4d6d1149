// releases.yaml: the release catalog the promotion gate reads. What is read, and every mistake
// reported at its line and column.
#include "services/config/ReleaseFileReader.h"

#include <QTest>

using namespace qd;

namespace {

QStringList render(const Diagnostics &problems)
{
    QStringList lines;
    for (const auto &problem : problems)
        lines.append(problem.toString());
    return lines;
}

} // namespace

class TestReleaseFile : public QObject
{
    Q_OBJECT

private slots:
    void readsTheCatalog();
    void problems_data();
    void problems();
};

void TestReleaseFile::readsTheCatalog()
{
    const ReleaseFile file = parseReleaseFile(
            "releases:\n"
            "  - {version: 2.31.0-rc1, date: 2026-08-20}\n"
            "  - version: 2.31.0\n"
            "    date: 2026-09-01\n"
            "    notes: \"Pipelines as code GA\"\n"
            "  - {version: 2.31.2, date: 2026-10-15, withdrawn: \"CVE-2026-1234 in Gate\"}\n"
            "  - {version: 2.32.0, date: 2026-11-01}\n",
            "releases.yaml");
    QCOMPARE(render(file.problems), QStringList());
    QCOMPARE(file.catalog.file, QString("releases.yaml"));
    QCOMPARE(file.catalog.releases.size(), 4);
    const Release *rc = file.catalog.find(Version::parse("2.31.0-rc1"));
    QVERIFY(rc);
    QCOMPARE(rc->date, QDate(2026, 8, 20));
    QCOMPARE(rc->declaredAt, (SourceLocation{"releases.yaml", 2, 5}));
    const Release *ga = file.catalog.find(Version::parse("2.31.0"));
    QVERIFY(ga && ga != rc); // a release candidate is not its release
    QCOMPARE(ga->notes, QString("Pipelines as code GA"));
    QCOMPARE(file.catalog.find(Version::parse("2.31.2"))->withdrawn,
             QString("CVE-2026-1234 in Gate"));
    QVERIFY(file.catalog.find(Version::parse("2.32.0"))->withdrawn.isEmpty());
    QVERIFY(!file.catalog.find(Version::parse("2.33.0")));
    // Armory's order: 2.31.0-rc1 < 2.31.0 < 2.31.2 < 2.32.0.
    for (qsizetype i = 1; i < file.catalog.releases.size(); ++i)
        QVERIFY(file.catalog.releases.at(i - 1).version < file.catalog.releases.at(i).version);
}

void TestReleaseFile::problems_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("not a version")
            << "releases:\n  - {version: latest, date: 2026-11-01}\n"
            << QStringList{"releases.yaml:2:15: 'latest' is not a version such as 2.32.0 or "
                           "2.32.0-rc1"};
    QTest::newRow("not a date")
            << "releases:\n  - {version: 2.32.0, date: 2026-13-01}\n"
            << QStringList{"releases.yaml:2:29: release date '2026-13-01' is not a date "
                           "(YYYY-MM-DD)"};
    QTest::newRow("no date")
            << "releases:\n  - {version: 2.32.0}\n"
            << QStringList{"releases.yaml:2:5: a release has no 'date'"};
    QTest::newRow("listed twice, both reported with the rest")
            << "releases:\n  - {version: 2.32.0, date: 2026-11-01}\n"
               "  - {version: 2.32.0, date: 2026-11-02}\n  - {version: x, date: 2026-11-03}\n"
            << QStringList{"releases.yaml:3:15: release 2.32.0 is listed twice (first on line 2)",
                           "releases.yaml:4:15: 'x' is not a version such as 2.32.0 or "
                           "2.32.0-rc1"};
    QTest::newRow("unknown key")
            << "releases:\n  - {version: 2.32.0, date: 2026-11-01, lts: true}\n"
            << QStringList{"releases.yaml:2:46: unknown key 'lts' in a release (expected one "
                           "of: version, date, notes, withdrawn)"};
    QTest::newRow("withdrawn without a reason")
            << "releases:\n  - {version: 2.32.0, date: 2026-11-01, withdrawn: \"\"}\n"
            << QStringList{"releases.yaml:2:52: 'withdrawn' must give the reason"};
    QTest::newRow("not a list") << "releases: 2.32.0\n"
                                << QStringList{"releases.yaml:1:11: 'releases' must be a list"};
    QTest::newRow("syntax error")
            << "releases:\n  - {version: 2.32.0, date: [\n"
            << QStringList{"releases.yaml:3:1: YAML syntax error:"};
}

void TestReleaseFile::problems()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    const ReleaseFile file = parseReleaseFile(text.toUtf8(), "releases.yaml");
    const QStringList got = render(file.problems);
    QVERIFY2(got.size() == expected.size(), qPrintable(got.join('\n')));
    for (qsizetype i = 0; i < got.size(); ++i)
        QVERIFY2(got.at(i).startsWith(expected.at(i)), qPrintable(got.join('\n')));
}

QTEST_GUILESS_MAIN(TestReleaseFile)
#include "tst_releasefile.moc"
