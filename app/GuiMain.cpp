#include "app/GuiMain.h"

#include "app/Workbench.h"
#include "ui/FleetPane.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTreeView>

#include <cstdio>

namespace qd {

namespace {

void quitAfterFirstPaint(QWidget *target)
{
    runAfterFirstPaint(
            target,
            [] {
                // The startup benchmark stops its clock at this line, not at process exit.
                std::fputs("first-paint\n", stdout);
                std::fflush(stdout);
                QCoreApplication::exit(0);
            },
            qApp);
}

} // namespace

GuiOptions guiOptions()
{
    return {
            {QStringLiteral("demo"),
             QStringLiteral("Open the demo fleet (created once under the app data folder).")},
            {QStringLiteral("repo"), QStringLiteral("Open the config repo working clone DIR."),
             QStringLiteral("DIR")},
            {QStringLiteral("exit-after-first-paint"),
             QStringLiteral("For benchmarking: quit with code 0 as soon as the main window has "
                            "been painted once.")},
            {QStringLiteral("exit-after-load"),
             QStringLiteral("For benchmarking: quit once the fleet has loaded and the tree has "
                            "been filled and painted (code 0, or 1 when the repo could not be "
                            "opened).")},
    };
}

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Quarterdeck"));
    QApplication::setApplicationName(QStringLiteral("Quarterdeck"));
    QApplication::setApplicationDisplayName(QStringLiteral("Quarterdeck"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/quarterdeck.svg")));
    // Lets Wayland match the windows to the installed desktop entry.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.quarterdeck.Quarterdeck"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Quarterdeck: a console for managed Spinnaker fleets.\n"
                           "Without --demo or --repo it opens the last config repo, or the demo."));
    parser.addHelpOption();
    const GuiOptions options = guiOptions();
    parser.addOptions(options.all());
    parser.process(app);

    Workbench workbench;
    MainWindow *window = workbench.window();
    if (parser.isSet(options.exitAfterLoad)) {
        QObject::connect(window, &MainWindow::fleetShown, &app, [window] {
            quitAfterFirstPaint(window->fleetPane()->treeView()->viewport());
        });
        QObject::connect(window, &MainWindow::openFailed, &app, [] { QCoreApplication::exit(1); });
    }

    // The window appears before any disk, network or git work starts, and before the panes of
    // hidden tabs are built. Once it has been painted the services start and the fleet loads on
    // their threads, so that they do not compete with the first paint for the CPU.
    window->show();
    const QString repo = parser.isSet(options.repo) ? QDir::cleanPath(parser.value(options.repo))
                         : parser.isSet(options.demo) ? QString()
                                                    : MainWindow::lastRepositoryPath();
    runAfterFirstPaint(
            window, [&workbench, repo] { workbench.open(repo); }, &app);
    // Installed after the hook above, so it sees the paint first (the application runs the most
    // recently installed event filter first): the window is painted when the line is written,
    // before the services start.
    if (parser.isSet(options.exitAfterFirstPaint))
        quitAfterFirstPaint(window);
    return QApplication::exec();
}

} // namespace qd
