// quarterdeck set --repo DIR --customer C --zone red|green KEY=VALUE... -m MSG
//                 [--change-request ID] [--branch B] [--push] [--accept-host-key SHA256:...]
#include "app/cli/Cli.h"
#include "app/cli/CommandParser.h"
#include "services/AppSettings.h"
#include "services/changes/ChangeEngine.h"
#include "services/secrets/SecretStore.h"

#include <QThread>

namespace qd::cli {

namespace {

// The keychain on a thread of its own, so that a push waiting for a token (from libgit2's
// credentials callback) runs no event loop of its own in the middle of the transfer.
struct KeychainThread
{
    KeychainThread()
    {
        thread.setObjectName(QStringLiteral("quarterdeck-keychain"));
        store.moveToThread(&thread);
        thread.start();
    }
    ~KeychainThread()
    {
        thread.quit();
        thread.wait();
    }
    QThread thread;
    SecretStore store;
};

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

// Prints what happened to the push; returns the exit code.
int reportAttempt(const ChangeAttempt &attempt, QTextStream &out, QTextStream &err)
{
    if (!attempt.committed && !attempt.refusal.isEmpty()) {
        for (const Diagnostic &problem : attempt.problems)
            err << problem.toString() << '\n';
        err << "quarterdeck set: " << attempt.refusal << Qt::endl;
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

} // namespace

int runSet(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    CommandParser command(
            QStringLiteral("set"),
            QStringLiteral("Set values of a zone's effective SpinnakerService, "
                           "validate the fleet and commit with trailers. Without "
                           "KEY=VALUE, --push pushes the branch's unpushed commits."));
    command.addRepoOption();
    QCommandLineParser &parser = command.parser();
    parser.addOption(
            {QStringLiteral("customer"), QStringLiteral("Customer id."), QStringLiteral("C")});
    parser.addOption(
            {QStringLiteral("zone"), QStringLiteral("red or green."), QStringLiteral("ZONE")});
    parser.addOption({{QStringLiteral("m"), QStringLiteral("message")},
                      QStringLiteral("Commit subject."),
                      QStringLiteral("MSG")});
    parser.addOption({QStringLiteral("body"), QStringLiteral("Commit message body."),
                      QStringLiteral("TEXT")});
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
    parser.addPositionalArgument(QStringLiteral("KEY=VALUE"),
                                 QStringLiteral("Dotted key of the effective SpinnakerService."));
    if (const auto exit = command.parse(arguments, out, err))
        return *exit;

    const QStringList assignments = parser.positionalArguments();
    const bool pushOnly = assignments.isEmpty() && parser.isSet(QStringLiteral("push"));
    QList<ValueEdit> edits;
    if (!pushOnly) {
        const auto zone = zoneKindFromName(parser.value(QStringLiteral("zone")));
        const QString customer = parser.value(QStringLiteral("customer"));
        QString usage;
        if (customer.isEmpty())
            usage = QStringLiteral("--customer C is required");
        else if (!zone)
            usage = QStringLiteral("--zone must be red or green");
        else if (assignments.isEmpty())
            usage = QStringLiteral("give at least one KEY=VALUE");
        else if (parser.value(QStringLiteral("m")).trimmed().isEmpty())
            usage = QStringLiteral("-m MSG is required");
        for (const QString &assignment : assignments) {
            const qsizetype equals = assignment.indexOf(QLatin1Char('='));
            if (equals <= 0) {
                usage = QStringLiteral("'%1' is not KEY=VALUE").arg(assignment);
                break;
            }
            if (zone)
                edits.append(ValueEdit{customer, *zone, assignment.left(equals),
                                       assignment.mid(equals + 1)});
        }
        if (!usage.isEmpty()) {
            err << "quarterdeck set: " << usage << Qt::endl;
            return UsageOrIoError;
        }
    }

    auto engine = ChangeEngine::open(command.repo());
    if (!engine) {
        err << "quarterdeck set: " << engine.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    engine->setRemoteName(parser.value(QStringLiteral("remote")));
    KeychainThread keychain;
    configureTransport(engine.value(), keychain.store, parser.values(QStringLiteral("accept-host-key")));
    if (pushOnly)
        return reportAttempt(engine->push(), out, err);

    CommitRequest request;
    request.edits = edits;
    request.subject = parser.value(QStringLiteral("m"));
    request.body = parser.value(QStringLiteral("body"));
    request.changeRequestId = parser.value(QStringLiteral("change-request"));
    if (parser.isSet(QStringLiteral("branch"))) {
        QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
        request.branch = reviewBranchName(user, parser.value(QStringLiteral("branch")));
    }
    request.push = parser.isSet(QStringLiteral("push")) ? PushAfterCommit::Push
                                                        : PushAfterCommit::KeepLocal;
    return reportAttempt(engine->commit(request), out, err);
}

} // namespace qd::cli
