#pragma once

#include "models/Diagnostic.h"
#include "services/config/ManifestTree.h"

#include <QString>

#include <initializer_list>
#include <string_view>

namespace qd {

// Collects the problems of one of the repo's own YAML files (fleet.yaml, maintenance.yaml,
// releases.yaml), each at the file, line and column of the node it is about.
class FileChecker
{
public:
    explicit FileChecker(const QString &file) : m_file(file) {}

    void problem(const ManifestNode &node, const QString &message);
    SourceLocation at(const ManifestNode &node) const;

    // False (and a problem) unless `node` is a mapping; reports keys not among `known`.
    bool expectMap(const ManifestNode &node, const QString &what,
                   std::initializer_list<std::string_view> known);

    // The scalar at `key` of `map`; empty (and a problem when required) when absent or null.
    QString text(const ManifestNode &map, const char *key, const QString &what, bool required);

    Diagnostics take() { return std::move(m_problems); }

private:
    QString m_file;
    Diagnostics m_problems;
};

} // namespace qd
