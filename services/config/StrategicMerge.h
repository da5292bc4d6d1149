#pragma once

#include "services/config/ManifestTree.h"

#include <string>

namespace qd {

// Applies a strategic-merge patch as Kustomize does for a resource without an OpenAPI schema
// (SpinnakerService is a custom resource): maps merge key by key, a null deletes the key, lists
// and scalars are replaced whole, and the directives `$patch: replace` and `$patch: delete` are
// honoured. Every value taken from the patch keeps the patch's origin. Like Kustomize, keys left
// with no value at all ("overrides:" followed by nothing) disappear from a patched resource.
void applyStrategicMerge(ManifestNode &target, const ManifestNode &patch);

// One RFC 6902 operation (add, remove, replace, copy, move, test) on a manifest. Returns an empty
// string on success, else why it failed.
std::string applyJsonPatchOperation(ManifestNode &target, const ManifestNode &operation);

} // namespace qd
