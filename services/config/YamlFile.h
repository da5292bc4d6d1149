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
    Diagnostics problems;
    bool ok() const { return problems.isEmpty(); }
};

// fileId is stored in every node's origin; displayName (relative to the repo root) names the file
// in diagnostics. firstLine shifts line numbers for YAML embedded in another file.
ParsedYaml parseYaml(const std::string &text, int fileId, const QString &displayName,
                     int firstLine = 1, int firstColumn = 1);

} // namespace qd
