// parseYaml: the manifest trees built from yaml-cpp's events, with where each value was written,
// and the malformed input on which yaml-cpp 0.7 itself would never return (found by
// tests/fuzz/fuzz_repo_files and fuzz_yaml_edit).
#include "services/config/YamlEditor.h"
#include "services/config/YamlFile.h"

#include <QElapsedTimer>
#include <QTest>

using namespace qd;

class TestYamlFile : public QObject
{
    Q_OBJECT

private slots:
    void valuesKeepWhereTheyWereWritten();
    void documentsAliasesAndNulls();
    void duplicateKeyKeepsTheFirst();
    void embeddedYamlIsPlacedInItsFile();
    void malformedInputIsASyntaxError_data();
    void malformedInputIsASyntaxError();
    void editorRefusesMalformedInput();
    void editorLeavesTheTreeItSearches();
};

void TestYamlFile::valuesKeepWhereTheyWereWritten()
{
    const ParsedYaml parsed = parseYaml("spec:\n  version: \"2.31.0\"\n  replicas: 3\n  hosts: [a, 'b']\n",
                                        7, QStringLiteral("x.yml"));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.documents.size(), size_t(1));
    const ManifestNode &doc = parsed.documents.front();
    const ManifestNode *version = doc.at("spec.version");
    QVERIFY(version && version->isScalar());
    QCOMPARE(version->text(), std::string("2.31.0"));
    QVERIFY(version->isQuoted());
    QCOMPARE(version->origin().file, 7);
    QCOMPARE(version->origin().line, 2);
    QCOMPARE(version->origin().column, 12); // "  version: " is 11 characters
    const ManifestNode *replicas = doc.at("spec.replicas");
    QVERIFY(replicas && !replicas->isQuoted());
    QCOMPARE(replicas->origin().line, 3);
    const ManifestNode *b = doc.at("spec.hosts.1");
    QVERIFY(b && b->isQuoted());
    QCOMPARE(b->text(), std::string("b"));
    QCOMPARE(b->origin().column, 14); // "  hosts: [a, " is 13 characters
    QCOMPARE(doc.entries().front().first, std::string("spec"));
}

void TestYamlFile::documentsAliasesAndNulls()
{
    const ParsedYaml parsed = parseYaml("a: &v 1.0\nb: *v\nc: ~\nd:\n---\n---\nlast: [x]\n", 0,
                                        QStringLiteral("x.yml"));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.documents.size(), size_t(3));
    const ManifestNode &first = parsed.documents[0];
    QCOMPARE(first.scalarAt("b"), std::string("1.0"));
    QCOMPARE(first.at("b")->origin().line, 1); // an alias is the anchored value, written on line 1
    QVERIFY(first.at("c")->isNull() && !first.at("c")->isEmptyNull());
    QVERIFY(first.at("d")->isNull() && first.at("d")->isEmptyNull());
    QVERIFY(parsed.documents[1].isNull());
    QCOMPARE(parsed.documents[2].scalarAt("last.0"), std::string("x"));
    QCOMPARE(parseYaml("", 0, QStringLiteral("x.yml")).documents.size(), size_t(0));
}

void TestYamlFile::duplicateKeyKeepsTheFirst()
{
    const ParsedYaml parsed = parseYaml("a: 1\nb:\n  c: 2\na: 3\n", 0, QStringLiteral("x.yml"));
    QCOMPARE(parsed.problems.size(), 1);
    QVERIFY(parsed.onlyDuplicateKeys());
    QCOMPARE(parsed.problems.front().location.line, 4);
    QCOMPARE(parsed.problems.front().location.column, 1);
    QVERIFY(parsed.problems.front().message.contains(QLatin1String("duplicate key 'a'")));
    const ManifestNode &doc = parsed.documents.front();
    QCOMPARE(doc.entries().size(), size_t(2));
    QCOMPARE(doc.scalarAt("a"), std::string("1"));
    QCOMPARE(doc.scalarAt("b.c"), std::string("2"));
}

void TestYamlFile::embeddedYamlIsPlacedInItsFile()
{
    // A block scalar ("patch: |-") on line 5 whose content is indented by 4.
    const ParsedYaml parsed = parseYaml("kind: X\nspec:\n  v: 1\n", 2, QStringLiteral("k.yml"), 6, 5, 4);
    QVERIFY(parsed.ok());
    const ManifestNode *v = parsed.documents.front().at("spec.v");
    QCOMPARE(v->origin().line, 8);
    QCOMPARE(v->origin().column, 4 + 6); // indent 4, then "  v: "
    QCOMPARE(parsed.documents.front().at("kind")->origin().column, 5 + 6); // first line at column 5
}

void TestYamlFile::malformedInputIsASyntaxError_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    // yaml-cpp 0.7's LoadAll loops forever, allocating, on these (upstream PR #1319).
    QTest::newRow("a comma alone") << QByteArray(",\n") << 1;
    QTest::newRow("a comma after a document") << QByteArray("a: 1\n---\n,x\n") << 3;
    QTest::newRow("the fuzzer's input") << QByteArray(",aapiVe\0r", 10) << 1;
    // A cycle every walk of the tree would follow until the stack runs out.
    QTest::newRow("alias in its own list") << QByteArray("a: &x [1, *x]\n") << 1;
    QTest::newRow("alias in its own map") << QByteArray("m: &m\n  k: *m\n") << 2;
}

void TestYamlFile::malformedInputIsASyntaxError()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QElapsedTimer clock;
    clock.start();
    const ParsedYaml parsed = parseYaml(text.toStdString(), 0, QStringLiteral("bad.yml"));
    QVERIFY2(clock.elapsed() < 5000, "parsing malformed YAML must end at once");
    QCOMPARE(parsed.problems.size(), 1);
    QVERIFY2(parsed.problems.front().message.startsWith(QLatin1String("YAML syntax error")),
             qPrintable(parsed.problems.front().message));
    QCOMPARE(parsed.problems.front().location.file, QStringLiteral("bad.yml"));
    QCOMPARE(parsed.problems.front().location.line, line);
    QVERIFY(parsed.documents.empty());
}

void TestYamlFile::editorRefusesMalformedInput()
{
    // The surgical edit parses the file too (ScalarRewriter, through yaml-cpp's own nodes).
    for (const QByteArray &text : {QByteArray(",\nversion: 1\n"), QByteArray("a: &x [1, *x]\nb: 2\n")}) {
        const auto edited = replaceScalarAt(text, 2, 4, QStringLiteral("2"));
        QVERIFY2(!edited, text.constData());
        QVERIFY2(edited.errorMessage().contains(QLatin1String("syntax")), qPrintable(edited.errorMessage()));
    }
}

void TestYamlFile::editorLeavesTheTreeItSearches()
{
    // An explicit key with no content: its key and its value start at one place. Finding the
    // second used to assign one yaml-cpp node to the other, which writes into the tree being
    // walked (a use after free under ASan; found by fuzz_yaml_edit). An edit there may succeed or
    // be refused, but what it returns parses.
    const QByteArray text("?\n\x02p\rs", 6);
    for (int line = 1; line <= 2; ++line) {
        for (int column = 1; column <= 3; ++column) {
            const auto edited = replaceScalarAt(text, line, column, QStringLiteral("2"));
            if (edited)
                QVERIFY(parseYaml(edited->toStdString(), 0, QStringLiteral("x.yml")).documents.size() == 1);
        }
    }
}

QTEST_GUILESS_MAIN(TestYamlFile)
#include "tst_yamlfile.moc"
