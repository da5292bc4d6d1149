// quarterdeck promote --repo DIR --customer C [--prometheus URL] [--alertmanager URL]
//                     [--override REASON] [--change-request ID] [--branch B] [--push] [--json]:
// the Red → Green gate, and on pass (or with --override) Green's version set to Red's.
#include "app/cli/Cli.h"
#include "app/cli/CliChanges.h"
#include "app/cli/CliSources.h"
#include "app/cli/CommandParser.h"
#include "app/cli/UpgradeJson.h"
#include "services/config/FleetLoader.h"
#include "services/git/GitBlame.h"
#include "services/git/GitDiff.h"
#include "services/git/GitRepository.h"
#include "services/telemetry/PrometheusClient.h"
#include "services/upgrades/PromotionGatherer.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <memory>

namespace qd::cli {

namespace {

const QString kCommand = QStringLiteral("promote");
const QString kVersionKey = QStringLiteral("spec.spinnakerConfig.config.version");

QJsonObject verdictJson(const GateVerdict &verdict, const QString &customer, bool overridden,
                        const QString &commit)
{
    return QJsonObject{
            {QStringLiteral("customer"), customer},
            {QStringLiteral("candidate"), verdict.candidate.isEmpty()
                                                  ? QJsonValue(QJsonValue::Null)
                                                  : QJsonValue(verdict.candidate)},
            {QStringLiteral("verdict"), verdict.passed ? QStringLiteral("pass")
                                                       : QStringLiteral("fail")},
            {QStringLiteral("overridden"), overridden},
            {QStringLiteral("rules"), ruleListJson(verdict.rules)},
            {QStringLiteral("commit"),
             commit.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(commit)},
    };
}

void printRules(const GateVerdict &verdict, QTextStream &to)
{
    for (const GateRule &rule : verdict.rules)
        to << (rule.passed ? "pass  " : "FAIL  ") << rule.id << ": " << rule.evidence << '\n';
    to.flush();
}

// A trailer's value is one line: the reason as typed, its lines joined.
QString oneLine(const QString &text)
{
    return text.simplified();
}

// Reads every source the gate needs; the clients live as long as the returned inputs are read.
PromotionGateInputs gatherInputs(const FleetSnapshot &fleet, const QString &customer,
                                 const std::optional<QStringList> &dirty,
                                 PrometheusClient *prometheus, IncidentService *incidents)
{
    PromotionGatherer gatherer(prometheus, incidents);
    PromotionGateInputs inputs;
    QEventLoop loop;
    bool done = false; // with no source to ask, it is gathered before the loop runs
    QObject::connect(&gatherer, &PromotionGatherer::gathered, &loop,
                     [&](const PromotionGateInputs &gathered) {
                         inputs = gathered;
                         done = true;
                         loop.quit();
                     });
    gatherer.gather(fleet, customer, dirty, QDateTime::currentDateTimeUtc());
    if (!done)
        loop.exec();
    return inputs;
}

// The subject of a promotion commit (and how a waiting one is found again).
QString promotionSubject(const QString &customer, const QString &candidate)
{
    return QStringLiteral("Promote %1 Green to %2").arg(customer, candidate);
}

// A promotion committed by an earlier run whose push did not land (refused by the server, the
// network down, killed): Green already asks for the candidate in an unpushed commit. With --push
// it is pushed as it is, with the gate or override its commit recorded. Returns the exit code and
// the commit; nullopt when none waits.
std::optional<std::pair<int, QString>> pushWaitingPromotion(const CommandParser &command, const QString &customer,
                                        const QString &candidate, QTextStream &out, QTextStream &err)
{
    const QCommandLineParser &p = command.parser();
    auto engine = ChangeEngine::open(command.repo());
    if (!engine)
        return std::nullopt;
    const auto unpushed = engine->unpushedCommits();
    const QString subject = promotionSubject(customer, candidate);
    const bool waiting = unpushed && std::any_of(unpushed->cbegin(), unpushed->cend(), [&](const QString &line) {
        return line.section(QLatin1Char(' '), 1) == subject;
    });
    if (!waiting)
        return std::nullopt;
    err << "quarterdeck promote: pushing the promotion to " << candidate
        << " committed earlier and not pushed yet" << Qt::endl;
    engine->setRemoteName(p.value(QStringLiteral("remote")));
    KeychainThread keychain;
    configureTransport(engine.value(), keychain.store, p.values(QStringLiteral("accept-host-key")));
    const ChangeAttempt attempt = engine->push();
    QString reportText;
    QTextStream report(&reportText);
    const int code = reportAttempt(attempt, kCommand, command.json() ? report : out, err);
    return std::pair(code, attempt.outcome.commitId);
}

} // namespace

void describePromote(CommandParser &command)
{
    command.setDescription(QStringLiteral(
            "Evaluate the Red → Green promotion gate of a customer and, when it passes (or with "
            "--override), set Green's version to Red's and commit it as `quarterdeck set` "
            "does."));
    command.addRepoOption();
    command.addJsonOption();
    command.addOption(
            {QStringLiteral("customer"), QStringLiteral("Customer id."), QStringLiteral("C")});
    addLiveSourceOptions(command);
    command.addOption({QStringLiteral("override"),
                       QStringLiteral("Promote although the gate fails; the reason goes into the "
                                      "Promotion-Override: trailer."),
                       QStringLiteral("REASON")});
    addCommitOptions(command);
    command.setExitCodes(QStringLiteral("0 promoted, 1 refused by the gate or the push, 2 usage "
                                        "or I/O error"));
    command.addExample({QStringLiteral("promote --repo ~/config --customer acme --json"),
                        QStringLiteral("The gate's rules and their evidence; commits when every "
                                       "rule passes.")});
    command.addExample({QStringLiteral("promote --repo ~/config --customer acme --override "
                                       "\"hotfix for CVE-2026-1234\" --change-request CR-7 "
                                       "--push"),
                        QStringLiteral("Promote past a failing gate, with the reason in the "
                                       "commit.")});
}

int runPromote(const CommandParser &command, QTextStream &out, QTextStream &err)
{
    const QCommandLineParser &p = command.parser();

    const QString customerId = p.value(QStringLiteral("customer"));
    const QString overrideReason = oneLine(p.value(QStringLiteral("override")));
    if (customerId.isEmpty() || (p.isSet(QStringLiteral("override")) && overrideReason.isEmpty())) {
        err << "usage: quarterdeck promote --repo DIR --customer C [--prometheus URL] "
               "[--alertmanager URL] [--override REASON] [--change-request ID] [--branch B] "
               "[--push] [--json]\n  --override needs the reason, for the commit's trailer"
            << Qt::endl;
        return UsageOrIoError;
    }
    const auto fleet = loadFleet(command.repo());
    if (!fleet) {
        err << "quarterdeck promote: " << fleet.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    const Customer *customer = fleet->customer(customerId);
    if (!customer || !customer->red || !customer->green) {
        err << "fleet.yaml: "
            << (customer ? QStringLiteral("customer '%1' needs a red and a green zone to promote")
                                   .arg(customerId)
                         : QStringLiteral("no customer '%1'").arg(customerId))
            << Qt::endl;
        return UsageOrIoError;
    }
    auto repo = GitRepository::open(command.repo());
    if (!repo) {
        err << "quarterdeck promote: " << repo.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }
    std::optional<QStringList> dirty;
    if (auto paths = dirtyPaths(repo->get()))
        dirty = paths.value();

    SecretStore secrets;
    LiveSources sources;
    if (auto opened = openLiveSources(sources, p, fleet.value(), secrets); !opened) {
        err << "quarterdeck promote: " << opened.errorMessage() << Qt::endl;
        return UsageOrIoError;
    }

    const PromotionGateInputs inputs = gatherInputs(fleet.value(), customerId, dirty,
                                                    sources.prometheus.get(),
                                                    sources.alerts.incidents.get());
    const GateVerdict verdict = evaluatePromotionGate(inputs);
    const bool overridden = !verdict.passed && !overrideReason.isEmpty();
    const auto finish = [&](int code, const QString &commit) {
        if (command.json())
            writeJson(out, verdictJson(verdict, customerId, overridden, commit));
        return code;
    };
    if (p.isSet(QStringLiteral("push")) && !verdict.candidate.isEmpty()
        && verdict.candidate == inputs.greenDesired.version) {
        if (const auto pushed = pushWaitingPromotion(command, customerId, verdict.candidate, out, err))
            return finish(pushed->first, pushed->second);
    }
    if (!command.json())
        printRules(verdict, verdict.passed ? out : err);
    if (!verdict.passed && !overridden) {
        err << "quarterdeck promote: the gate refuses " << customerId << "'s promotion (failing: "
            << verdict.failedRuleIds().join(QStringLiteral(", "))
            << "); --override REASON promotes anyway" << Qt::endl;
        return finish(Refused, {});
    }
    if (verdict.candidate.isEmpty() || verdict.candidate == inputs.greenDesired.version) {
        err << "quarterdeck promote: nothing to promote: Green already asks for "
            << (verdict.candidate.isEmpty() ? QStringLiteral("(Red has no version)")
                                            : verdict.candidate)
            << Qt::endl;
        return finish(Refused, {});
    }
    const SourceLocation redAt = inputs.redDesired.at;
    const auto redCommit = lastCommitOfLine(repo->get(), redAt.file, redAt.line);
    if (!redCommit) {
        err << "quarterdeck promote: cannot name the commit that set Red's version: "
            << redCommit.errorMessage() << Qt::endl;
        return finish(Refused, {});
    }

    auto engine = ChangeEngine::open(command.repo());
    if (!engine) {
        err << "quarterdeck promote: " << engine.errorMessage() << Qt::endl;
        return finish(UsageOrIoError, {});
    }
    engine->setRemoteName(p.value(QStringLiteral("remote")));
    KeychainThread keychain;
    configureTransport(engine.value(), keychain.store,
                       p.values(QStringLiteral("accept-host-key")));

    CommitRequest request;
    request.edits = {ValueEdit{customerId, ZoneKind::Green, kVersionKey, verdict.candidate}};
    request.subject = promotionSubject(customerId, verdict.candidate);
    QString body = QStringLiteral("From %1 (Red, %2:%3).\n\nGate: %4")
                           .arg(inputs.greenDesired.version.isEmpty()
                                        ? QStringLiteral("no version")
                                        : inputs.greenDesired.version,
                                redAt.file)
                           .arg(redAt.line)
                           .arg(verdict.passed ? QStringLiteral("pass") : QStringLiteral("fail"));
    for (const GateRule &rule : verdict.rules)
        body += QStringLiteral("\n- %1 %2: %3")
                        .arg(rule.passed ? QStringLiteral("pass") : QStringLiteral("FAIL"),
                             rule.id, rule.evidence);
    request.body = body;
    request.moreTrailers = {{QStringLiteral("Promoted-From"),
                             QStringLiteral("red@%1").arg(redCommit.value())}};
    if (overridden) {
        request.moreTrailers.append({QStringLiteral("Promotion-Override"), overrideReason});
        request.moreTrailers.append({QStringLiteral("Promotion-Failed-Rules"),
                                     verdict.failedRuleIds().join(QStringLiteral(", "))});
    }
    applyCommitOptions(p, request);
    const ChangeAttempt attempt = engine->commit(request);
    QString reportText;
    QTextStream report(&reportText);
    const int code = reportAttempt(attempt, kCommand, command.json() ? report : out, err);
    return finish(code, attempt.committed ? attempt.outcome.commitId : QString());
}

} // namespace qd::cli
