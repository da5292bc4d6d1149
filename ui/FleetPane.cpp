#include "ui/FleetPane.h"

#include "models/FleetFilterProxyModel.h"
#include "models/FleetTreeModel.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

namespace qd {

FleetPane::FleetPane(FleetTreeModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_proxy = new FleetFilterProxyModel(this);
    m_proxy->setSourceModel(model);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("fleetFilter"));
    m_filter->setPlaceholderText(QStringLiteral("Filter customers, clusters, versions..."));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(QStringLiteral("Ctrl+K; Down moves into the list, Esc clears"));
    m_filter->installEventFilter(this);

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("fleetTree"));
    m_tree->setModel(m_proxy);
    // Rows all have one line of text; uniform heights keep a 1,000-customer fleet fast to lay out.
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->installEventFilter(this);
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(true);
    const int em = m_tree->fontMetrics().horizontalAdvance(QLatin1Char('m'));
    header->resizeSection(FleetTreeModel::NameColumn, em * 16);
    header->resizeSection(FleetTreeModel::ClusterColumn, em * 9);
    header->resizeSection(FleetTreeModel::CloudColumn, em * 9);
    // A customer mid-upgrade reads "R 2.31.0-rc1 / G 2.30.1".
    header->resizeSection(FleetTreeModel::VersionColumn, em * 13);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree);

    connect(m_filter, &QLineEdit::textChanged, this, &FleetPane::applyFilter);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_customerBeforeReset = m_currentCustomerId; });
    connect(m_model, &QAbstractItemModel::modelReset, this, &FleetPane::onModelReset);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &FleetPane::onCurrentChanged);
}

QSize FleetPane::sizeHint() const
{
    const QHeaderView *header = m_tree->header();
    const int em = m_tree->fontMetrics().horizontalAdvance(QLatin1Char('m'));
    const int columns = header->sectionPosition(FleetTreeModel::VersionColumn)
                        + header->sectionSize(FleetTreeModel::VersionColumn)
                        + em * 7; // the status icon and a word of its text
    const int chrome = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_tree)
                       + 2 * m_tree->frameWidth();
    return {columns + chrome, QWidget::sizeHint().height()};
}

void FleetPane::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

bool FleetPane::selectCustomer(const QString &customerId)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexOfCustomer(customerId));
    if (!index.isValid())
        return false;
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
    return true;
}

QString FleetPane::currentCustomerId() const
{
    return m_currentCustomerId;
}

bool FleetPane::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_filter) {
        if (key->key() == Qt::Key_Escape && !m_filter->text().isEmpty()) {
            m_filter->clear();
            return true;
        }
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Return ||
            key->key() == Qt::Key_Enter) {
            m_tree->setFocus(Qt::TabFocusReason);
            if (!m_tree->currentIndex().isValid() && m_proxy->rowCount() > 0)
                m_tree->setCurrentIndex(m_proxy->index(0, 0));
            return true;
        }
    } else if (watched == m_tree && key->key() == Qt::Key_Escape && !m_filter->text().isEmpty()) {
        m_filter->clear();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void FleetPane::applyFilter(const QString &text)
{
    m_proxy->setFilterText(text);
    // Rows the filter brings back are new proxy rows, and those start collapsed.
    m_tree->expandAll();
    if (!m_tree->currentIndex().isValid() && !m_currentCustomerId.isEmpty())
        selectCustomer(m_currentCustomerId);
}

void FleetPane::onModelReset()
{
    m_tree->expandAll();
    if (m_customerBeforeReset.isEmpty() || !selectCustomer(m_customerBeforeReset))
        onCurrentChanged();
}

void FleetPane::onCurrentChanged()
{
    const QModelIndex current = m_tree->currentIndex();
    const QString id =
            current.isValid() ? current.data(FleetTreeModel::CustomerIdRole).toString() : QString();
    if (id == m_currentCustomerId)
        return;
    m_currentCustomerId = id;
    emit currentCustomerChanged(id);
}

} // namespace qd
