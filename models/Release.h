#pragma once

#include "models/Diagnostic.h"
#include "models/Version.h"

#include <QDate>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace qd {

// One entry of the config repo's releases.yaml.
struct Release
{
    Version version;
    QDate date;
    QString notes;
    QString withdrawn; // the reason; empty while the release stands
    SourceLocation declaredAt;
};

// The release catalog: releases.yaml as read.
struct ReleaseCatalog
{
    QString file; // repo-relative, for evidence
    QList<Release> releases;

    // The entry for `version`, if the catalog lists it.
    const Release *find(const Version &version) const;
};

// How a customer's Red → Green promotion is gated: fleet.yaml's `promotion:`, these defaults
// when absent.
struct PromotionPolicy
{
    std::chrono::seconds soak = std::chrono::hours(24);
    double redAvailability = 99.0; // percent
    std::chrono::days releaseAge = std::chrono::days(14);
};

} // namespace qd
