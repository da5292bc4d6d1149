#pragma once

#include "models/Result.h"
#include "services/config/KustomizeResolver.h"
#include "services/config/ManifestTree.h"
#include "services/config/ScalarRewriter.h"

#include <QByteArray>
#include <QString>

#include <string_view>

// The zone's own patch, for values its shared bases set (or nobody sets yet): pure text
// functions, the caller reads and writes the files.
namespace qd::overlaypatch {

inline const QString kPatchFileName = QStringLiteral("patch-quarterdeck.yml");

// The text of patch-quarterdeck.yml with key set to value. existing is the current file (empty
// when there is none); service is the zone's effective SpinnakerService, which supplies whole
// lists (a strategic merge replaces a list of a custom resource whole, so setting one item means
// writing the list); target is the service as the overlay's own patches see it (before the
// overlay's namespace and name transformers), which a new patch names. Comments at the top of an
// existing file are kept.
Result<QByteArray> withValue(const QByteArray &existing, const ManifestNode &service,
                             const ResourceId &target, std::string_view key, const QString &value,
                             yamltext::Typing typing, const QByteArray &lineEnding);

// The kustomization with `- path: <patchName>` added as the last entry of `patches:` (the key is
// added at the end when missing), keeping its list style and every other byte. Unchanged when
// the patch is already listed.
Result<QByteArray> withPatchListed(const QByteArray &kustomization, const QString &patchName);

// Block-style YAML for a manifest value (maps, lists, scalars quoted only where needed).
QByteArray emitYaml(const ManifestNode &document, const QByteArray &lineEnding);

} // namespace qd::overlaypatch
