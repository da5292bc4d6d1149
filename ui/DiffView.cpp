#include "ui/DiffView.h"

#include <QFontDatabase>
#include <QTextBlock>
#include <QTextCursor>

namespace qd {

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

DiffView::DiffView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setPlaceholderText(tr("No changes."));
    // Read-only text still takes focus, so the diff scrolls from the keyboard.
    setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
}

DiffView::LineKind DiffView::kindOf(const QString &line)
{
    if (line.startsWith(QLatin1String("diff ")) || line.startsWith(QLatin1String("index ")) ||
        line.startsWith(QLatin1String("--- ")) || line.startsWith(QLatin1String("+++ ")) ||
        line.startsWith(QLatin1String("new file mode")) ||
        line.startsWith(QLatin1String("deleted file mode")) ||
        line.startsWith(QLatin1String("similarity index")) ||
        line.startsWith(QLatin1String("rename ")))
        return LineKind::FileHeader;
    if (line.startsWith(QLatin1String("@@")))
        return LineKind::HunkHeader;
    if (line.startsWith(QLatin1Char('+')))
        return LineKind::Added;
    if (line.startsWith(QLatin1Char('-')))
        return LineKind::Removed;
    return LineKind::Context;
}

QBrush DiffView::background(LineKind kind, const QPalette &palette)
{
    const bool dark = isDark(palette);
    // Light: GitHub's pale tints; dark: deep tints that keep light text above 7:1 contrast.
    switch (kind) {
    case LineKind::Added:
        return QColor(dark ? QStringLiteral("#1b4721") : QStringLiteral("#dafbe1"));
    case LineKind::Removed:
        return QColor(dark ? QStringLiteral("#5c1f24") : QStringLiteral("#ffebe9"));
    case LineKind::HunkHeader:
        return QColor(dark ? QStringLiteral("#1d2f4a") : QStringLiteral("#ddf4ff"));
    case LineKind::FileHeader:
    case LineKind::Context:
        break;
    }
    return Qt::NoBrush;
}

void DiffView::setDiff(const QString &unifiedDiff)
{
    m_diff = unifiedDiff;
    render();
}

void DiffView::render()
{
    clear();
    m_added = 0;
    m_removed = 0;
    QString text = m_diff;
    if (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    if (text.isEmpty())
        return;

    QTextCursor cursor(document());
    cursor.beginEditBlock();
    bool first = true;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const LineKind kind = kindOf(line);
        QTextBlockFormat block;
        block.setBackground(background(kind, palette()));
        QTextCharFormat chars;
        if (kind == LineKind::FileHeader)
            chars.setFontWeight(QFont::Bold);
        if (kind == LineKind::HunkHeader)
            chars.setForeground(palette().color(QPalette::PlaceholderText));
        if (first)
            cursor.setBlockFormat(block);
        else
            cursor.insertBlock(block);
        cursor.setBlockCharFormat(chars);
        cursor.insertText(line, chars);
        first = false;
        if (kind == LineKind::Added)
            ++m_added;
        else if (kind == LineKind::Removed)
            ++m_removed;
    }
    cursor.endEditBlock();
    moveCursor(QTextCursor::Start);
}

void DiffView::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

} // namespace qd
