#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace qd::test {

// One random but realistic config repo for property tests against `kubectl kustomize`: fleet.yaml
// with customer "c", whose Red and Green overlays build on 1–3 shared bases, with components and
// every patch form Quarterdeck reads (patchesStrategicMerge files and inline, patches with path
// or inline, strategic merge or JSON 6902, with or without a target, patchesJson6902), namespace,
// namePrefix/nameSuffix, commonLabels/labels/commonAnnotations, multi-document files, flow style,
// CRLF, anchors and aliases, $patch, nulls, duplicate keys and patches that miss their target.
// Deterministic for a seed with one standard library.
struct GeneratedFleet
{
    QString customer;
    QStringList features; // what the case used ("crlf", "json6902-inline", ...), for coverage
};
GeneratedFleet writeRandomFleet(const QString &root, std::uint64_t seed);

} // namespace qd::test
