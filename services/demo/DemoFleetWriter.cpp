#include "services/demo/DemoFleetWriter.h"

#include "services/Logging.h"
#include "services/git/GitRepository.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace qd {

namespace {

const QString kResourceRoot = QStringLiteral(":/demo/fleet");

GitSignature demoAuthor()
{
    return {QStringLiteral("Quarterdeck Demo"), QStringLiteral("demo@quarterdeck.example")};
}

// Red upgrades in flight in the demo. The resources hold the fleet as it is now; the first commit
// carries the version each Red zone ran before, so that the history shows every upgrade as the
// one-line change `quarterdeck set` makes, with the same trailers.
struct RedUpgrade
{
    QLatin1String customer;
    QLatin1String before;
    QLatin1String after;
};

const RedUpgrade kRedUpgrades[] = {
        {QLatin1String("acme"), QLatin1String("2.30.1"), QLatin1String("2.31.0-rc1")},
        {QLatin1String("globex"), QLatin1String("2.31.2"), QLatin1String("2.32.2")},
        {QLatin1String("coralbay"), QLatin1String("2.31.2"), QLatin1String("2.32.0")},
        {QLatin1String("fjord"), QLatin1String("2.30.1"), QLatin1String("2.31.0")},
};

QString redVersionFile(const RedUpgrade &upgrade)
{
    return QStringLiteral("customers/%1/red/patch-version.yml").arg(upgrade.customer);
}

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    return file.readAll();
}

Result<void> writeFile(const QString &path, const QByteArray &content)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        return Error{QStringLiteral("cannot create folder %1").arg(folder)};
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(content) != content.size() || !file.flush())
        return Error{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    return {};
}

// Reads and writes the bytes rather than QFile::copy(), which would carry the resource's
// read-only permissions over to the clone.
Result<int> copyResources(const QString &workdir)
{
    const QDir root(kResourceRoot);
    int copied = 0;
    QDirIterator it(kResourceRoot, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const Result<QByteArray> content = readFile(source);
        if (!content)
            return content.error();
        const QString target = workdir + QLatin1Char('/') + root.relativeFilePath(source);
        if (Result<void> written = writeFile(target, content.value()); !written)
            return written.error();
        ++copied;
    }
    if (copied == 0)
        return Error{QStringLiteral("this build of Quarterdeck has no demo fleet in its resources "
                                    "(%1 is empty)")
                             .arg(kResourceRoot)};
    return copied;
}

// The live (uncommented) `version:` line must be there exactly once, or the history would lie.
Result<QByteArray>
withVersion(const QByteArray &content, const QString &file, QLatin1String from, QLatin1String to)
{
    const QRegularExpression live(
            QStringLiteral("^(\\s*version:\\s*)%1(?=\\s|$)").arg(QRegularExpression::escape(from)),
            QRegularExpression::MultilineOption);
    QString text = QString::fromUtf8(content);
    const int matches = int(text.count(live));
    if (matches != 1)
        return Error{QStringLiteral("demo resource %1: expected one line 'version: %2', found %3")
                             .arg(file, from)
                             .arg(matches)};
    text.replace(live, QStringLiteral("\\1") + to);
    return text.toUtf8();
}

int customerCount()
{
    return int(QDir(kResourceRoot + QStringLiteral("/customers"))
                       .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                       .size());
}

Result<void> commitUpgrade(GitRepository &repo, const QString &workdir, const RedUpgrade &upgrade)
{
    const QString file = redVersionFile(upgrade);
    const Result<QByteArray> now = readFile(kResourceRoot + QLatin1Char('/') + file);
    if (!now)
        return now.error();
    if (Result<void> written = writeFile(workdir + QLatin1Char('/') + file, now.value()); !written)
        return written;
    const QString message = QStringLiteral("Upgrade %1 Red to %2\n\n"
                                           "Prove out %2 in the sandbox before it is promoted to "
                                           "Green, which stays on %3.\n\n"
                                           "Customer: %1\n"
                                           "Zone: red\n")
                                    .arg(upgrade.customer, upgrade.after, upgrade.before);
    if (Result<QString> commit = repo.commitAll(message, demoAuthor()); !commit)
        return commit.error();
    return {};
}

// Builds the clone and its remote in the staging folder. The clone's origin already points at
// finalRemote, where the remote will be once both are moved into place.
Result<void> buildDemo(const QString &workdir, const QString &remote, const QString &finalRemote)
{
    const Result<int> copied = copyResources(workdir);
    if (!copied)
        return copied.error();
    for (const RedUpgrade &upgrade : kRedUpgrades) {
        const QString file = redVersionFile(upgrade);
        const QString path = workdir + QLatin1Char('/') + file;
        const Result<QByteArray> now = readFile(path);
        if (!now)
            return now.error();
        const Result<QByteArray> before =
                withVersion(now.value(), file, upgrade.after, upgrade.before);
        if (!before)
            return before.error();
        if (Result<void> written = writeFile(path, before.value()); !written)
            return written;
    }

    Result<GitRepository> repo = GitRepository::init(workdir, false);
    if (!repo)
        return repo.error();
    const QString initial = QStringLiteral("Import the managed fleet configuration\n\n"
                                           "fleet.yaml, maintenance.yaml and the Red and Green "
                                           "overlays of %1 customers,\non one shared "
                                           "SpinnakerService base.\n")
                                    .arg(customerCount());
    if (Result<QString> commit = repo->commitAll(initial, demoAuthor()); !commit)
        return commit.error();
    for (const RedUpgrade &upgrade : kRedUpgrades) {
        if (Result<void> done = commitUpgrade(repo.value(), workdir, upgrade); !done)
            return done;
    }

    if (Result<GitRepository> bare = GitRepository::init(remote, true); !bare)
        return bare.error();
    const QString origin = QStringLiteral("origin");
    if (Result<void> added = repo->addRemote(origin, remote); !added)
        return added;
    if (Result<void> pushed = repo->pushCurrentBranch(origin); !pushed)
        return pushed;
    const QByteArray finalUrl = finalRemote.toUtf8();
    if (int rc = git_remote_set_url(repo->get(), "origin", finalUrl.constData()); rc < 0)
        return gitError(QStringLiteral("cannot point origin at %1").arg(finalRemote), rc);
    return {};
}

} // namespace

Result<DemoFleetPaths> ensureDemoFleet(const QString &dir)
{
    const QString root = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const DemoFleetPaths paths{root + QStringLiteral("/remote.git"),
                               root + QStringLiteral("/work")};
    if (QFileInfo::exists(paths.workdir + QStringLiteral("/.git")))
        return paths;
    // Never write over something that is not ours, even a leftover of an earlier demo.
    for (const QString &path : {paths.workdir, paths.remote}) {
        if (QFileInfo::exists(path))
            return Error{QStringLiteral("cannot create the demo fleet in %1: %2 already exists; "
                                        "remove it or choose another folder")
                                 .arg(root, path)};
    }
    if (!QDir().mkpath(root))
        return Error{QStringLiteral("cannot create folder %1").arg(root)};

    // Built beside its final place and moved in at the end, so that a crash midway leaves no
    // half-written demo that the next start would take for a finished one.
    QTemporaryDir staging(root + QStringLiteral("/.demo-staging-XXXXXX"));
    if (!staging.isValid())
        return Error{QStringLiteral("cannot create a staging folder in %1: %2")
                             .arg(root, staging.errorString())};
    const QString stagedWork = staging.filePath(QStringLiteral("work"));
    const QString stagedRemote = staging.filePath(QStringLiteral("remote.git"));
    if (Result<void> built = buildDemo(stagedWork, stagedRemote, paths.remote); !built)
        return Error{QStringLiteral("cannot create the demo fleet in %1: %2")
                             .arg(root, built.error().message)};

    // The clone moves last: its .git is what marks the demo as finished.
    QDir fs;
    if (!fs.rename(stagedRemote, paths.remote))
        return Error{QStringLiteral("cannot move %1 to %2").arg(stagedRemote, paths.remote)};
    if (!fs.rename(stagedWork, paths.workdir)) {
        fs.rename(paths.remote, stagedRemote); // the staging folder's cleanup then removes it
        return Error{QStringLiteral("cannot move %1 to %2").arg(stagedWork, paths.workdir)};
    }
    qCInfo(lcDemo) << "created the demo fleet in" << root;
    return paths;
}

QString defaultDemoDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/demo");
}

} // namespace qd
