#include "ui/Labels.h"

#include <QLabel>
#include <QVBoxLayout>

namespace qd {

QLabel *makeLabel(QWidget *parent,
                  const QString &objectName,
                  LabelWrap wrap,
                  qreal scale,
                  QFont::Weight weight)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(wrap == LabelWrap::WordWrap);
    if (scale != 1.0 || weight != QFont::Normal)
        label->setFont(scaledFont(label->font(), scale, weight));
    return label;
}

QFont scaledFont(const QFont &base, qreal scale, QFont::Weight weight)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * scale);
    font.setWeight(weight);
    return font;
}

void layOutMessagePage(QWidget *page, QLabel *title, QLabel *text)
{
    auto *layout = new QVBoxLayout(page);
    layout->addStretch();
    layout->addWidget(title, 0, Qt::AlignHCenter);
    layout->addWidget(text, 0, Qt::AlignHCenter);
    layout->addStretch(2);
}

} // namespace qd
