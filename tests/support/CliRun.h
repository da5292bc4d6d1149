#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

namespace qd::test {

// One run of the built `quarterdeck` binary, as a script sees it.
struct CliRun
{
    int exitCode = -1; // -1: it did not finish within two minutes, or crashed (err says which)
    QByteArray out;
    QByteArray err;
};

CliRun quarterdeck(const QStringList &arguments,
                   const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

// What a user without a display has: DISPLAY and WAYLAND_DISPLAY unset, and no QT_QPA_PLATFORM to
// fall back on.
QProcessEnvironment noDisplay();

} // namespace qd::test
