#pragma once

#include "services/incidents/IncidentService.h"

#include <QFrame>
#include <QStyle>
#include <QStringList>

class QLabel;
class QListWidget;
class QToolButton;

namespace qd {

// What the Incidents tab's last CSV import did: "Importing FILE…" while it runs, then the counts
// and, behind a Details button, every refused row as file:line:col: message. An icon and words
// say how it went, never colour alone. Hidden until an import starts; Dismiss hides it again.
class IncidentImportBar : public QFrame
{
    Q_OBJECT
public:
    explicit IncidentImportBar(QWidget *parent = nullptr);

    void showStarted(const QString &filePath);
    void showFinished(const IncidentImportSummary &summary);
    void showFailed(const QString &filePath, const QString &message);

    QString text() const;
    QStringList problems() const; // as shown in the details list

    // "incidents.csv: 3 imported, 1 merged, 1 row refused (the other rows were imported)"
    static QString summaryText(const IncidentImportSummary &summary);

private:
    void setMessage(QStyle::StandardPixmap icon, const QString &text, const QString &toolTip);

    QLabel *m_icon = nullptr;
    QLabel *m_label = nullptr;
    QToolButton *m_detailsButton = nullptr;
    QToolButton *m_dismissButton = nullptr;
    QListWidget *m_problems = nullptr;
};

} // namespace qd
