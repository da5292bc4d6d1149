// The YAML editor as a user sees it: highlighting of each part of the language, line numbers,
// and problem markers that appear on the right line while typing and vanish once fixed.
#include "ui/YamlEditor.h"
#include "ui/YamlHighlighter.h"

#include <QApplication>
#include <QDir>
#include <QHelpEvent>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolTip>

using namespace qd;

Q_DECLARE_METATYPE(qd::YamlHighlighter::Role)

namespace {

// The role whose format covers `position` of `block`, by comparing the applied format.
std::optional<YamlHighlighter::Role>
roleAt(const YamlHighlighter &highlighter, const QTextBlock &block, int position)
{
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (position < range.start || position >= range.start + range.length)
            continue;
        for (int role = 0; role <= int(YamlHighlighter::Role::BlockScalar); ++role) {
            const QTextCharFormat format = highlighter.formatFor(YamlHighlighter::Role(role));
            if (format.foreground() == range.format.foreground() &&
                format.fontWeight() == range.format.fontWeight() &&
                format.fontItalic() == range.format.fontItalic())
                return YamlHighlighter::Role(role);
        }
    }
    return std::nullopt;
}

QList<int> underlinedLines(const YamlEditor &editor)
{
    QList<int> lines;
    for (const QTextEdit::ExtraSelection &selection : editor.extraSelections()) {
        if (selection.format.underlineStyle() == QTextCharFormat::WaveUnderline)
            lines << selection.cursor.block().blockNumber() + 1;
    }
    return lines;
}

const char *const ValidYaml = "apiVersion: spinnaker.io/v1alpha2\n"
                              "kind: SpinnakerService\n"
                              "spec:\n"
                              "  spinnakerConfig:\n"
                              "    config:\n"
                              "      version: 2.30.1   # Spinnaker version to deploy\n";

} // namespace

class TestYamlEditorWidget : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void highlighting_data();
    void highlighting();
    void blockScalarEndsAtDedent();
    void markerAppearsOnTheLineAndVanishesWhenFixed();
    void syntaxErrorIsMarked();
    void largeFileIsValidatedOffTheGuiThread();
    void tooltipShowsTheMessage();
    void gutterFitsTheLineNumbers();
    void screenshot();
};

void TestYamlEditorWidget::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestYamlEditorWidget::highlighting_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");      // 1-based
    QTest::addColumn<QString>("token"); // the first occurrence of this on the line is checked
    QTest::addColumn<YamlHighlighter::Role>("role");

    using R = YamlHighlighter::Role;
    const QString doc = QStringLiteral("---\n"
                                       "# a comment\n"
                                       "kind: SpinnakerService   # trailing\n"
                                       "base: &defaults\n"
                                       "  timeout: 30\n"
                                       "other: *defaults\n"
                                       "\"quoted key\": 'single'\n"
                                       "list:\n"
                                       "  - name: first\n"
                                       "  - plain item\n"
                                       "flow: {a: 1, b: two}\n"
                                       "tagged: !!str 42\n"
                                       "script: |\n"
                                       "  echo hello: world # not a comment\n"
                                       "...\n");
    QTest::newRow("document start") << doc << 1 << "---" << R::DocumentMarker;
    QTest::newRow("comment line") << doc << 2 << "# a comment" << R::Comment;
    QTest::newRow("key") << doc << 3 << "kind" << R::Key;
    QTest::newRow("plain scalar") << doc << 3 << "SpinnakerService" << R::Scalar;
    QTest::newRow("trailing comment") << doc << 3 << "# trailing" << R::Comment;
    QTest::newRow("anchor") << doc << 4 << "&defaults" << R::Anchor;
    QTest::newRow("nested key") << doc << 5 << "timeout" << R::Key;
    QTest::newRow("number") << doc << 5 << "30" << R::Scalar;
    QTest::newRow("alias") << doc << 6 << "*defaults" << R::Anchor;
    QTest::newRow("quoted key") << doc << 7 << "\"quoted key\"" << R::Key;
    QTest::newRow("single-quoted scalar") << doc << 7 << "'single'" << R::Scalar;
    QTest::newRow("key in sequence entry") << doc << 9 << "name" << R::Key;
    QTest::newRow("sequence scalar") << doc << 10 << "plain item" << R::Scalar;
    QTest::newRow("flow mapping key") << doc << 11 << "b" << R::Key;
    QTest::newRow("flow mapping value") << doc << 11 << "two" << R::Scalar;
    QTest::newRow("tag") << doc << 12 << "!!str" << R::Tag;
    QTest::newRow("block scalar indicator") << doc << 13 << "|" << R::BlockScalar;
    QTest::newRow("block scalar text") << doc << 14 << "echo hello: world" << R::BlockScalar;
    QTest::newRow("hash in block scalar") << doc << 14 << "# not a comment" << R::BlockScalar;
    QTest::newRow("document end") << doc << 15 << "..." << R::DocumentMarker;
}

void TestYamlEditorWidget::highlighting()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, token);
    QFETCH(YamlHighlighter::Role, role);

    YamlEditor editor;
    editor.setPlainText(text);
    const QTextBlock block = editor.document()->findBlockByNumber(line - 1);
    const int position = int(block.text().indexOf(token));
    QVERIFY2(position >= 0, qPrintable(block.text()));
    for (int i = position; i < position + token.size(); ++i) {
        const auto found = roleAt(*editor.highlighter(), block, i);
        QVERIFY2(found.has_value(),
                 qPrintable(QStringLiteral("no format at column %1").arg(i + 1)));
        QCOMPARE(int(*found), int(role));
    }
}

void TestYamlEditorWidget::blockScalarEndsAtDedent()
{
    YamlEditor editor;
    editor.setPlainText(QStringLiteral("a:\n  text: >-\n    folded\n\n    more\n  next: 1\n"));
    const YamlHighlighter &highlighter = *editor.highlighter();
    QCOMPARE(*roleAt(highlighter, editor.document()->findBlockByNumber(4), 4),
             YamlHighlighter::Role::BlockScalar);
    // Back at the parent's indentation the mapping goes on: "next" is a key again.
    QCOMPARE(*roleAt(highlighter, editor.document()->findBlockByNumber(5), 2),
             YamlHighlighter::Role::Key);
}

void TestYamlEditorWidget::markerAppearsOnTheLineAndVanishesWhenFixed()
{
    YamlEditor editor;
    editor.setDocumentName(QStringLiteral("customers/acme/red/patch.yml"));
    editor.show();
    QSignalSpy validated(&editor, &YamlEditor::validated);
    editor.setPlainText(QString::fromLatin1(ValidYaml) + QStringLiteral("kind: Duplicate\n"));
    // Nobody called validateNow(): the debounce timer validates after typing stops.
    QVERIFY(validated.wait());
    QCOMPARE(editor.markedLines(), QList<int>{7});
    QCOMPARE(underlinedLines(editor), QList<int>{7});
    QVERIFY2(editor.problemsAt(7).contains(QLatin1String("duplicate key 'kind'")),
             qPrintable(editor.problemsAt(7)));
    QCOMPARE(editor.diagnostics().first().location.file,
             QStringLiteral("customers/acme/red/patch.yml"));

    // The user fixes the line by typing: the marker goes away.
    QTextCursor cursor(editor.document()->findBlockByNumber(6));
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    editor.setTextCursor(cursor);
    QTest::keyClicks(&editor, QStringLiteral("note: fixed"));
    QVERIFY(validated.wait());
    QVERIFY(editor.markedLines().isEmpty());
    QVERIFY(underlinedLines(editor).isEmpty());
}

void TestYamlEditorWidget::syntaxErrorIsMarked()
{
    YamlEditor editor;
    editor.setPlainText(QStringLiteral("spec:\n  a: 1\n  b: [unclosed, list\n  c: 3\n"));
    editor.validateNow();
    QCOMPARE(editor.diagnostics().size(), 1);
    const int line = editor.markedLines().value(0);
    // yaml-cpp reports an unclosed flow sequence where it runs out: at or after its start.
    QVERIFY2(line >= 3 && line <= 5, qPrintable(QString::number(line)));
    QCOMPARE(underlinedLines(editor), QList<int>{line});

    editor.setPlainText(QStringLiteral("spec:\n  a: 1\n  b: [closed, list]\n  c: 3\n"));
    editor.validateNow();
    QVERIFY(editor.diagnostics().isEmpty());
    QVERIFY(underlinedLines(editor).isEmpty());
}

void TestYamlEditorWidget::largeFileIsValidatedOffTheGuiThread()
{
    QString text = QStringLiteral("items:\n");
    int lines = 1;
    while (text.size() < YamlEditor::AsyncValidationBytes + 1000) {
        text += QStringLiteral("  key%1: value %1\n").arg(lines);
        ++lines;
    }
    text += QStringLiteral("  key1: duplicate\n");
    ++lines;

    YamlEditor editor;
    QSignalSpy validated(&editor, &YamlEditor::validated);
    editor.setPlainText(text);
    editor.validateNow();
    QTRY_COMPARE(validated.size(), 1);
    QCOMPARE(editor.markedLines(), QList<int>{lines});
}

void TestYamlEditorWidget::tooltipShowsTheMessage()
{
    YamlEditor editor;
    editor.resize(600, 300);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setPlainText(QStringLiteral("a: 1\na: 2\n"));
    editor.validateNow();
    const QRect lineRect = editor.cursorRect(QTextCursor(editor.document()->findBlockByNumber(1)));
    QHelpEvent help(QEvent::ToolTip, lineRect.center(),
                    editor.viewport()->mapToGlobal(lineRect.center()));
    QApplication::sendEvent(editor.viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QLatin1String("duplicate key 'a'")),
             qPrintable(QToolTip::text()));
    QToolTip::hideText();
}

void TestYamlEditorWidget::gutterFitsTheLineNumbers()
{
    YamlEditor editor;
    editor.setPlainText(QStringLiteral("a: 1\n"));
    const int small = editor.gutterWidth();
    QString many;
    for (int i = 0; i < 12000; ++i)
        many += QStringLiteral("k%1: v\n").arg(i);
    editor.setPlainText(many);
    QVERIFY(editor.gutterWidth() > small);
    QVERIFY(editor.gutterWidth() >=
            editor.fontMetrics().horizontalAdvance(QStringLiteral("12001")));
}

void TestYamlEditorWidget::screenshot()
{
    YamlEditor editor;
    editor.setDocumentName(QStringLiteral("customers/acme/red/patch-version.yml"));
    editor.resize(760, 300);
    editor.setPlainText(QStringLiteral("# Red zone: proves out the next release\n"
                                       "apiVersion: spinnaker.io/v1alpha2\n"
                                       "kind: SpinnakerService\n"
                                       "metadata:\n"
                                       "  name: spinnaker\n"
                                       "spec:\n"
                                       "  spinnakerConfig:\n"
                                       "    config:\n"
                                       "      version: 2.31.0   # Spinnaker version to deploy\n"
                                       "      version: 2.30.1\n"
                                       "      persistentStorage: &storage\n"
                                       "        persistentStoreType: s3\n"));
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.validateNow();
    QCOMPARE(editor.markedLines(), QList<int>{10});
    QVERIFY(QDir().mkpath(QStringLiteral(QD_SCREENSHOT_DIR)));
    QVERIFY(editor.grab().save(QStringLiteral(QD_SCREENSHOT_DIR "/yaml-editor-error.png")));
}

QTEST_MAIN(TestYamlEditorWidget)
#include "tst_yamleditorwidget.moc"
