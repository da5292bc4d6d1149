#pragma once

#include "services/config/ManifestTree.h"

#include <optional>
#include <string>
#include <string_view>

namespace qd::kustomize {

// Kustomize passes every resource through JSON, so a plain YAML number comes out in Go's form:
// `version: 2.30` builds as 2.3, `010` as 8 (octal), `1_000` as 1000, `1e20` as 1e+20. The text a
// plain scalar builds as when it is a number, or nullopt when it is not one (or stays as written).
std::optional<std::string> builtNumberText(std::string_view plain);

// Rewrites every plain number of a built resource as Kustomize prints it; origins are kept.
void normalizeNumbers(ManifestNode &resource);

// Whether a plain scalar is a YAML number (int or float) that Kustomize builds as a number.
inline bool isBuiltNumber(const ManifestNode &node)
{
    return node.isScalar() && !node.isQuoted() && builtNumberText(node.text()).has_value();
}

} // namespace qd::kustomize
