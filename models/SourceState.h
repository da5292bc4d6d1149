#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace qd {

// How a live source (Prometheus, Alertmanager, a git remote) is doing, for the status bar and
// the panes' "stale since …" banners. One type for every source, so one widget shows them all.
enum class SourceHealth {
    Unknown, // not asked yet
    Ok,      // the last fetch succeeded
    Stale,   // the last fetch failed; the data shown is the last known, from the store
    Offline, // no live source configured: the store (or the demo seed) is all there is
};

struct SourceState
{
    QString name;          // "Prometheus", "Alertmanager"
    SourceHealth health = SourceHealth::Unknown;
    QDateTime lastSuccess; // UTC; invalid when never
    QDateTime staleSince;  // UTC; when the source started failing (valid only while Stale)
    QString reason;        // why it is stale, in words a user can act on
    QString text() const;  // "Prometheus ok", "Prometheus stale since <ISO time>: <reason>"
};

} // namespace qd

Q_DECLARE_METATYPE(qd::SourceState)
