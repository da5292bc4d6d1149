#pragma once

#include "models/Diagnostic.h"

#include <QPlainTextEdit>

class QTimer;

namespace qd {

class YamlHighlighter;

// A plain-text YAML editor: line numbers in a gutter, highlighting, and live validation. A moment
// after the user stops typing the text is parsed (off the GUI thread when it is large); each
// problem gets an icon in the gutter, a wavy underline from its column to the line's end and a
// tooltip with the message, on the line and on the icon.
class YamlEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit YamlEditor(QWidget *parent = nullptr);
    ~YamlEditor() override;

    // The file's path relative to the repo root: diagnostics name it.
    void setDocumentName(const QString &name);
    QString documentName() const { return m_documentName; }

    const Diagnostics &diagnostics() const { return m_diagnostics; }
    QList<int> markedLines() const;     // 1-based lines with a problem, ascending
    QString problemsAt(int line) const; // the messages for a 1-based line, one per line
    YamlHighlighter *highlighter() const { return m_highlighter; }

    // Validates at once instead of after the pause in typing (opening a file, tests).
    void validateNow();

    int gutterWidth() const;
    void paintGutter(QPaintEvent *event);
    bool showGutterToolTip(const QPoint &gutterPos, const QPoint &globalPos);

    // Text larger than this is parsed on a worker thread.
    static constexpr qsizetype AsyncValidationBytes = 64 * 1024;
    static constexpr int ValidationDelayMs = 300;

signals:
    // After every validation, with the problems found (empty when the text parses).
    void validated(const qd::Diagnostics &problems);

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateGutterWidth();
    void updateGutter(const QRect &rect, int dy);
    void applyDiagnostics(quint64 generation, const Diagnostics &problems);
    void updateExtraSelections();

    QWidget *m_gutter = nullptr;
    YamlHighlighter *m_highlighter = nullptr;
    QTimer *m_validateTimer = nullptr;
    QString m_documentName;
    Diagnostics m_diagnostics;
    quint64 m_generation = 0; // a result for an older text than the latest one is dropped
};

} // namespace qd
