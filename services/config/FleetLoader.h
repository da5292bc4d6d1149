#pragma once

#include "models/Diagnostic.h"
#include "models/Fleet.h"
#include "models/Result.h"

#include <QString>

namespace qd {

// Reads a working clone of the config repo: fleet.yaml, maintenance.yaml and every zone's
// Kustomize overlay, resolved to its effective SpinnakerService. Blocking: call it off the GUI
// thread. Problems in the repo are reported in FleetSnapshot::diagnostics; the Result fails only
// when the repo cannot be read at all (no such directory, no fleet.yaml). Every zone is built
// afresh; what the builds read is remembered (FleetLoadCache) for validateFleet.
Result<FleetSnapshot> loadFleet(const QString &repoPath);

// What loadFleet gives, found as validateFleet finds its problems: only the zones some input of
// which changed since the last load or validation of the repo in this process are built again
// (every zone, the first time). For reading the repo again after a commit or a push. Blocking.
Result<FleetSnapshot> refreshFleet(const QString &repoPath);

// The problems loadFleet would report in FleetSnapshot::diagnostics, found by building again only
// the zones some input of which (a file or directory their last clean build read) changed since
// the last load or validation in this process, and fleet.yaml and maintenance.yaml when they
// changed. With nothing remembered it builds every zone, as loadFleet does. Blocking.
// `inputs` (optional) is a look at the same repo's remembered inputs already under way (a
// change's edit made one): what it looked at is not looked at again, so the caller must have
// forget()-ten every file it wrote since.
// `proposed` (optional): the files a change would write, read instead of the working tree's, so
// that a change is validated before anything is written. Zones that read them are built and not
// remembered as the working tree's.
struct FleetValidation
{
    Diagnostics problems;
    int zonesBuilt = 0;
    int zonesReused = 0; // found unchanged since they last built cleanly
};
class FileOverlay;
class InputCheck;
Result<FleetValidation> validateFleet(const QString &repoPath, InputCheck *inputs = nullptr,
                                      const FileOverlay *proposed = nullptr);

} // namespace qd
