#include "models/PromotionGate.h"

namespace qd {

namespace {

QString where(const SourceLocation &at)
{
    if (!at.isValid())
        return {};
    return QStringLiteral(" (%1:%2)").arg(at.file).arg(at.line);
}

QString utc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QString percent(double value)
{
    return QString::number(value, 'f', 3) + QLatin1Char('%');
}

// The same version, whatever its spelling ("v2.31.0" is "2.31.0").
bool sameVersion(const QString &a, const QString &b)
{
    const Version va = Version::parse(a);
    const Version vb = Version::parse(b);
    return va.isValid() && vb.isValid() ? va == vb : a == b;
}

GateRule candidateNewer(const PromotionGateInputs &in)
{
    GateRule rule{QStringLiteral("candidate-newer"), false, {}};
    const QString red = in.redDesired.version;
    const QString green = in.greenDesired.version;
    if (red.isEmpty() || green.isEmpty()) {
        rule.evidence = QStringLiteral("unknown: %1's desired version does not resolve")
                                .arg(red.isEmpty() ? QStringLiteral("Red") : QStringLiteral("Green"));
        return rule;
    }
    const Version candidate = Version::parse(red);
    const Version current = Version::parse(green);
    if (!candidate.isValid() || !current.isValid()) {
        rule.evidence = QStringLiteral("unknown: '%1' is not a version")
                                .arg(candidate.isValid() ? green : red);
        return rule;
    }
    rule.passed = candidate > current;
    const QString versions = QStringLiteral("candidate %1%2, Green's desired %3%4")
                                     .arg(red, where(in.redDesired.at), green,
                                          where(in.greenDesired.at));
    if (rule.passed)
        rule.evidence = versions;
    else if (candidate == current)
        rule.evidence = versions + QStringLiteral(": the same version (needs an override)");
    else
        rule.evidence = versions + QStringLiteral(": a downgrade (needs an override)");
    return rule;
}

GateRule candidateReleased(const PromotionGateInputs &in)
{
    GateRule rule{QStringLiteral("candidate-released"), false, {}};
    if (!in.catalog) {
        rule.evidence = QStringLiteral("unknown: no release catalog (releases.yaml)");
        return rule;
    }
    const Version candidate = Version::parse(in.redDesired.version);
    const Release *release = candidate.isValid() ? in.catalog->find(candidate) : nullptr;
    if (!release) {
        rule.evidence = QStringLiteral("%1 is not in %2")
                                .arg(in.redDesired.version.isEmpty()
                                             ? QStringLiteral("the candidate")
                                             : in.redDesired.version,
                                     in.catalog->file);
        return rule;
    }
    if (!release->withdrawn.isEmpty()) {
        rule.evidence = QStringLiteral("%1 was withdrawn: %2%3")
                                .arg(in.redDesired.version, release->withdrawn,
                                     where(release->declaredAt));
        return rule;
    }
    const qint64 age = release->date.daysTo(in.now.toUTC().date());
    const qint64 needed = in.policy.releaseAge.count();
    rule.passed = age >= needed;
    rule.evidence = QStringLiteral("%1 released %2, %3 days ago (at least %4 needed)%5")
                            .arg(in.redDesired.version, release->date.toString(Qt::ISODate))
                            .arg(age)
                            .arg(needed)
                            .arg(where(release->declaredAt));
    return rule;
}

// "unknown: no sample of Red's SpinnakerService (Prometheus did not answer; from QUERY)"
QString unknownLive(const char *zone, const ZoneLiveState &live)
{
    QStringList why;
    if (!live.unknownReason.isEmpty())
        why.append(live.unknownReason);
    if (!live.source.isEmpty())
        why.append(QStringLiteral("from %1").arg(live.source));
    return QStringLiteral("unknown: no sample of %1's SpinnakerService%2")
            .arg(QLatin1String(zone), why.isEmpty() ? QString()
                                                    : QStringLiteral(" (%1)").arg(why.join(QStringLiteral("; "))));
}

GateRule redRunning(const PromotionGateInputs &in)
{
    GateRule rule{QStringLiteral("red-running"), false, {}};
    if (!in.red.known) {
        rule.evidence = unknownLive("Red", in.red);
        return rule;
    }
    rule.passed = sameVersion(in.red.running, in.redDesired.version)
                  && in.red.status == OperatorStatus::Ok;
    rule.evidence = QStringLiteral("Red runs %1 with operator status %2; the candidate is %3")
                            .arg(in.red.running, operatorStatusName(in.red.status),
                                 in.redDesired.version);
    return rule;
}

GateRule redSoaked(const PromotionGateInputs &in, QDateTime &soakEndsAt)
{
    GateRule rule{QStringLiteral("red-soaked"), false, {}};
    if (!in.red.known || !in.red.since.isValid()) {
        rule.evidence = unknownLive("Red", in.red);
        return rule;
    }
    const qint64 soak = in.policy.soak.count();
    if (!sameVersion(in.red.running, in.redDesired.version)
        || in.red.status != OperatorStatus::Ok) {
        rule.evidence = QStringLiteral("not soaking: Red runs %1 with operator status %2, not the "
                                       "candidate %3 with OK")
                                .arg(in.red.running, operatorStatusName(in.red.status),
                                     in.redDesired.version);
        return rule;
    }
    soakEndsAt = in.red.since.addSecs(soak).toUTC();
    const qint64 soaked = std::max<qint64>(0, in.red.since.secsTo(in.now));
    rule.passed = soaked >= soak;
    rule.evidence = QStringLiteral("Red has run %1 with status OK since %2: %3 of %4")
                            .arg(in.red.running, utc(in.red.since), gateDuration(soaked),
                                 gateDuration(soak));
    if (!rule.passed)
        rule.evidence += QStringLiteral(" (soaked at %1)").arg(utc(soakEndsAt));
    return rule;
}

GateRule redAvailable(const PromotionGateInputs &in)
{
    GateRule rule{QStringLiteral("red-available"), false, {}};
    const QString source = in.availabilitySource.isEmpty()
                                   ? QString()
                                   : QStringLiteral(" from %1").arg(in.availabilitySource);
    if (!in.redAvailability) {
        rule.evidence = QStringLiteral("unknown: no probe_success samples for Red%1").arg(source);
        return rule;
    }
    rule.passed = *in.redAvailability >= in.policy.redAvailability;
    rule.evidence = QStringLiteral("Red availability %1 over the soak period (at least %2 needed)%3")
                            .arg(percent(*in.redAvailability), percent(in.policy.redAvailability),
                                 source);
    return rule;
}

GateRule noOpenIncidents(const PromotionGateInputs &in)
{
    GateRule rule{QStringLiteral("no-open-incidents"), false, {}};
    if (!in.incidents) {
        rule.evidence = QStringLiteral("unknown: Alertmanager did not answer%1")
                                .arg(in.incidentsSource.isEmpty()
                                             ? QString()
                                             : QStringLiteral(" (%1)").arg(in.incidentsSource));
        return rule;
    }
    QStringList open;
    for (const Incident &incident : *in.incidents) {
        if (incident.customer != in.customer || incident.state == IncidentState::Resolved
            || incident.priority == Priority::P2)
            continue;
        open.append(QStringLiteral("%1 %2 (%3, open since %4)")
                            .arg(priorityName(incident.priority), incident.id,
                                 incidentStateName(incident.state), utc(incident.openedAt)));
    }
    rule.passed = open.isEmpty();
    rule.evidence = rule.passed ? QStringLiteral("no open P0 or P1 incident for %1").arg(in.customer)
                                : QStringLiteral("open: %1").arg(open.join(QLatin1String("; ")));
    return rule;
}

GateRule greenClean(const PromotionGateInputs &in)
{
    GateRule rule{QStringLiteral("green-clean"), false, {}};
    const std::optional<bool> drifted = isDrifted(in.greenDesired.version, in.green);
    if (!drifted) {
        rule.evidence = in.green.known
                                ? QStringLiteral("unknown: Green's desired version does not resolve")
                                : unknownLive("Green", in.green);
        return rule;
    }
    if (*drifted) {
        rule.evidence = QStringLiteral("Green drifted: it runs %1 (operator %2), the repo asks for %3%4")
                                .arg(in.green.running, operatorStatusName(in.green.status),
                                     in.greenDesired.version, where(in.greenDesired.at));
        return rule;
    }
    const QString file = in.greenDesired.at.file;
    if (!in.greenVersionFileEdited) {
        rule.evidence = QStringLiteral("unknown: cannot tell whether %1 has uncommitted edits")
                                .arg(file);
        return rule;
    }
    if (*in.greenVersionFileEdited) {
        rule.evidence = QStringLiteral("%1 (which sets Green's version) has an uncommitted edit")
                                .arg(file);
        return rule;
    }
    rule.passed = true;
    rule.evidence = QStringLiteral("Green runs %1 as desired (operator %2); %3 has no uncommitted "
                                   "edit")
                            .arg(in.green.running, operatorStatusName(in.green.status), file);
    return rule;
}

} // namespace

QString gateDuration(qint64 seconds)
{
    const qint64 minutes = std::max<qint64>(0, seconds) / 60;
    return QStringLiteral("%1h %2m").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QStringList GateVerdict::failedRuleIds() const
{
    QStringList failed;
    for (const GateRule &rule : rules) {
        if (!rule.passed)
            failed.append(rule.id);
    }
    return failed;
}

GateVerdict evaluatePromotionGate(const PromotionGateInputs &inputs)
{
    GateVerdict verdict;
    verdict.candidate = inputs.redDesired.version;
    verdict.rules = {candidateNewer(inputs),  candidateReleased(inputs),
                     redRunning(inputs),      redSoaked(inputs, verdict.soakEndsAt),
                     redAvailable(inputs),    noOpenIncidents(inputs),
                     greenClean(inputs)};
    verdict.passed = verdict.failedRuleIds().isEmpty();
    return verdict;
}

} // namespace qd
