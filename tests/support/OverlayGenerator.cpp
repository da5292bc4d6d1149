#include "support/OverlayGenerator.h"

#include "support/OverlayGeneratorParts.h"
#include "support/TestRepo.h"

#include <QDir>

namespace qd::test {

namespace generator {

QString Generator::patchFileName(const char *stem, bool json)
{
    const QString extension = json ? QStringLiteral(".json")
                                   : (m_dice.chance(0.3) ? QStringLiteral(".yaml")
                                                         : QStringLiteral(".yml"));
    return QStringLiteral("%1-%2%3").arg(QLatin1String(stem)).arg(++m_files).arg(extension);
}

void Generator::addPatch(YamlValue &kustomization, const QString &dir, const Ids &ids)
{
    const Id service = targetOf(ids.service, m_original.service);
    const auto listFile = [&](const QString &name, QByteArray text) {
        if (m_dice.chance(0.01))
            feature(QStringLiteral("missing-file"));
        else
            write(dir + QLatin1Char('/') + name, std::move(text));
        return YamlValue::scalar(name.toUtf8());
    };
    const auto smpDocuments = [&]() {
        std::vector<YamlValue> docs = {servicePatch(service)};
        if (m_hasConfigMap && m_dice.chance(0.2)) {
            YamlValue configMap = configMapPatch(targetOf(ids.configMap, m_original.configMap));
            docs.insert(m_dice.chance(0.5) ? docs.begin() : docs.end(), std::move(configMap));
        }
        return documents(docs);
    };
    YamlValue &patches = kustomization.child("patches");
    if (patches.kind() != YamlValue::Kind::List)
        patches = YamlValue::list();
    const int form = m_dice.between(0, 7);
    switch (form) {
    case 0: {
        feature(QStringLiteral("patchesStrategicMerge-file"));
        YamlValue &list = kustomization.child("patchesStrategicMerge");
        if (list.kind() != YamlValue::Kind::List)
            list = YamlValue::list();
        list.append(listFile(patchFileName("psm"), smpDocuments()));
        break;
    }
    case 1: {
        feature(QStringLiteral("patchesStrategicMerge-inline"));
        YamlValue &list = kustomization.child("patchesStrategicMerge");
        if (list.kind() != YamlValue::Kind::List)
            list = YamlValue::list();
        list.append(YamlValue::literal(servicePatch(service).block().chopped(1)));
        break;
    }
    case 2:
    case 3: {
        feature(form == 2 ? QStringLiteral("patches-file") : QStringLiteral("patches-file-target"));
        YamlValue &entry = patches.append(YamlValue::map());
        entry.set("path", listFile(patchFileName("patch"), smpDocuments()));
        if (form == 3)
            entry.set("target", selector(service));
        break;
    }
    case 4: {
        feature(QStringLiteral("patches-inline"));
        patches.append(YamlValue::map()).set(
                "patch", YamlValue::literal(servicePatch(service).block().chopped(1)));
        break;
    }
    case 5: {
        YamlValue &entry = patches.append(YamlValue::map());
        const auto operations = jsonOperations();
        if (m_dice.chance(0.5)) {
            feature(QStringLiteral("json6902-inline"));
            entry.set("patch", YamlValue::literal(yamlOf(operations).block().chopped(1)));
        } else {
            feature(QStringLiteral("json6902-inline-json"));
            entry.set("patch", YamlValue::scalar("'" + jsonOf(operations) + "'"));
        }
        entry.set("target", selector(service));
        break;
    }
    case 6: {
        const bool json = m_dice.chance(0.4);
        feature(json ? QStringLiteral("json6902-file-json") : QStringLiteral("json6902-file"));
        const auto operations = jsonOperations();
        YamlValue &entry = patches.append(YamlValue::map());
        entry.set("path", listFile(patchFileName("ops", json),
                                   json ? jsonOf(operations) + "\n" : yamlOf(operations).block()));
        entry.set("target", selector(service));
        break;
    }
    default: {
        feature(QStringLiteral("patchesJson6902"));
        YamlValue &list = kustomization.child("patchesJson6902");
        if (list.kind() != YamlValue::Kind::List)
            list = YamlValue::list();
        YamlValue &entry = list.append(YamlValue::map());
        YamlValue target = YamlValue::map();
        const int slash = m_apiVersion.indexOf('/');
        target.set("group", YamlValue::scalar(m_apiVersion.left(slash)));
        target.set("version", YamlValue::scalar(m_apiVersion.mid(slash + 1)));
        target.set("kind", YamlValue::scalar("SpinnakerService"));
        target.set("name", YamlValue::scalar(service.name));
        if (!service.ns.isEmpty())
            target.set("namespace", YamlValue::scalar(service.ns));
        entry.set("target", std::move(target));
        entry.set("path", listFile(patchFileName("legacy"),
                                   yamlOf(jsonOperations()).block()));
        break;
    }
    }
    if (patches.isEmpty())
        kustomization.remove("patches");
}

void Generator::addTransforms(YamlValue &kustomization, Ids &ids)
{
    if (m_dice.chance(0.2)) {
        feature(QStringLiteral("namespace"));
        const QByteArray ns = m_dice.chance(0.5) ? "spinnaker" : "spin-prod";
        kustomization.set("namespace", YamlValue::scalar(ns));
        ids.service.ns = ids.configMap.ns = ns;
    }
    if (m_dice.chance(0.15)) {
        feature(QStringLiteral("namePrefix"));
        const QByteArray prefix = m_dice.chance(0.5) ? "acme-" : "x-";
        kustomization.set("namePrefix", YamlValue::scalar(prefix));
        ids.service.name.prepend(prefix);
        ids.configMap.name.prepend(prefix);
    }
    if (m_dice.chance(0.1)) {
        feature(QStringLiteral("nameSuffix"));
        kustomization.set("nameSuffix", YamlValue::scalar("-v2"));
        ids.service.name.append("-v2");
        ids.configMap.name.append("-v2");
    }
    if (m_dice.chance(0.25)) {
        feature(QStringLiteral("commonLabels"));
        kustomization.child("commonLabels").set("team", YamlValue::scalar(m_dice.chance(0.5) ? "sre" : "tam"));
    }
    if (m_dice.chance(0.08)) {
        feature(QStringLiteral("labels"));
        YamlValue group = YamlValue::map();
        group.child("pairs").set("tier", YamlValue::scalar("core"));
        kustomization.set("labels", YamlValue::list()).append(std::move(group));
    }
    if (m_dice.chance(0.1)) {
        feature(QStringLiteral("commonAnnotations"));
        kustomization.child("commonAnnotations").set("owner", YamlValue::scalar("sre"));
    }
}

void Generator::writeKustomization(const QString &dir, const YamlValue &kustomization)
{
    const QString name = m_dice.chance(0.3) ? QStringLiteral("kustomization.yaml")
                                            : QStringLiteral("kustomization.yml");
    const YamlValue *patches = kustomization.find("patches");
    if (!patches || !m_dice.chance(0.15)) {
        write(dir + QLatin1Char('/') + name, kustomization.block());
        return;
    }
    // A key written twice, as after a careless merge: Kustomize reads a kustomization's last
    // value, so a decoy list naming a file that does not exist comes first.
    feature(QStringLiteral("kustomization-duplicate-key"));
    YamlValue twice = kustomization;
    const YamlValue real = *patches;
    twice.remove("patches");
    twice.set("patches", YamlValue::list())
            .append(YamlValue::map())
            .set("path", YamlValue::scalar("decoy-missing.yml"));
    twice.add("patches", real);
    write(dir + QLatin1Char('/') + name, twice.block());
}

QString Generator::writeComponent(Ids &ids)
{
    if (!m_components.isEmpty() && m_dice.chance(0.4)) {
        feature(QStringLiteral("component-shared"));
        return m_components.at(m_dice.between(0, int(m_components.size()) - 1));
    }
    feature(QStringLiteral("component"));
    const QString dir = QStringLiteral("components/k%1").arg(m_components.size() + 1);
    YamlValue component = YamlValue::map();
    component.set("apiVersion", YamlValue::scalar("kustomize.config.k8s.io/v1alpha1"));
    component.set("kind", YamlValue::scalar("Component"));
    const int patches = m_dice.between(1, 2);
    for (int i = 0; i < patches; ++i)
        addPatch(component, dir, ids);
    if (m_dice.chance(0.3))
        addTransforms(component, ids);
    writeKustomization(dir, component);
    m_components.append(dir);
    return dir;
}

void Generator::writeLevel(int level, Ids &ids)
{
    const QString dir = QStringLiteral("base/l%1").arg(level);
    YamlValue kustomization = YamlValue::map();
    YamlValue &resources = kustomization.set("resources", YamlValue::list());
    if (level == 1) {
        const QString serviceFile = m_dice.chance(0.3) ? QStringLiteral("spinnakerservice.yaml")
                                                       : QStringLiteral("spinnakerservice.yml");
        std::vector<YamlValue> docs = {serviceResource()};
        if (m_hasConfigMap) {
            YamlValue configMap = YamlValue::map();
            configMap.set("apiVersion", YamlValue::scalar("v1"));
            configMap.set("kind", YamlValue::scalar("ConfigMap"));
            configMap.child("metadata").set("name", YamlValue::scalar(m_original.configMap.name));
            configMap.child("data").set("mode", YamlValue::scalar("base"));
            if (m_dice.chance(0.5)) {
                docs.push_back(std::move(configMap));
            } else {
                write(dir + QStringLiteral("/configmap.yml"), configMap.block());
                resources.append(YamlValue::scalar("configmap.yml"));
            }
        }
        write(dir + QLatin1Char('/') + serviceFile, documents(docs));
        resources.append(YamlValue::scalar(serviceFile.toUtf8()));
    } else {
        resources.append(YamlValue::scalar(QStringLiteral("../l%1").arg(level - 1).toUtf8()));
    }
    if (m_dice.chance(0.2)) {
        YamlValue &components = kustomization.set("components", YamlValue::list());
        components.append(YamlValue::scalar(relative(dir, writeComponent(ids)).toUtf8()));
    }
    if (m_dice.chance(0.45)) {
        const int patches = m_dice.between(1, 2);
        for (int i = 0; i < patches; ++i)
            addPatch(kustomization, dir, ids);
    }
    addTransforms(kustomization, ids);
    writeKustomization(dir, kustomization);
}

void Generator::writeZone(const char *zone, int levels, Ids ids)
{
    const QString dir = QStringLiteral("customers/c/%1").arg(QLatin1String(zone));
    YamlValue kustomization = YamlValue::map();
    if (m_dice.chance(0.5)) {
        kustomization.set("apiVersion", YamlValue::scalar("kustomize.config.k8s.io/v1beta1"));
        kustomization.set("kind", YamlValue::scalar("Kustomization"));
    }
    const bool legacyBases = m_dice.chance(0.1);
    if (legacyBases)
        feature(QStringLiteral("bases"));
    kustomization.set(legacyBases ? "bases" : "resources", YamlValue::list())
            .append(YamlValue::scalar(relative(dir, QStringLiteral("base/l%1").arg(levels)).toUtf8()));
    if (m_dice.chance(0.25)) {
        YamlValue &components = kustomization.set("components", YamlValue::list());
        components.append(YamlValue::scalar(relative(dir, writeComponent(ids)).toUtf8()));
    }
    const int patches = m_dice.between(0, 3);
    for (int i = 0; i < patches; ++i)
        addPatch(kustomization, dir, ids);
    addTransforms(kustomization, ids);
    writeKustomization(dir, kustomization);
}

GeneratedFleet Generator::run()
{
    m_apiVersion = m_dice.chance(0.8) ? "spinnaker.io/v1alpha2" : "spinnaker.armory.io/v1alpha2";
    m_hasConfigMap = m_dice.chance(0.4);
    m_original.service = {"spinnaker", m_dice.chance(0.3) ? QByteArray("spinnaker") : QByteArray()};
    m_original.configMap = {"spinnaker-extra", m_original.service.ns};
    if (!m_original.service.ns.isEmpty())
        feature(QStringLiteral("base-namespace"));

    const int levels = m_dice.between(1, 3);
    feature(QStringLiteral("bases-%1-deep").arg(levels));
    // Each level's ids as the next level (and the zones above the level) see them.
    std::vector<Ids> seenAbove;
    Ids ids = m_original;
    for (int level = 1; level <= levels; ++level) {
        writeLevel(level, ids);
        seenAbove.push_back(ids);
    }
    writeZone("red", levels, ids);
    const int greenLevels = m_dice.chance(0.15) ? m_dice.between(1, levels) : levels;
    writeZone("green", greenLevels, seenAbove[size_t(greenLevels - 1)]);

    writeFile(m_root, QStringLiteral("fleet.yaml"),
              "apiVersion: quarterdeck/v1\ncustomers:\n  - id: c\n    name: C\n    zones:\n"
              "      red: {overlay: customers/c/red, cluster: c-red, cloud: aws, region: eu-west-1}\n"
              "      green: {overlay: customers/c/green, cluster: c-green, cloud: aws, "
              "region: eu-west-1}\n");
    m_features.sort();
    return {QStringLiteral("c"), m_features};
}


} // namespace generator

GeneratedFleet writeRandomFleet(const QString &root, std::uint64_t seed)
{
    return generator::Generator(root, seed).run();
}

} // namespace qd::test
