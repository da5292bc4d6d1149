#include "support/ManifestCompare.h"

#include <QStringList>

namespace qd::test {

QString render(const ManifestNode &node)
{
    switch (node.kind()) {
    case ManifestNode::Kind::Null:
        return QStringLiteral("null");
    case ManifestNode::Kind::Scalar:
        return QStringLiteral("'%1'").arg(QString::fromStdString(node.text()));
    case ManifestNode::Kind::Sequence: {
        QStringList items;
        for (const auto &item : node.items())
            items.append(render(item));
        return QStringLiteral("[%1]").arg(items.join(QStringLiteral(", ")));
    }
    case ManifestNode::Kind::Map: {
        QStringList entries;
        for (const auto &[key, value] : node.entries())
            entries.append(QString::fromStdString(key) + QStringLiteral(": ") + render(value));
        return QStringLiteral("{%1}").arg(entries.join(QStringLiteral(", ")));
    }
    }
    return {};
}

QString manifestDifference(const ManifestNode &expected, const ManifestNode &actual,
                           const QString &path)
{
    const QString where = path.isEmpty() ? QStringLiteral("(root)") : path;
    if (expected.kind() != actual.kind())
        return QStringLiteral("%1: expected %2, got %3").arg(where, render(expected), render(actual));
    if (expected.isScalar() && expected.text() != actual.text())
        return QStringLiteral("%1: expected %2, got %3").arg(where, render(expected), render(actual));
    if (expected.isSequence()) {
        if (expected.items().size() != actual.items().size())
            return QStringLiteral("%1: expected %2 items %3, got %4 items %5")
                    .arg(where)
                    .arg(expected.items().size())
                    .arg(render(expected))
                    .arg(actual.items().size())
                    .arg(render(actual));
        for (size_t i = 0; i < expected.items().size(); ++i) {
            const QString difference = manifestDifference(expected.items()[i], actual.items()[i],
                                                          QStringLiteral("%1.%2").arg(path).arg(i));
            if (!difference.isEmpty())
                return difference;
        }
    }
    if (expected.isMap()) {
        for (const auto &[key, value] : expected.entries()) {
            const QString child = path.isEmpty() ? QString::fromStdString(key)
                                                 : path + QLatin1Char('.') + QString::fromStdString(key);
            const ManifestNode *other = actual.find(key);
            if (!other)
                return QStringLiteral("%1: missing (expected %2)").arg(child, render(value));
            const QString difference = manifestDifference(value, *other, child);
            if (!difference.isEmpty())
                return difference;
        }
        for (const auto &[key, value] : actual.entries()) {
            if (!expected.find(key))
                return QStringLiteral("%1.%2: unexpected %3")
                        .arg(where, QString::fromStdString(key), render(value));
        }
    }
    return {};
}

} // namespace qd::test
