#pragma once

#include "models/Diagnostic.h"
#include "models/Fleet.h"

#include <QList>
#include <QString>

namespace qd {

// Set one value of a zone's effective SpinnakerService: key is a dotted path
// ("spec.spinnakerConfig.config.version", "spec.spinnakerConfig.config.artifacts.github.accounts.0.name").
struct ValueEdit
{
    QString customer;
    ZoneKind zone = ZoneKind::Red;
    QString key;
    QString value;

    friend bool operator==(const ValueEdit &, const ValueEdit &) = default;
};

// What an edit did to the working tree.
struct AppliedEdit
{
    ValueEdit edit;
    QString previousValue;   // the effective value before the edit (empty when it was unset)
    SourceLocation editedAt; // the file and line whose bytes changed
    bool addedPatch = false; // the value lived only in a shared base: a patch was added instead
};

// The remote changed the same value while our change waited to be pushed: the user chooses.
struct ValueConflict
{
    ValueEdit edit;      // ours
    QString baseValue;   // before either change
    QString theirValue;  // on the remote now
};

} // namespace qd
