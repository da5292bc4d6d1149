#pragma once

#include "models/Result.h"

#include <QString>

namespace qd {

struct DemoFleetPaths
{
    QString remote;  // DIR/remote.git, a bare repository standing in for the team's remote
    QString workdir; // DIR/work, a working clone tracking remote.git
};

// Writes the demo fleet (from the resources compiled into the binary) into dir, once: when
// dir/work already holds a clone, it is left as it is and its paths are returned.
Result<DemoFleetPaths> ensureDemoFleet(const QString &dir);

// The demo folder under the app data location, where `quarterdeck --demo` keeps its fleet.
QString defaultDemoDirectory();

} // namespace qd
