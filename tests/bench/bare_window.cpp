// The yardstick for bench_startup: the least a Qt Widgets application does to show a main
// window. `bare_window --exit-after-first-paint` quits right after the window's first paint,
// as `quarterdeck --exit-after-first-paint` does, and says "first-paint" on stdout at the same
// moment quarterdeck does — once the paint event has been handled, from the next turn of the
// event loop — so bench_startup times both to the same point, without the process teardown.
#include "FirstPaintQuitter.h"

#include <QApplication>
#include <QMainWindow>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("bare window"));
    // The size of Quarterdeck's main window on first start, so both paint the same area.
    window.resize(1280, 800);
    qd::bench::FirstPaintQuitter quitter;
    if (QCoreApplication::arguments().contains(QStringLiteral("--exit-after-first-paint")))
        window.installEventFilter(&quitter);
    window.show();
    return app.exec();
}
