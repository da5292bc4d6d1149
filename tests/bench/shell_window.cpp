// What quarterdeck's first frame costs without the libraries behind its services: the real main
// window (ui/ qd_ui_shell: fleet pane, zone pane, menus, status bar) dressed as app/Workbench
// dresses it before the first paint (the feature tabs, the Prometheus status entry, the Incidents
// and Changes menus, File > Settings…), in a program linked against Qt Widgets and models/ only —
// no libgit2, yaml-cpp, QtKeychain, Qt Network, Sql or Charts. bench_startup --beside times it
// beside quarterdeck and the bare window: the floor a plugin boundary between the first frame
// and the services could reach (docs/benchmarks.md). Keep it in step with Workbench's constructor.
#include "FirstPaintQuitter.h"
#include "ui/MainWindow.h"
#include "ui/SourceStateWidget.h"

#include <QApplication>
#include <QIcon>
#include <QMenu>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Quarterdeck"));
    QApplication::setApplicationName(QStringLiteral("Quarterdeck"));
    QApplication::setApplicationDisplayName(QStringLiteral("Quarterdeck"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/quarterdeck.svg")));

    qd::MainWindow window;
    for (const QString &title :
         {QStringLiteral("SLOs"), QStringLiteral("Incidents"), QStringLiteral("Changes")})
        window.addPane(title, [] { return new QWidget; });
    window.addStatusWidget(new qd::SourceStateWidget);
    window.menu(QStringLiteral("&Incidents"));
    window.menu(QStringLiteral("&Changes"));
    window.menu(QStringLiteral("&File"))->addAction(QStringLiteral("&Settings…"));

    qd::bench::FirstPaintQuitter quitter;
    if (QCoreApplication::arguments().contains(QStringLiteral("--exit-after-first-paint")))
        app.installEventFilter(&quitter);
    window.show();
    return QApplication::exec();
}
