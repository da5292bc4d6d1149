#include "ui/SourceStateWidget.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QStyle>

namespace qd {

QString formatLocalTime(const QDateTime &utc)
{
    if (!utc.isValid())
        return QStringLiteral("never");
    const QDateTime local = utc.toLocalTime();
    if (local.date() == QDate::currentDate())
        return local.toString(QStringLiteral("HH:mm"));
    return local.toString(QStringLiteral("d MMM HH:mm"));
}

SourceStateWidget::SourceStateWidget(QWidget *parent)
    : SourceStateWidget(QStringLiteral("stored data"), parent)
{}

SourceStateWidget::SourceStateWidget(const QString &offlineShows, QWidget *parent)
    : QWidget(parent)
    , m_offlineShows(offlineShows)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("sourceState"));
    m_text->setObjectName(QStringLiteral("sourceStateText"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(m_icon);
    layout->addWidget(m_text);
    setState(SourceState{});
}

namespace {

QString sourceName(const SourceState &state)
{
    return state.name.isEmpty() ? QStringLiteral("Telemetry") : state.name;
}

} // namespace

QString SourceStateWidget::textFor(const SourceState &state, const QString &offlineShows)
{
    const QString name = sourceName(state);
    switch (state.health) {
    case SourceHealth::Unknown:
        return QStringLiteral("%1 not checked yet").arg(name);
    case SourceHealth::Ok:
        return QStringLiteral("%1 ok").arg(name);
    case SourceHealth::Stale:
        return QStringLiteral("%1 stale since %2")
                .arg(name, formatLocalTime(state.staleSince));
    case SourceHealth::Offline:
        return QStringLiteral("%1 offline: %2").arg(name, offlineShows);
    }
    return name;
}

QString SourceStateWidget::toolTipFor(const SourceState &state)
{
    const QString name = sourceName(state);
    QStringList lines;
    switch (state.health) {
    case SourceHealth::Unknown:
        lines.append(QStringLiteral("%1 has not been asked yet.").arg(name));
        break;
    case SourceHealth::Ok:
        lines.append(QStringLiteral("%1 answered at %2.")
                             .arg(name, formatLocalTime(state.lastSuccess)));
        break;
    case SourceHealth::Stale:
        lines.append(QStringLiteral("%1 fails since %2: %3")
                             .arg(name, formatLocalTime(state.staleSince),
                                  state.reason.isEmpty() ? QStringLiteral("no reason given")
                                                         : state.reason));
        lines.append(QStringLiteral("The panes show the last stored data (last good answer: %1). "
                                    "Quarterdeck keeps retrying on its own.")
                             .arg(formatLocalTime(state.lastSuccess)));
        break;
    case SourceHealth::Offline:
        lines.append(QStringLiteral("No %1 is configured: the panes show the local store.")
                             .arg(name));
        if (!state.reason.isEmpty())
            lines.append(state.reason);
        break;
    }
    return lines.join(QLatin1Char('\n'));
}

void SourceStateWidget::setState(const SourceState &state)
{
    const char *icon = state.health == SourceHealth::Ok      ? ":/icons/ok.svg"
                       : state.health == SourceHealth::Stale ? ":/icons/error.svg"
                                                             : ":/icons/warning.svg";
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(QIcon(QString::fromLatin1(icon)).pixmap(size, size));
    m_text->setText(textFor(state, m_offlineShows));
    setToolTip(toolTipFor(state));
}

QString SourceStateWidget::text() const
{
    return m_text->text();
}

} // namespace qd
