// A promotion whose push does not land loses nothing, as for `quarterdeck set`: refused by the
// server (a pre-receive hook of the real git daemon's repo), or conflicting with a change someone
// else pushed first. The promotion stays the local branch's last commit with its trailers, the
// remote keeps what it had, and once the server takes pushes again the promotion reaches it once.
#include "support/CliConfig.h"
#include "support/GitServers.h"
#include "support/TestRepo.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace qd::test;

class TestPromotePush : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void refusedPushKeepsThePromotionLocal();
    void conflictingPushKeepsThePromotionLocal();

private:
    ProcessRun promote(const QStringList &arguments);
    QString remoteHead() { return gitOut(m_remote, {"rev-parse", "main"}); }

    QTemporaryDir m_dir;
    QString m_work;
    QString m_remote;
    GitDaemon m_daemon;
    std::unique_ptr<CliConfig> m_config;
};

void TestPromotePush::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_config = std::make_unique<CliConfig>(m_dir.filePath("config")); // no URLs from settings
    QString error;
    QVERIFY2(makeServedDemoClone(m_dir.path(), m_daemon, &m_work, &m_remote, &error), qPrintable(error));
}

ProcessRun TestPromotePush::promote(const QStringList &arguments)
{
    return runProgram(QStringLiteral(QD_BINARY_DIR) + "/quarterdeck",
                      QStringList{"promote", "--repo", m_work} + arguments, m_work,
                      m_config->environment());
}

void TestPromotePush::refusedPushKeepsThePromotionLocal()
{
    const QString greenFile = "customers/acme/green/patch-version.yml";
    const QString before = remoteHead();
    const QString hook = m_remote + "/hooks/pre-receive";
    {
        QFile file(hook);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\necho 'change freeze until Monday' >&2\nexit 1\n");
        file.close();
        QVERIFY(file.setPermissions(file.permissions() | QFileDevice::ExeOwner));
    }
    // acme's gate has no live data here (unknown), so the promotion is an override.
    const ProcessRun refused = promote({"--customer", "acme", "--override", "freeze test", "--push"});
    QFile::remove(hook);
    QVERIFY2(refused.exitCode != 0, refused.err.constData());
    QVERIFY2(refused.err.contains("refused by the server") && refused.err.contains("change freeze until Monday")
                     && refused.err.contains("not pushed"),
             refused.err.constData());
    QCOMPARE(remoteHead(), before);
    const QString promotion = gitOut(m_work, {"rev-parse", "HEAD"});
    QCOMPARE(gitOut(m_work, {"rev-parse", "HEAD~1"}), before);
    QCOMPARE(gitOut(m_work, {"log", "-1", "--format=%(trailers:key=Promotion-Override,valueonly)"}),
             QString("freeze test"));
    QVERIFY(gitOut(m_work, {"show", "HEAD:" + greenFile}).contains("version: 2.31.0-rc1"));
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());

    // The freeze is over: the same promotion again pushes the commit that waited, once.
    const ProcessRun again = promote({"--customer", "acme", "--override", "freeze test", "--push"});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(remoteHead(), promotion);
    QCOMPARE(gitOut(m_remote, {"rev-list", "--count", before + "..main"}), QString("1"));
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
}

void TestPromotePush::conflictingPushKeepsThePromotionLocal()
{
    // Level with the remote, with acme's Green at 2.30.1 again.
    const QString greenFile = "customers/acme/green/patch-version.yml";
    const QString clone = m_dir.filePath("other");
    QCOMPARE(git(m_dir.path(), {"clone", "-q", m_daemon.url("remote.git"), clone}).exitCode, 0);
    QVERIFY(replaceInFile(clone + "/" + greenFile, "version: 2.31.0-rc1 ", "version: 2.30.1 "));
    QCOMPARE(git(clone, {"commit", "-qam", "acme Green back to 2.30.1"}).exitCode, 0);
    QCOMPARE(git(clone, {"push", "-q", "origin", "HEAD:main"}).exitCode, 0);
    QCOMPARE(git(m_work, {"pull", "-q", "--ff-only"}).exitCode, 0);

    // Someone else moves acme's Green from 2.30.1 to 2.31.0 and pushes first.
    QVERIFY(replaceInFile(clone + "/" + greenFile, "version: 2.30.1 ", "version: 2.31.0 "));
    QCOMPARE(git(clone, {"commit", "-qam", "acme Green to 2.31.0 by hand"}).exitCode, 0);
    QCOMPARE(git(clone, {"push", "-q", "origin", "HEAD:main"}).exitCode, 0);
    const QString theirs = remoteHead();

    const ProcessRun run = promote({"--customer", "acme", "--override", "hotfix", "--push"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("ours 2.31.0-rc1, theirs 2.31.0 (was 2.30.1)")
                     && run.err.contains("not pushed"),
             run.err.constData());
    // Nothing lost: the promotion is the local branch's last commit, with its trailers; the
    // remote keeps the other change.
    QCOMPARE(remoteHead(), theirs);
    QCOMPARE(gitOut(m_work, {"log", "-1", "--format=%(trailers:key=Promotion-Override,valueonly)"}),
             QString("hotfix"));
    QVERIFY(gitOut(m_work, {"show", "HEAD:" + greenFile}).contains("version: 2.31.0-rc1"));
    QCOMPARE(gitOut(m_work, {"status", "--porcelain"}), QString());
}

QTEST_GUILESS_MAIN(TestPromotePush)
#include "tst_promotepush.moc"
