#pragma once

#include "models/Result.h"
#include "services/git/GitHandles.h"

#include <QString>

namespace qd {

// git_remote_lookup without its leak. Debian 12's libgit2 1.5.1 resolves url.<base>.insteadOf
// with a PCRE2 regex per config entry and leaks the match data of every entry that does not match
// (some 10 KB each, about 450 KB per lookup in a small clone; fixed upstream in libgit2 PR #6382):
// a console open all day leaked that on every fetch, push and status (found by tests/soak). This
// reads remote.<name>.url, .pushurl and .fetch itself, applies url.<base>.insteadOf and
// .pushInsteadOf as git does (the longest matching prefix wins), and makes an in-memory remote
// with those URLs that skips libgit2's own rewriting.
Result<GitRemotePtr> openRemote(git_repository *repo, const QString &name);

// The URL a fetch from remote `name` uses (insteadOf applied).
Result<QString> remoteFetchUrl(git_repository *repo, const QString &name);

} // namespace qd
