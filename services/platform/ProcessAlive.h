#pragma once

#include <QtGlobal>

namespace qd {

// Whether a process with this id runs now and is not this one. One of the few calls that differ
// between POSIX (kill with signal 0) and Windows (OpenProcess); the rest of the code is portable.
bool otherProcessRuns(qint64 pid);

} // namespace qd
