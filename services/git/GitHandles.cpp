#include "services/git/GitHandles.h"

#include <mutex>

namespace qd {

void ensureLibgit2()
{
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}

Error gitError(const QString &what, int code)
{
    const git_error *last = git_error_last();
    const QString detail = last && last->message ? QString::fromUtf8(last->message)
                                                 : QStringLiteral("libgit2 error %1").arg(code);
    return Error{QStringLiteral("%1: %2").arg(what, detail)};
}

} // namespace qd
