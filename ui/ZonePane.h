#pragma once

#include "models/Fleet.h"

#include <QWidget>

class QLabel;
class QStackedWidget;

namespace qd {

class ZoneCard;

// The selected customer with its two zones side by side, or a summary of the whole fleet when no
// customer is selected, or a message while nothing could be loaded.
class ZonePane : public QWidget
{
    Q_OBJECT
public:
    explicit ZonePane(QWidget *parent = nullptr);

    void setSnapshot(const FleetSnapshot &snapshot);
    void showCustomer(const QString &customerId); // empty: the fleet summary
    void showMessage(const QString &title, const QString &text);

    QString customerId() const { return m_customerId; }

private:
    QWidget *createMessagePage();
    QWidget *createSummaryPage();
    QWidget *createCustomerPage();
    // The summary and customer pages, in their scroll areas; built on first use.
    QWidget *summaryPage();
    QWidget *customerPage();
    void updateSummary();

    FleetSnapshot m_snapshot;
    QString m_customerId;
    QStackedWidget *m_pages = nullptr;
    QWidget *m_messagePage = nullptr;
    QWidget *m_summaryPage = nullptr;  // the scroll area holding it
    QWidget *m_customerPage = nullptr; // the scroll area holding it
    QLabel *m_messageTitle = nullptr;
    QLabel *m_messageText = nullptr;
    QLabel *m_summaryTitle = nullptr;
    QLabel *m_summaryCounts = nullptr;
    QLabel *m_summaryDetails = nullptr;
    QLabel *m_customerName = nullptr;
    QLabel *m_customerFacts = nullptr;
    QLabel *m_customerStatus = nullptr;
    ZoneCard *m_redCard = nullptr;
    ZoneCard *m_greenCard = nullptr;
};

} // namespace qd
