#pragma once

#include <QPlainTextEdit>

namespace qd {

// A read-only unified diff. Added lines get a green background and removed lines a red one, in
// shades chosen for the current palette (light or dark); the "+" and "-" markers stay in the text
// so colour is never the only signal. File headers are bold, hunk headers muted.
class DiffView : public QPlainTextEdit
{
    Q_OBJECT
public:
    enum class LineKind { FileHeader, HunkHeader, Added, Removed, Context };

    explicit DiffView(QWidget *parent = nullptr);

    void setDiff(const QString &unifiedDiff);
    QString diff() const { return m_diff; }

    int addedLines() const { return m_added; }
    int removedLines() const { return m_removed; }

    static LineKind kindOf(const QString &line);
    // The background of a line of this kind on this palette; no brush for context lines.
    static QBrush background(LineKind kind, const QPalette &palette);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QString m_diff;
    int m_added = 0;
    int m_removed = 0;
};

} // namespace qd
