#include "ui/YamlHighlighter.h"

#include <QApplication>
#include <QPalette>

namespace qd {

namespace {

constexpr int NotInBlockScalar = -1;

bool isFlowIndicator(QChar c)
{
    return c == QLatin1Char(',') || c == QLatin1Char('[') || c == QLatin1Char(']') ||
           c == QLatin1Char('{') || c == QLatin1Char('}');
}

int indentationOf(const QString &text)
{
    int indent = 0;
    while (indent < text.size() && text.at(indent) == QLatin1Char(' '))
        ++indent;
    return indent;
}

// The index of the quote closing the quoted scalar that opens at `from`, or the line's end.
int closingQuote(const QString &text, int from)
{
    const QChar quote = text.at(from);
    for (int i = from + 1; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quote == QLatin1Char('"') && c == QLatin1Char('\\')) {
            ++i;
        } else if (c == quote) {
            // '' inside a single-quoted scalar is an escaped quote, not the end.
            if (quote == QLatin1Char('\'') && i + 1 < text.size() && text.at(i + 1) == quote) {
                ++i;
                continue;
            }
            return i;
        }
    }
    return int(text.size()) - 1;
}

bool colonEndsKey(const QString &text, int colon)
{
    return colon + 1 >= text.size() || text.at(colon + 1) == QLatin1Char(' ') ||
           text.at(colon + 1) == QLatin1Char('\t') || isFlowIndicator(text.at(colon + 1));
}

int skipSpaces(const QString &text, int from)
{
    while (from < text.size() &&
           (text.at(from) == QLatin1Char(' ') || text.at(from) == QLatin1Char('\t')))
        ++from;
    return from;
}

} // namespace

YamlHighlighter::YamlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QApplication::palette());
}

void YamlHighlighter::setPalette(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    struct Style
    {
        Role role;
        const char *light;
        const char *dark;
        bool bold;
        bool italic;
    };
    // Hues chosen to keep at least 4.5:1 contrast on white and on #1e1e1e.
    const Style styles[] = {
            {Role::Key, "#0b4f9c", "#79c0ff", true, false},
            {Role::Scalar, "#116329", "#a5d6a7", false, false},
            {Role::Comment, "#5e6770", "#9ea7b0", false, true},
            {Role::Anchor, "#7a3fc8", "#d2a8ff", false, false},
            {Role::Tag, "#0e6b73", "#76e3ea", false, false},
            {Role::DocumentMarker, "#9a4a00", "#ffa657", true, false},
            {Role::BlockScalar, "#0a3069", "#a5d6ff", false, false},
    };
    for (const Style &style : styles) {
        QTextCharFormat format;
        format.setForeground(QColor(QLatin1String(dark ? style.dark : style.light)));
        if (style.bold)
            format.setFontWeight(QFont::Bold);
        format.setFontItalic(style.italic);
        m_formats[int(style.role)] = format;
    }
    rehighlight();
}

QTextCharFormat YamlHighlighter::formatFor(Role role) const
{
    return m_formats[int(role)];
}

void YamlHighlighter::apply(int start, int length, Role role)
{
    if (length > 0)
        setFormat(start, length, m_formats[int(role)]);
}

int YamlHighlighter::commentStart(const QString &text, int from) const
{
    for (int i = from; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('#') &&
            (i == 0 || text.at(i - 1) == QLatin1Char(' ') || text.at(i - 1) == QLatin1Char('\t')))
            return i;
    }
    return -1;
}

void YamlHighlighter::highlightBlock(const QString &text)
{
    const int indent = indentationOf(text);
    const int parentIndent = previousBlockState();
    if (parentIndent != NotInBlockScalar) {
        // A block scalar runs on through blank lines and lines indented deeper than its parent.
        if (text.trimmed().isEmpty() || indent > parentIndent) {
            apply(0, int(text.size()), Role::BlockScalar);
            setCurrentBlockState(parentIndent);
            return;
        }
    }
    setCurrentBlockState(NotInBlockScalar);
    m_lineIndent = indent;

    if (text.startsWith(QLatin1String("---")) || text.startsWith(QLatin1String("..."))) {
        if (text.size() == 3 || text.at(3) == QLatin1Char(' ')) {
            apply(0, 3, Role::DocumentMarker);
            highlightValue(text, 3);
            return;
        }
    }
    if (text.startsWith(QLatin1Char('%'))) {
        apply(0, int(text.size()), Role::DocumentMarker);
        return;
    }

    int pos = indent;
    // Sequence entries ("- ", "- - ") come before any key of the entry.
    while (pos < text.size() && text.at(pos) == QLatin1Char('-') &&
           (pos + 1 == text.size() || text.at(pos + 1) == QLatin1Char(' '))) {
        pos = skipSpaces(text, pos + 1);
    }
    if (pos >= text.size())
        return;

    const QChar first = text.at(pos);
    if (first == QLatin1Char('"') || first == QLatin1Char('\'')) {
        const int close = closingQuote(text, pos);
        const int colon = skipSpaces(text, close + 1);
        if (colon < text.size() && text.at(colon) == QLatin1Char(':') &&
            colonEndsKey(text, colon)) {
            apply(pos, close - pos + 1, Role::Key);
            pos = colon + 1;
        }
    } else if (first != QLatin1Char('#') && !isFlowIndicator(first) && first != QLatin1Char('&') &&
               first != QLatin1Char('*') && first != QLatin1Char('!') &&
               first != QLatin1Char('|') && first != QLatin1Char('>')) {
        const int comment = commentStart(text, pos);
        const int end = comment < 0 ? int(text.size()) : comment;
        for (int i = pos; i < end; ++i) {
            if (text.at(i) == QLatin1Char(':') && colonEndsKey(text, i)) {
                apply(pos, i - pos, Role::Key);
                pos = i + 1;
                break;
            }
        }
    }
    highlightValue(text, pos);
}

void YamlHighlighter::highlightValue(const QString &text, int from)
{
    int flowDepth = 0;
    int i = from;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char(':')) {
            ++i;
        } else if (c == QLatin1Char('#') && (i == 0 || text.at(i - 1).isSpace())) {
            apply(i, int(text.size()) - i, Role::Comment);
            return;
        } else if (c == QLatin1Char('&') || c == QLatin1Char('*') || c == QLatin1Char('!')) {
            int end = i + 1;
            while (end < text.size() && !text.at(end).isSpace() && !isFlowIndicator(text.at(end)))
                ++end;
            apply(i, end - i, c == QLatin1Char('!') ? Role::Tag : Role::Anchor);
            i = end;
        } else if (flowDepth == 0 && (c == QLatin1Char('|') || c == QLatin1Char('>'))) {
            int end = i + 1;
            while (end < text.size() &&
                   (text.at(end).isDigit() || text.at(end) == QLatin1Char('+') ||
                    text.at(end) == QLatin1Char('-')))
                ++end;
            apply(i, end - i, Role::BlockScalar);
            // The lines below, indented deeper than this one, are the scalar's text.
            setCurrentBlockState(m_lineIndent);
            i = end;
        } else if (isFlowIndicator(c)) {
            if (c == QLatin1Char('{') || c == QLatin1Char('['))
                ++flowDepth;
            else if (c != QLatin1Char(',') && flowDepth > 0)
                --flowDepth;
            ++i;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            const int close = closingQuote(text, i);
            const int next = skipSpaces(text, close + 1);
            const bool isKey =
                    flowDepth > 0 && next < text.size() && text.at(next) == QLatin1Char(':');
            apply(i, close - i + 1, isKey ? Role::Key : Role::Scalar);
            i = close + 1;
        } else {
            i = highlightScalarToken(text, i, flowDepth > 0 ? -1 : int(text.size()));
        }
    }
}

// A plain scalar: outside flow collections it runs to a comment or the line's end; inside one it
// stops at the next indicator, and "name:" there is a key of a flow mapping.
int YamlHighlighter::highlightScalarToken(const QString &text, int from, int end)
{
    const bool inFlow = end < 0;
    int i = from;
    int lastNonSpace = from;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('#') && text.at(i - 1).isSpace())
            break;
        if (inFlow && isFlowIndicator(c))
            break;
        if (inFlow && c == QLatin1Char(':') && colonEndsKey(text, i)) {
            apply(from, lastNonSpace - from + 1, Role::Key);
            return i + 1;
        }
        if (!c.isSpace())
            lastNonSpace = i;
        ++i;
    }
    apply(from, lastNonSpace - from + 1, Role::Scalar);
    return i;
}

} // namespace qd
