#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace qd {

// Runs `work` on `pool` and then `done(result)` (or `done()` for void work) on `context`'s thread,
// unless `context` has gone by then; returns at once. Call it from a thread with an event loop.
//
// What the house uses instead of QFuture::then(context, ...): on Qt 6.4 that continuation asserts
// when its context goes first, and crashed under load in the soak (tests/soak: a continuation
// started on a promise that was no longer there). Here a QFutureWatcher of this thread reports the
// end, and a connection whose receiver is `context` delivers it: Qt drops it with the context.
template<typename Work, typename Done>
void runThen(QThreadPool *pool, QObject *context, Work work, Done done)
{
    using R = std::invoke_result_t<Work>;
    auto *watcher = new QFutureWatcher<R>;
    const QFuture<R> future = QtConcurrent::run(pool, std::move(work));
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [future, done = std::move(done)]() mutable {
                         if constexpr (std::is_void_v<R>)
                             done();
                         else
                             done(future.result());
                     });
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
    watcher->setFuture(future);
}

// The same on the global thread pool.
template<typename Work, typename Done>
void runThen(QObject *context, Work work, Done done)
{
    runThen(QThreadPool::globalInstance(), context, std::move(work), std::move(done));
}

} // namespace qd
