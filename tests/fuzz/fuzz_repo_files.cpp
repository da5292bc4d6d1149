// The config repo's own files: fleet.yaml, maintenance.yaml and releases.yaml, each parsed from
// the input, and the line scanner that reads the zones' overlays of fleet.yaml without a YAML
// parse. Properties: every problem names a line (and column) inside the file, or none; when the
// scanner reads a fleet.yaml that parses cleanly, it finds exactly the overlays the parse does.
#include "FuzzSupport.h"

#include "services/config/FleetFileReader.h"
#include "services/config/ReleaseFileReader.h"
#include "services/config/ZoneReaders.h"

namespace {

void checkLocations(const qd::Diagnostics &problems, const QByteArray &text, const char *file)
{
    const int lines = int(text.count('\n')) + 1;
    for (const qd::Diagnostic &problem : problems) {
        qd::fuzz::check(!problem.message.isEmpty(), "every problem says what is wrong", QString::fromLatin1(file));
        qd::fuzz::check(problem.location.line >= 0 && problem.location.line <= lines
                                && problem.location.column >= 0,
                        "a problem's line lies inside the file",
                        QStringLiteral("%1:%2:%3: %4 (the file has %5 lines)")
                                .arg(QString::fromLatin1(file))
                                .arg(problem.location.line)
                                .arg(problem.location.column)
                                .arg(problem.message)
                                .arg(lines));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const qd::FleetFile fleet = qd::parseFleetFile(text, QStringLiteral("fleet.yaml"));
    checkLocations(fleet.problems, text, "fleet.yaml");
    const qd::MaintenanceFile maintenance =
            qd::parseMaintenanceFile(text, QStringLiteral("maintenance.yaml"), fleet.customers);
    checkLocations(maintenance.problems, text, "maintenance.yaml");
    for (const qd::MaintenanceWindow &window : maintenance.windows)
        qd::fuzz::check(!maintenance.problems.isEmpty() || window.end > window.start,
                        "a window ends after it starts", window.customer);
    const qd::ReleaseFile releases = qd::parseReleaseFile(text, QStringLiteral("releases.yaml"));
    checkLocations(releases.problems, text, "releases.yaml");

    const auto scanned = qd::scanZoneOverlays(text);
    if (!scanned || !fleet.problems.isEmpty() || !fleet.duplicates.isEmpty())
        return 0;
    QStringList fromScan;
    for (const qd::ZoneOverlay &zone : *scanned)
        fromScan << zone.customer + QLatin1Char('/') + qd::zoneKindName(zone.kind) + QLatin1Char('=')
                            + zone.overlay;
    QStringList fromParse;
    for (const qd::Customer &customer : fleet.customers) {
        for (const qd::Zone *zone : {customer.zone(qd::ZoneKind::Red), customer.zone(qd::ZoneKind::Green)}) {
            if (zone)
                fromParse << customer.id + QLatin1Char('/') + qd::zoneKindName(zone->kind)
                                     + QLatin1Char('=') + zone->overlay;
        }
    }
    fromScan.sort();
    fromParse.sort();
    qd::fuzz::check(fromScan == fromParse, "the line scanner reads the overlays the parser reads",
                    QStringLiteral("scanned:\n  %1\nparsed:\n  %2")
                            .arg(fromScan.join(QStringLiteral("\n  ")), fromParse.join(QStringLiteral("\n  "))));
    return 0;
}
