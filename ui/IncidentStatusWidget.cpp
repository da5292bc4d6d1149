#include "ui/IncidentStatusWidget.h"

#include "ui/SourceStateWidget.h"

#include <QHBoxLayout>
#include <QLabel>

namespace qd {

IncidentStatusWidget::IncidentStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_source(new SourceStateWidget(QStringLiteral("journal only"), this))
    , m_p1Label(new QLabel(this))
{
    m_source->setObjectName(QStringLiteral("alertmanagerState"));
    m_p1Label->setObjectName(QStringLiteral("openP1Count"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 4, 0);
    layout->setSpacing(12);
    layout->addWidget(m_source);
    layout->addWidget(m_p1Label);
    setSourceState(SourceState{});
    setOpenP1Count(0);
}

void IncidentStatusWidget::setSourceState(const SourceState &state)
{
    SourceState named = state;
    if (named.name.isEmpty())
        named.name = QStringLiteral("Alertmanager");
    m_source->setState(named);
}

void IncidentStatusWidget::setOpenP1Count(int count)
{
    m_p1Label->setText(QStringLiteral("%1 P1 open").arg(count));
}

} // namespace qd
