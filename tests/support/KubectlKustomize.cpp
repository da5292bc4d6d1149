#include "support/KubectlKustomize.h"

#include "services/config/FleetLoader.h"
#include "services/config/YamlFile.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>

namespace qd::test {

bool hasKubectl()
{
    return !QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty();
}

KubectlBuild kubectlKustomize(const QString &dir)
{
    KubectlBuild build;
    QProcess kubectl;
    kubectl.start(QStringLiteral("kubectl"), {QStringLiteral("kustomize"), dir});
    if (!kubectl.waitForFinished(60000) || kubectl.exitStatus() != QProcess::NormalExit
        || kubectl.exitCode() != 0) {
        // Without kubectl's deprecation notes ("# Warning: 'commonLabels' is deprecated").
        const QStringList lines = QString::fromUtf8(kubectl.readAllStandardError()).split(QLatin1Char('\n'));
        QStringList errors;
        for (const QString &line : lines) {
            if (!line.startsWith(QLatin1String("# Warning")) && !line.trimmed().isEmpty())
                errors.append(line.trimmed());
        }
        build.error = errors.join(QLatin1Char('\n'));
        if (build.error.isEmpty())
            build.error = kubectl.errorString();
        return build;
    }
    ParsedYaml parsed = parseYaml(kubectl.readAllStandardOutput().toStdString(), -1,
                                  QStringLiteral("kubectl output"));
    if (!parsed.ok()) {
        build.error = parsed.problems.first().toString();
        return build;
    }
    for (auto &document : parsed.documents) {
        if (!document.isNull())
            build.resources.push_back(std::move(document));
    }
    build.ok = true;
    return build;
}

QString kubectlServiceValue(const KubectlBuild &build, const QString &dottedKey)
{
    for (const ManifestNode &resource : build.resources) {
        if (resource.scalarAt("kind") == "SpinnakerService")
            return QString::fromStdString(resource.scalarAt(dottedKey.toStdString()));
    }
    return {};
}

QStringList zonesDisagreeingWithKubectl(const QString &checkout)
{
    const auto fleet = loadFleet(checkout);
    if (!fleet)
        return {QStringLiteral("the fleet does not load: %1").arg(fleet.errorMessage())};
    QStringList disagreements;
    for (const Customer &customer : fleet->customers) {
        for (const auto *zone : {&customer.red, &customer.green}) {
            if (!*zone)
                continue;
            const QString name = customer.id + QLatin1Char('/') + zoneKindName((*zone)->kind);
            const KubectlBuild build = kubectlKustomize(QDir(checkout).filePath((*zone)->overlay));
            if (!build.ok) {
                disagreements.append(
                        QStringLiteral("%1: kubectl kustomize refuses it: %2").arg(name, build.error));
                continue;
            }
            const QString theirs =
                    kubectlServiceValue(build, QStringLiteral("spec.spinnakerConfig.config.version"));
            const QString ours = (*zone)->resolution.version;
            if (theirs != ours)
                disagreements.append(QStringLiteral("%1: kubectl builds version '%2', Quarterdeck "
                                                    "says '%3'")
                                             .arg(name, theirs, ours));
        }
    }
    return disagreements;
}

} // namespace qd::test
