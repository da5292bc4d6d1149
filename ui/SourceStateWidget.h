#pragma once

#include "services/telemetry/SloService.h"

#include <QWidget>

class QLabel;

namespace qd {

// A status-bar entry for one telemetry source: "Prometheus ok", "Prometheus stale since 14:02"
// with an icon (never colour alone) and the reason and the last good answer in the tooltip.
class SourceStateWidget : public QWidget
{
    Q_OBJECT
public:
    explicit SourceStateWidget(QWidget *parent = nullptr);

    void setState(const SourceState &state);
    QString text() const;

    // The words shown for a state; times in the local timezone, the date only when not today.
    static QString textFor(const SourceState &state);
    static QString toolTipFor(const SourceState &state);

private:
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
};

// "14:02" today, "21 Nov 14:02" otherwise, in local time.
QString formatLocalTime(const QDateTime &utc);

} // namespace qd
