// Importing a support portal's CSV export of 100,000 incidents into the journal: <= 2 s.
// The export is generated (fixed seed) with realistic text, customers in four time zones,
// 5% duplicate rows (merged) and a few bad rows (reported); each round imports into a fresh
// journal. Median of 5 rounds; the process's CPU time per round is printed too, since wall time
// on a shared machine says as much about the neighbours as about the import.
#include "BenchReport.h"
#include "services/store/IncidentJournal.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <ctime>

using namespace qd;
using namespace qd::bench;

namespace {

constexpr int kRows = 100000;
constexpr double kTargetMs = 2000.0;

FleetSnapshot fleet()
{
    FleetSnapshot f;
    const char *const zones[] = {"America/New_York", "Europe/Berlin", "Asia/Tokyo",
                                 "Australia/Sydney"};
    for (int n = 0; n < 40; ++n) {
        Customer c;
        c.id = QStringLiteral("customer-%1").arg(n, 2, 10, QLatin1Char('0'));
        c.calendar.timezone = QString::fromLatin1(zones[n % 4]);
        c.calendar.holidays = {QDate(2026, 12, 25), QDate(2026, 1, 1)};
        f.customers.append(c);
    }
    return f;
}

bool writeExport(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QRandomGenerator random(42);
    QByteArray text = "id,customer,zone,priority,title,opened_at,acknowledged_at,resolved_at\n";
    const QDateTime start(QDate(2025, 1, 1), QTime(0, 0), QTimeZone::utc());
    QByteArray previous;
    for (int n = 0; n < kRows; ++n) {
        if (n % 20 == 19 && !previous.isEmpty()) { // a duplicate of the row before
            text += previous;
            continue;
        }
        if (n % 10000 == 5000) { // a bad row
            text += "BAD-" + QByteArray::number(n) + ",customer-01,blue,P1,x,never,,\n";
            continue;
        }
        const QDateTime opened = start.addSecs(random.bounded(qint64(700) * 24 * 3600));
        const QDateTime ack = opened.addSecs(random.bounded(48 * 3600));
        const QDateTime resolved = ack.addSecs(random.bounded(24 * 3600));
        QByteArray row = "PRT-" + QByteArray::number(100000 + n) + ",customer-"
                         + QByteArray::number(random.bounded(40)).rightJustified(2, '0') + ','
                         + (random.bounded(2) ? "green" : "red") + ",P"
                         + QByteArray::number(random.bounded(3)) + ",\"Gate 5xx above 2%, "
                         + "pipeline executions failing (" + QByteArray::number(n) + ")\","
                         + opened.toString(Qt::ISODate).toLatin1() + ','
                         + ack.toString(Qt::ISODate).toLatin1() + ','
                         + (n % 7 ? resolved.toString(Qt::ISODate).toLatin1() : QByteArray())
                         + '\n';
        text += row;
        previous = row;
    }
    return file.write(text) == text.size();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const QString name = QStringLiteral("incident CSV import: 100,000 rows");
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("export.csv"));
    if (!dir.isValid() || !writeExport(csv)) {
        printResult(name, QStringLiteral("-"), QStringLiteral("<= 2000 ms"), 0,
                    Verdict::NotMeasured);
        return 1;
    }
    const FleetSnapshot customers = fleet();
    QList<double> times;
    QList<double> cpuTimes;
    for (int round = 0; round < 5; ++round) {
        IncidentJournal journal;
        const auto opened = journal.open(dir.filePath(QStringLiteral("j%1.sqlite").arg(round)));
        if (!opened) {
            printDetail(opened.errorMessage());
            printResult(name, QStringLiteral("-"), QStringLiteral("<= 2000 ms"), 0,
                        Verdict::NotMeasured);
            return 1;
        }
        QElapsedTimer timer;
        const std::clock_t cpuStart = std::clock();
        timer.start();
        const auto report = journal.importCsv(csv, customers);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        cpuTimes.append(double(std::clock() - cpuStart) * 1000.0 / CLOCKS_PER_SEC);
        if (!report) {
            printDetail(report.errorMessage());
            printResult(name, QStringLiteral("-"), QStringLiteral("<= 2000 ms"), 0,
                        Verdict::NotMeasured);
            return 1;
        }
        if (round == 0)
            printDetail(QStringLiteral("rows %1, inserted %2, merged %3, bad %4")
                                .arg(report->rows)
                                .arg(report->inserted)
                                .arg(report->merged)
                                .arg(report->problems.size()));
        times.append(ms);
    }
    printDetail(QStringLiteral("rounds (ms): ") + formatSeries(times));
    printDetail(QStringLiteral("CPU per round (ms): %1, median %2")
                        .arg(formatSeries(cpuTimes))
                        .arg(median(cpuTimes), 0, 'f', 0));
    const double m = median(times);
    printResult(name, QStringLiteral("%1 ms").arg(m, 0, 'f', 0), QStringLiteral("<= 2000 ms"),
                m / kTargetMs, m <= kTargetMs ? Verdict::Pass : Verdict::Fail);
    return 0;
}
