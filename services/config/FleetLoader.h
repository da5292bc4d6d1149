#pragma once

#include "models/Fleet.h"
#include "models/Result.h"

#include <QString>

namespace qd {

// Reads a working clone of the config repo: fleet.yaml, maintenance.yaml and every zone's
// Kustomize overlay, resolved to its effective SpinnakerService. Blocking: call it off the GUI
// thread. Problems in the repo are reported in FleetSnapshot::diagnostics; the Result fails only
// when the repo cannot be read at all (no such directory, no fleet.yaml).
Result<FleetSnapshot> loadFleet(const QString &repoPath);

} // namespace qd
