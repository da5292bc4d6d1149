#pragma once

#include <QCoreApplication>
#include <QEvent>
#include <QObject>

#include <cstdio>

namespace qd::bench {

// Installed on a window, says "first-paint" on stdout and quits once the window's first paint has
// been handled (from the next turn of the event loop), as `quarterdeck --exit-after-first-paint`
// does, so that bench_startup times every program to the same point, without the teardown.
class FirstPaintQuitter : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            QMetaObject::invokeMethod(
                    this,
                    [] {
                        std::fputs("first-paint\n", stdout);
                        std::fflush(stdout);
                        QCoreApplication::quit();
                    },
                    Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_seen = false;
};

} // namespace qd::bench
