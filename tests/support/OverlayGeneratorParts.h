#pragma once

// Internal to the overlay generator: the generator whose structure (bases, components, zones,
// kustomizations) is written in OverlayGenerator.cpp and whose documents (resources, patches,
// JSON 6902 operations, targets) in OverlayDocuments.cpp. Not for tests to include.

#include "support/OverlayGenerator.h"
#include "support/YamlWriter.h"

#include <QByteArray>
#include <QDir>
#include <QString>
#include <QStringList>

#include <random>
#include <vector>

namespace qd::test::generator {

inline const QByteArray kVersionPointer = "/spec/spinnakerConfig/config/version";

class Dice
{
public:
    explicit Dice(std::uint64_t seed) : m_engine(seed) {}

    bool chance(double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(m_engine) < p; }
    int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_engine); }
    template<typename T>
    const T &pick(const std::vector<T> &values)
    {
        return values[size_t(between(0, int(values.size()) - 1))];
    }

private:
    std::mt19937_64 m_engine;
};

// How a resource is known at one point of the build.
struct Id
{
    QByteArray name;
    QByteArray ns;
};

// The ids of the two resources the bases define, as a kustomization sees them after its
// resources and components, and as the base first wrote them.
struct Ids
{
    Id service;
    Id configMap;
};

class Generator
{
public:
    Generator(const QString &root, std::uint64_t seed) : m_root(root), m_dice(seed) {}

    GeneratedFleet run();

private:
    void feature(const QString &name)
    {
        if (!m_features.contains(name))
            m_features.append(name);
    }
    void write(const QString &relative, QByteArray text);
    QString relative(const QString &fromDir, const QString &to) const
    {
        return QDir(m_root + QLatin1Char('/') + fromDir).relativeFilePath(m_root + QLatin1Char('/') + to);
    }

    QByteArray version();
    QByteArray styled(const QByteArray &text);
    Id targetOf(const Id &current, const Id &original);
    YamlValue serviceResource();
    YamlValue servicePatch(const Id &target);
    YamlValue configMapPatch(const Id &target);
    QByteArray documents(const std::vector<YamlValue> &docs);
    struct Operation
    {
        QByteArray op;
        QByteArray path;
        QByteArray value; // empty: none
    };
    std::vector<Operation> jsonOperations();
    YamlValue yamlOf(const std::vector<Operation> &operations);
    QByteArray jsonOf(const std::vector<Operation> &operations);
    YamlValue selector(const Id &target);

    QString patchFileName(const char *stem, bool json = false);
    void addPatch(YamlValue &kustomization, const QString &dir, const Ids &ids);
    void addTransforms(YamlValue &kustomization, Ids &ids);
    QString writeComponent(Ids &ids);
    void writeKustomization(const QString &dir, const YamlValue &kustomization);
    void writeLevel(int level, Ids &ids);
    void writeZone(const char *zone, int levels, Ids ids);

    QString m_root;
    Dice m_dice;
    QStringList m_features;
    QByteArray m_apiVersion;
    bool m_hasConfigMap = false;
    Ids m_original;
    int m_files = 0;
    QStringList m_components;
};

} // namespace qd::test::generator
