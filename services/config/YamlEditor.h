#pragma once

#include "models/Change.h"
#include "models/Diagnostic.h"
#include "models/Fleet.h"
#include "models/Result.h"
#include "services/config/FileOverlay.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace qd {

// Pure: replace the scalar that starts at (line, column) (1-based, as NodeOrigin / parseYaml report
// it) with `value`, keeping its quoting style (plain, 'single', "double"; switch to quoting only
// when the new value needs it to stay a string that reads back equal), the comment beside it, the
// line ending (CRLF or LF) and every other byte. Block scalars (| >) and aliases are refused with a
// clear Error; anchors on the node (&a value) are kept.
Result<QByteArray> replaceScalarAt(const QByteArray &text, int line, int column, const QString &value);

// Proposes the edits in `files` (the working tree as the change so far leaves it), writing
// nothing to disk: resolves the zone's overlay, finds where the effective value is set and edits
// that file's bytes. A value set in a file the zone shares with others (not under the zone's
// overlay directory), or set nowhere yet, goes into the zone's own strategic-merge patch
// `patch-quarterdeck.yml`, listed last under `patches:` of its kustomization. Then re-resolves
// through `files` and refuses, leaving `files` as it was, unless exactly the intended effective
// values changed, for that zone only. Keys are dotted paths with list indexes
// ("spec.spinnakerConfig.config.version", "...accounts.0.name"). Blocking.
// When `inputs` is given, the zones that may read the edited files are found from the inputs the
// last fleet load of the repo remembers, each looked at once (and the look kept in `inputs` for
// the validation that follows), instead of reading every kustomization of the repo.
class InputCheck;
Result<QList<AppliedEdit>>
proposeValueEdits(FileOverlay &files, const QList<ValueEdit> &edits, InputCheck *inputs = nullptr);

// proposeValueEdits, then the changed files written to the working tree at repoPath.
Result<QList<AppliedEdit>> applyValueEdits(const QString &repoPath, const QList<ValueEdit> &edits);

// The effective value of key for a zone (empty when unset), with where it is set.
struct EffectiveValue
{
    QString value;
    SourceLocation location;
    bool isSet = false;
};
Result<EffectiveValue> effectiveValue(const QString &repoPath, const QString &customer, ZoneKind zone,
                                      const QString &key);

} // namespace qd
