#include "ui/IncidentImportBar.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace qd {

IncidentImportBar::IncidentImportBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_detailsButton(new QToolButton(this))
    , m_dismissButton(new QToolButton(this))
    , m_problems(new QListWidget(this))
{
    setObjectName(QStringLiteral("importBar"));
    setFrameShape(QFrame::StyledPanel);
    m_label->setObjectName(QStringLiteral("importResult"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailsButton->setObjectName(QStringLiteral("importDetailsButton"));
    m_detailsButton->setCheckable(true);
    m_detailsButton->setToolTip(QStringLiteral("Show or hide the rows that were refused"));
    m_dismissButton->setText(QStringLiteral("Dismiss"));
    m_dismissButton->setToolTip(QStringLiteral("Hide this message"));
    m_problems->setObjectName(QStringLiteral("importProblems"));
    m_problems->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_problems->setMaximumHeight(8 * fontMetrics().height());
    m_problems->hide();
    connect(m_detailsButton, &QToolButton::toggled, m_problems, &QWidget::setVisible);
    connect(m_dismissButton, &QToolButton::clicked, this, &QWidget::hide);

    auto *line = new QHBoxLayout;
    line->addWidget(m_icon);
    line->addWidget(m_label, 1);
    line->addWidget(m_detailsButton);
    line->addWidget(m_dismissButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addLayout(line);
    layout->addWidget(m_problems);
    hide();
}

QString IncidentImportBar::summaryText(const IncidentImportSummary &summary)
{
    QString text = QStringLiteral("%1: %2 imported, %3 merged")
                           .arg(QFileInfo(summary.filePath).fileName())
                           .arg(summary.imported)
                           .arg(summary.merged);
    if (summary.skipped == 1)
        text += QStringLiteral(", 1 row refused (the other rows were imported)");
    else if (summary.skipped > 1)
        text += QStringLiteral(", %1 rows refused (the other rows were imported)")
                        .arg(summary.skipped);
    return text;
}

void IncidentImportBar::setMessage(QStyle::StandardPixmap icon, const QString &text,
                                   const QString &toolTip)
{
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    m_label->setText(text);
    m_label->setToolTip(toolTip);
    show();
}

void IncidentImportBar::showStarted(const QString &filePath)
{
    m_problems->clear();
    m_detailsButton->setChecked(false);
    m_detailsButton->hide();
    m_dismissButton->hide(); // until it is done
    setMessage(QStyle::SP_BrowserReload,
               QStringLiteral("Importing %1 into the incident journal…")
                       .arg(QFileInfo(filePath).fileName()),
               filePath);
}

void IncidentImportBar::showFinished(const IncidentImportSummary &summary)
{
    m_problems->clear();
    for (const Diagnostic &problem : summary.problems)
        m_problems->addItem(problem.toString());
    const bool refused = !summary.problems.isEmpty();
    m_detailsButton->setText(summary.problems.size() == 1
                                     ? QStringLiteral("Details (1 problem)")
                                     : QStringLiteral("Details (%1 problems)")
                                               .arg(summary.problems.size()));
    m_detailsButton->setVisible(refused);
    m_detailsButton->setChecked(refused);
    m_dismissButton->show();
    setMessage(refused ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxInformation,
               summaryText(summary),
               QStringLiteral("%1 data rows read from %2")
                       .arg(summary.rows)
                       .arg(QDir::toNativeSeparators(summary.filePath)));
}

void IncidentImportBar::showFailed(const QString &filePath, const QString &message)
{
    m_problems->clear();
    m_detailsButton->hide();
    m_dismissButton->show();
    setMessage(QStyle::SP_MessageBoxCritical,
               QStringLiteral("Nothing imported: %1").arg(message),
               QDir::toNativeSeparators(filePath));
}

QString IncidentImportBar::text() const
{
    return m_label->text();
}

QStringList IncidentImportBar::problems() const
{
    QStringList lines;
    for (int row = 0; row < m_problems->count(); ++row)
        lines << m_problems->item(row)->text();
    return lines;
}

} // namespace qd
