// Version order decides "Red ahead of Green": pre-releases sort before their release.
#include "models/Version.h"

#include <QTest>

using namespace qd;

class TestVersion : public QObject
{
    Q_OBJECT

private slots:
    void order_data();
    void order();
};

void TestVersion::order_data()
{
    QTest::addColumn<QString>("lower");
    QTest::addColumn<QString>("higher");
    QTest::newRow("patch") << "2.30.1" << "2.30.2";
    QTest::newRow("minor beats patch") << "2.30.9" << "2.31.0";
    QTest::newRow("numeric, not text") << "2.9.0" << "2.10.0";
    QTest::newRow("rc before release") << "2.31.0-rc1" << "2.31.0";
    QTest::newRow("rc2 before rc10") << "2.31.0-rc2" << "2.31.0-rc10";
    QTest::newRow("release before next rc") << "2.30.1" << "2.31.0-rc1";
    QTest::newRow("leading v") << "v1.28.1" << "2.30.0";
    QTest::newRow("unparsable before any version") << "master-latest" << "1.0.0";
}

void TestVersion::order()
{
    QFETCH(QString, lower);
    QFETCH(QString, higher);
    QVERIFY(Version::parse(lower) < Version::parse(higher));
    QVERIFY(Version::parse(higher) > Version::parse(lower));
    QVERIFY(Version::parse(lower) != Version::parse(higher));
    QVERIFY(Version::parse(lower) == Version::parse(lower));
}

QTEST_GUILESS_MAIN(TestVersion)
#include "tst_version.moc"
