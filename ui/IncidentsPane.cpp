#include "ui/IncidentsPane.h"

#include "models/IncidentFilterProxyModel.h"
#include "models/IncidentTableModel.h"
#include "ui/IncidentImportBar.h"
#include "ui/IncidentTableView.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace qd {

namespace {

QString describe(const Incident &incident)
{
    return QStringLiteral("%1 %2 %3 “%4”")
            .arg(priorityName(incident.priority), incident.customer, incident.zone,
                 incident.title);
}

bool awaitsResponse(const Incident &incident)
{
    return incident.state == IncidentState::Open && !incident.respondedAt().isValid();
}

std::optional<QString> askForComment(QWidget *parent, const Incident &incident)
{
    bool ok = false;
    const QString comment = QInputDialog::getText(
            parent, QStringLiteral("Acknowledge incident"),
            QStringLiteral("Acknowledging %1 creates a silence on Alertmanager.\nComment:")
                    .arg(describe(incident)),
            QLineEdit::Normal, QStringLiteral("Investigating"), &ok);
    if (!ok || comment.trimmed().isEmpty())
        return std::nullopt;
    return comment.trimmed();
}

QWidget *makeBar(QWidget *parent, const QString &objectName, QStyle::StandardPixmap icon,
                 const QColor &color, QLabel **label)
{
    auto *bar = new QFrame(parent);
    bar->setObjectName(objectName);
    bar->setAutoFillBackground(true);
    QPalette palette = bar->palette();
    palette.setColor(QPalette::Window, color);
    palette.setColor(QPalette::WindowText, Qt::white);
    palette.setColor(QPalette::ButtonText, Qt::black);
    bar->setPalette(palette);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(8, 6, 8, 6);
    auto *iconLabel = new QLabel(bar);
    const int size = bar->style()->pixelMetric(QStyle::PM_SmallIconSize);
    iconLabel->setPixmap(bar->style()->standardIcon(icon).pixmap(size, size));
    layout->addWidget(iconLabel);
    *label = new QLabel(bar);
    (*label)->setWordWrap(true);
    (*label)->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = (*label)->font();
    font.setBold(true);
    (*label)->setFont(font);
    layout->addWidget(*label, 1);
    bar->hide();
    return bar;
}

} // namespace

IncidentsPane::IncidentsPane(IncidentService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_model(new IncidentTableModel(this))
    , m_proxy(new IncidentFilterProxyModel(this))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_commentPrompt(askForComment)
    , m_timer(new QTimer(this))
    , m_statusWidget(new IncidentStatusWidget)
{
    m_proxy->setSourceModel(m_model);
    createWidgets();
    m_model->setNow(m_clock());

    if (m_service) {
        connect(m_service, &IncidentService::snapshotChanged, this, &IncidentsPane::setSnapshot);
        connect(m_service, &IncidentService::sourceStateChanged, this,
                [this](const SourceState &state) {
                    if (m_statusWidget)
                        m_statusWidget->setSourceState(state);
                });
        connect(m_service, &IncidentService::acknowledgeFailed, this,
                [this](const QString &id, const QString &message) {
                    showInWindowMessage(
                            QStringLiteral("Acknowledging %1 failed: %2").arg(id, message));
                });
        connect(m_service, &IncidentService::importFinished, this,
                [this](const IncidentImportSummary &summary) {
                    m_importing = false;
                    m_importBar->showFinished(summary);
                    updateActions();
                });
        connect(m_service, &IncidentService::importFailed, this,
                [this](const QString &file, const QString &message) {
                    m_importing = false;
                    m_importBar->showFailed(file, message);
                    updateActions();
                });
        setSnapshot(m_service->snapshot());
    }

    // The countdown moves every second; the model is told the time, it never reads the clock.
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &IncidentsPane::tick);
    m_timer->start();
}

IncidentsPane::~IncidentsPane()
{
    // Never added to a status bar: nobody else owns it.
    if (m_statusWidget && !m_statusWidget->parent())
        delete m_statusWidget;
}

void IncidentsPane::createWidgets()
{
    m_banner = makeBar(this, QStringLiteral("breachBanner"), QStyle::SP_MessageBoxCritical,
                       IncidentTableModel::priorityColor(Priority::P0), &m_bannerLabel);
    auto *showButton = new QPushButton(QStringLiteral("Show oldest"), m_banner);
    showButton->setObjectName(QStringLiteral("showOldestBreach"));
    connect(showButton, &QPushButton::clicked, this, [this] {
        m_filter->clear();
        m_proxy->setStateFilter(IncidentFilterProxyModel::StateFilter::Unresolved);
        m_stateCombo->setCurrentIndex(0);
        selectIncident(m_oldestBreachId);
    });
    m_banner->layout()->addWidget(showButton);

    m_messageBar = makeBar(this, QStringLiteral("notificationBar"), QStyle::SP_MessageBoxWarning,
                           QColor(0x8a, 0x4b, 0x00), &m_messageLabel);
    auto *closeButton = new QToolButton(m_messageBar);
    closeButton->setText(QStringLiteral("Dismiss"));
    closeButton->setToolTip(QStringLiteral("Hide this message"));
    connect(closeButton, &QToolButton::clicked, m_messageBar, &QWidget::hide);
    m_messageBar->layout()->addWidget(closeButton);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("incidentFilter"));
    m_filter->setPlaceholderText(QStringLiteral("Filter by customer, zone, title, priority…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &IncidentFilterProxyModel::setFilterText);
    auto *focusFilter = new QAction(QStringLiteral("Filter incidents"), this);
    focusFilter->setShortcut(QKeySequence::Find);
    focusFilter->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(focusFilter, &QAction::triggered, m_filter, [this] { m_filter->setFocus(); });
    addAction(focusFilter);

    m_stateCombo = new QComboBox(this);
    m_stateCombo->setObjectName(QStringLiteral("stateFilter"));
    using State = IncidentFilterProxyModel::StateFilter;
    m_stateCombo->addItem(QStringLiteral("Open and acknowledged"), int(State::Unresolved));
    m_stateCombo->addItem(QStringLiteral("Open"), int(State::Open));
    m_stateCombo->addItem(QStringLiteral("Acknowledged"), int(State::Acknowledged));
    m_stateCombo->addItem(QStringLiteral("Resolved"), int(State::Resolved));
    m_stateCombo->addItem(QStringLiteral("All"), int(State::All));
    connect(m_stateCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_proxy->setStateFilter(State(m_stateCombo->itemData(index).toInt()));
    });

    m_ackAction = new QAction(QStringLiteral("&Acknowledge…"), this);
    m_ackAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_ackAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_ackAction->setToolTip(QStringLiteral("Acknowledge the selected incident (%1): creates a "
                                           "silence on Alertmanager")
                                    .arg(m_ackAction->shortcut().toString(
                                            QKeySequence::NativeText)));
    connect(m_ackAction, &QAction::triggered, this, &IncidentsPane::acknowledgeSelected);
    addAction(m_ackAction);
    m_ackButton = new QPushButton(m_ackAction->text(), this);
    m_ackButton->setObjectName(QStringLiteral("acknowledgeButton"));
    m_ackButton->setToolTip(m_ackAction->toolTip());
    connect(m_ackButton, &QPushButton::clicked, m_ackAction, &QAction::trigger);

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("incidentCount"));
    m_countLabel->setWordWrap(true); // a long count wraps rather than widening the pane
    createImportAction();
    m_importBar = new IncidentImportBar(this);

    // The count has a line of its own: beside the filter its words took the filter's room.
    auto *tools = new QHBoxLayout;
    tools->addWidget(m_filter, 1);
    tools->addWidget(m_stateCombo);
    tools->addWidget(m_ackButton);
    tools->addWidget(m_importButton);
    m_filter->setMinimumWidth(m_filter->fontMetrics().horizontalAdvance(QLatin1Char('m')) * 14);

    m_table = createIncidentTableView(m_proxy, this);
    // The current row changes before the selection does: follow both.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &IncidentsPane::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &IncidentsPane::updateActions);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &IncidentsPane::updateCounts);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &IncidentsPane::updateCounts);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_messageBar);
    layout->addLayout(tools);
    layout->addWidget(m_countLabel);
    layout->addWidget(m_importBar);
    layout->addWidget(m_table, 1);
    setFocusProxy(m_table);
    updateActions();
    updateCounts();
}

void IncidentsPane::createImportAction()
{
    m_importAction = new QAction(QStringLiteral("&Import CSV…"), this);
    m_importAction->setObjectName(QStringLiteral("importCsvAction"));
    m_importAction->setToolTip(QStringLiteral("Import a support portal's CSV export into the "
                                              "incident journal"));
    connect(m_importAction, &QAction::triggered, this, &IncidentsPane::chooseAndImportCsv);
    addAction(m_importAction);
    m_importButton = new QPushButton(m_importAction->text(), this);
    m_importButton->setObjectName(QStringLiteral("importCsvButton"));
    m_importButton->setToolTip(m_importAction->toolTip());
    connect(m_importButton, &QPushButton::clicked, m_importAction, &QAction::trigger);
}

void IncidentsPane::setSnapshot(const IncidentSnapshot &snapshot)
{
    const std::optional<Incident> selected = selectedIncident();
    // No Alertmanager: the journal's history, newest first, and nothing to acknowledge with.
    const bool journalOnly = snapshot.source.health == SourceHealth::Offline;
    if (journalOnly && !m_journalOnly) {
        m_stateCombo->setCurrentIndex(
                m_stateCombo->findData(int(IncidentFilterProxyModel::StateFilter::All)));
        m_table->sortByColumn(IncidentTableModel::AgeColumn, Qt::AscendingOrder);
    } else if (!journalOnly && m_journalOnly) { // live again: what needs a response, soonest first
        m_stateCombo->setCurrentIndex(0);
        m_table->sortByColumn(IncidentTableModel::DueColumn, Qt::AscendingOrder);
    }
    m_journalOnly = journalOnly;
    m_model->setIncidents(snapshot.incidents);
    // The banner and the notifications only ever concern P0s awaiting a response: a few among
    // possibly 100,000, looked at every second.
    m_waitingP0s.clear();
    for (const Incident &incident : snapshot.incidents) {
        if (incident.priority == Priority::P0 && awaitsResponse(incident))
            m_waitingP0s.append(incident);
    }
    if (selected)
        selectIncident(selected->id);
    if (m_statusWidget) {
        m_statusWidget->setSourceState(snapshot.source);
        int openP1 = 0;
        for (const Incident &incident : snapshot.incidents) {
            if (incident.priority == Priority::P1 && incident.state == IncidentState::Open)
                ++openP1;
        }
        m_statusWidget->setOpenP1Count(openP1);
    }
    tick();
    updateActions();
    updateCounts();
}

void IncidentsPane::setCustomerFilter(const QString &customerId)
{
    m_proxy->setCustomerFilter(customerId);
    m_filter->setToolTip(customerId.isEmpty()
                                 ? QString()
                                 : QStringLiteral("Showing %1's incidents only (the customer "
                                                  "selected in the fleet)")
                                           .arg(customerId));
}

void IncidentsPane::setClock(Clock clock)
{
    m_clock = std::move(clock);
    tick();
}

void IncidentsPane::setCommentPrompt(CommentPrompt prompt)
{
    m_commentPrompt = std::move(prompt);
}

void IncidentsPane::tick()
{
    m_model->setNow(m_clock());
    updateBanner();
    notifyUnacknowledgedP0s();
}

void IncidentsPane::updateBanner()
{
    const QDateTime now = m_model->now();
    int count = 0;
    const Incident *oldest = nullptr;
    for (const Incident &incident : std::as_const(m_waitingP0s)) {
        if (!incident.isBreached(now))
            continue;
        ++count;
        if (!oldest || incident.responseDueAt < oldest->responseDueAt)
            oldest = &incident;
    }
    if (!oldest) {
        m_oldestBreachId.clear();
        m_banner->hide();
        return;
    }
    m_oldestBreachId = oldest->id;
    const QString what = count == 1
                                 ? QStringLiteral("1 P0 incident has breached its 1-hour response")
                                 : QStringLiteral("%1 P0 incidents have breached their 1-hour "
                                                  "response")
                                           .arg(count);
    m_bannerLabel->setText(QStringLiteral("%1. Oldest: %2 %3 “%4”, %5.")
                                   .arg(what, oldest->customer, oldest->zone, oldest->title,
                                        IncidentTableModel::countdownText(*oldest, now)));
    m_banner->show();
}

void IncidentsPane::notifyUnacknowledgedP0s()
{
    const QDateTime now = m_model->now();
    QStringList fresh;
    for (const Incident &incident : std::as_const(m_waitingP0s)) {
        if (incident.openedAt.secsTo(now) < UnacknowledgedP0NotifySeconds
            || m_notified.contains(incident.id))
            continue;
        m_notified.insert(incident.id);
        fresh << QStringLiteral("%1 %2 “%3”, opened %4 ago")
                         .arg(incident.customer, incident.zone, incident.title,
                              IncidentTableModel::durationText(incident.openedAt.secsTo(now)));
    }
    if (fresh.isEmpty())
        return;
    const QString title = fresh.size() == 1
                                  ? QStringLiteral("P0 unacknowledged for 30 minutes")
                                  : QStringLiteral("%1 P0 incidents unacknowledged for 30 minutes")
                                            .arg(fresh.size());
    showNotification(title, fresh.join(QLatin1Char('\n')));
}

void IncidentsPane::showNotification(const QString &title, const QString &message)
{
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
            m_tray->setToolTip(QStringLiteral("Quarterdeck"));
            m_tray->show();
        }
        m_tray->showMessage(title, message, QSystemTrayIcon::Critical);
    } else {
        showInWindowMessage(QStringLiteral("%1: %2").arg(title, message));
        QApplication::alert(window());
    }
    emit notificationShown(title, message);
}

void IncidentsPane::showInWindowMessage(const QString &message)
{
    m_messageLabel->setText(message);
    m_messageBar->show();
}

std::optional<Incident> IncidentsPane::selectedIncident() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row()))
        return std::nullopt;
    return m_proxy->incidentAt(current.row());
}

void IncidentsPane::selectIncident(const QString &id)
{
    const int sourceRow = m_model->rowOfIncident(id);
    if (sourceRow < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return;
    m_table->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void IncidentsPane::updateActions()
{
    const std::optional<Incident> incident = selectedIncident();
    const bool canAcknowledge =
            incident && incident->state == IncidentState::Open && !m_journalOnly;
    m_ackAction->setEnabled(canAcknowledge);
    m_ackButton->setEnabled(canAcknowledge);
    const bool canImport = m_service && !m_importing;
    m_importAction->setEnabled(canImport);
    m_importButton->setEnabled(canImport);
}

void IncidentsPane::updateCounts()
{
    m_countLabel->setText(QStringLiteral("%1 of %2 shown%3")
                                  .arg(m_proxy->rowCount())
                                  .arg(m_model->rowCount())
                                  .arg(m_journalOnly ? QStringLiteral(" from the journal (no "
                                                                      "Alertmanager configured)")
                                                     : QString()));
    updateActions();
}

void IncidentsPane::acknowledgeSelected()
{
    const std::optional<Incident> incident = selectedIncident();
    if (!incident || incident->state != IncidentState::Open)
        return;
    const std::optional<QString> comment = m_commentPrompt(this, *incident);
    if (!comment)
        return;
    const QString user = currentUser();
    emit acknowledgeRequested(incident->id, user, *comment);
    // The service shows it as acknowledged at once (pending) and confirms or rolls back later.
    if (m_service)
        m_service->acknowledge(incident->id, user, *comment);
}

void IncidentsPane::chooseAndImportCsv()
{
    const QString lastFolder = QStringLiteral("incidents/importFolder");
    QSettings settings;
    const QString file = QFileDialog::getOpenFileName(
            this, QStringLiteral("Import incidents from CSV"),
            settings.value(lastFolder, QDir::homePath()).toString(),
            QStringLiteral("CSV files (*.csv);;All files (*)"));
    if (file.isEmpty())
        return;
    settings.setValue(lastFolder, QFileInfo(file).absolutePath());
    importCsv(file);
}

void IncidentsPane::importCsv(const QString &filePath)
{
    if (!m_service || m_importing)
        return;
    m_importing = true;
    updateActions();
    m_importBar->showStarted(filePath);
    m_service->importCsv(filePath); // on the journal's thread; answers with importFinished
}

QString IncidentsPane::currentUser()
{
    const QString configured = QSettings().value(QStringLiteral("incidents/user")).toString();
    if (!configured.trimmed().isEmpty())
        return configured.trimmed();
    for (const char *variable : {"USER", "USERNAME", "LOGNAME"}) {
        const QString name = qEnvironmentVariable(variable);
        if (!name.isEmpty())
            return name;
    }
    return QStringLiteral("quarterdeck");
}

} // namespace qd
