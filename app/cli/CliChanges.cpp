#include "app/cli/CliChanges.h"

#include "app/cli/Cli.h"
#include "app/cli/CommandParser.h"
#include "services/AppSettings.h"

namespace qd::cli {

namespace {

int pushExitCode(PushResult result)
{
    switch (result) {
    case PushResult::Pushed:
    case PushResult::NotAttempted:
        return Success;
    case PushResult::RefusedByServer:
    case PushResult::Conflict:
    case PushResult::HostKeyRejected:
        return Refused;
    case PushResult::NetworkFailure:
    case PushResult::AuthenticationFailed:
    case PushResult::Cancelled:
    case PushResult::Failed:
        break;
    }
    return UsageOrIoError;
}

} // namespace

void addCommitOptions(CommandParser &parser)
{
    parser.addOption({QStringLiteral("change-request"),
                      QStringLiteral("Change request id for the Change-Request: trailer."),
                      QStringLiteral("ID")});
    parser.addOption({QStringLiteral("branch"),
                      QStringLiteral("Commit on a new review branch quarterdeck/<user>/B."),
                      QStringLiteral("B")});
    parser.addOption({QStringLiteral("push"), QStringLiteral("Push after committing.")});
    parser.addOption({QStringLiteral("remote"), QStringLiteral("Remote to push to (origin)."),
                      QStringLiteral("NAME"), QStringLiteral("origin")});
    parser.addOption({QStringLiteral("accept-host-key"),
                      QStringLiteral("Trust this SSH host key fingerprint (SHA256:...)."),
                      QStringLiteral("FINGERPRINT")});
}

void applyCommitOptions(const QCommandLineParser &parser, CommitRequest &request)
{
    request.changeRequestId = parser.value(QStringLiteral("change-request"));
    if (parser.isSet(QStringLiteral("branch"))) {
        const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
        request.branch = reviewBranchName(user, parser.value(QStringLiteral("branch")));
    }
    request.push = parser.isSet(QStringLiteral("push")) ? PushAfterCommit::Push
                                                        : PushAfterCommit::KeepLocal;
}

KeychainThread::KeychainThread()
{
    thread.setObjectName(QStringLiteral("quarterdeck-keychain"));
    store.moveToThread(&thread);
    thread.start();
}

KeychainThread::~KeychainThread()
{
    thread.quit();
    thread.wait();
}

void configureTransport(ChangeEngine &engine, SecretStore &secrets, const QStringList &hostKeys)
{
    TransportOptions &transport = engine.transport();
    const GitSettings settings = AppSettings::load().git;
    transport.sshKeyFile = settings.sshKeyFile;
    transport.httpsUser = settings.httpsUser;
    transport.caFile = settings.caFile;
    transport.acceptedHostKeys = hostKeys;
    transport.tokenForUrl = [&secrets](const QString &url) {
        auto token = secrets.readWaiting(gitSecretKey(url));
        return token ? token.value() : QString();
    };
}

int reportAttempt(const ChangeAttempt &attempt, const QString &command, QTextStream &out,
                  QTextStream &err)
{
    if (!attempt.recovered.isEmpty())
        err << "quarterdeck " << command << ": " << attempt.recovered << '\n';
    if (!attempt.committed && !attempt.refusal.isEmpty()) {
        for (const Diagnostic &problem : attempt.problems)
            err << problem.toString() << '\n';
        err << "quarterdeck " << command << ": " << attempt.refusal << Qt::endl;
        return Refused;
    }
    const CommitOutcome &outcome = attempt.outcome;
    if (!outcome.commitId.isEmpty())
        out << "committed " << outcome.commitId.left(7) << " on " << outcome.branch << '\n';
    for (const ValueConflict &conflict : attempt.conflicts)
        err << "conflict: " << conflict.edit.customer << '/' << zoneKindName(conflict.edit.zone)
            << ' ' << conflict.edit.key << ": ours " << conflict.edit.value << ", theirs "
            << conflict.theirValue << " (was " << conflict.baseValue << ")\n";
    if (!attempt.unknownHost.isEmpty())
        err << "unknown SSH host key for " << attempt.unknownHost << ": "
            << attempt.unknownFingerprint << "\nrun again with --accept-host-key "
            << attempt.unknownFingerprint << " if you trust it\n";
    if (outcome.push == PushResult::Pushed) {
        out << "pushed " << outcome.branch;
        if (outcome.replays > 0)
            out << " (replayed on the new remote head)";
        out << '\n';
    } else if (outcome.push != PushResult::NotAttempted) {
        err << "not pushed (" << pushResultText(outcome.push) << "): " << outcome.pushMessage
            << "\nthe commit stays local; push it later with: quarterdeck set --repo DIR --push\n";
    }
    out.flush();
    err.flush();
    return pushExitCode(outcome.push);
}

} // namespace qd::cli
