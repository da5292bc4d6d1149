// A support portal's CSV export, imported into an incident journal (SQLite in memory, new for
// every input). Properties: the import succeeds unless the header lacks a column; every row is
// inserted, merged or reported; every problem names a line inside the file; what the journal holds
// afterwards is what the report says was inserted, and each has a due time no earlier than it
// opened.
#include "FuzzSupport.h"

#include "services/store/IncidentJournal.h"

#include <QFile>
#include <QTemporaryDir>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir(QStringLiteral("/dev/shm/qd-fuzz-csv-XXXXXX"));
    const QString path = dir.filePath(QStringLiteral("export.csv"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qd::fuzz::fail("the fuzzer can write its input", file.errorString());
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    qd::IncidentJournal journal;
    if (const auto opened = journal.open(QStringLiteral(":memory:")); !opened)
        qd::fuzz::fail("an in-memory journal opens", opened.errorMessage());
    const auto report = journal.importCsv(path);
    if (!report) {
        qd::fuzz::check(report.errorMessage().contains(QLatin1String("column"))
                                || report.errorMessage().contains(QLatin1String("header")),
                        "an import fails only for its header", report.errorMessage());
        return 0;
    }
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const int lines = int(text.count('\n') + text.count('\r')) + 1;
    for (const qd::Diagnostic &problem : report->problems)
        qd::fuzz::check(problem.location.line >= 1 && problem.location.line <= lines
                                && !problem.message.isEmpty(),
                        "every bad row is reported at a line of the file",
                        QStringLiteral("%1:%2: %3").arg(problem.location.line).arg(problem.location.column)
                                .arg(problem.message));
    qd::fuzz::check(report->inserted + report->merged <= report->rows,
                    "no row counts twice",
                    QStringLiteral("%1 rows, %2 inserted, %3 merged")
                            .arg(report->rows).arg(report->inserted).arg(report->merged));
    const auto stored = journal.incidents();
    qd::fuzz::check(bool(stored), "the journal reads back", stored ? QString() : stored.errorMessage());
    qd::fuzz::check(stored->size() == report->inserted, "the journal holds what was inserted",
                    QStringLiteral("%1 stored, %2 inserted").arg(stored->size()).arg(report->inserted));
    for (const qd::Incident &incident : *stored)
        qd::fuzz::check(!incident.responseDueAt.isValid() || !incident.openedAt.isValid()
                                || incident.responseDueAt >= incident.openedAt,
                        "no response is due before its incident opened", incident.id);
    return 0;
}
