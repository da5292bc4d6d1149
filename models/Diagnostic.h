#pragma once

#include <QList>
#include <QString>

namespace qd {

// A place in a file of the config repo. Lines and columns count from 1; 0 means "not known".
struct SourceLocation
{
    QString file; // relative to the repo root, with forward slashes
    int line = 0;
    int column = 0;

    bool isValid() const { return !file.isEmpty(); }
    friend bool operator==(const SourceLocation &, const SourceLocation &) = default;
};

// One problem found in the config repo, reported as "file:line:col: message".
struct Diagnostic
{
    SourceLocation location;
    QString message;

    QString toString() const;
    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

using Diagnostics = QList<Diagnostic>;

// Sorted by file, line and column, so reports read top to bottom.
void sortDiagnostics(Diagnostics &diagnostics);

} // namespace qd
