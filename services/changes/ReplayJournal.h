#pragma once

#include "models/Result.h"

#include <git2.h>

#include <QString>

namespace qd {

// A replay of unpushed commits onto a remote head that moved on (ChangeEngine::pushWithReplay),
// recorded in <gitdir>/quarterdeck/replay-in-progress before the branch is moved there. Killed
// in the middle (the branch on the remote head, a checkout cut short, a replayed commit not yet
// pushed), it is found by the next change and put back: the branch returns to our own commits,
// the paths the replay could have touched hold their content again, and running the same change
// again replays it once. A replay that finished ends its record before it pushes.
class ReplayJournal
{
public:
    explicit ReplayJournal(git_repository *repo);

    Result<void> begin(const QString &ourHead, const QString &remoteHead, const QString &branch);
    void end();

    // What an interrupted replay left, set right. Empty when there was nothing to do; else a
    // sentence for the user. Refuses while the recorded process still runs. Blocking.
    Result<QString> recover();

private:
    QString recordPath() const;

    git_repository *m_repo; // not owned
};

} // namespace qd
