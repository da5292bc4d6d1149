#pragma once

// What the libFuzzer targets share: a way to report a broken property that libFuzzer records as
// a crash, and the "bundle" input format that carries several files of a repo in one input.
// FuzzInitialize.cpp, linked into every target, makes the QCoreApplication.
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <cstdio>
#include <cstdlib>

namespace qd::fuzz {

// A broken property: print what and abort, which libFuzzer keeps as a crash with its input.
[[noreturn]] inline void fail(const char *property, const QString &detail = {})
{
    std::fprintf(stderr, "\nproperty broken: %s\n%s\n", property, qPrintable(detail));
    std::abort();
}

inline void check(bool holds, const char *property, const QString &detail = {})
{
    if (!holds)
        fail(property, detail);
}

// Several files in one input, as the seed corpora write them:
//   @build overlays/red        (any number: the directories to build)
//   @file base/kustomization.yml
//   ...the file's bytes, up to the next line that starts with "@file "...
struct BundleFile
{
    QString path;
    QByteArray bytes;
};

struct Bundle
{
    QList<QString> builds;
    QList<BundleFile> files;
};

inline Bundle splitBundle(QByteArrayView input)
{
    Bundle bundle;
    BundleFile *current = nullptr;
    qsizetype pos = 0;
    while (pos < input.size()) {
        qsizetype end = input.indexOf('\n', pos);
        const qsizetype next = end < 0 ? input.size() : end + 1;
        const QByteArrayView line = input.sliced(pos, (end < 0 ? input.size() : end) - pos);
        if (line.startsWith("@build ")) {
            bundle.builds.append(QString::fromUtf8(line.sliced(7)).trimmed());
        } else if (line.startsWith("@file ")) {
            bundle.files.append({QString::fromUtf8(line.sliced(6)).trimmed(), {}});
            current = &bundle.files.last();
        } else if (current) {
            current->bytes.append(input.sliced(pos, next - pos));
        }
        pos = next;
    }
    return bundle;
}

} // namespace qd::fuzz
