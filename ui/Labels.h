#pragma once

#include <QFont>

class QLabel;
class QString;
class QWidget;

namespace qd {

enum class LabelWrap { SingleLine, WordWrap };

// A label for text the console shows (names, values, paths, messages): plain text, so that no
// value is ever read as markup, and selectable, so that it can be copied. Its font is the
// parent's, scaled by `scale` and with `weight` (a title, a figure).
QLabel *makeLabel(QWidget *parent,
                  const QString &objectName,
                  LabelWrap wrap = LabelWrap::SingleLine,
                  qreal scale = 1.0,
                  QFont::Weight weight = QFont::Normal);

// `base` with its point size times `scale` and the given weight.
QFont scaledFont(const QFont &base, qreal scale, QFont::Weight weight);

// Lays out a pane's message page: `title` over `text`, centred, a little above the middle.
void layOutMessagePage(QWidget *page, QLabel *title, QLabel *text);

} // namespace qd
