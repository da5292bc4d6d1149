// Generated incident history for the demo fleet: the journal a team would have after 90 days.
#include "services/store/IncidentJournal.h"

#include <QRandomGenerator>

namespace qd {

namespace {

struct Kind
{
    const char *alertName;
    const char *title;
    Priority priority;
};

constexpr Kind kKinds[] = {
        {"SpinnakerGateDown", "Gate is not serving requests", Priority::P0},
        {"SyntheticCheckFailing", "Synthetic checks failing", Priority::P0},
        {"OrcaQueueBacklog", "Orca queue backlog above 500", Priority::P1},
        {"ClouddriverCachingSlow", "Clouddriver caching cycle over 10 min", Priority::P1},
        {"ErrorBudgetBurn", "Error budget burning at 6x", Priority::P1},
        {"DeckSlowLoad", "Deck p95 load time over 5 s", Priority::P2},
        {"CertificateExpiring", "TLS certificate expires in 14 days", Priority::P2},
        {"OperatorReconcileFailing", "SpinnakerService reconcile failing", Priority::P2},
};

} // namespace

QList<Incident> generateDemoIncidents(const FleetSnapshot &fleet, const QDateTime &now,
                                      quint32 seed)
{
    QRandomGenerator random(seed);
    QList<Incident> incidents;
    const QDateTime end = now.toUTC();
    const QDateTime start = end.addDays(-90);
    int serial = 0;
    for (const Customer &customer : fleet.customers) {
        const BusinessClock clock = clockFor(customer.id, fleet);
        for (ZoneKind zone : {ZoneKind::Green, ZoneKind::Red}) {
            if (!customer.zone(zone))
                continue;
            // Green is watched 24x7 and sees more: about one incident a week; Red one a month.
            const int count = zone == ZoneKind::Green ? 10 + random.bounded(6) : 2 + random.bounded(3);
            for (int n = 0; n < count; ++n) {
                const Kind &kind = kKinds[random.bounded(int(std::size(kKinds)))];
                Incident i;
                i.id = QStringLiteral("demo-%1").arg(++serial, 5, 10, QLatin1Char('0'));
                i.customer = customer.id;
                i.zone = zoneKindName(zone);
                i.alertName = QString::fromLatin1(kind.alertName);
                i.title = QString::fromLatin1(kind.title);
                i.priority = kind.priority;
                i.openedAt = start.addSecs(random.bounded(qint64(90) * 24 * 3600));
                i.responseDueAt = clock.responseDue(i.openedAt, i.priority);
                const qint64 allowed = i.openedAt.secsTo(i.responseDueAt);
                // Most are answered within a quarter to three quarters of the allowance; about one
                // in eight is answered late (a breach the review will show).
                const bool late = random.bounded(8) == 0;
                const double share = late ? 1.1 + random.generateDouble() * 0.8
                                          : 0.1 + random.generateDouble() * 0.6;
                const QDateTime ack = i.openedAt.addSecs(qint64(double(allowed) * share));
                if (ack < end) {
                    i.acknowledgedAt = ack;
                    i.acknowledgedBy = QStringLiteral("oncall@demo");
                    i.acknowledgeComment = QStringLiteral("looking into it");
                    const QDateTime resolved = ack.addSecs(600 + random.bounded(6 * 3600));
                    if (resolved < end.addSecs(-3600))
                        i.resolvedAt = resolved;
                }
                i.state = i.resolvedAt.isValid()        ? IncidentState::Resolved
                          : i.acknowledgedAt.isValid() ? IncidentState::Acknowledged
                                                       : IncidentState::Open;
                incidents.append(i);
            }
        }
    }
    std::sort(incidents.begin(), incidents.end(),
              [](const Incident &a, const Incident &b) { return a.openedAt < b.openedAt; });
    return incidents;
}

} // namespace qd
