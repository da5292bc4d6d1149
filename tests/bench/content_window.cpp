// The second yardstick for bench_startup: the least a Qt Widgets application does to show what
// Quarterdeck's first frame has to show — a menu bar, a filter box, a tree with the fleet's five
// column headers, the zone pane's message, the feature tabs and a status bar with the repo's state
// — in plain Qt widgets: no icon, no style sheet, no models, no libraries but Qt Widgets. Where
// bare_window measures what any window costs, content_window measures what the text a console
// needs costs on top of that (fontconfig, FreeType, text layout and painting); bench_startup
// --beside reports both, and quarterdeck's ratio to each (docs/benchmarks.md).
#include "FirstPaintQuitter.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Quarterdeck"));
    window.resize(1280, 800);

    auto *fleet = new QWidget;
    auto *fleetLayout = new QVBoxLayout(fleet);
    auto *filter = new QLineEdit;
    filter->setPlaceholderText(QStringLiteral("Filter by customer, cluster or version"));
    fleetLayout->addWidget(filter);
    auto *tree = new QTreeWidget;
    tree->setHeaderLabels({QStringLiteral("Customer / zone"), QStringLiteral("Cluster"),
                           QStringLiteral("Cloud / region"), QStringLiteral("Desired"),
                           QStringLiteral("Status")});
    fleetLayout->addWidget(tree);

    auto *splitter = new QSplitter;
    splitter->addWidget(fleet);
    splitter->addWidget(new QLabel(QStringLiteral("Reading the fleet…")));
    auto *tabs = new QTabWidget;
    tabs->addTab(splitter, QStringLiteral("Fleet"));
    for (const QString &title :
         {QStringLiteral("SLOs"), QStringLiteral("Incidents"), QStringLiteral("Changes")})
        tabs->addTab(new QWidget, title);
    window.setCentralWidget(tabs);

    for (const QString &title :
         {QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Incidents"),
          QStringLiteral("&Changes"), QStringLiteral("&Help")})
        window.menuBar()->addMenu(title);
    window.statusBar()->addWidget(
            new QLabel(QStringLiteral("~/fleet-config · main · 1a2b3c4 · ↑0 ↓0")));

    qd::bench::FirstPaintQuitter quitter;
    if (QCoreApplication::arguments().contains(QStringLiteral("--exit-after-first-paint")))
        window.installEventFilter(&quitter);
    window.show();
    return QApplication::exec();
}
