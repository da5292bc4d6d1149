#pragma once

#include "models/Diagnostic.h"
#include "models/Version.h"

#include <QDate>
#include <QList>
#include <QString>


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

} // namespace qd
