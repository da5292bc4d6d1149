#include "ui/YamlEditor.h"

#include "services/Async.h"
#include "services/config/YamlFile.h"
#include "ui/YamlHighlighter.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QTextBlock>
#include <QTimer>
#include <QToolTip>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace qd {

namespace {

class Gutter : public QWidget
{
public:
    explicit Gutter(YamlEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    {}

    QSize sizeHint() const override { return QSize(m_editor->gutterWidth(), 0); }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintGutter(event); }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(event);
            if (!m_editor->showGutterToolTip(help->pos(), help->globalPos()))
                QToolTip::hideText();
            return true;
        }
        return QWidget::event(event);
    }

private:
    YamlEditor *m_editor;
};

Diagnostics parse(const QString &text, const QString &name)
{
    return parseYaml(text.toStdString(), 0, name).problems;
}

QColor errorColor(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128 ? QColor(0xff, 0x6b, 0x6b)
                                                           : QColor(0xc6, 0x28, 0x28);
}

} // namespace

YamlEditor::YamlEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_gutter(new Gutter(this))
    , m_highlighter(new YamlHighlighter(document()))
    , m_validateTimer(new QTimer(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    m_validateTimer->setSingleShot(true);
    m_validateTimer->setInterval(ValidationDelayMs);
    connect(m_validateTimer, &QTimer::timeout, this, &YamlEditor::validateNow);
    connect(document(), &QTextDocument::contentsChanged, m_validateTimer,
            qOverload<>(&QTimer::start));
    connect(this, &QPlainTextEdit::blockCountChanged, this, &YamlEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &YamlEditor::updateGutter);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &YamlEditor::updateExtraSelections);
    updateGutterWidth();
    updateExtraSelections();
}

YamlEditor::~YamlEditor() = default;

void YamlEditor::setDocumentName(const QString &name)
{
    m_documentName = name;
}

QList<int> YamlEditor::markedLines() const
{
    QList<int> lines;
    for (const Diagnostic &problem : m_diagnostics) {
        const int line = qMax(1, problem.location.line);
        if (!lines.contains(line))
            lines << line;
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

QString YamlEditor::problemsAt(int line) const
{
    QStringList messages;
    for (const Diagnostic &problem : m_diagnostics) {
        if (qMax(1, problem.location.line) == line)
            messages << problem.message;
    }
    return messages.join(QLatin1Char('\n'));
}

void YamlEditor::validateNow()
{
    m_validateTimer->stop();
    const quint64 generation = ++m_generation;
    const QString text = toPlainText();
    if (text.size() < AsyncValidationBytes) {
        applyDiagnostics(generation, parse(text, m_documentName));
        return;
    }
    // Parsing a large file takes long enough to make typing stutter: do it on a worker.
    runThen(this, [text, name = m_documentName] { return parse(text, name); },
            [this, generation](const Diagnostics &problems) {
                applyDiagnostics(generation, problems);
            });
}

void YamlEditor::applyDiagnostics(quint64 generation, const Diagnostics &problems)
{
    if (generation != m_generation)
        return;
    m_diagnostics = problems;
    updateExtraSelections();
    m_gutter->update();
    emit validated(m_diagnostics);
}

void YamlEditor::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    if (!isReadOnly()) {
        QTextEdit::ExtraSelection current;
        QColor lineColor = palette().color(QPalette::Highlight);
        lineColor.setAlpha(28);
        current.format.setBackground(lineColor);
        current.format.setProperty(QTextFormat::FullWidthSelection, true);
        current.cursor = textCursor();
        current.cursor.clearSelection();
        selections << current;
    }
    for (const Diagnostic &problem : m_diagnostics) {
        const QTextBlock block = document()->findBlockByNumber(qMax(1, problem.location.line) - 1);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection marker;
        marker.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        marker.format.setUnderlineColor(errorColor(palette()));
        marker.format.setToolTip(problem.message);
        marker.cursor = QTextCursor(block);
        const int length = int(block.text().size());
        int column = qBound(0, problem.location.column - 1, length);
        // A problem at the end of a line (a missing value) still needs something to underline.
        if (column >= length)
            column = 0;
        marker.cursor.setPosition(block.position() + column);
        marker.cursor.setPosition(block.position() + qMax(length, column + 1),
                                  QTextCursor::KeepAnchor);
        selections << marker;
    }
    setExtraSelections(selections);
}

int YamlEditor::gutterWidth() const
{
    const int digits = int(QString::number(qMax(1, blockCount())).size());
    const int iconSize = fontMetrics().height();
    return 6 + iconSize + fontMetrics().horizontalAdvance(QLatin1Char('9')) * qMax(3, digits);
}

void YamlEditor::updateGutterWidth()
{
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

void YamlEditor::updateGutter(const QRect &rect, int dy)
{
    if (dy != 0)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateGutterWidth();
}

void YamlEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect area = contentsRect();
    m_gutter->setGeometry(QRect(area.left(), area.top(), gutterWidth(), area.height()));
}

void YamlEditor::paintGutter(QPaintEvent *event)
{
    QPainter painter(m_gutter);
    painter.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    const QList<int> marked = markedLines();
    const int iconSize = fontMetrics().height();
    const QColor error = errorColor(palette());

    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        if (block.isVisible() && top + height >= event->rect().top()) {
            const int line = block.blockNumber() + 1;
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(0, top, m_gutter->width() - iconSize - 6, fontMetrics().height(),
                             Qt::AlignRight, QString::number(line));
            if (marked.contains(line)) {
                // A filled circle with "!" so the marker reads without colour too.
                const QRect icon(m_gutter->width() - iconSize - 2, top + 1, iconSize - 2,
                                 iconSize - 2);
                painter.setRenderHint(QPainter::Antialiasing);
                painter.setPen(Qt::NoPen);
                painter.setBrush(error);
                painter.drawEllipse(icon);
                painter.setPen(Qt::white);
                QFont bold = font();
                bold.setBold(true);
                painter.setFont(bold);
                painter.drawText(icon, Qt::AlignCenter, QStringLiteral("!"));
                painter.setFont(font());
            }
        }
        block = block.next();
        top += height;
    }
}

bool YamlEditor::showGutterToolTip(const QPoint &gutterPos, const QPoint &globalPos)
{
    const QTextCursor cursor = cursorForPosition(QPoint(0, gutterPos.y()));
    const QString messages = problemsAt(cursor.blockNumber() + 1);
    if (messages.isEmpty())
        return false;
    QToolTip::showText(globalPos, messages, m_gutter);
    return true;
}

bool YamlEditor::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString messages = problemsAt(cursorForPosition(help->pos()).blockNumber() + 1);
        if (messages.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), messages, viewport());
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

void YamlEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        updateExtraSelections();
    }
}

void YamlEditor::keyPressEvent(QKeyEvent *event)
{
    // YAML forbids tabs for indentation: Tab indents with spaces (Ctrl+Tab still leaves).
    if (event->key() == Qt::Key_Tab && event->modifiers() == Qt::NoModifier) {
        textCursor().insertText(QStringLiteral("  "));
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace qd
