#pragma once

#include "models/Result.h"
#include "services/config/KustomizeResolver.h"
#include "services/config/ManifestTree.h"
#include "services/config/ScalarRewriter.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <string>
#include <vector>

// What applyValueEdits checks before it keeps an edit: one zone's Kustomize build before and
// after, compared the way Kubernetes compares resources, so that exactly the intended effective
// value changed, for that zone only.
namespace qd::zonecheck {

// One zone's Kustomize build, reduced to what the checks compare.
struct ZoneState
{
    std::shared_ptr<KustomizeResolver> resolver; // names the files of the origins
    std::optional<ManifestNode> service;
    ResourceId serviceTarget; // what a patch added to the overlay must name to reach the service
    std::vector<ManifestNode> others; // every other resource the overlay builds
    QStringList files;
    QStringList problems;
};

ZoneState buildZone(const std::shared_ptr<KustomizeResolver> &resolver, const QString &overlay);

// Whether a scalar reads back as a string (quoted, or plain text YAML does not take for a number,
// boolean or null).
bool isStringNode(const ManifestNode &node);

// The dotted path of the first difference (empty: equal). Map order does not matter; scalars
// compare by text and by being a string.
QString difference(const ManifestNode &a, const ManifestNode &b, const QString &path);

// The resources other than the SpinnakerService: a value set by a transformer (namespace,
// annotations) reaches them too, and that is a change the user did not ask for. Empty: the same.
QString otherDifference(const ZoneState &a, const ZoneState &b);

// What the effective resource must look like after the edit: before, with key set to value.
Result<ManifestNode> expectedAfter(const ManifestNode &before,
                                   const std::string &key,
                                   const QString &value,
                                   yamltext::Typing typing);

} // namespace qd::zonecheck
