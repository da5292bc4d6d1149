// Surgical edits of the config repo: edit the bytes of the file that sets the effective value
// (or the zone's own patch), then prove with a fresh Kustomize build that exactly the intended
// effective value changed, for that zone only, or put every byte back.
#include "services/config/YamlEditor.h"

#include "services/Logging.h"
#include "services/config/FileOverlay.h"
#include "services/config/InputCheck.h"
#include "services/config/KustomizeResolver.h"
#include "services/config/OverlayPatcher.h"
#include "services/config/ScalarRewriter.h"
#include "services/config/YamlFile.h"
#include "services/config/ZoneComparison.h"
#include "services/config/ZoneReaders.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

namespace qd {

namespace {

using zonecheck::buildZone;
using zonecheck::difference;
using zonecheck::expectedAfter;
using zonecheck::isStringNode;
using zonecheck::otherDifference;
using zonecheck::ZoneState;

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

struct ZoneRef
{
    QString customer;
    ZoneKind kind = ZoneKind::Red;
    QString overlay; // relative to the repo root

    QString name() const { return customer + QLatin1Char('/') + zoneKindName(kind); }
};

Result<QList<ZoneRef>> readZones(const FileOverlay &files)
{
    auto read = files.read(QStringLiteral("fleet.yaml"));
    if (read && !*read)
        read = Error{QStringLiteral("it has no fleet.yaml")};
    if (!read)
        return Error{QStringLiteral("'%1' is not a Quarterdeck config repo: %2")
                             .arg(QDir::toNativeSeparators(files.root().path()),
                                  read.error().message)};
    const QByteArray *text = &**read;
    QList<ZoneRef> zones;
    if (const auto scanned = scanZoneOverlays(*text)) {
        for (const ZoneOverlay &zone : *scanned)
            zones.append({zone.customer, zone.kind, QDir::cleanPath(zone.overlay)});
        return zones;
    }
    // Only ids and overlays matter here: the full reader validates calendars and time zones.
    const ParsedYaml parsed = parseYaml(text->toStdString(), 0, QStringLiteral("fleet.yaml"));
    if (!parsed.ok())
        return Error{parsed.problems.first().toString()};
    const ManifestNode *customers = parsed.documents.empty() ? nullptr
                                                             : parsed.documents.front().find("customers");
    if (!customers || !customers->isSequence())
        return zones;
    for (const ManifestNode &customer : customers->items()) {
        for (const ZoneKind kind : {ZoneKind::Red, ZoneKind::Green}) {
            const std::string overlay = customer.scalarAt("zones." + zoneKindName(kind).toStdString()
                                                          + ".overlay");
            if (!overlay.empty())
                zones.append({q(customer.scalarAt("id")), kind, QDir::cleanPath(q(overlay))});
        }
    }
    return zones;
}

bool validKey(const QString &key)
{
    if (key.isEmpty())
        return false;
    const QStringList parts = key.split(QLatin1Char('.'));
    return std::none_of(parts.begin(), parts.end(), [](const QString &part) { return part.isEmpty(); });
}

// The zones as the last fleet load parsed them, while fleet.yaml holds what it read and parsed
// without a problem: scanning a thousand customers again costs more than the rest of an edit.
std::optional<QList<ZoneRef>> rememberedZones(const FileOverlay &files, const InputCheck &inputs)
{
    const FleetLoadState &state = inputs.state();
    const QDir &root = files.root();
    if (state.isEmpty() || !state.fleet.problems.isEmpty()
        || files.find(root.filePath(QStringLiteral("fleet.yaml")))
        || !checkInput(root.filePath(QStringLiteral("fleet.yaml")), state.fleetStamp))
        return std::nullopt;
    QList<ZoneRef> zones;
    for (const Customer &customer : state.fleet.customers) {
        for (const auto *zone : {&customer.red, &customer.green}) {
            if (*zone && !(*zone)->overlay.isEmpty())
                zones.append({customer.id, (*zone)->kind, QDir::cleanPath((*zone)->overlay)});
        }
    }
    return zones;
}

const ZoneRef *findZone(const QList<ZoneRef> &zones, const QString &customer, ZoneKind kind)
{
    const auto it = std::find_if(zones.begin(), zones.end(), [&](const ZoneRef &zone) {
        return zone.customer == customer && zone.kind == kind;
    });
    return it == zones.end() ? nullptr : &*it;
}

QString kustomizationIn(const FileOverlay &files, const QString &overlay)
{
    for (const char *name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
        const QString relative = overlay + QLatin1Char('/') + QLatin1String(name);
        if (files.fileExists(files.root().filePath(relative)))
            return relative;
    }
    return {};
}

// A file the edit reads: as the edits so far left it.
Result<QByteArray> existingBytes(const FileOverlay &files, const QString &relative)
{
    auto bytes = files.read(relative);
    if (!bytes)
        return bytes.error();
    if (!*bytes)
        return Error{QStringLiteral("%1 does not exist").arg(relative)};
    return **bytes;
}

class Editor
{
public:
    Editor(FileOverlay &files, QList<ZoneRef> zones, InputCheck *inputs)
        : m_root(files.root()), m_zones(std::move(zones)), m_files(files), m_inputs(inputs)
    {}

    Result<QList<AppliedEdit>> run(const QList<ValueEdit> &edits)
    {
        for (const ValueEdit &edit : edits) {
            if (!validKey(edit.key))
                return Error{QStringLiteral("'%1' is not a dotted key such as "
                                            "spec.spinnakerConfig.config.version")
                                     .arg(edit.key)};
            if (!findZone(m_zones, edit.customer, edit.zone))
                return Error{QStringLiteral("fleet.yaml has no %1 zone with an overlay for "
                                            "customer '%2'")
                                     .arg(zoneKindName(edit.zone), edit.customer)};
        }
        // Only the edited zones and the zones that may read their overlays' files are built:
        // every file an edit touches lies under the edited zone's overlay directory.
        QStringList allOverlays;
        QStringList edited;
        for (const ZoneRef &zone : std::as_const(m_zones))
            allOverlays.append(zone.overlay);
        for (const ValueEdit &edit : edits)
            edited.append(findZone(m_zones, edit.customer, edit.zone)->overlay);
        QElapsedTimer timer;
        timer.start();
        // What the last fleet load remembers names the files each zone read; walking and reading
        // every kustomization is the fallback when it cannot vouch for most zones.
        auto readers = m_inputs ? m_inputs->overlaysReading(allOverlays, edited) : std::nullopt;
        if (!readers)
            readers = overlaysReading(m_root, allOverlays, edited);
        qCDebug(lcConfig) << "zones that may read the edited overlays:"
                          << (readers ? qsizetype(readers->size()) : m_zones.size()) << "found in"
                          << timer.restart() << "ms";
        const auto resolver = newResolver();
        for (const ZoneRef &zone : std::as_const(m_zones)) {
            if (!readers || readers->contains(zone.overlay))
                m_states[zone.name()] = buildZone(resolver, zone.overlay);
        }
        qCDebug(lcConfig) << "built" << m_states.size() << "zones in" << timer.restart() << "ms";
        QList<AppliedEdit> applied;
        for (const ValueEdit &edit : edits) {
            auto result = apply(edit, *findZone(m_zones, edit.customer, edit.zone));
            if (!result) {
                return Error{QStringLiteral("%1/%2 %3: %4")
                                     .arg(edit.customer, zoneKindName(edit.zone), edit.key,
                                          result.error().message)};
            }
            applied.append(*result);
        }
        qCDebug(lcConfig) << "applied and verified" << edits.size() << "edits in" << timer.elapsed()
                          << "ms";
        return applied;
    }

private:
    Result<AppliedEdit> apply(const ValueEdit &edit, const ZoneRef &zone)
    {
        const ZoneState &state = m_states.at(zone.name());
        if (!state.problems.isEmpty())
            return Error{QStringLiteral("the overlay has problems, fix them first: %1")
                                 .arg(state.problems.first())};
        if (!state.service)
            return Error{QStringLiteral("overlay '%1' produces no SpinnakerService").arg(zone.overlay)};
        const ManifestNode service = *state.service;
        const std::string key = edit.key.toStdString();
        const ManifestNode *node = service.at(key);
        if (node && (node->isMap() || node->isSequence()))
            return Error{QStringLiteral("the key names a %1, not a value")
                                 .arg(node->isMap() ? QStringLiteral("mapping")
                                                    : QStringLiteral("list"))};
        const bool isSet = node && node->isScalar();
        AppliedEdit applied{edit, isSet ? q(node->text()) : QString(), {}, false};
        // A plain string stays a string ("1.10" is written quoted); a number or boolean, or a
        // key set nowhere yet, takes the value as YAML reads it.
        const auto typing = isSet && isStringNode(*node) ? yamltext::Typing::KeepString
                                                         : yamltext::Typing::Free;
        auto expected = expectedAfter(service, key, edit.value, typing);
        if (!expected)
            return expected.error();
        if (isSet && difference(*expected, service, {}).isEmpty()) {
            applied.editedAt = state.resolver->locationOf(node->origin());
            return applied; // already the value: nothing to write
        }

        std::optional<SourceLocation> inPlace;
        if (isSet) {
            const SourceLocation at = state.resolver->locationOf(node->origin());
            if (at.file.startsWith(zone.overlay + QLatin1Char('/')) && !sharedWithOthers(at.file, zone)) {
                auto edited = editInPlace(at, applied.previousValue, edit.value);
                if (!edited)
                    return edited.error();
                inPlace = *edited;
            }
        }
        if (inPlace) {
            applied.editedAt = *inPlace;
        } else {
            auto patched = editInPatch(zone, service, state.serviceTarget, key, edit.value, typing);
            if (!patched)
                return patched.error();
            applied.editedAt = *patched;
            applied.addedPatch = true;
        }
        auto verified = verify(zone, *expected, edit);
        if (!verified)
            return verified.error();
        qCDebug(lcConfig) << "set" << edit.key << "for" << zone.name() << "in" << applied.editedAt.file
                          << "line" << applied.editedAt.line;
        return applied;
    }

    // The file the value is set in, edited in place. Returns nothing when the position does not
    // hold the value (a patch inlined in a kustomization): the zone's own patch is used then.
    Result<std::optional<SourceLocation>> editInPlace(const SourceLocation &at,
                                                      const QString &previous, const QString &value)
    {
        const auto bytes = existingBytes(m_files, at.file);
        if (!bytes)
            return bytes.error();
        const auto found = yamltext::scalarAt(*bytes, at.line, at.column);
        if (!found || found->text != previous)
            return std::optional<SourceLocation>();
        auto edited = replaceScalarAt(*bytes, at.line, at.column, value);
        if (!edited)
            return Error{at.file + QLatin1Char(':') + edited.error().message};
        if (auto written = m_files.write(at.file, *edited); !written)
            return written.error();
        return std::optional<SourceLocation>(at);
    }

    Result<SourceLocation> editInPatch(const ZoneRef &zone, const ManifestNode &service,
                                       const ResourceId &target, const std::string &key,
                                       const QString &value, yamltext::Typing typing)
    {
        const QString kustomization = kustomizationIn(m_files, zone.overlay);
        if (kustomization.isEmpty())
            return Error{QStringLiteral("overlay '%1' has no kustomization").arg(zone.overlay)};
        const auto kustomizationText = existingBytes(m_files, kustomization);
        if (!kustomizationText)
            return kustomizationText.error();
        const QString patchFile = zone.overlay + QLatin1Char('/') + overlaypatch::kPatchFileName;
        const auto read = m_files.read(patchFile);
        if (!read)
            return read.error();
        const QByteArray existing = read->value_or(QByteArray());
        auto patch = overlaypatch::withValue(existing, service, target, key, value, typing,
                                             yamltext::lineEndingOf(*kustomizationText));
        if (!patch)
            return Error{patchFile + QStringLiteral(": ") + patch.error().message};
        auto listed = overlaypatch::withPatchListed(*kustomizationText, overlaypatch::kPatchFileName);
        if (!listed)
            return Error{kustomization + QStringLiteral(": ") + listed.error().message};
        if (auto written = m_files.write(patchFile, *patch); !written)
            return written.error();
        if (*listed != *kustomizationText) {
            if (auto written = m_files.write(kustomization, *listed); !written)
                return written.error();
        }
        // Where the patch sets the key, for "set in <file>:<line>".
        const ParsedYaml parsed = parseYaml(patch->toStdString(), 0, patchFile);
        SourceLocation at{patchFile, 1, 1};
        if (!parsed.documents.empty()) {
            if (const ManifestNode *node = parsed.documents.front().at(key))
                at = {patchFile, node->origin().line, node->origin().column};
        }
        return at;
    }

    // Builds again and compares: the zone must have exactly the expected resource, and every
    // other zone that reads a touched file must be as it was.
    Result<void> verify(const ZoneRef &zone, const ManifestNode &expected, const ValueEdit &edit)
    {
        const QStringList touched = m_files.paths();
        const auto resolver = newResolver();
        ZoneState after = buildZone(resolver, zone.overlay);
        if (!after.problems.isEmpty())
            return Error{QStringLiteral("after the edit the overlay does not build: %1")
                                 .arg(after.problems.first())};
        if (!after.service)
            return Error{QStringLiteral("after the edit the overlay has no SpinnakerService")};
        if (const QString d = difference(expected, *after.service, {}); !d.isEmpty()) {
            const ManifestNode *now = after.service->at(edit.key.toStdString());
            if (d == edit.key && now && now->isScalar())
                return Error{QStringLiteral("the effective value would be '%1', not '%2' (a later "
                                            "patch or a JSON patch sets it)")
                                     .arg(q(now->text()), edit.value)};
            return Error{QStringLiteral("the edit would also change %1").arg(d)};
        }
        if (const QString d = otherDifference(m_states.at(zone.name()), after); !d.isEmpty())
            return Error{QStringLiteral("the edit would also change %1").arg(d)};
        std::map<QString, ZoneState> rebuilt;
        rebuilt[zone.name()] = std::move(after);
        for (const ZoneRef &other : std::as_const(m_zones)) {
            if (other.name() == zone.name() || !m_states.contains(other.name()))
                continue;
            const ZoneState &before = m_states.at(other.name());
            const bool reads = std::any_of(touched.begin(), touched.end(), [&](const QString &file) {
                return before.files.contains(file);
            });
            if (!reads)
                continue;
            ZoneState now = buildZone(resolver, other.overlay);
            const bool same = now.problems == before.problems
                              && now.service.has_value() == before.service.has_value()
                              && (!now.service || difference(*before.service, *now.service, {}).isEmpty())
                              && otherDifference(before, now).isEmpty();
            if (!same)
                return Error{QStringLiteral("the edit would also change the %1 zone of %2")
                                     .arg(zoneKindName(other.kind), other.customer)};
            rebuilt[other.name()] = std::move(now);
        }
        for (auto &[name, state] : rebuilt)
            m_states[name] = std::move(state);
        return {};
    }

    bool sharedWithOthers(const QString &file, const ZoneRef &zone) const
    {
        for (const auto &[name, state] : m_states) {
            if (name != zone.name() && state.files.contains(file))
                return true;
        }
        return false;
    }

    std::shared_ptr<KustomizeResolver> newResolver() const
    {
        auto resolver = std::make_shared<KustomizeResolver>(m_root.path());
        resolver->readThrough(&m_files);
        return resolver;
    }

    QDir m_root;
    QList<ZoneRef> m_zones;
    FileOverlay &m_files; // the edits so far, never written to the working tree here
    InputCheck *m_inputs = nullptr; // not owned; may be null
    std::map<QString, ZoneState> m_states; // by ZoneRef::name(), as of the last verified edit
};

} // namespace

Result<QList<AppliedEdit>>
proposeValueEdits(FileOverlay &files, const QList<ValueEdit> &edits, InputCheck *inputs)
{
    QElapsedTimer timer;
    timer.start();
    const QDir &root = files.root();
    if (inputs && inputs->root().path() != root.path())
        inputs = nullptr; // another repo's
    const auto remembered = inputs ? rememberedZones(files, *inputs) : std::nullopt;
    auto zones = remembered ? Result<QList<ZoneRef>>(*remembered) : readZones(files);
    if (!zones)
        return zones.error();
    qCDebug(lcConfig) << (remembered ? "remembered" : "read") << zones->size()
                      << "zones of fleet.yaml in" << timer.elapsed() << "ms";
    // Edits that fail leave `files` as it was.
    FileOverlay tried = files;
    Editor editor(tried, std::move(*zones), inputs);
    auto applied = editor.run(edits);
    if (applied)
        files = std::move(tried);
    return applied;
}

Result<QList<AppliedEdit>> applyValueEdits(const QString &repoPath, const QList<ValueEdit> &edits)
{
    FileOverlay files(repoPath);
    auto applied = proposeValueEdits(files, edits);
    if (!applied)
        return applied;
    if (auto written = files.writeOut(); !written)
        return written.error();
    return applied;
}

Result<EffectiveValue> effectiveValue(const QString &repoPath, const QString &customer, ZoneKind zone,
                                      const QString &key)
{
    const FileOverlay files(repoPath);
    const QDir &root = files.root();
    auto zones = readZones(files);
    if (!zones)
        return zones.error();
    const ZoneRef *ref = findZone(*zones, customer, zone);
    if (!ref)
        return Error{QStringLiteral("fleet.yaml has no %1 zone with an overlay for customer '%2'")
                             .arg(zoneKindName(zone), customer)};
    const ZoneState state = buildZone(std::make_shared<KustomizeResolver>(root.path()), ref->overlay);
    if (!state.problems.isEmpty())
        return Error{state.problems.first()};
    if (!state.service)
        return Error{QStringLiteral("overlay '%1' produces no SpinnakerService").arg(ref->overlay)};
    const ManifestNode *node = state.service->at(key.toStdString());
    if (!node || node->isNull())
        return EffectiveValue{};
    if (!node->isScalar())
        return Error{QStringLiteral("'%1' is a %2, not a value")
                             .arg(key, node->isMap() ? QStringLiteral("mapping") : QStringLiteral("list"))};
    return EffectiveValue{q(node->text()), state.resolver->locationOf(node->origin()), true};
}

} // namespace qd
