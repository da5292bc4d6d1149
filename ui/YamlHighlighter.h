#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace qd {

// Highlights YAML as the config repo writes it: keys, scalars, comments, anchors and aliases,
// tags, document markers and block scalars (`|`, `>-`). Works line by line; the only state carried
// between lines is "inside a block scalar whose parent is indented by N", so editing one line
// re-highlights only as far as that state changes.
class YamlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    enum class Role { Key, Scalar, Comment, Anchor, Tag, DocumentMarker, BlockScalar };

    explicit YamlHighlighter(QTextDocument *document);

    // Formats follow the palette given (light or dark), so text stays readable on both.
    void setPalette(const QPalette &palette);
    QTextCharFormat formatFor(Role role) const;

protected:
    void highlightBlock(const QString &text) override;

private:
    void highlightValue(const QString &text, int from);
    int highlightScalarToken(const QString &text, int from, int end);
    int commentStart(const QString &text, int from) const;
    void apply(int start, int length, Role role);

    QTextCharFormat m_formats[7];
    int m_lineIndent = 0;
};

} // namespace qd
