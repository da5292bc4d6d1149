#include "services/config/ReleaseFileReader.h"

#include "services/config/FileChecker.h"
#include "services/config/YamlFile.h"

namespace qd {

ReleaseFile parseReleaseFile(const QByteArray &text, const QString &displayName)
{
    ReleaseFile file;
    file.catalog.file = displayName;
    ParsedYaml parsed = parseYaml(text.toStdString(), 0, displayName);
    file.problems = parsed.problems;
    if (!parsed.ok())
        return file;
    file.readable = true;
    FileChecker check(displayName);
    if (parsed.documents.empty() || !parsed.documents.front().isMap()) {
        file.problems.append({{displayName, 1, 1},
                              QStringLiteral("releases.yaml must be a mapping with 'releases'")});
        return file;
    }
    const ManifestNode &root = parsed.documents.front();
    check.expectMap(root, QStringLiteral("releases.yaml"), {"releases"});
    const ManifestNode *releases = root.find("releases");
    if (!releases || !releases->isSequence()) {
        check.problem(releases ? *releases : root, QStringLiteral("'releases' must be a list"));
        file.problems += check.take();
        return file;
    }
    const QString what = QStringLiteral("a release");
    for (const ManifestNode &node : releases->items()) {
        if (!check.expectMap(node, what, {"version", "date", "notes", "withdrawn"}))
            continue;
        Release release;
        release.declaredAt = check.at(node);
        const QString version = check.text(node, "version", what, true);
        const QString date = check.text(node, "date", what, true);
        release.notes = check.text(node, "notes", what, false);
        release.withdrawn = check.text(node, "withdrawn", what, false);
        if (node.find("withdrawn") && !node.find("withdrawn")->isNull()
            && release.withdrawn.trimmed().isEmpty())
            check.problem(*node.find("withdrawn"),
                          QStringLiteral("'withdrawn' must give the reason"));
        release.version = Version::parse(version);
        if (!version.isEmpty() && !release.version.isValid()) {
            check.problem(*node.find("version"),
                          QStringLiteral("'%1' is not a version such as 2.32.0 or 2.32.0-rc1")
                                  .arg(version));
            continue;
        }
        release.date = QDate::fromString(date, Qt::ISODate);
        if (!date.isEmpty() && (!release.date.isValid() || date.size() != 10)) {
            check.problem(*node.find("date"),
                          QStringLiteral("release date '%1' is not a date (YYYY-MM-DD)").arg(date));
            continue;
        }
        if (version.isEmpty() || date.isEmpty())
            continue;
        if (const Release *first = file.catalog.find(release.version)) {
            check.problem(*node.find("version"),
                          QStringLiteral("release %1 is listed twice (first on line %2)")
                                  .arg(version)
                                  .arg(first->declaredAt.line));
            continue;
        }
        file.catalog.releases.append(release);
    }
    file.problems += check.take();
    return file;
}

} // namespace qd
