#pragma once

#include <QCommandLineOption>
#include <QList>

namespace qd {

// The GUI's own options (Qt's, such as -platform, come on top). The command line's --help, man
// page and completions list them from here too.
struct GuiOptions
{
    QCommandLineOption demo;
    QCommandLineOption repo;
    QCommandLineOption exitAfterFirstPaint;
    QCommandLineOption exitAfterLoad;

    QList<QCommandLineOption> all() const { return {demo, repo, exitAfterFirstPaint, exitAfterLoad}; }
};
GuiOptions guiOptions();

// Starts the GUI: `quarterdeck [--demo] [--repo DIR]`. Returns the process exit code.
int runGui(int argc, char *argv[]);

} // namespace qd
