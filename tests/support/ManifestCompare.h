#pragma once

#include "services/config/ManifestTree.h"

#include <QString>

namespace qd::test {

// Compares two manifests as Kubernetes would: map order does not matter, scalars compare by
// value. Returns an empty string when equal, else the first differing path and both values.
QString manifestDifference(const ManifestNode &expected, const ManifestNode &actual,
                           const QString &path = QString());

// A readable one-line rendering of a manifest value, for failure messages.
QString render(const ManifestNode &node);

} // namespace qd::test
