// The demo fleet as a user meets it: a clean clone tracking a bare remote, a short history of
// Red upgrades, and overlays that the real `kubectl kustomize` builds to the intended versions.
#include "services/demo/DemoFleetWriter.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &args, const QString &workdir = {})
{
    QProcess process;
    // The user's own git configuration must not change what the tests see.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_CONFIG_GLOBAL"), QProcess::nullDevice());
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    process.setProcessEnvironment(env);
    if (!workdir.isEmpty())
        process.setWorkingDirectory(workdir);
    process.start(program, args);
    Run result;
    if (!process.waitForFinished(120000)) {
        result.err = process.errorString();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

Run git(const QString &repo, const QStringList &args)
{
    return run(QStringLiteral("git"), QStringList{QStringLiteral("-C"), repo} + args);
}

// What each overlay must build to, as written in resources/demo/fleet. Red ahead of Green is an
// upgrade being proven out in the sandbox.
struct Expected
{
    const char *customer;
    const char *red;
    const char *green;
};

const Expected kExpected[] = {
        {"acme", "2.31.0-rc1", "2.30.1"},  {"globex", "2.32.2", "2.31.2"},
        {"initech", "2.31.0", "2.31.0"},   {"nordlicht", "2.31.2", "2.31.2"},
        {"mapleleaf", "2.30.1", "2.30.1"}, {"sakura", "2.32.2", "2.32.2"},
        {"coralbay", "2.32.0", "2.31.2"},  {"lumen", "2.31.2", "2.31.2"},
        {"banyan", "2.31.0", "2.31.0"},    {"fjord", "2.31.0", "2.30.1"},
        {"tidewater", "2.32.2", "2.32.2"}, {"kestrel", "2.31.2", "2.31.2"},
        {"vineyard", "2.30.1", "2.30.1"},  {"helios", "2.32.2", "2.32.2"},
};

} // namespace

class TestDemoFleet : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cloneIsCleanAndTracksTheRemote();
    void remotePassesFsck();
    void historyShowsTheRedUpgrades();
    void secondCallLeavesTheCloneAlone();
    void refusesToWriteOverALeftover();
    void everyOverlayIsChecked();
    void overlayBuildsToItsVersion_data();
    void overlayBuildsToItsVersion();
    void defaultDirectoryIsUnderAppData();

private:
    QTemporaryDir m_dir;
    DemoFleetPaths m_paths;
};

void TestDemoFleet::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty())
        QSKIP("git is not on PATH: it is the independent client these checks rely on");
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
    const QString dir = m_dir.filePath(QStringLiteral("demo"));
    const Result<DemoFleetPaths> paths = ensureDemoFleet(dir);
    QVERIFY2(paths.ok(), qPrintable(paths.errorMessage()));
    m_paths = paths.value();
    QCOMPARE(m_paths.workdir, dir + QStringLiteral("/work"));
    QCOMPARE(m_paths.remote, dir + QStringLiteral("/remote.git"));
    // Nothing of the staging folder is left beside the demo.
    QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList({QStringLiteral("remote.git"), QStringLiteral("work")}));
}

void TestDemoFleet::cloneIsCleanAndTracksTheRemote()
{
    const Run status =
            git(m_paths.workdir, {QStringLiteral("status"), QStringLiteral("--porcelain")});
    QCOMPARE(status.exitCode, 0);
    QCOMPARE(status.out, QString());

    const Run branch =
            git(m_paths.workdir, {QStringLiteral("rev-parse"), QStringLiteral("--abbrev-ref"),
                                  QStringLiteral("HEAD@{upstream}")});
    QVERIFY2(branch.exitCode == 0, qPrintable(branch.err));
    QCOMPARE(branch.out, QStringLiteral("origin/main"));

    const Run url = git(m_paths.workdir, {QStringLiteral("remote"), QStringLiteral("get-url"),
                                          QStringLiteral("origin")});
    QCOMPARE(url.out, m_paths.remote);

    const Run counts = git(m_paths.workdir,
                           {QStringLiteral("rev-list"), QStringLiteral("--count"),
                            QStringLiteral("--left-right"), QStringLiteral("HEAD...origin/main")});
    QCOMPARE(counts.exitCode, 0);
    QCOMPARE(counts.out, QStringLiteral("0\t0"));

    const Run head = git(m_paths.workdir, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
    const Run remoteMain =
            git(m_paths.remote, {QStringLiteral("rev-parse"), QStringLiteral("refs/heads/main")});
    QCOMPARE(remoteMain.exitCode, 0);
    QCOMPARE(remoteMain.out, head.out);
    const Run remoteHead =
            git(m_paths.remote, {QStringLiteral("symbolic-ref"), QStringLiteral("HEAD")});
    QCOMPARE(remoteHead.out, QStringLiteral("refs/heads/main"));
}

void TestDemoFleet::remotePassesFsck()
{
    const Run fsck = git(m_paths.remote, {QStringLiteral("fsck"), QStringLiteral("--strict")});
    QVERIFY2(fsck.exitCode == 0, qPrintable(fsck.out + fsck.err));
    const Run bare = git(m_paths.remote,
                         {QStringLiteral("rev-parse"), QStringLiteral("--is-bare-repository")});
    QCOMPARE(bare.out, QStringLiteral("true"));
}

void TestDemoFleet::historyShowsTheRedUpgrades()
{
    const Run authors =
            git(m_paths.workdir, {QStringLiteral("log"), QStringLiteral("--format=%an <%ae>")});
    QCOMPARE(authors.exitCode, 0);
    const QStringList lines = authors.out.split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 5); // the import, then one commit per Red upgrade
    for (const QString &line : lines)
        QCOMPARE(line, QStringLiteral("Quarterdeck Demo <demo@quarterdeck.example>"));

    const Run trailers =
            git(m_paths.workdir, {QStringLiteral("log"), QStringLiteral("--reverse"),
                                  QStringLiteral("--format=%(trailers:key=Customer,valueonly)"
                                                 "%(trailers:key=Zone,valueonly,separator=)"),
                                  QStringLiteral("HEAD~4..HEAD")});
    QCOMPARE(trailers.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts),
             QStringList({QStringLiteral("acme"), QStringLiteral("red"), QStringLiteral("globex"),
                          QStringLiteral("red"), QStringLiteral("coralbay"), QStringLiteral("red"),
                          QStringLiteral("fjord"), QStringLiteral("red")}));

    // Each upgrade is the one-line change of one Red version, nothing else.
    const Run changed = git(m_paths.workdir, {QStringLiteral("diff"), QStringLiteral("--numstat"),
                                              QStringLiteral("HEAD~4"), QStringLiteral("HEAD")});
    QStringList files = changed.out.split(QLatin1Char('\n'));
    files.sort();
    QCOMPARE(files, QStringList({QStringLiteral("1\t1\tcustomers/acme/red/patch-version.yml"),
                                 QStringLiteral("1\t1\tcustomers/coralbay/red/patch-version.yml"),
                                 QStringLiteral("1\t1\tcustomers/fjord/red/patch-version.yml"),
                                 QStringLiteral("1\t1\tcustomers/globex/red/patch-version.yml")}));
    const Run before = git(m_paths.workdir,
                           {QStringLiteral("show"), QStringLiteral("HEAD~4:customers/acme/red/"
                                                                   "patch-version.yml")});
    QVERIFY2(before.out.contains(QStringLiteral("\n      version: 2.30.1   #")),
             qPrintable(before.out));
}

void TestDemoFleet::secondCallLeavesTheCloneAlone()
{
    const Run head = git(m_paths.workdir, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
    // A user's uncommitted edit in the demo must survive the next `quarterdeck --demo`.
    const QString fleetFile = m_paths.workdir + QStringLiteral("/fleet.yaml");
    QFile file(fleetFile);
    QVERIFY(file.open(QIODevice::Append));
    file.write("# my note\n");
    file.close();

    const Result<DemoFleetPaths> again = ensureDemoFleet(m_dir.filePath(QStringLiteral("demo")));
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(again->workdir, m_paths.workdir);
    QCOMPARE(git(m_paths.workdir, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).out,
             head.out);
    QCOMPARE(git(m_paths.workdir, {QStringLiteral("status"), QStringLiteral("--porcelain")}).out,
             QStringLiteral("M fleet.yaml"));
    QVERIFY(git(m_paths.workdir,
                {QStringLiteral("checkout"), QStringLiteral("--"), QStringLiteral("fleet.yaml")})
                    .exitCode == 0);
}

void TestDemoFleet::refusesToWriteOverALeftover()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("remote.git")));
    const Result<DemoFleetPaths> paths = ensureDemoFleet(dir.path());
    QVERIFY(!paths.ok());
    QVERIFY2(paths.errorMessage().contains(dir.filePath(QStringLiteral("remote.git"))),
             qPrintable(paths.errorMessage()));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("work"))));
}

void TestDemoFleet::everyOverlayIsChecked()
{
    QStringList onDisk;
    QDirIterator it(m_paths.workdir + QStringLiteral("/customers"), {QStringLiteral("*.yml")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        if (info.fileName() == QLatin1String("kustomization.yml"))
            onDisk << QDir(m_paths.workdir).relativeFilePath(info.absolutePath());
    }
    onDisk.sort();
    QStringList expected;
    for (const Expected &row : kExpected) {
        expected << QStringLiteral("customers/%1/green").arg(QLatin1String(row.customer))
                 << QStringLiteral("customers/%1/red").arg(QLatin1String(row.customer));
    }
    expected.sort();
    QCOMPARE(onDisk, expected);
    QVERIFY(expected.size() >= 24);
}

void TestDemoFleet::overlayBuildsToItsVersion_data()
{
    QTest::addColumn<QString>("overlay");
    QTest::addColumn<QString>("version");
    for (const Expected &row : kExpected) {
        for (const auto &[zone, version] :
             {std::pair{"red", row.red}, std::pair{"green", row.green}}) {
            const QString overlay = QStringLiteral("customers/%1/%2")
                                            .arg(QLatin1String(row.customer), QLatin1String(zone));
            QTest::newRow(qPrintable(overlay)) << overlay << QString::fromLatin1(version);
        }
    }
}

void TestDemoFleet::overlayBuildsToItsVersion()
{
    QFETCH(QString, overlay);
    QFETCH(QString, version);
    const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (kubectl.isEmpty())
        QSKIP("kubectl is not on PATH");
    const Run built = run(kubectl, {QStringLiteral("kustomize"), overlay}, m_paths.workdir);
    QVERIFY2(built.exitCode == 0, qPrintable(built.err));
    QVERIFY(built.out.contains(QStringLiteral("kind: SpinnakerService")));
    // kubectl prints keys sorted, so spec.spinnakerConfig.config.version is the one `version:`
    // six spaces deep.
    static const QRegularExpression versionLine(QStringLiteral("^      version: (\\S+)$"),
                                                QRegularExpression::MultilineOption);
    QStringList versions;
    for (const QRegularExpressionMatch &match : versionLine.globalMatch(built.out))
        versions << match.captured(1);
    QCOMPARE(versions, QStringList{version});
}

void TestDemoFleet::defaultDirectoryIsUnderAppData()
{
    const QString appData = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    QVERIFY(!appData.isEmpty());
    QCOMPARE(defaultDemoDirectory(), appData + QStringLiteral("/demo"));
}

QTEST_GUILESS_MAIN(TestDemoFleet)
#include "tst_demofleet.moc"
