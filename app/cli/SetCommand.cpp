// quarterdeck set --repo DIR --customer C --zone red|green KEY=VALUE... -m MSG
//                 [--change-request ID] [--branch B] [--push] [--accept-host-key SHA256:...]
#include "app/cli/Cli.h"
#include "app/cli/CliChanges.h"
#include "app/cli/CommandParser.h"

namespace qd::cli {

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
    addCommitOptions(parser);
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
        return reportAttempt(engine->push(), QStringLiteral("set"), out, err);

    CommitRequest request;
    request.edits = edits;
    request.subject = parser.value(QStringLiteral("m"));
    request.body = parser.value(QStringLiteral("body"));
    applyCommitOptions(parser, request);
    return reportAttempt(engine->commit(request), QStringLiteral("set"), out, err);
}

} // namespace qd::cli
