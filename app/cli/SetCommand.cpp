// quarterdeck set --repo DIR --customer C --zone red|green KEY=VALUE... -m MSG
//                 [--change-request ID] [--branch B] [--push] [--accept-host-key SHA256:...]
#include "app/cli/Cli.h"
#include "app/cli/CliChanges.h"
#include "app/cli/CommandParser.h"

namespace qd::cli {

void describeSet(CommandParser &command)
{
    command.setDescription(QStringLiteral("Set values of a zone's effective SpinnakerService, "
                                          "validate the fleet and commit with trailers. Without "
                                          "KEY=VALUE, --push pushes the branch's unpushed "
                                          "commits."));
    command.addRepoOption();
    command.addOption(
            {QStringLiteral("customer"), QStringLiteral("Customer id."), QStringLiteral("C")});
    command.addOption(
            {QStringLiteral("zone"), QStringLiteral("red or green."), QStringLiteral("ZONE")});
    command.addOption({{QStringLiteral("m"), QStringLiteral("message")},
                       QStringLiteral("Commit subject."),
                       QStringLiteral("MSG")});
    command.addOption({QStringLiteral("body"), QStringLiteral("Commit message body."),
                       QStringLiteral("TEXT")});
    addCommitOptions(command);
    command.addPositionalArgument(
            {QStringLiteral("KEY=VALUE..."),
             QStringLiteral("Dotted key of the effective SpinnakerService and its new value."),
             {}});
    command.setExitCodes(QStringLiteral("0 committed (and pushed), 1 refused (the change does not "
                                        "validate, a conflict, the push was rejected), 2 usage "
                                        "or I/O error"));
    command.addExample({QStringLiteral("set --repo ~/config --customer acme --zone red "
                                       "spec.spinnakerConfig.config.version=2.32.0 "
                                       "-m \"Upgrade Red to 2.32.0\" --change-request CR-1042 "
                                       "--push"),
                        QStringLiteral("Upgrade acme's Red zone, commit with a Change-Request: "
                                       "trailer and push.")});
}

int runSet(const CommandParser &command, QTextStream &out, QTextStream &err)
{
    const QCommandLineParser &parser = command.parser();
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
        return reportAttempt(engine->push(), QStringLiteral("set"), out, err);

    CommitRequest request;
    request.edits = edits;
    request.subject = parser.value(QStringLiteral("m"));
    request.body = parser.value(QStringLiteral("body"));
    applyCommitOptions(parser, request);
    return reportAttempt(engine->commit(request), QStringLiteral("set"), out, err);
}

} // namespace qd::cli
