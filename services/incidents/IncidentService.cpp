#include "services/incidents/IncidentService.h"

#include "services/Logging.h"
#include "services/store/IncidentJournal.h"
#include "services/telemetry/AlertmanagerClient.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace qd {

namespace {

// The labels an acknowledging silence matches on, where all of the group's alerts share them.
QList<SilenceMatcher> silenceMatchers(const Incident &incident, const QList<Alert> &alerts)
{
    static const QStringList kKeys = {QStringLiteral("alertname"), QStringLiteral("customer"),
                                      QStringLiteral("zone"), QStringLiteral("cluster")};
    QList<const Alert *> group;
    for (const Alert &alert : alerts) {
        if (incident.fingerprints.contains(alert.fingerprint))
            group.append(&alert);
    }
    QList<SilenceMatcher> matchers;
    if (group.isEmpty())
        return matchers;
    for (const QString &key : kKeys) {
        const QString value = group.first()->labels.value(key);
        if (value.isEmpty())
            continue;
        const bool shared = std::all_of(group.cbegin(), group.cend(), [&](const Alert *a) {
            return a->labels.value(key) == value;
        });
        if (shared)
            matchers.append({key, value, false, true});
    }
    return matchers;
}

} // namespace

IncidentService::IncidentService(AlertmanagerClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(std::chrono::seconds(15));
    connect(m_timer, &QTimer::timeout, this, &IncidentService::poll);
}

IncidentService::~IncidentService()
{
    if (m_journalThread) {
        // The SQLite connection belongs to the journal's thread: close it there. Not through
        // QFuture::waitForFinished(), which runs a task that has not started on the waiting
        // thread.
        m_journalThread->start([journal = std::move(m_journal)] {
            if (journal)
                journal->close();
        });
        m_journalThread->waitForDone();
    }
}

void IncidentService::setJournalPath(const QString &path)
{
    if (path.isEmpty())
        return;
    if (!m_journalThread) {
        m_journalThread = std::make_unique<QThreadPool>();
        m_journalThread->setMaxThreadCount(1);
        m_journalThread->setExpiryTimeout(-1); // one thread for the connection's whole life
    }
    m_journalPath = path;
    m_journal = std::make_shared<IncidentJournal>();
    m_journalThread->start([journal = m_journal, path] {
        if (const auto opened = journal->open(path); !opened)
            qCWarning(lcIncidents).noquote() << opened.errorMessage();
    });
}

void IncidentService::setFleet(const FleetSnapshot &fleet)
{
    m_fleet = fleet;
}

void IncidentService::setRules(const IncidentRules &rules)
{
    m_rules = rules;
}

void IncidentService::setPollInterval(std::chrono::milliseconds interval)
{
    m_timer->setInterval(interval);
}

void IncidentService::setSilenceDuration(std::chrono::seconds duration)
{
    m_silenceDuration = duration;
}

void IncidentService::start()
{
    if (m_showingJournal || (!m_polledUrl.isEmpty() && m_polledUrl != m_client->baseUrl()))
        resetSession();
    m_showingJournal = false;
    m_polledUrl = m_client->baseUrl();
    m_timer->start();
    poll();
}

void IncidentService::resetSession()
{
    ++m_pollGeneration; // answers still on their way belong to the previous source
    ++m_journalGeneration;
    m_polling = false;
    m_snapshot = {};
    m_resolvedThisSession.clear();
    m_lastAlerts.clear();
    m_lastSeen.clear();
    m_pendingAcks.clear();
    emit sourceStateChanged(m_snapshot.source);
    publish();
}

void IncidentService::showJournal()
{
    stop();
    resetSession();
    m_showingJournal = true;
    m_polledUrl.clear();
    m_snapshot.source.name = QStringLiteral("Alertmanager");
    m_snapshot.source.health = SourceHealth::Offline;
    m_snapshot.source.reason = QStringLiteral("no Alertmanager configured: showing the journal");
    emit sourceStateChanged(m_snapshot.source);
    readJournal();
}

void IncidentService::readJournal()
{
    if (!m_journal) {
        publish();
        return;
    }
    const quint64 generation = ++m_journalGeneration;
    // A watcher owned by the service rather than .then(this): Qt 6.4 asserts on a continuation
    // whose context is gone, and the app may quit while the journal is read.
    auto *watcher = new QFutureWatcher<Result<QList<Incident>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_journalGeneration || !m_showingJournal)
            return;
        const Result<QList<Incident>> incidents = watcher->result();
        if (incidents.ok()) {
            m_snapshot.incidents = incidents.value();
            m_snapshot.takenAt = QDateTime::currentDateTimeUtc();
            qCInfo(lcIncidents) << "no Alertmanager configured: showing"
                                << m_snapshot.incidents.size() << "incidents of the journal";
        } else {
            qCWarning(lcIncidents).noquote() << incidents.errorMessage();
            m_snapshot.source.reason = incidents.errorMessage();
            emit sourceStateChanged(m_snapshot.source);
        }
        publish();
    });
    watcher->setFuture(QtConcurrent::run(m_journalThread.get(), [journal = m_journal] {
        if (!journal->isOpen())
            return Result<QList<Incident>>(
                    Error{QStringLiteral("the incident journal is not open")});
        return journal->incidents();
    }));
}

void IncidentService::stop()
{
    m_timer->stop();
}

void IncidentService::refresh()
{
    poll();
}

void IncidentService::poll()
{
    if (m_polling)
        return; // the running poll will answer; polls never pile up behind a slow server
    m_polling = true;
    const quint64 generation = ++m_pollGeneration;

    // Alerts and silences are asked for at once; the poll ends when both have answered.
    struct Pending
    {
        std::optional<Result<QList<Alert>>> alerts;
        std::optional<Result<QList<Silence>>> silences;
    };
    auto pending = std::make_shared<Pending>();
    const auto maybeDone = [this, pending, generation] {
        if (!pending->alerts || !pending->silences || generation != m_pollGeneration)
            return;
        m_polling = false;
        if (!pending->alerts->ok())
            onPollFailed(pending->alerts->errorMessage());
        else if (!pending->silences->ok())
            onPollFailed(pending->silences->errorMessage());
        else
            onPolled(pending->alerts->value(), pending->silences->value());
        emit pollFinished();
    };
    m_client->fetchAlerts(AlertFilter(), this, [pending, maybeDone](Result<QList<Alert>> r) {
        pending->alerts = std::move(r);
        maybeDone();
    });
    m_client->fetchSilences({}, this, [pending, maybeDone](Result<QList<Silence>> r) {
        pending->silences = std::move(r);
        maybeDone();
    });
}

void IncidentService::onPolled(const QList<Alert> &alerts, const QList<Silence> &silences)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_lastAlerts = alerts;
    QList<Incident> live = incidentsFromAlerts(alerts, silences, m_fleet, m_rules);

    QSet<QString> liveIds;
    for (Incident &incident : live) {
        liveIds.insert(incident.id);
        const auto pending = m_pendingAcks.constFind(incident.id);
        if (pending != m_pendingAcks.cend() && incident.state == IncidentState::Open) {
            incident.state = IncidentState::Acknowledged;
            incident.acknowledgedAt = pending->acknowledgedAt;
            incident.acknowledgedBy = pending->acknowledgedBy;
            incident.acknowledgeComment = pending->acknowledgeComment;
            incident.ackSync = AckSync::Pending;
        }
    }
    // Alertmanager forgets resolved alerts: an incident that is gone has resolved, at its
    // alerts' endsAt when that lies after it was last seen, else now.
    for (const Incident &previous : std::as_const(m_snapshot.incidents)) {
        if (previous.state == IncidentState::Resolved || liveIds.contains(previous.id))
            continue;
        Incident resolved = previous;
        const QDateTime lastSeen = m_lastSeen.value(previous.id);
        const bool endsKnown = previous.lastEndsAt.isValid() && previous.lastEndsAt <= now
                               && (!lastSeen.isValid() || previous.lastEndsAt >= lastSeen);
        resolved.resolvedAt = endsKnown ? previous.lastEndsAt : now;
        resolved.state = IncidentState::Resolved;
        resolved.ackSync = AckSync::None;
        m_resolvedThisSession.prepend(resolved);
        m_lastSeen.remove(previous.id);
        m_pendingAcks.remove(previous.id);
    }
    for (const QString &id : std::as_const(liveIds))
        m_lastSeen.insert(id, now);
    std::sort(live.begin(), live.end(), [](const Incident &a, const Incident &b) {
        if (a.priority != b.priority)
            return a.priority < b.priority;
        return a.openedAt < b.openedAt;
    });

    m_snapshot.incidents = live + m_resolvedThisSession;
    m_snapshot.takenAt = now;
    const bool recovered = m_snapshot.source.health != SourceHealth::Ok;
    m_snapshot.source.health = SourceHealth::Ok;
    m_snapshot.source.lastSuccess = now;
    m_snapshot.source.staleSince = {};
    m_snapshot.source.reason.clear();
    if (recovered) {
        qCInfo(lcIncidents) << "Alertmanager answers at" << m_client->baseUrl().toString();
        emit sourceStateChanged(m_snapshot.source);
    }
    journal(live, now);
    publish();
}

void IncidentService::onPollFailed(const QString &reason)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    SourceState &source = m_snapshot.source;
    const bool changed = source.health != SourceHealth::Stale || source.reason != reason;
    if (source.health != SourceHealth::Stale)
        source.staleSince = now;
    source.health = SourceHealth::Stale;
    source.reason = reason;
    if (changed) {
        qCWarning(lcIncidents).noquote() << "incidents stale:" << reason;
        emit sourceStateChanged(source);
        publish();
    }
}

void IncidentService::publish()
{
    emit snapshotChanged(m_snapshot);
}

void IncidentService::journal(const QList<Incident> &current, const QDateTime &seenAt)
{
    if (!m_journal)
        return;
    QList<Incident> confirmed;
    for (const Incident &incident : current) {
        if (incident.ackSync != AckSync::Pending)
            confirmed.append(incident);
    }
    m_journalThread->start([journal = m_journal, confirmed, seenAt] {
        if (!journal->isOpen())
            return;
        if (const auto r = journal->recordObservation(confirmed, seenAt); !r)
            qCWarning(lcIncidents).noquote() << r.errorMessage();
    });
}

void IncidentService::acknowledge(const QString &incidentId, const QString &user,
                                  const QString &comment)
{
    auto it = std::find_if(m_snapshot.incidents.begin(), m_snapshot.incidents.end(),
                           [&incidentId](const Incident &i) {
                               return i.id == incidentId && i.state != IncidentState::Resolved;
                           });
    if (it == m_snapshot.incidents.end() || it->state == IncidentState::Acknowledged) {
        emit acknowledgeFailed(incidentId,
                               it == m_snapshot.incidents.end()
                                       ? QStringLiteral("no open incident %1").arg(incidentId)
                                       : QStringLiteral("%1 is already acknowledged")
                                                 .arg(incidentId));
        return;
    }
    const QList<SilenceMatcher> matchers = silenceMatchers(*it, m_lastAlerts);
    if (matchers.isEmpty()) {
        emit acknowledgeFailed(incidentId,
                               QStringLiteral("%1 has no alerts to silence").arg(incidentId));
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Shown at once; confirmed or rolled back when Alertmanager answers.
    it->state = IncidentState::Acknowledged;
    it->acknowledgedAt = now;
    it->acknowledgedBy = user;
    it->acknowledgeComment = comment;
    it->ackSync = AckSync::Pending;
    m_pendingAcks.insert(incidentId, *it);
    publish();

    SilenceRequest request;
    request.matchers = matchers;
    request.startsAt = now;
    request.endsAt = now.addSecs(m_silenceDuration.count());
    request.createdBy = user;
    request.comment = comment;
    m_client->createSilence(request, this, [this, incidentId](Result<QString> silence) {
        m_pendingAcks.remove(incidentId);
        for (Incident &incident : m_snapshot.incidents) {
            if (incident.id != incidentId || incident.state == IncidentState::Resolved)
                continue;
            if (silence) {
                incident.ackSync = AckSync::Confirmed;
                incident.silenceId = silence.value();
            } else {
                incident.state = IncidentState::Open;
                incident.acknowledgedAt = {};
                incident.acknowledgedBy.clear();
                incident.acknowledgeComment.clear();
                incident.ackSync = AckSync::None;
            }
        }
        if (silence) {
            qCInfo(lcIncidents) << "acknowledged" << incidentId << "with silence"
                                << silence.value();
            emit acknowledgeConfirmed(incidentId, silence.value());
        } else {
            qCWarning(lcIncidents).noquote()
                    << "acknowledging" << incidentId << "failed:" << silence.errorMessage();
            emit acknowledgeFailed(incidentId, silence.errorMessage());
        }
        publish();
    });
}

void IncidentService::importCsv(const QString &filePath)
{
    if (!m_journal) {
        // Queued, like every other answer: callers connect after calling.
        QTimer::singleShot(0, this, [this, filePath] {
            emit importFailed(filePath, QStringLiteral("no incident journal to import into"));
        });
        return;
    }
    auto *watcher = new QFutureWatcher<Result<CsvImportReport>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, filePath] {
        watcher->deleteLater();
        const Result<CsvImportReport> report = watcher->result();
        if (!report) {
            // Debug only: the caller shows it (the CLI's stderr is for the user's problems).
            qCDebug(lcIncidents).noquote() << "import failed:" << report.errorMessage();
            emit importFailed(filePath, report.errorMessage());
        } else {
            IncidentImportSummary summary;
            summary.filePath = filePath;
            summary.rows = report->rows;
            summary.imported = report->inserted;
            summary.merged = report->merged;
            summary.skipped = report->rows - report->inserted - report->merged;
            summary.problems = report->problems;
            qCDebug(lcIncidents).noquote()
                    << QStringLiteral("imported %1: %2 new, %3 merged, %4 skipped")
                               .arg(filePath)
                               .arg(summary.imported)
                               .arg(summary.merged)
                               .arg(summary.skipped);
            emit importFinished(summary);
        }
        // Imported incidents are history: they show when the tab shows the journal.
        if (m_showingJournal)
            readJournal();
        else
            publish();
    });
    watcher->setFuture(QtConcurrent::run(
            m_journalThread.get(),
            [journal = m_journal, path = m_journalPath, fleet = m_fleet, filePath] {
                if (!journal->isOpen()) {
                    // Opening failed when the path was set: try again, for the reason.
                    if (const auto opened = journal->open(path); !opened)
                        return Result<CsvImportReport>(opened.error());
                }
                return journal->importCsv(filePath, fleet);
            }));
}

} // namespace qd
