// The diff view and the commit dialog: added and removed lines read on light and dark palettes
// and keep their +/- markers; the dialog shows the diff before anything is committed, refuses
// while the fleet has problems, and commits with Ctrl+Enter.
#include "ui/CommitDialog.h"
#include "ui/DiffView.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBlock>

using namespace qd;

Q_DECLARE_METATYPE(qd::DiffView::LineKind)

namespace {

const QString Diff = QStringLiteral(
        "diff --git a/customers/acme/red/patch-version.yml b/customers/acme/red/patch-version.yml\n"
        "index 3f2a1c0..9b1d2e4 100644\n"
        "--- a/customers/acme/red/patch-version.yml\n"
        "+++ b/customers/acme/red/patch-version.yml\n"
        "@@ -6,3 +6,3 @@ spec:\n"
        "   spinnakerConfig:\n"
        "     config:\n"
        "-      version: 2.30.1   # Spinnaker version to deploy\n"
        "+      version: 2.31.0   # Spinnaker version to deploy\n");

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    return palette;
}

double luminance(const QColor &color)
{
    const auto channel = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) +
           0.0722 * channel(color.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

QTextBlock blockStartingWith(const DiffView &view, const QString &prefix)
{
    for (QTextBlock block = view.document()->begin(); block.isValid(); block = block.next()) {
        if (block.text().startsWith(prefix))
            return block;
    }
    return {};
}

ChangePreview preview(const Diagnostics &problems = {})
{
    ChangePreview result;
    result.unifiedDiff = Diff;
    result.files = {QStringLiteral("customers/acme/red/patch-version.yml")};
    result.problems = problems;
    return result;
}

ValueEdit acmeRedVersion()
{
    return ValueEdit{QStringLiteral("acme"), ZoneKind::Red,
                     QStringLiteral("spec.spinnakerConfig.config.version"),
                     QStringLiteral("2.31.0")};
}

} // namespace

class TestDiffView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void lineKinds_data();
    void lineKinds();
    void coloursReadOnBothPalettes_data();
    void coloursReadOnBothPalettes();
    void fileHeadersAreBold();
    void dialogShowsTheDiffBeforeCommitting();
    void dialogRefusesWhileTheFleetHasProblems();
    void refusalFromTheServiceIsListed();
    void reviewBranchFollowsTheSubject();
    void authorMustBeNameAndEmail();
    void screenshot();
};

void TestDiffView::lineKinds_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<DiffView::LineKind>("kind");
    QTest::newRow("diff header") << "diff --git a/x b/x" << DiffView::LineKind::FileHeader;
    QTest::newRow("old file") << "--- a/x" << DiffView::LineKind::FileHeader;
    QTest::newRow("new file") << "+++ b/x" << DiffView::LineKind::FileHeader;
    QTest::newRow("hunk") << "@@ -1 +1 @@" << DiffView::LineKind::HunkHeader;
    QTest::newRow("added") << "+  version: 1" << DiffView::LineKind::Added;
    QTest::newRow("removed") << "-  version: 0" << DiffView::LineKind::Removed;
    QTest::newRow("removed yaml marker") << "----" << DiffView::LineKind::Removed;
    QTest::newRow("context") << "   spec:" << DiffView::LineKind::Context;
}

void TestDiffView::lineKinds()
{
    QFETCH(QString, line);
    QFETCH(DiffView::LineKind, kind);
    QCOMPARE(int(DiffView::kindOf(line)), int(kind));
}

void TestDiffView::coloursReadOnBothPalettes_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("light") << QApplication::palette();
    QTest::newRow("dark") << darkPalette();
}

void TestDiffView::coloursReadOnBothPalettes()
{
    QFETCH(QPalette, palette);
    DiffView view;
    view.setPalette(palette);
    view.setDiff(Diff);
    QCOMPARE(view.addedLines(), 1);
    QCOMPARE(view.removedLines(), 1);

    const QTextBlock added = blockStartingWith(view, QStringLiteral("+      version"));
    const QTextBlock removed = blockStartingWith(view, QStringLiteral("-      version"));
    const QTextBlock context = blockStartingWith(view, QStringLiteral("   spinnakerConfig"));
    QVERIFY(added.isValid() && removed.isValid() && context.isValid());

    const QColor addedBg = added.blockFormat().background().color();
    const QColor removedBg = removed.blockFormat().background().color();
    QCOMPARE(added.blockFormat().background(),
             DiffView::background(DiffView::LineKind::Added, palette));
    QCOMPARE(context.blockFormat().background().style(), Qt::NoBrush);
    // Green for added, red for removed, whatever the palette.
    QVERIFY(addedBg.green() > addedBg.red());
    QVERIFY(removedBg.red() > removedBg.green());
    // The text stays readable on both (WCAG AA: 4.5:1).
    const QColor text = palette.color(QPalette::Text);
    QVERIFY2(contrast(text, addedBg) >= 4.5, qPrintable(QString::number(contrast(text, addedBg))));
    QVERIFY2(contrast(text, removedBg) >= 4.5,
             qPrintable(QString::number(contrast(text, removedBg))));
    // Colour is not the only signal: the markers are still in the text.
    QVERIFY(view.toPlainText().contains(QLatin1String("\n+      version: 2.31.0")));
    QVERIFY(view.toPlainText().contains(QLatin1String("\n-      version: 2.30.1")));
}

void TestDiffView::fileHeadersAreBold()
{
    DiffView view;
    view.setDiff(Diff);
    const QTextBlock header = view.document()->firstBlock();
    QVERIFY(header.text().startsWith(QLatin1String("diff --git")));
    QCOMPARE(header.begin().fragment().charFormat().fontWeight(), int(QFont::Bold));
    const QTextBlock added = blockStartingWith(view, QStringLiteral("+      version"));
    QVERIFY(added.begin().fragment().charFormat().fontWeight() != int(QFont::Bold));
}

void TestDiffView::dialogShowsTheDiffBeforeCommitting()
{
    CommitDialog dialog;
    QSignalSpy requested(&dialog, &CommitDialog::commitRequested);
    dialog.setChange({acmeRedVersion()}, {});
    dialog.setCurrentBranch(QStringLiteral("main"));
    dialog.setPreview(preview());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.activateWindow();

    // The diff is on screen and nothing has been asked for yet.
    QVERIFY(dialog.diffView()->isVisible());
    QCOMPARE(dialog.diffView()->diff(), Diff);
    QVERIFY(dialog.diffView()->toPlainText().contains(QLatin1String("+      version: 2.31.0")));
    QCOMPARE(requested.size(), 0);
    // No subject yet: Commit is disabled and Ctrl+Enter does nothing.
    QVERIFY(!dialog.commitButton()->isEnabled());
    QTest::keyClick(&dialog, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(requested.size(), 0);

    dialog.subjectEdit()->setFocus();
    QTest::keyClicks(dialog.subjectEdit(), QStringLiteral("Upgrade acme red to 2.31.0"));
    QVERIFY(dialog.commitButton()->isEnabled());
    // A plain Enter in the subject must not commit.
    QTest::keyClick(dialog.subjectEdit(), Qt::Key_Return);
    QCOMPARE(requested.size(), 0);
    QTest::keyClick(dialog.subjectEdit(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(requested.size(), 1);
    const auto request = requested.first().first().value<CommitRequest>();
    QCOMPARE(request.subject, QStringLiteral("Upgrade acme red to 2.31.0"));
    QCOMPARE(request.edits, QList<ValueEdit>{acmeRedVersion()});
    QVERIFY(request.branch.isEmpty());
    QCOMPARE(int(request.push), int(PushAfterCommit::KeepLocal));
    // While the service commits, a second Ctrl+Enter does not commit twice.
    QVERIFY(!dialog.commitButton()->isEnabled());
    QTest::keyClick(dialog.subjectEdit(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(requested.size(), 1);
}

void TestDiffView::dialogRefusesWhileTheFleetHasProblems()
{
    CommitDialog dialog;
    QSignalSpy requested(&dialog, &CommitDialog::commitRequested);
    const Diagnostic problem{{QStringLiteral("customers/acme/red/patch-version.yml"), 9, 16},
                             QStringLiteral("version '2.31' is not a Spinnaker version")};
    dialog.setPreview(preview({problem}));
    dialog.setSubject(QStringLiteral("Upgrade"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QCOMPARE(dialog.problemTexts(), QStringList{"customers/acme/red/patch-version.yml:9:16: "
                                                "version '2.31' is not a Spinnaker version"});
    QVERIFY(dialog.findChild<QListWidget *>(QStringLiteral("commitProblems"))->isVisible());
    QVERIFY(!dialog.commitButton()->isEnabled());
    QTest::keyClick(&dialog, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(requested.size(), 0);
}

void TestDiffView::refusalFromTheServiceIsListed()
{
    CommitDialog dialog;
    dialog.setPreview(preview());
    dialog.setSubject(QStringLiteral("Upgrade"));
    QVERIFY(dialog.commitButton()->isEnabled());
    const Diagnostic problem{{QStringLiteral("fleet.yaml"), 3, 5}, QStringLiteral("bad")};
    dialog.showRefusal(QStringLiteral("the fleet does not validate"), {problem});
    QCOMPARE(dialog.problemTexts(), QStringList{"fleet.yaml:3:5: bad"});
    QVERIFY(!dialog.commitButton()->isEnabled());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("commitStatus"))
                    ->text()
                    .contains(QLatin1String("the fleet does not validate")));
}

void TestDiffView::reviewBranchFollowsTheSubject()
{
    CommitDialog dialog;
    QSignalSpy requested(&dialog, &CommitDialog::commitRequested);
    dialog.setUserName(QStringLiteral("alice"));
    dialog.setPreview(preview());
    dialog.setSubject(QStringLiteral("Upgrade ACME red to 2.31.0!"));
    QRadioButton *review = nullptr;
    for (auto *button : dialog.findChildren<QRadioButton *>()) {
        if (button->text().contains(QLatin1String("review")))
            review = button;
    }
    QVERIFY(review);
    review->click();
    QVERIFY(dialog.commitButton()->isEnabled());
    dialog.commitButton()->click();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().first().value<CommitRequest>().branch,
             QStringLiteral("quarterdeck/alice/upgrade-acme-red-to-2.31.0"));
}

void TestDiffView::authorMustBeNameAndEmail()
{
    QVERIFY(CommitDialog::parseAuthor(QString()).has_value());
    QVERIFY(CommitDialog::parseAuthor(QString())->isEmpty());
    const auto author =
            CommitDialog::parseAuthor(QStringLiteral(" Ada Lovelace <ada@example.org> "));
    QVERIFY(author.has_value());
    QCOMPARE(author->name, QStringLiteral("Ada Lovelace"));
    QCOMPARE(author->email, QStringLiteral("ada@example.org"));
    QVERIFY(!CommitDialog::parseAuthor(QStringLiteral("Ada Lovelace")).has_value());
}

void TestDiffView::screenshot()
{
    CommitDialog dialog;
    dialog.setChange({acmeRedVersion()}, {});
    dialog.setCurrentBranch(QStringLiteral("main"));
    dialog.setUserName(QStringLiteral("alice"));
    dialog.setPreview(preview());
    dialog.setSubject(QStringLiteral("Upgrade acme red to 2.31.0"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(QDir().mkpath(QStringLiteral(QD_SCREENSHOT_DIR)));
    QVERIFY(dialog.grab().save(QStringLiteral(QD_SCREENSHOT_DIR "/commit-dialog.png")));
}

QTEST_MAIN(TestDiffView)
#include "tst_diffview.moc"
