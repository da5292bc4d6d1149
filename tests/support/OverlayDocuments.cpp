#include "support/OverlayGeneratorParts.h"

#include "support/TestRepo.h"

#include <QByteArrayList>

namespace qd::test::generator {

void Generator::write(const QString &relative, QByteArray text)
{
    if (m_dice.chance(0.08)) {
        feature(QStringLiteral("crlf"));
        text.replace("\n", "\r\n");
    }
    writeFile(m_root, relative, text);
}

QByteArray Generator::version()
{
    static const std::vector<QByteArray> versions = {"2.30.1", "2.31.0-rc1", "2.31.0", "2.31.2",
                                                     "2.32.0", "1.28.3",     "2.30"};
    return m_dice.pick(versions);
}

QByteArray Generator::styled(const QByteArray &text)
{
    switch (m_dice.between(0, 9)) {
    case 0:
    case 1:
        feature(QStringLiteral("single-quoted"));
        return "'" + text + "'";
    case 2:
        feature(QStringLiteral("double-quoted"));
        return "\"" + text + "\"";
    default:
        return text;
    }
}

Id Generator::targetOf(const Id &current, const Id &original)
{
    Id target = m_dice.chance(0.3) ? original : current;
    if (m_dice.chance(0.04)) {
        feature(QStringLiteral("target-missing"));
        target.name += "-typo";
    }
    if (m_dice.chance(0.04)) {
        feature(QStringLiteral("target-namespace-changed"));
        target.ns = target.ns.isEmpty() ? QByteArray("spinnaker") : QByteArray();
    }
    return target;
}

YamlValue Generator::serviceResource()
{
    YamlValue service = YamlValue::map();
    service.set("apiVersion", YamlValue::scalar(m_apiVersion));
    service.set("kind", YamlValue::scalar("SpinnakerService"));
    YamlValue &metadata = service.child("metadata");
    metadata.set("name", YamlValue::scalar(m_original.service.name));
    if (!m_original.service.ns.isEmpty())
        metadata.set("namespace", YamlValue::scalar(m_original.service.ns));
    YamlValue &config = service.child("spec").child("spinnakerConfig").child("config");
    if (m_dice.chance(0.9))
        config.set("version", YamlValue::scalar(styled(version()),
                                                m_dice.chance(0.3) ? "Spinnaker version to deploy"
                                                                   : QByteArray()));
    else
        feature(QStringLiteral("base-without-version"));
    YamlValue &storage = config.child("persistentStorage");
    storage.set("persistentStoreType", YamlValue::scalar("s3"));
    storage.child("s3").set("bucket", YamlValue::scalar("front50"));
    YamlValue account = YamlValue::map();
    account.set("name", YamlValue::scalar("k8s"));
    account.set("providerVersion", YamlValue::scalar("V2"));
    YamlValue &accounts = config.child("providers").child("kubernetes").set("accounts",
                                                                            YamlValue::list());
    accounts.append(std::move(account));
    service.child("spec").child("expose").set("type", YamlValue::scalar("service"));
    return service;
}

YamlValue Generator::servicePatch(const Id &target)
{
    YamlValue patch = YamlValue::map();
    const bool wrongGroup = m_dice.chance(0.03);
    if (wrongGroup)
        feature(QStringLiteral("patch-wrong-group"));
    patch.set("apiVersion", YamlValue::scalar(wrongGroup ? "spinnaker.example/v1" : m_apiVersion));
    patch.set("kind", YamlValue::scalar("SpinnakerService"));
    YamlValue &metadata = patch.child("metadata");
    metadata.set("name", YamlValue::scalar(target.name));
    if (!target.ns.isEmpty())
        metadata.set("namespace", YamlValue::scalar(target.ns));
    YamlValue &spinnakerConfig = patch.child("spec").child("spinnakerConfig");
    const int body = m_dice.between(0, 99);
    if (body < 60) {
        spinnakerConfig.child("config").set(
                "version", YamlValue::scalar(styled(version()),
                                             m_dice.chance(0.3) ? "pinned" : QByteArray()));
    } else if (body < 66) {
        feature(QStringLiteral("null"));
        static const std::vector<QByteArray> nulls = {"null", "~", ""};
        spinnakerConfig.child("config").set("version", YamlValue::scalar(m_dice.pick(nulls)));
    } else if (body < 71) {
        feature(QStringLiteral("$patch-replace"));
        YamlValue &config = spinnakerConfig.child("config");
        config.set("$patch", YamlValue::scalar("replace"));
        config.set("version", YamlValue::scalar(styled(version())));
        config.child("persistentStorage").set("persistentStoreType", YamlValue::scalar("redis"));
    } else if (body < 74) {
        feature(QStringLiteral("$patch-delete"));
        spinnakerConfig.child("config").set("$patch", YamlValue::scalar("delete"));
    } else if (body < 82) {
        spinnakerConfig.child("config").child("persistentStorage").set("persistentStoreType",
                                                                       YamlValue::scalar("gcs"));
    } else if (body < 88) {
        feature(QStringLiteral("list-replaced"));
        YamlValue account = YamlValue::map();
        account.set("name", YamlValue::scalar("k8s-v2"));
        account.set("providerVersion", YamlValue::scalar("V2"));
        spinnakerConfig.child("config").child("providers").child("kubernetes")
                .set("accounts", YamlValue::list()).append(std::move(account));
    } else if (body < 93) {
        feature(QStringLiteral("anchor"));
        YamlValue &config = spinnakerConfig.child("config");
        const QByteArray value = version();
        config.set("version", YamlValue::scalar("&v " + value));
        config.child("features").set("pinned", YamlValue::scalar("*v"));
    } else if (body < 97) {
        feature(QStringLiteral("alias"));
        YamlValue &config = spinnakerConfig.child("config");
        config.child("features").set("pinned", YamlValue::scalar("&v " + version()));
        config.set("version", YamlValue::scalar("*v"));
    } else {
        feature(QStringLiteral("duplicate-key"));
        YamlValue &config = spinnakerConfig.child("config");
        config.set("version", YamlValue::scalar(version()));
        config.add("version", YamlValue::scalar(version()));
    }
    return patch;
}

YamlValue Generator::configMapPatch(const Id &target)
{
    YamlValue patch = YamlValue::map();
    patch.set("apiVersion", YamlValue::scalar("v1"));
    patch.set("kind", YamlValue::scalar("ConfigMap"));
    YamlValue &metadata = patch.child("metadata");
    metadata.set("name", YamlValue::scalar(target.name));
    if (!target.ns.isEmpty())
        metadata.set("namespace", YamlValue::scalar(target.ns));
    patch.child("data").set("mode", YamlValue::scalar(m_dice.chance(0.5) ? "red" : "green"));
    return patch;
}

QByteArray Generator::documents(const std::vector<YamlValue> &docs)
{
    QByteArray text = m_dice.chance(0.15) ? QByteArray("---\n") : QByteArray();
    for (size_t i = 0; i < docs.size(); ++i) {
        if (i > 0)
            text += "---\n";
        if (m_dice.chance(0.12)) {
            feature(QStringLiteral("flow-style"));
            text += docs[i].flow() + "\n";
        } else {
            text += docs[i].block();
        }
    }
    if (docs.size() > 1)
        feature(QStringLiteral("multi-document"));
    return text;
}

std::vector<Generator::Operation> Generator::jsonOperations()
{
    const int kind = m_dice.between(0, 99);
    if (kind < 65)
        return {{"replace", kVersionPointer, version()}};
    if (kind < 85)
        return {{"add", kVersionPointer, version()}};
    if (kind < 92) {
        feature(QStringLiteral("json6902-remove"));
        return {{"remove", kVersionPointer, {}}};
    }
    if (kind < 96) {
        feature(QStringLiteral("json6902-test"));
        return {{"test", kVersionPointer, version()}, {"replace", kVersionPointer, version()}};
    }
    return {{"add", "/spec/spinnakerConfig/config/persistentStorage/persistentStoreType", "azs"}};
}

YamlValue Generator::yamlOf(const std::vector<Operation> &operations)
{
    YamlValue list = YamlValue::list();
    for (const Operation &operation : operations) {
        YamlValue &entry = list.append(YamlValue::map());
        entry.set("op", YamlValue::scalar(operation.op));
        entry.set("path", YamlValue::scalar(operation.path));
        if (!operation.value.isEmpty())
            entry.set("value", YamlValue::scalar(styled(operation.value)));
    }
    return list;
}

QByteArray Generator::jsonOf(const std::vector<Operation> &operations)
{
    QByteArrayList entries;
    for (const Operation &operation : operations) {
        QByteArray entry = "{\"op\": \"" + operation.op + "\", \"path\": \"" + operation.path + "\"";
        if (!operation.value.isEmpty())
            entry += ", \"value\": \"" + operation.value + "\"";
        entries.append(entry + "}");
    }
    return "[" + entries.join(", ") + "]";
}

YamlValue Generator::selector(const Id &target)
{
    YamlValue selector = YamlValue::map();
    const int slash = m_apiVersion.indexOf('/');
    if (m_dice.chance(0.3)) {
        feature(QStringLiteral("target-group-version"));
        selector.set("group", YamlValue::scalar(m_apiVersion.left(slash)));
        selector.set("version", YamlValue::scalar(m_apiVersion.mid(slash + 1)));
    }
    selector.set("kind", YamlValue::scalar("SpinnakerService"));
    if (m_dice.chance(0.85))
        selector.set("name", YamlValue::scalar(target.name));
    if (!target.ns.isEmpty() && m_dice.chance(0.5)) {
        feature(QStringLiteral("target-namespace"));
        selector.set("namespace", YamlValue::scalar(target.ns));
    }
    return selector;
}


} // namespace qd::test::generator
