#pragma once

#include "services/config/ManifestTree.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace qd::test {

// `kubectl kustomize DIR`, the independent oracle for what an overlay builds.
struct KubectlBuild
{
    bool ok = false;
    QString error; // kubectl's stderr when it refused the overlay
    std::vector<ManifestNode> resources;
};

bool hasKubectl();
KubectlBuild kubectlKustomize(const QString &dir);

// The scalar at a dotted key of the SpinnakerService kubectl built; empty when absent.
QString kubectlServiceValue(const KubectlBuild &build, const QString &dottedKey);

// Builds every zone of the config repo checked out at `checkout` with kubectl and compares each
// zone's effective version with Quarterdeck's (loadFleet). One line per zone that kubectl
// refuses or that disagrees; empty when every zone builds and agrees.
QStringList zonesDisagreeingWithKubectl(const QString &checkout);

} // namespace qd::test
