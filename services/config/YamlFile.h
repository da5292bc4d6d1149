#pragma once

#include "models/Diagnostic.h"
#include "services/config/ManifestTree.h"

#include <string>
#include <vector>

namespace qd {

// The documents of one YAML file (or of a YAML string embedded in another file), converted to
// manifest trees that remember their origin. Never throws: syntax errors and duplicate keys come
// back as diagnostics naming file, line and column.
struct ParsedYaml
{
    std::vector<ManifestNode> documents;
    Diagnostics problems;      // syntax errors and duplicate keys
    Diagnostics duplicateKeys; // the duplicate keys among problems
    bool ok() const { return problems.isEmpty(); }
    bool onlyDuplicateKeys() const { return problems.size() == duplicateKeys.size(); }
};

// Which value a key written twice in one map has. Both are reported as duplicateKeys. Kustomize
// keeps the first in a patch or resource and the last in a kustomization file.
enum class DuplicateKeys { KeepFirst, KeepLast };

// fileId is stored in every node's origin; displayName (relative to the repo root) names the file
// in diagnostics. firstLine and firstColumn place YAML embedded in another file: a quoted scalar
// starts at firstColumn on its first line only, a block scalar's content ("|-") is indented by
// `indent` on every line.
ParsedYaml parseYaml(const std::string &text, int fileId, const QString &displayName,
                     int firstLine = 1, int firstColumn = 1, int indent = 0,
                     DuplicateKeys duplicates = DuplicateKeys::KeepFirst);

} // namespace qd
