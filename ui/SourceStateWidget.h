#pragma once

#include "models/SourceState.h"

#include <QWidget>

class QLabel;

namespace qd {

// A status-bar entry for one live source (Prometheus, Alertmanager): "Prometheus ok",
// "Prometheus stale since 14:02" with an icon (never colour alone) and the reason and the last
// good answer in the tooltip. `offlineShows` says what the panes show when no source is
// configured: "stored data" (telemetry), "journal only" (incidents).
class SourceStateWidget : public QWidget
{
    Q_OBJECT
public:
    explicit SourceStateWidget(QWidget *parent = nullptr);
    SourceStateWidget(const QString &offlineShows, QWidget *parent = nullptr);

    void setState(const SourceState &state);
    QString text() const;

    // The words shown for a state; times in the local timezone, the date only when not today.
    static QString textFor(const SourceState &state,
                           const QString &offlineShows = QStringLiteral("stored data"));
    static QString toolTipFor(const SourceState &state);

private:
    QString m_offlineShows;
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
};

// "14:02" today, "21 Nov 14:02" otherwise, in local time.
QString formatLocalTime(const QDateTime &utc);

} // namespace qd
