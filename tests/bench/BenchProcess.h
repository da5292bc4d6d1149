#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace qd::bench {

// The environment of a launched app: its own HOME and XDG folders under home, so the user's
// settings and demo fleet are never touched, and the given Qt platform plugin.
QProcessEnvironment isolatedEnvironment(const QString &home, const QString &platform);

struct ChildRun
{
    bool finished = false; // exited by itself within the time limit
    int exitCode = -1;
    double wallMs = 0;     // from spawn to exit
    double markerMs = -1;  // from spawn to the marker on the child's stdout, -1 when not seen
    long maxRssKiB = 0;    // the child's peak resident set size (wait4's ru_maxrss)
    QString error;         // why it did not finish cleanly, with the tail of its output
};

// Runs program to its end (killed after timeoutMs), its stderr going to logFile. When marker is
// not empty, stdout is watched and the time it first contains marker is kept: the moment the
// child reports, without the teardown that follows.
ChildRun runChild(const QString &program, const QStringList &arguments,
                  const QProcessEnvironment &environment, const QString &logFile, int timeoutMs,
                  const QByteArray &marker = {});

} // namespace qd::bench
