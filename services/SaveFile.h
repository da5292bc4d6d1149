#pragma once

#include "models/Result.h"

#include <QByteArray>
#include <QString>

namespace qd {

// Replaces the file at absolutePath with `bytes`, whole or not at all (QSaveFile: a temporary
// file renamed over it), creating its folder. The error names `shown` and the system's reason.
// The bytes are flushed before the rename is asked for: Qt 6.4's QSaveFile::commit() does not
// see a write that fails when its buffer is flushed at close (a full disk), and would rename an
// empty file over the original.
Result<void> saveFileAtomically(const QString &absolutePath, const QByteArray &bytes,
                                const QString &shown);

} // namespace qd
