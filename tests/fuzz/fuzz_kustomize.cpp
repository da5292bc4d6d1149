// Kustomize resolution of an overlay made of the input's files (the bundle format of
// FuzzSupport.h), read from memory through a FileOverlay over an empty folder: kustomizations,
// resources, patches of every form, components and bases, as the fuzzer bends them.
//
// Properties: every problem says what is wrong; where a resource's values come from
// is a place that exists in a file the build read; and building the same overlay twice, by a
// fresh resolver or by the one that read its files already, gives the same result.
#include "FuzzSupport.h"

#include "services/config/FileOverlay.h"
#include "services/config/KustomizeResolver.h"

#include <QTemporaryDir>

namespace {

using qd::ManifestNode;

QTemporaryDir &emptyRoot()
{
    static QTemporaryDir root;
    return root;
}

qsizetype lineLength(const QByteArray &text, int line)
{
    qsizetype start = 0;
    for (int i = 1; i < line; ++i) {
        start = text.indexOf('\n', start);
        if (start < 0)
            return -1;
        ++start;
    }
    const qsizetype end = text.indexOf('\n', start);
    return (end < 0 ? text.size() : end) - start;
}

// Every origin below `node` names a line and column inside a file the resolver read.
void checkOrigins(const ManifestNode &node, const qd::KustomizeResolver &resolver)
{
    const qd::NodeOrigin origin = node.origin();
    if (origin.file >= 0 && origin.line > 0) {
        const QByteArray text = resolver.textOf(origin.file);
        const qsizetype length = lineLength(text, origin.line);
        qd::fuzz::check(length >= 0 && origin.column >= 1 && origin.column <= length + 1,
                        "a value's origin lies inside the file it names",
                        QStringLiteral("%1:%2:%3 (the line has %4 bytes)")
                                .arg(resolver.fileName(origin.file))
                                .arg(origin.line)
                                .arg(origin.column)
                                .arg(length));
    }
    for (const auto &[key, value] : node.entries())
        checkOrigins(value, resolver);
    for (const ManifestNode &item : node.items())
        checkOrigins(item, resolver);
}

bool sameTree(const ManifestNode &a, const ManifestNode &b)
{
    if (a.kind() != b.kind() || a.text() != b.text() || a.entries().size() != b.entries().size()
        || a.items().size() != b.items().size())
        return false;
    for (size_t i = 0; i < a.entries().size(); ++i) {
        if (a.entries()[i].first != b.entries()[i].first
            || !sameTree(a.entries()[i].second, b.entries()[i].second))
            return false;
    }
    for (size_t i = 0; i < a.items().size(); ++i) {
        if (!sameTree(a.items()[i], b.items()[i]))
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const qd::fuzz::Bundle bundle =
            qd::fuzz::splitBundle(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (bundle.builds.isEmpty() || bundle.files.size() > 64)
        return 0;
    qd::FileOverlay files(emptyRoot().path());
    for (const qd::fuzz::BundleFile &file : bundle.files)
        (void)files.write(file.path, file.bytes); // paths outside the repo are refused: skipped

    qd::KustomizeResolver shared(emptyRoot().path());
    shared.readThrough(&files);
    for (const QString &dir : bundle.builds.first(std::min<qsizetype>(bundle.builds.size(), 4))) {
        if (dir.startsWith(QLatin1Char('/')) || dir.contains(QLatin1String("..")))
            continue; // the folder to build lies in the repo; what it reads may not
        const qd::KustomizeBuild build = shared.build(dir);
        for (const qd::Diagnostic &problem : build.problems)
            qd::fuzz::check(!problem.message.isEmpty(), "every problem says what is wrong");
        if (!build.problems.isEmpty())
            continue;
        qd::fuzz::check(build.patchTargets.size() == build.resources.size(),
                        "every resource has the id its overlay's patches see");
        for (const ManifestNode &resource : build.resources)
            checkOrigins(resource, shared);

        qd::KustomizeResolver fresh(emptyRoot().path());
        fresh.readThrough(&files);
        const qd::KustomizeBuild again = fresh.build(dir);
        bool same = again.problems.isEmpty() && again.resources.size() == build.resources.size();
        for (size_t i = 0; same && i < build.resources.size(); ++i)
            same = sameTree(build.resources[i], again.resources[i]);
        qd::fuzz::check(same, "a build does not depend on what the resolver read before",
                        QStringLiteral("overlay %1").arg(dir));
    }
    return 0;
}
