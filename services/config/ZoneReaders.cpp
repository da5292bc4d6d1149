#include "services/config/ZoneReaders.h"

#include <QHash>
#include <QRegularExpression>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace qd {

namespace {

bool isUnder(const QString &path, const QString &dir)
{
    return path == dir || path.startsWith(dir + QLatin1Char('/'));
}

struct Kustomization
{
    QString dir; // relative to the root
    QString text;
};

QList<Kustomization> kustomizationsOf(const QDir &root)
{
    // std::filesystem lists a directory without a stat per entry: in a repo of thousands of
    // overlays this walk is most of the cost of an edit.
    namespace fs = std::filesystem;
    QList<Kustomization> found;
    std::error_code error;
    const fs::path base = root.path().toStdString();
    fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        const fs::path &path = it->path();
        const std::string name = path.filename().string();
        if (name.starts_with('.')) {
            if (it->is_directory(error))
                it.disable_recursion_pending(); // .git and other hidden folders
            continue;
        }
        if (name != "kustomization.yaml" && name != "kustomization.yml" && name != "Kustomization")
            continue;
        std::ifstream file(path, std::ios::binary);
        if (!file)
            continue;
        const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        const QString dir = QString::fromStdString(path.parent_path().lexically_relative(base).string());
        found.append({QDir::cleanPath(dir.isEmpty() ? QStringLiteral(".") : dir),
                      QString::fromStdString(text)});
    }
    return found;
}

// Whether a kustomization in dir names a path under target: every word of its text holding the
// target's last component is resolved against dir (words that are not paths resolve to nothing
// under target).
bool namesPathInto(const Kustomization &kustomization, const QString &target)
{
    const QString last = target.section(QLatin1Char('/'), -1);
    const QString &text = kustomization.text;
    const auto separator = [](QChar c) {
        return c.isSpace() || QStringLiteral("'\"[],{}").contains(c);
    };
    for (qsizetype at = text.indexOf(last); at >= 0; at = text.indexOf(last, at + last.size())) {
        qsizetype begin = at;
        qsizetype end = at + last.size();
        while (begin > 0 && !separator(text.at(begin - 1)))
            --begin;
        while (end < text.size() && !separator(text.at(end)))
            ++end;
        const QString word = text.mid(begin, end - begin);
        if (isUnder(QDir::cleanPath(kustomization.dir + QLatin1Char('/') + word), target))
            return true;
    }
    return false;
}

} // namespace

std::optional<QSet<QString>> overlaysReading(const QDir &root, const QStringList &allOverlays,
                                             const QStringList &overlays)
{
    const QList<Kustomization> kustomizations = kustomizationsOf(root);
    QSet<QString> readers(overlays.begin(), overlays.end());
    QStringList pending = overlays;
    while (!pending.isEmpty()) {
        const QString target = pending.takeLast();
        for (const Kustomization &kustomization : kustomizations) {
            if (isUnder(kustomization.dir, target) || !namesPathInto(kustomization, target))
                continue;
            const auto owner = std::find_if(allOverlays.begin(), allOverlays.end(),
                                            [&](const QString &overlay) {
                                                return isUnder(kustomization.dir, overlay);
                                            });
            if (owner == allOverlays.end())
                return std::nullopt;
            if (!readers.contains(*owner)) {
                readers.insert(*owner);
                pending.append(*owner);
            }
        }
    }
    return readers;
}

std::optional<QList<ZoneOverlay>> scanZoneOverlays(const QByteArray &fleetYaml)
{
    static const QRegularExpression idLine(QStringLiteral("^( *)- +id: *\"?([\\w.-]+)\"? *(?:#.*)?$"));
    static const QRegularExpression zoneKey(QStringLiteral("^ *(red|green): *(\\{.*)?$"));
    // A double-quoted value without escapes, or a plain one without spaces, quotes or '#',
    // followed by the end of the line, ',', '}' or a comment. Anything else (a plain value with a
    // space inside, single quotes) is left to the real parse.
    static const QRegularExpression overlayValue(QStringLiteral(
            "(?:^|[{ ,])overlay: *(?:\"([^\"\\\\]+)\"|([^\"',}\\s#]+)) *(?=$|[,}]|#)"));
    QList<ZoneOverlay> zones;
    QString customer;
    int customerIndent = -1;
    std::optional<ZoneKind> zone;
    bool inCustomers = false;
    for (const QByteArray &raw : fleetYaml.split('\n')) {
        const QString line = QString::fromUtf8(raw).remove(QLatin1Char('\r'));
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        if (line.contains(QLatin1Char('&')) || line.contains(QLatin1Char('*'))) {
            // Anchors and aliases could hide an overlay from a line scanner.
            if (line.contains(QLatin1String(" &")) || line.contains(QLatin1String(" *")))
                return std::nullopt;
        }
        if (!line.startsWith(QLatin1Char(' '))) {
            inCustomers = line.startsWith(QLatin1String("customers:"));
            if (inCustomers && trimmed != QLatin1String("customers:"))
                return std::nullopt; // a flow list of customers
            customer.clear();
            zone.reset();
            continue;
        }
        if (!inCustomers)
            continue;
        int indent = 0;
        while (indent < line.size() && line.at(indent) == QLatin1Char(' '))
            ++indent;
        if (trimmed.startsWith(QLatin1String("- ")) || trimmed == QLatin1String("-")) {
            if (customerIndent < 0)
                customerIndent = indent;
            if (indent == customerIndent) {
                zone.reset();
                const auto match = idLine.match(line);
                if (!match.hasMatch())
                    return std::nullopt; // the id is not the item's first key
                customer = match.captured(2);
                continue;
            }
        }
        if (indent <= customerIndent)
            return std::nullopt;
        if (trimmed.startsWith(QLatin1String("red:")) || trimmed.startsWith(QLatin1String("green:"))) {
            if (const auto key = zoneKey.match(line); key.hasMatch())
                zone = zoneKindFromName(key.captured(1));
        }
        if (!line.contains(QLatin1String("overlay:")))
            continue;
        const auto value = overlayValue.match(line);
        if (!value.hasMatch() || !zone || customer.isEmpty())
            return std::nullopt;
        const bool duplicate = std::any_of(zones.begin(), zones.end(), [&](const ZoneOverlay &z) {
            return z.customer == customer && z.kind == *zone;
        });
        if (duplicate)
            return std::nullopt;
        // What ends the value: ',' and '}' only inside a flow map, '#' only after a space.
        const qsizetype end = value.capturedEnd(0);
        if (end < line.size()) {
            const QChar next = line.at(end);
            const bool inFlow = line.left(value.capturedStart(0) + 1).contains(QLatin1Char('{'));
            if (next == QLatin1Char('#') ? line.at(end - 1) != QLatin1Char(' ') : !inFlow)
                return std::nullopt;
        }
        const QString overlay = value.hasCaptured(1) ? value.captured(1) : value.captured(2);
        zones.append({customer, *zone, overlay});
    }
    return zones;
}

} // namespace qd
