#pragma once

#include <QWidget>

class QLineEdit;
class QTreeView;

namespace qd {

class FleetFilterProxyModel;
class FleetTreeModel;

// The fleet tree with its filter box. Down in the filter moves into the tree, Esc clears the
// filter; the customer under the tree's current row is reported as the current customer.
class FleetPane : public QWidget
{
    Q_OBJECT
public:
    explicit FleetPane(FleetTreeModel *model, QWidget *parent = nullptr);

    void focusFilter();
    bool selectCustomer(const QString &customerId);
    QString currentCustomerId() const;

    QLineEdit *filterEdit() const { return m_filter; }
    QTreeView *treeView() const { return m_tree; }

    // Wide enough for every column up to the status without scrolling sideways.
    QSize sizeHint() const override;

signals:
    void currentCustomerChanged(const QString &customerId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilter(const QString &text);
    void onModelReset();
    void onCurrentChanged();

    FleetTreeModel *m_model = nullptr;
    FleetFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QTreeView *m_tree = nullptr;
    QString m_currentCustomerId;
    QString m_customerBeforeReset;
};

} // namespace qd
