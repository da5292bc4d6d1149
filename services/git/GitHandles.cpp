#include "services/git/GitHandles.h"

#include <cerrno>
#include <cstring>
#include <mutex>

namespace qd {

void ensureLibgit2()
{
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}

namespace {

// The failures of writing that leave errno set; not ENOENT and the like, which libgit2's own
// look-ups leave behind all the time.
bool isStorageError(int code)
{
    switch (code) {
    case ENOSPC:
    case EDQUOT:
    case EROFS:
    case EIO:
    case EACCES:
    case EPERM:
    case EFBIG:
        return true;
    default:
        return false;
    }
}

} // namespace

Error gitError(const QString &what, int code)
{
    const int systemError = errno; // before anything else can change it
    const git_error *last = git_error_last();
    QString detail;
    if (last && last->message)
        detail = QString::fromUtf8(last->message);
    else if (isStorageError(systemError)) // a full disk sets no libgit2 message on some writes
        detail = QString::fromLocal8Bit(std::strerror(systemError));
    else
        detail = QStringLiteral("libgit2 error %1").arg(code);
    return Error{QStringLiteral("%1: %2").arg(what, detail)};
}

} // namespace qd
