#include "app/GuiMain.h"

#include "models/Result.h"
#include "services/FleetService.h"
#include "services/demo/DemoFleetWriter.h"
#include "ui/FleetPane.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFuture>
#include <QIcon>
#include <QTimer>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>
#include <functional>

namespace qd {

namespace {

// Runs `action` once a paint of `target` (or a widget inside it) has been processed. The action is
// queued, so it runs after the paint being delivered has reached the screen.
class AfterFirstPaint : public QObject
{
public:
    AfterFirstPaint(QWidget *target, std::function<void()> action, QObject *parent)
        : QObject(parent)
        , m_target(target)
        , m_action(std::move(action))
    {
        qApp->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || !watched->isWidgetType())
            return false;
        auto *widget = static_cast<QWidget *>(watched);
        if (widget != m_target && !m_target->isAncestorOf(widget))
            return false;
        qApp->removeEventFilter(this);
        QTimer::singleShot(0, this, [this] {
            m_action();
            deleteLater();
        });
        return false;
    }

private:
    QWidget *m_target;
    std::function<void()> m_action;
};

void quitAfterFirstPaint(QWidget *target)
{
    new AfterFirstPaint(
            target,
            [] {
                // The startup benchmark stops its clock at this line, not at process exit.
                std::fputs("first-paint\n", stdout);
                std::fflush(stdout);
                QCoreApplication::exit(0);
            },
            qApp);
}

void openDemo(MainWindow &window)
{
    window.showPreparing(QStringLiteral("Preparing the demo fleet…"));
    const QString dir = defaultDemoDirectory();
    // Writing the demo runs git and writes files: off the GUI thread like every other disk access.
    QtConcurrent::run([dir] {
        return ensureDemoFleet(dir);
    }).then(&window, [&window, dir](const Result<DemoFleetPaths> &paths) {
        if (paths.ok())
            window.openRepository(paths.value().workdir);
        else
            window.showOpenFailure(dir, paths.error().message);
    });
}

} // namespace

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
    const QCommandLineOption demoOption(
            QStringLiteral("demo"),
            QStringLiteral("Open the demo fleet (created once under the app data folder)."));
    const QCommandLineOption repoOption(QStringLiteral("repo"),
                                        QStringLiteral("Open the config repo working clone <dir>."),
                                        QStringLiteral("dir"));
    const QCommandLineOption firstPaintOption(
            QStringLiteral("exit-after-first-paint"),
            QStringLiteral("For benchmarking: quit with code 0 as soon as the main window has been "
                           "painted once."));
    const QCommandLineOption afterLoadOption(
            QStringLiteral("exit-after-load"),
            QStringLiteral("For benchmarking: quit once the fleet has loaded and the tree has been "
                           "filled and painted (code 0, or 1 when the repo could not be opened)."));
    parser.addOptions({demoOption, repoOption, firstPaintOption, afterLoadOption});
    parser.process(app);

    FleetService service;
    MainWindow window(&service);

    if (parser.isSet(firstPaintOption))
        quitAfterFirstPaint(&window);
    if (parser.isSet(afterLoadOption)) {
        QObject::connect(&window, &MainWindow::fleetShown, &app, [&window] {
            quitAfterFirstPaint(window.fleetPane()->treeView()->viewport());
        });
        QObject::connect(&window, &MainWindow::openFailed, &app, [] { QCoreApplication::exit(1); });
    }

    // The window appears before any disk or git work starts; the fleet fills it when loaded.
    // Loading starts once the window has been painted, so that its worker threads do not compete
    // with the first paint for the CPU.
    window.show();
    const QString repo = parser.isSet(repoOption) ? QDir::cleanPath(parser.value(repoOption))
                         : parser.isSet(demoOption) ? QString()
                                                    : MainWindow::lastRepositoryPath();
    new AfterFirstPaint(
            &window,
            [&window, repo] {
                if (repo.isEmpty())
                    openDemo(window);
                else
                    window.openRepository(repo);
            },
            &app);
    return QApplication::exec();
}

} // namespace qd
