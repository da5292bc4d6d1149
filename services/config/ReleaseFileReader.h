#pragma once

#include "models/Diagnostic.h"
#include "models/Release.h"

#include <QByteArray>
#include <QString>

namespace qd {

struct ReleaseFile
{
    ReleaseCatalog catalog;
    Diagnostics problems;
    bool readable = false; // the YAML parsed: the catalog says which releases exist
};

// Parses releases.yaml (a pure function: the caller reads the file):
//   releases:
//     - {version: 2.32.0, date: 2026-11-01, notes: "...", withdrawn: "reason"}
// Every problem names the file, line and column: a version that is not one, a date that is
// not YYYY-MM-DD, a version listed twice, unknown keys.
ReleaseFile parseReleaseFile(const QByteArray &text, const QString &displayName);

} // namespace qd
