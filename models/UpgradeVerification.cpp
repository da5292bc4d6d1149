#include "models/UpgradeVerification.h"

#include "models/Version.h"

#include <QTimeZone>

namespace qd {

namespace {

QString utc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QString from(const QString &source)
{
    return source.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(source);
}

bool runsDesired(const VerificationInputs &in)
{
    return in.live.known && !in.desired.isEmpty()
           && Version::parse(in.live.running) == Version::parse(in.desired)
           && Version::parse(in.desired).isValid();
}

QString unknownLive(const VerificationInputs &in)
{
    QString why = in.live.unknownReason;
    if (!in.live.source.isEmpty())
        why += (why.isEmpty() ? QString() : QStringLiteral("; ")) + QStringLiteral("from ")
               + in.live.source;
    return QStringLiteral("unknown: no sample of the zone's SpinnakerService%1")
            .arg(why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why));
}

VerificationCheck runningMatches(const VerificationInputs &in)
{
    VerificationCheck check{QStringLiteral("running-matches"), false, {}};
    if (!in.live.known) {
        check.evidence = unknownLive(in);
        return check;
    }
    check.passed = runsDesired(in);
    check.evidence = QStringLiteral("runs %1 since %2; the repo asks for %3")
                             .arg(in.live.running, utc(in.live.since),
                                  in.desired.isEmpty() ? QStringLiteral("no version")
                                                       : in.desired);
    return check;
}

VerificationCheck operatorOk(const VerificationInputs &in)
{
    VerificationCheck check{QStringLiteral("operator-ok"), false, {}};
    if (!in.live.known) {
        check.evidence = unknownLive(in);
        return check;
    }
    check.passed = in.live.status == OperatorStatus::Ok;
    check.evidence = QStringLiteral("operator status %1 since %2")
                             .arg(operatorStatusName(in.live.status), utc(in.live.since));
    return check;
}

VerificationCheck servicesReady(const VerificationInputs &in)
{
    VerificationCheck check{QStringLiteral("services-ready"), false, {}};
    if (!in.replicas) {
        check.evidence = QStringLiteral("unknown: no replica counts%1").arg(from(in.replicasSource));
        return check;
    }
    if (in.replicas->isEmpty()) {
        check.evidence =
                QStringLiteral("unknown: no Spinnaker deployment reported%1").arg(from(in.replicasSource));
        return check;
    }
    QStringList short_;
    for (const DeploymentReplicas &d : *in.replicas) {
        if (d.available < d.desired)
            short_.append(QStringLiteral("%1 %2/%3").arg(d.deployment).arg(d.available).arg(d.desired));
    }
    check.passed = short_.isEmpty();
    check.evidence = check.passed
                             ? QStringLiteral("%1 deployments have all their replicas available")
                                       .arg(in.replicas->size())
                             : QStringLiteral("not ready (available/desired): %1")
                                       .arg(short_.join(QStringLiteral(", ")));
    return check;
}

VerificationCheck checksGreen(const VerificationInputs &in)
{
    VerificationCheck check{QStringLiteral("checks-green"), false, {}};
    const qint64 minutes = in.checksWindow / 60;
    if (!in.checks) {
        check.evidence = QStringLiteral("unknown: no synthetic checks%1").arg(from(in.checksSource));
        return check;
    }
    int samples = 0;
    int failing = 0;
    qint64 firstFailing = 0;
    for (qsizetype i = 0; i < qsizetype(in.checks->values.size()); ++i) {
        const float v = in.checks->values[size_t(i)];
        if (slo::SampleSeries::isNoData(v))
            continue;
        ++samples;
        if (v < 1.0f) {
            if (failing++ == 0)
                firstFailing = in.checks->timeAt(i);
        }
    }
    if (samples == 0) {
        check.evidence = QStringLiteral("unknown: no probe_success sample in the last %1 min%2")
                                 .arg(minutes)
                                 .arg(from(in.checksSource));
        return check;
    }
    check.passed = failing == 0;
    check.evidence =
            check.passed
                    ? QStringLiteral("probe_success = 1 in all %1 samples of the last %2 min%3")
                              .arg(samples)
                              .arg(minutes)
                              .arg(from(in.checksSource))
                    : QStringLiteral("probe_success < 1 in %1 of %2 samples of the last %3 min, "
                                     "first at %4%5")
                              .arg(failing)
                              .arg(samples)
                              .arg(minutes)
                              .arg(utc(QDateTime::fromSecsSinceEpoch(firstFailing, QTimeZone::utc())),
                                   from(in.checksSource));
    return check;
}

VerificationCheck noNewAlerts(const VerificationInputs &in)
{
    VerificationCheck check{QStringLiteral("no-new-alerts"), false, {}};
    if (!in.incidents) {
        check.evidence = QStringLiteral("unknown: no alerts%1").arg(from(in.incidentsSource));
        return check;
    }
    if (!runsDesired(in)) {
        check.evidence = QStringLiteral("unknown: the version change has not been seen running");
        return check;
    }
    const QString zone = zoneKindName(in.zone);
    QStringList started;
    for (const Incident &incident : *in.incidents) {
        if (incident.customer == in.customer && incident.zone == zone
            && incident.openedAt >= in.live.since)
            started.append(QStringLiteral("%1 (%2, since %3)")
                                   .arg(incident.id, priorityName(incident.priority),
                                        utc(incident.openedAt)));
    }
    check.passed = started.isEmpty();
    check.evidence = check.passed ? QStringLiteral("no alert for %1/%2 started since %3")
                                            .arg(in.customer, zone, utc(in.live.since))
                                  : QStringLiteral("started since %1: %2")
                                            .arg(utc(in.live.since), started.join(QStringLiteral(", ")));
    return check;
}

} // namespace

QString verificationVerdictName(VerificationVerdict verdict)
{
    switch (verdict) {
    case VerificationVerdict::Pass:
        return QStringLiteral("pass");
    case VerificationVerdict::Fail:
        return QStringLiteral("fail");
    case VerificationVerdict::Pending:
        return QStringLiteral("pending");
    }
    return {};
}

VerificationResult verifyUpgrade(const VerificationInputs &in)
{
    VerificationResult result;
    result.customer = in.customer;
    result.zone = in.zone;
    result.version = in.desired;
    result.at = in.now.toUTC();
    result.checks = {runningMatches(in), operatorOk(in), servicesReady(in), checksGreen(in),
                     noNewAlerts(in)};
    bool allPassed = true;
    for (const VerificationCheck &check : std::as_const(result.checks))
        allPassed = allPassed && check.passed;
    if (allPassed) {
        result.verdict = VerificationVerdict::Pass;
        return result;
    }
    result.verdict = VerificationVerdict::Fail;
    if (in.live.known && in.live.status == OperatorStatus::Updating) {
        result.verdict = VerificationVerdict::Pending; // rolling out: nothing to judge yet
    } else if (runsDesired(in) && in.live.status != OperatorStatus::Failure) {
        const QDateTime graceEnds = in.live.since.addSecs(in.grace);
        if (result.at < graceEnds) {
            result.verdict = VerificationVerdict::Pending;
            result.pendingUntil = graceEnds;
        }
    }
    return result;
}

} // namespace qd
