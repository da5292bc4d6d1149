#include "ui/IncidentStatusWidget.h"

#include <QDate>
#include <QHBoxLayout>
#include <QLabel>

namespace qd {

IncidentStatusWidget::IncidentStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_sourceLabel(new QLabel(this))
    , m_p1Label(new QLabel(this))
{
    m_sourceLabel->setObjectName(QStringLiteral("alertmanagerStatus"));
    m_p1Label->setObjectName(QStringLiteral("openP1Count"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(16);
    layout->addWidget(m_sourceLabel);
    layout->addWidget(m_p1Label);
    setSourceState({});
    setOpenP1Count(0);
}

QString IncidentStatusWidget::sourceText(const SourceState &state)
{
    const QString name = state.name.isEmpty() ? QStringLiteral("Alertmanager") : state.name;
    switch (state.health) {
    case SourceHealth::Unknown:
        return QStringLiteral("%1 not polled yet").arg(name);
    case SourceHealth::Ok:
        return QStringLiteral("%1 ok").arg(name);
    case SourceHealth::Offline:
        return QStringLiteral("%1 offline: journal only").arg(name);
    case SourceHealth::Stale: {
        const QDateTime since = state.staleSince.toLocalTime();
        const QString when = since.date() == QDate::currentDate()
                                     ? since.toString(QStringLiteral("HH:mm"))
                                     : since.toString(QStringLiteral("d MMM HH:mm"));
        QString text = QStringLiteral("%1 stale since %2").arg(name, when);
        if (!state.reason.isEmpty())
            text += QStringLiteral(": %1").arg(state.reason);
        return text;
    }
    }
    return name;
}

void IncidentStatusWidget::setSourceState(const SourceState &state)
{
    m_sourceLabel->setText(sourceText(state));
    m_sourceLabel->setToolTip(
            state.lastSuccess.isValid()
                    ? QStringLiteral("Last successful poll %1")
                              .arg(state.lastSuccess.toLocalTime().toString(Qt::ISODate))
                    : QStringLiteral("No successful poll yet"));
    // Stale data is worth a second look: bold, besides the words saying so.
    QFont font = m_sourceLabel->font();
    font.setBold(state.health == SourceHealth::Stale);
    m_sourceLabel->setFont(font);
}

void IncidentStatusWidget::setOpenP1Count(int count)
{
    m_p1Label->setText(QStringLiteral("%1 P1 open").arg(count));
}

} // namespace qd
