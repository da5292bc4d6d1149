#pragma once

#include "models/Fleet.h"
#include "models/Slo.h"
#include "models/SourceState.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace qd {

class PrometheusClient;

// The ranges the SLO pane offers; each ends "now".
enum class SloRange { Day, Week, Month, Quarter }; // 24 h, 7 d, 30 d, 90 d
QString sloRangeName(SloRange range);               // "24h", "7d", "30d", "quarter"
qint64 sloRangeSeconds(SloRange range);

// The SLO figures of one Green zone over the selected range, ready for the pane.
struct ZoneSlo
{
    QString customerId;
    QString customerName;
    ZoneKind zone = ZoneKind::Green;
    QString cluster;
    QString timezone;
    slo::SloSummary summary;           // availability, budget, burn rates and alerts
    slo::TimeSeries availability;      // availability over time (1 point per bucket)
    slo::TimeSeries budgetBurnDown;    // fraction of the budget left over time
    QList<slo::Interval> maintenance;  // windows overlapping the range, to shade
    QList<slo::MonthlySla> months;     // calendar months (customer timezone) in the range
    QDateTime dataUntil;               // newest sample known (UTC); invalid when none
    bool stale = false;                // shown from the store while the source fails
};

struct SloSnapshot
{
    SloRange range = SloRange::Month;
    qint64 from = 0; // epoch seconds
    qint64 to = 0;
    qint64 bucketSeconds = slo::kStepSeconds; // of the chart series
    QList<ZoneSlo> zones;                     // one per customer with a Green zone, fleet order
    SourceState source;

    const ZoneSlo *zone(const QString &customerId) const;
};

struct PrometheusSettings
{
    QUrl url;                  // empty: no live source, the store only
    QString caFile;            // PEM bundle added to the system CAs; verification is always on
    enum class Auth { None, Bearer, Basic } auth = Auth::None;
    QString username;          // Basic
    QString secretKey;         // keychain key of the token or password ("prometheus/<url>")
    int timeoutMs = 15000;
};

class TelemetryStore;

// The SLO pane's service. Fetches the SLI of every Green zone (Prometheus when configured), keeps
// it in the local store, and publishes finished snapshots; all fetching, parsing, SQLite and SLO
// maths run off the GUI thread. When the source fails, the last stored data is published marked
// stale, and fetching is retried with backoff (5 s doubling to 5 min) until it recovers.
class SloService : public QObject
{
    Q_OBJECT
public:
    // storePath: the SQLite file (TelemetryStore::defaultPath() in the app).
    explicit SloService(const QString &storePath, QObject *parent = nullptr);
    ~SloService() override;

    void setFleet(const FleetSnapshot &fleet);
    void setPrometheus(const PrometheusSettings &settings); // empty url: store only
    void setRange(SloRange range);
    SloRange range() const { return m_range; }

    // Fetches (when live) and recomputes now; results arrive through snapshotChanged().
    void refresh();
    // How often refresh() runs on its own while live (default 60 s; 0 turns it off).
    void setRefreshInterval(int milliseconds);

    SloSnapshot snapshot() const { return m_snapshot; }
    SourceState sourceState() const { return m_snapshot.source; }

signals:
    void snapshotChanged(const qd::SloSnapshot &snapshot);
    void sourceStateChanged(const qd::SourceState &state);

private:
    struct Private;
    std::unique_ptr<Private> d;
    SloRange m_range = SloRange::Month;
    SloSnapshot m_snapshot;
};

} // namespace qd

Q_DECLARE_METATYPE(qd::SloSnapshot)
