#pragma once

#include "models/Fleet.h"

#include <QDir>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace qd {

struct ZoneOverlay
{
    QString customer;
    ZoneKind kind = ZoneKind::Red;
    QString overlay; // as written in fleet.yaml
};

// The customers' zone overlays of fleet.yaml, read line by line: a YAML parse of a thousand
// customers' calendars costs more than a whole edit. Recognises the layout DESIGN.md gives
// (`- id:` items, `red:`/`green:` in flow or block style holding `overlay:`); nullopt whenever
// the file is laid out any other way, so the caller can fall back to a real parse.
std::optional<QList<ZoneOverlay>> scanZoneOverlays(const QByteArray &fleetYaml);

// The overlay directories (relative to root, as in fleet.yaml) whose build may read a file under
// one of `overlays`: the overlays themselves, and every overlay whose kustomization names a path
// into one of them, transitively. Found from the kustomizations' text, without building anything,
// so that an edit in a 2,000-overlay repo checks only the zones it can affect. nullopt when a
// kustomization outside every overlay (a shared base or component) reaches into one: then any
// zone may be affected.
std::optional<QSet<QString>> overlaysReading(const QDir &root, const QStringList &allOverlays,
                                             const QStringList &overlays);

} // namespace qd
