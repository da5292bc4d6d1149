// A filter keystroke in the Incidents pane over 100,000 incidents: the time from the key press in
// the filter field until the pane has repainted with the filtered table (offscreen platform).
// Target: median <= 16 ms (one frame at 60 Hz).
#include "BenchReport.h"

#include "models/IncidentFilterProxyModel.h"
#include "models/IncidentTableModel.h"
#include "ui/IncidentsPane.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QTableView>
#include <QTest>

#include <ctime>

using namespace qd;

namespace {

constexpr int IncidentCount = 100000;
constexpr double TargetMs = 16.0;

// CPU time of this thread: what the keystroke costs, whatever else the machine is doing.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

const QDateTime Now = QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);

QList<Incident> generateIncidents(int count)
{
    // Deterministic: the same incidents on every run.
    QRandomGenerator random(20261120);
    const QStringList syllables = {"ac", "me",  "glo", "bex", "ini",  "tech",  "um",    "brel",
                                   "la", "hoo", "li",  "soy", "lent", "wayne", "stark", "tyrell"};
    QStringList customers;
    for (int i = 0; i < 1000; ++i) {
        customers << syllables.at(random.bounded(syllables.size())) +
                             syllables.at(random.bounded(syllables.size())) + QString::number(i);
    }
    const QStringList titles = {
            "Deck unreachable from synthetic checks",
            "Gate 5xx ratio above 2%",
            "Clouddriver caching agent stalled",
            "Orca queue lag above 5 min",
            "Echo scheduler missed runs",
            "Igor pipeline locks stale",
            "Rosco bake failures",
            "Front50 S3 latency high",
            "Fiat sync failing",
            "Kayenta canary judge errors",
            "Redis memory above 90%",
            "Operator reconcile failing",
            "Certificate expires in 7 days",
            "Pod crash looping",
            "Node pressure on spinnaker ns",
    };
    QList<Incident> incidents;
    incidents.reserve(count);
    for (int i = 0; i < count; ++i) {
        Incident incident;
        incident.customer = customers.at(random.bounded(customers.size()));
        incident.zone = random.bounded(2) ? QStringLiteral("green") : QStringLiteral("red");
        incident.alertName = titles.at(random.bounded(titles.size()));
        incident.title = incident.alertName + QStringLiteral(" #") + QString::number(i);
        incident.id = incidentId(incident.customer, incident.zone, incident.title);
        const int p = random.bounded(100);
        incident.priority = p < 5 ? Priority::P0 : p < 35 ? Priority::P1 : Priority::P2;
        incident.openedAt = Now.addSecs(-qint64(random.bounded(30 * 24 * 3600)));
        const qint64 allowed = incident.priority == Priority::P0   ? 3600
                               : incident.priority == Priority::P1 ? 24 * 3600
                                                                   : 4 * 24 * 3600;
        incident.responseDueAt = incident.openedAt.addSecs(allowed);
        const int s = random.bounded(100);
        if (s < 25) {
            incident.state = IncidentState::Acknowledged;
            incident.acknowledgedAt = incident.openedAt.addSecs(random.bounded(7200));
            incident.acknowledgedBy = QStringLiteral("sre");
        } else if (s < 40) {
            incident.state = IncidentState::Resolved;
            incident.resolvedAt = incident.openedAt.addSecs(random.bounded(7200));
        }
        incidents.append(incident);
    }
    return incidents;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QString name =
            QStringLiteral("incidents: filter keystroke, 100,000 incidents in the pane");
    const QString target = QStringLiteral("<= %1 ms").arg(TargetMs);

    IncidentsPane pane(nullptr);
    pane.setClock([] { return Now; });
    pane.resize(1280, 800);
    pane.show();
    if (!QTest::qWaitForWindowExposed(&pane)) {
        bench::printResult(name, QStringLiteral("-"), target, 0, bench::Verdict::NotMeasured);
        return 1;
    }
    QElapsedTimer loading;
    loading.start();
    IncidentSnapshot snapshot;
    snapshot.incidents = generateIncidents(IncidentCount);
    const qint64 generatedMs = loading.restart();
    pane.setSnapshot(snapshot);
    pane.repaint();
    bench::printDetail(QStringLiteral("generated %1 incidents in %2 ms; snapshot shown in %3 ms")
                               .arg(IncidentCount)
                               .arg(generatedMs)
                               .arg(loading.elapsed()));
    if (pane.model()->rowCount() != IncidentCount) {
        bench::printResult(name, QStringLiteral("-"), target, 0, bench::Verdict::NotMeasured);
        return 1;
    }

    // What someone types: a customer, a zone, a word of a title, and backspaces in between.
    const QStringList typed = {"acme", "green", "gate 5xx", "p0 deck", "clouddriver"};

    // The same keystrokes on the models alone (no view), to tell filtering from painting.
    {
        IncidentTableModel model;
        IncidentFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(IncidentTableModel::DueColumn);
        model.setIncidents(snapshot.incidents);
        QList<double> modelTimes;
        for (const QString &text : typed) {
            for (qsizetype n = 1; n <= 2 * text.size(); ++n) {
                const qsizetype length = n <= text.size() ? n : 2 * text.size() - n;
                QElapsedTimer timer;
                timer.start();
                proxy.setFilterText(text.left(length));
                modelTimes.append(timer.nsecsElapsed() / 1e6);
            }
        }
        bench::printDetail(QStringLiteral("models alone: median %1 ms per keystroke")
                                   .arg(bench::median(modelTimes), 0, 'f', 2));
    }

    QLineEdit *filter = pane.filterEdit();
    filter->setFocus();
    {
        QList<double> paints;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer timer;
            timer.start();
            pane.repaint();
            paints.append(timer.nsecsElapsed() / 1e6);
        }
        QList<double> tablePaints;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer timer;
            timer.start();
            pane.tableView()->viewport()->repaint();
            tablePaints.append(timer.nsecsElapsed() / 1e6);
        }
        QList<double> ticks;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer timer;
            timer.start();
            pane.tick();
            QCoreApplication::processEvents();
            ticks.append(timer.nsecsElapsed() / 1e6);
        }
        bench::printDetail(QStringLiteral("repaint with nothing changed: pane %1 ms, table %2 ms; "
                                          "one countdown tick and its repaint: %3 ms")
                                   .arg(bench::median(paints), 0, 'f', 2)
                                   .arg(bench::median(tablePaints), 0, 'f', 2)
                                   .arg(bench::median(ticks), 0, 'f', 2));
    }
    QList<double> times;
    QList<double> cpuTimes;
    QList<double> keyTimes; // the key handled (filter and view layout), before painting
    QList<int> shown;
    for (int round = 0; round < 3; ++round) {
        for (const QString &text : typed) {
            auto measure = [&](auto press) {
                QElapsedTimer timer;
                const double cpuStart = threadCpuMs();
                timer.start();
                press();
                keyTimes.append(timer.nsecsElapsed() / 1e6);
                // The repaints the key asked for (line edit, table, counts), as the event loop
                // would deliver them: until the filtered table is on screen.
                QCoreApplication::processEvents();
                times.append(timer.nsecsElapsed() / 1e6);
                cpuTimes.append(threadCpuMs() - cpuStart);
                shown.append(pane.tableView()->model()->rowCount());
            };
            for (const QChar c : text)
                measure([&] { QTest::keyClick(filter, c.toLatin1()); });
            for (qsizetype i = 0; i < text.size(); ++i)
                measure([&] { QTest::keyClick(filter, Qt::Key_Backspace); });
        }
    }
    if (!filter->text().isEmpty() || shown.isEmpty()) {
        bench::printResult(name, QStringLiteral("-"), target, 0, bench::Verdict::NotMeasured);
        return 1;
    }
    QList<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    const double median = bench::median(times);
    const double p95 = sorted.at(qsizetype(sorted.size() * 0.95));
    bench::printDetail(QStringLiteral("%1 keystrokes: min %2 ms, median %3 ms, p95 %4 ms, max %5 "
                                      "ms; rows shown after each: %6 .. %7")
                               .arg(times.size())
                               .arg(sorted.first(), 0, 'f', 2)
                               .arg(median, 0, 'f', 2)
                               .arg(p95, 0, 'f', 2)
                               .arg(sorted.last(), 0, 'f', 2)
                               .arg(*std::min_element(shown.begin(), shown.end()))
                               .arg(*std::max_element(shown.begin(), shown.end())));
    bench::printDetail(QStringLiteral("of which the key handled before painting: median %1 ms; "
                                      "CPU time of the GUI thread per keystroke: median %2 ms")
                               .arg(bench::median(keyTimes), 0, 'f', 2)
                               .arg(bench::median(cpuTimes), 0, 'f', 2));
    bench::printResult(
            name, QStringLiteral("%1 ms (p95 %2 ms)").arg(median, 0, 'f', 1).arg(p95, 0, 'f', 1),
            target, median / TargetMs,
            median <= TargetMs ? bench::Verdict::Pass : bench::Verdict::Fail);
    return 0;
}
