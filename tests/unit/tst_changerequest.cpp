// The commit message and review branch rules of a change (models/ChangeRequest.h).
#include "models/ChangeRequest.h"

#include <QTest>

using namespace qd;

class TestChangeRequest : public QObject
{
    Q_OBJECT

private slots:
    void commitMessage_data();
    void commitMessage();
    void trailersFromFiles();
    void reviewBranch_data();
    void reviewBranch();
};

void TestChangeRequest::commitMessage_data()
{
    QTest::addColumn<QList<ValueEdit>>("edits");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("changeRequest");
    QTest::addColumn<QString>("expected");
    const QString key = "spec.spinnakerConfig.config.version";
    QTest::newRow("one edit, no body, no change request")
            << QList<ValueEdit>{{"acme", ZoneKind::Red, key, "2.31.1"}} << ""
            << ""
            << "Bump\n\nCustomer: acme\nZone: red\n";
    QTest::newRow("body and change request")
            << QList<ValueEdit>{{"acme", ZoneKind::Green, key, "2.31.1"}} << "  Why.  "
            << "CR-7"
            << "Bump\n\nWhy.\n\nCustomer: acme\nZone: green\nChange-Request: CR-7\n";
    QTest::newRow("two customers, both zones, each named once")
            << QList<ValueEdit>{{"acme", ZoneKind::Red, key, "1"},
                                {"acme", ZoneKind::Green, key, "1"},
                                {"globex", ZoneKind::Red, key, "1"}}
            << ""
            << ""
            << "Bump\n\nCustomer: acme\nCustomer: globex\nZone: red\nZone: green\n";
}

void TestChangeRequest::commitMessage()
{
    QFETCH(QList<ValueEdit>, edits);
    QFETCH(QString, body);
    QFETCH(QString, changeRequest);
    QFETCH(QString, expected);
    QCOMPARE(composeCommitMessage("Bump", body, changeTrailers(edits, {}, changeRequest)),
             expected);
}

void TestChangeRequest::trailersFromFiles()
{
    const auto trailers = changeTrailers(
            {}, {{"customers/initech/green/patch-version.yml", ""}, {"fleet.yaml", ""}}, "");
    QCOMPARE(trailers.size(), 2);
    QCOMPARE(trailers.at(0).key + ": " + trailers.at(0).value, QString("Customer: initech"));
    QCOMPARE(trailers.at(1).key + ": " + trailers.at(1).value, QString("Zone: green"));
}

void TestChangeRequest::reviewBranch_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "ada"
                           << "bump-acme"
                           << "quarterdeck/ada/bump-acme";
    QTest::newRow("spaces and symbols") << "Ada Lovelace"
                                        << "bump acme: 2.31?"
                                        << "quarterdeck/Ada-Lovelace/bump-acme-2.31";
    QTest::newRow("dots and lock") << "ada"
                                   << "..x..lock"
                                   << "quarterdeck/ada/x";
    QTest::newRow("already a review branch") << "bob"
                                             << "quarterdeck/ada/x"
                                             << "quarterdeck/ada/x";
    QTest::newRow("no user") << ""
                             << "t"
                             << "quarterdeck/user/t";
}

void TestChangeRequest::reviewBranch()
{
    QFETCH(QString, user);
    QFETCH(QString, topic);
    QFETCH(QString, expected);
    const QString branch = reviewBranchName(user, topic);
    QCOMPARE(branch, expected);
    QVERIFY(isValidBranchName(branch));
}

QTEST_GUILESS_MAIN(TestChangeRequest)
#include "tst_changerequest.moc"
