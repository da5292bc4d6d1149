// The Changes tab end to end on the demo fleet, with the real ChangeService and git: edit a value,
// see the diff before anything is committed, commit with Ctrl+Enter, and check with the git CLI
// that the commit carries the trailers and changes one line. Drafts survive the window going away
// without saving, and are offered back. Host keys and conflicts are put to the user.
#include "services/changes/ChangeService.h"
#include "services/changes/DraftStore.h"
#include "services/config/FleetLoader.h"
#include "services/demo/DemoFleetWriter.h"
#include "ui/ChangesPane.h"
#include "ui/CommitDialog.h"
#include "ui/ConflictDialog.h"
#include "ui/DiffView.h"
#include "ui/EditValueDialog.h"
#include "ui/YamlEditor.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace qd;

namespace {

QString git(const QString &workdir, const QStringList &args)
{
    QProcess process;
    process.setWorkingDirectory(workdir);
    process.start(QStringLiteral("git"), args);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return QStringLiteral("<git %1 failed: %2>")
                .arg(args.join(QLatin1Char(' ')),
                     QString::fromUtf8(process.readAllStandardError()));
    return QString::fromUtf8(process.readAllStandardOutput());
}

constexpr int ServiceTimeoutMs = 30000;

} // namespace

class TestChangesPane : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void editValueShowsTheDiffThenCommitsWithTrailers();
    void draftSurvivesTheWindowAndIsOffered();
    void editedFileIsCommittedAndItsDraftRemoved();
    void unknownHostKeyIsNeverAcceptedSilently();
    void conflictShowsBothValuesAndLetsTheUserChoose();
    void unpushedCommitsAreMarked();

private:
    FleetSnapshot loadSnapshot();

    QTemporaryDir m_dir;
    QString m_workdir;
};

void TestChangesPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    const auto paths = ensureDemoFleet(m_dir.filePath(QStringLiteral("demo")));
    QVERIFY2(paths.ok(), qPrintable(paths.errorMessage()));
    m_workdir = paths.value().workdir;
    git(m_workdir,
        {QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Test Engineer")});
    git(m_workdir, {QStringLiteral("config"), QStringLiteral("user.email"),
                    QStringLiteral("test@example.org")});
    // Drafts of an earlier run must not leak into this one.
    DraftStore drafts;
    drafts.setRepository(m_workdir);
    QDir(drafts.directory()).removeRecursively();
}

FleetSnapshot TestChangesPane::loadSnapshot()
{
    const auto fleet = loadFleet(m_workdir);
    return fleet.ok() ? fleet.value() : FleetSnapshot{};
}

void TestChangesPane::editValueShowsTheDiffThenCommitsWithTrailers()
{
    const FleetSnapshot fleet = loadSnapshot();
    QVERIFY(!fleet.customers.isEmpty());
    const Customer &customer = fleet.customers.first();
    const QString oldVersion = customer.red->resolution.version;
    const QString headBefore =
            git(m_workdir, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});

    ChangeService service;
    DraftStore drafts;
    ChangesPane pane(&service, &drafts);
    pane.setUserName(QStringLiteral("tester"));
    pane.setFleet(fleet);
    pane.setSelectedCustomer(customer.id);
    pane.resize(900, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.activateWindow();

    // Ctrl+E opens "Edit value…" for the selected customer, on the Spinnaker version.
    QTest::keyClick(&pane, Qt::Key_E, Qt::ControlModifier);
    EditValueDialog *edit = nullptr;
    QTRY_VERIFY((edit = pane.findChild<EditValueDialog *>(QStringLiteral("editValueDialog"))));
    QCOMPARE(edit->keyEdit()->text(), QStringLiteral("spec.spinnakerConfig.config.version"));
    QVERIFY(edit->findChild<QLabel *>(QStringLiteral("editCurrent"))->text().contains(oldVersion));
    QCOMPARE(edit->edit().customer, customer.id);
    QTest::keyClicks(edit->valueEdit(), QStringLiteral("2.99.7"));
    QTest::keyClick(edit->valueEdit(), Qt::Key_Return);

    // The commit dialog opens with the diff; nothing is committed yet.
    QTRY_VERIFY_WITH_TIMEOUT(pane.commitDialog() && pane.commitDialog()->isVisible(),
                             ServiceTimeoutMs);
    CommitDialog *dialog = pane.commitDialog();
    const QString diff = dialog->diffView()->toPlainText();
    QVERIFY2(
            diff.contains(QRegularExpression(QStringLiteral("\n-\\s+version: \"?%1")
                                                     .arg(QRegularExpression::escape(oldVersion)))),
            qPrintable(diff));
    QVERIFY2(diff.contains(QRegularExpression(QStringLiteral("\n\\+\\s+version: \"?2\\.99\\.7"))),
             qPrintable(diff));
    QCOMPARE(dialog->diffView()->addedLines(), 1);
    QCOMPARE(git(m_workdir, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), headBefore);
    QVERIFY(dialog->problemTexts().isEmpty());

    dialog->findChild<QLineEdit *>(QStringLiteral("commitChangeRequest"))
            ->setText(QStringLiteral("CR-42"));
    dialog->activateWindow();
    QSignalSpy committed(&pane, &ChangesPane::committed);
    QTest::keyClick(dialog->subjectEdit(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(committed.wait(ServiceTimeoutMs));
    QTRY_VERIFY(!pane.commitDialog());
    QVERIFY2(pane.statusText().contains(QLatin1String("Committed")), qPrintable(pane.statusText()));

    // The git CLI, as an independent client, sees one commit changing one line, with trailers.
    const QString message = git(m_workdir, {QStringLiteral("log"), QStringLiteral("-1"),
                                            QStringLiteral("--format=%B")});
    QVERIFY2(message.startsWith(QStringLiteral("Set version of %1 red to 2.99.7").arg(customer.id)),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("\nCustomer: %1\n").arg(customer.id)),
             qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("\nZone: red\n")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("\nChange-Request: CR-42\n")), qPrintable(message));
    const QString numstat = git(m_workdir, {QStringLiteral("diff"), QStringLiteral("--numstat"),
                                            QStringLiteral("HEAD~1"), QStringLiteral("HEAD")});
    QCOMPARE(numstat.count(QLatin1Char('\n')), 1);
    QVERIFY2(numstat.startsWith(QLatin1String("1\t1\t")), qPrintable(numstat));
    QCOMPARE(git(m_workdir, {QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
}

void TestChangesPane::draftSurvivesTheWindowAndIsOffered()
{
    const FleetSnapshot fleet = loadSnapshot();
    const QString file = QStringLiteral("maintenance.yaml");
    const QString typed = QStringLiteral("# planned: 2.99 upgrade window\n");
    QString draftPath;
    {
        auto service = std::make_unique<ChangeService>();
        auto drafts = std::make_unique<DraftStore>();
        auto pane = std::make_unique<ChangesPane>(service.get(), drafts.get());
        pane->setFleet(fleet);
        QSignalSpy opened(pane.get(), &ChangesPane::fileOpened);
        pane->openFile(file);
        // The file may be read so fast that the signal comes before a wait() could start.
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, ServiceTimeoutMs);
        QSignalSpy saved(drafts.get(), &DraftStore::saved);
        pane->editor()->moveCursor(QTextCursor::Start);
        QTest::keyClicks(pane->editor(), typed.trimmed());
        QTest::keyClick(pane->editor(), Qt::Key_Return);
        // No Ctrl+S: the draft is written by itself a moment after typing stops.
        QVERIFY(saved.wait());
        draftPath = drafts->draftFilePath(file);
        // This is what a crash would leave behind: check it before anything is torn down.
        QFile onDisk(draftPath);
        QVERIFY(onDisk.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(onDisk.readAll()).startsWith(typed));
        QFile repoFile(QDir(m_workdir).filePath(file));
        QVERIFY(repoFile.open(QIODevice::ReadOnly));
        QVERIFY(!QString::fromUtf8(repoFile.readAll()).startsWith(typed));
    }

    // A new window on the same repo offers the draft back.
    ChangeService service;
    DraftStore drafts;
    ChangesPane pane(&service, &drafts);
    pane.setFleet(fleet);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    auto *banner = pane.findChild<QWidget *>(QStringLiteral("draftBanner"));
    QVERIFY(banner->isVisible());
    QSignalSpy opened(&pane, &ChangesPane::fileOpened);
    pane.findChild<QPushButton *>(QStringLiteral("restoreDrafts"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, ServiceTimeoutMs);
    QCOMPARE(pane.currentFile(), file);
    QVERIFY(pane.editor()->toPlainText().startsWith(typed));
    QVERIFY(!banner->isVisible());
    QTRY_VERIFY(!pane.fileList()
                         ->findItems(file + QStringLiteral(" (draft)"), Qt::MatchExactly)
                         .isEmpty());

    // Discarding goes back to the committed text and removes the draft from disk.
    pane.discardDraft();
    QVERIFY(!pane.editor()->toPlainText().startsWith(typed));
    QVERIFY(!QFile::exists(draftPath));
}

void TestChangesPane::editedFileIsCommittedAndItsDraftRemoved()
{
    ChangeService service;
    DraftStore drafts;
    ChangesPane pane(&service, &drafts);
    pane.setFleet(loadSnapshot());
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.activateWindow();
    const QString file = QStringLiteral("maintenance.yaml");
    QSignalSpy opened(&pane, &ChangesPane::fileOpened);
    pane.openFile(file);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, ServiceTimeoutMs);
    pane.editor()->moveCursor(QTextCursor::Start);
    QTest::keyClicks(pane.editor(), QStringLiteral("# reviewed by the SRE team"));
    QTest::keyClick(pane.editor(), Qt::Key_Return);
    pane.saveDraft(); // Ctrl+S
    QVERIFY(drafts.hasDraft(file));

    QTest::keyClick(&pane, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(pane.commitDialog() && pane.commitDialog()->isVisible(),
                             ServiceTimeoutMs);
    CommitDialog *dialog = pane.commitDialog();
    QVERIFY2(dialog->diffView()->toPlainText().contains(
                     QLatin1String("\n+# reviewed by the SRE team")),
             qPrintable(dialog->diffView()->toPlainText()));
    QCOMPARE(dialog->diffView()->addedLines(), 1);
    QCOMPARE(dialog->diffView()->removedLines(), 0);
    QSignalSpy committed(&pane, &ChangesPane::committed);
    dialog->activateWindow();
    QTest::keyClick(dialog->subjectEdit(), Qt::Key_Enter, Qt::ControlModifier);
    QVERIFY(committed.wait(ServiceTimeoutMs));
    QVERIFY(!drafts.hasDraft(file));
    QCOMPARE(git(m_workdir, {QStringLiteral("log"), QStringLiteral("-1"),
                             QStringLiteral("--format=%s")}),
             QStringLiteral("Edit maintenance.yaml\n"));
    QCOMPARE(git(m_workdir, {QStringLiteral("show"), QStringLiteral("HEAD:maintenance.yaml")}),
             pane.editor()->toPlainText());
}

void TestChangesPane::unknownHostKeyIsNeverAcceptedSilently()
{
    ChangeService service;
    DraftStore drafts;
    ChangesPane pane(&service, &drafts);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    const QString fingerprint =
            QStringLiteral("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8");
    emit service.hostKeyUnknown(QStringLiteral("git.example.org"), fingerprint);
    QMessageBox *prompt = nullptr;
    QTRY_VERIFY((prompt = pane.findChild<QMessageBox *>(QStringLiteral("hostKeyPrompt"))));
    QVERIFY(prompt->text().contains(fingerprint));
    QVERIFY(prompt->text().contains(QLatin1String("git.example.org")));
    // Enter and Escape both reject: trusting takes the explicit button.
    QVERIFY(prompt->defaultButton()->text().contains(QLatin1String("Reject")));
    QCOMPARE(prompt->escapeButton(), prompt->defaultButton());
    prompt->escapeButton()->click();
    QTRY_VERIFY(!pane.findChild<QMessageBox *>(QStringLiteral("hostKeyPrompt")));
}

void TestChangesPane::conflictShowsBothValuesAndLetsTheUserChoose()
{
    ValueConflict conflict;
    conflict.edit = ValueEdit{QStringLiteral("acme"), ZoneKind::Green,
                              QStringLiteral("spec.spinnakerConfig.config.version"),
                              QStringLiteral("2.31.0")};
    conflict.baseValue = QStringLiteral("2.30.1");
    conflict.theirValue = QStringLiteral("2.30.2");

    ChangeService service;
    DraftStore drafts;
    ChangesPane pane(&service, &drafts);
    pane.show();
    emit service.conflict({conflict});
    ConflictDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = pane.findChild<ConflictDialog *>(QStringLiteral("conflictDialog"))));
    const QString shown =
            dialog->findChild<QWidget *>(QStringLiteral("ours0"))->property("text").toString() +
            dialog->findChild<QWidget *>(QStringLiteral("theirs0"))->property("text").toString();
    QVERIFY2(shown.contains(QLatin1String("2.31.0")) && shown.contains(QLatin1String("2.30.2")),
             qPrintable(shown));
    QCOMPARE(dialog->resolution().first().value, QStringLiteral("2.31.0"));
    dialog->choose(0, ConflictDialog::Choice::Theirs);
    QCOMPARE(dialog->resolution().first().value, QStringLiteral("2.30.2"));
    dialog->choose(0, ConflictDialog::Choice::Other, QStringLiteral("2.31.1"));
    QCOMPARE(dialog->resolution().first().value, QStringLiteral("2.31.1"));
    QCOMPARE(dialog->resolution().first().customer, QStringLiteral("acme"));
    dialog->reject();
}

void TestChangesPane::unpushedCommitsAreMarked()
{
    ChangeService service;
    DraftStore drafts;
    ChangesPane pane(&service, &drafts);
    auto *push = pane.findChild<QPushButton *>(QStringLiteral("pushButton"));
    QVERIFY(!push->isEnabled());
    emit service.unpushedCommits({QStringLiteral("abc1234 Set version of acme red to 2.31.0")});
    QCOMPARE(pane.unpushedList()->count(), 1);
    QVERIFY(pane.unpushedList()->item(0)->text().contains(QLatin1String("not pushed")));
    QVERIFY(push->isEnabled());
    emit service.unpushedCommits({});
    QCOMPARE(pane.unpushedList()->count(), 0);
    QVERIFY(!push->isEnabled());
}

QTEST_MAIN(TestChangesPane)
#include "tst_changespane.moc"
