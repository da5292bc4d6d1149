// The surgical YAML edit (replaceScalarAt) and the re-parse after it. The input is a YAML file;
// a last line "#edit N VALUE" (a comment, so part of the file) picks the Nth value of the file
// and what to write there (default: the first value, "2.99.0").
//
// Property: when the edit succeeds, the file still parses, has the same documents, keys and
// values, except that the picked value now reads back as exactly VALUE, a string.
#include "FuzzSupport.h"

#include "services/config/YamlEditor.h"
#include "services/config/YamlFile.h"

#include <string>
#include <vector>

namespace {

using qd::ManifestNode;

struct Pick
{
    int index = 0;
    QString value = QStringLiteral("2.99.0");
};

Pick pickOf(QByteArrayView text)
{
    Pick pick;
    const qsizetype at = text.lastIndexOf("#edit ");
    if (at < 0)
        return pick;
    QByteArrayView rest = text.sliced(at + 6);
    if (const qsizetype end = rest.indexOf('\n'); end >= 0)
        rest = rest.first(end);
    const qsizetype space = rest.indexOf(' ');
    pick.index = rest.first(space < 0 ? rest.size() : space).toByteArray().toInt();
    pick.value = space < 0 ? QString() : QString::fromUtf8(rest.sliced(space + 1));
    return pick;
}

// The values an edit may replace (scalars and written nulls), in document order.
void collectValues(const ManifestNode &node, std::vector<const ManifestNode *> &out)
{
    switch (node.kind()) {
    case ManifestNode::Kind::Scalar:
        out.push_back(&node);
        break;
    case ManifestNode::Kind::Null:
        if (!node.isEmptyNull() && node.origin().line > 0)
            out.push_back(&node);
        break;
    case ManifestNode::Kind::Map:
        for (const auto &[key, value] : node.entries())
            collectValues(value, out);
        break;
    case ManifestNode::Kind::Sequence:
        for (const ManifestNode &item : node.items())
            collectValues(item, out);
        break;
    }
}

QString describe(const ManifestNode &node)
{
    switch (node.kind()) {
    case ManifestNode::Kind::Null:
        return QStringLiteral("null");
    case ManifestNode::Kind::Scalar:
        return QStringLiteral("scalar '%1'%2")
                .arg(QString::fromStdString(node.text()), node.isQuoted() ? QStringLiteral(" (quoted)")
                                                                          : QString());
    case ManifestNode::Kind::Map:
        return QStringLiteral("map of %1").arg(node.entries().size());
    case ManifestNode::Kind::Sequence:
        return QStringLiteral("list of %1").arg(node.items().size());
    }
    return {};
}

// Compares the trees before and after the edit: equal everywhere but at `edited` (a node of
// `before`), which must now be the string `value`.
void compare(const ManifestNode &before, const ManifestNode &after, const ManifestNode *edited,
             const std::string &value, const QString &path)
{
    if (&before == edited) {
        qd::fuzz::check(after.isScalar() && after.text() == value,
                        "the edited value reads back as written",
                        QStringLiteral("%1: wanted '%2', read %3")
                                .arg(path, QString::fromStdString(value), describe(after)));
        return;
    }
    const QString detail = QStringLiteral("%1: %2 became %3").arg(path, describe(before), describe(after));
    qd::fuzz::check(before.kind() == after.kind(), "an edit changes nothing but its value", detail);
    switch (before.kind()) {
    case ManifestNode::Kind::Null:
        break;
    case ManifestNode::Kind::Scalar:
        qd::fuzz::check(before.text() == after.text() && before.isQuoted() == after.isQuoted(),
                        "an edit changes nothing but its value", detail);
        break;
    case ManifestNode::Kind::Map:
        qd::fuzz::check(before.entries().size() == after.entries().size(),
                        "an edit changes nothing but its value", detail);
        for (size_t i = 0; i < before.entries().size(); ++i) {
            const auto &[key, child] = before.entries()[i];
            qd::fuzz::check(key == after.entries()[i].first, "an edit changes nothing but its value",
                            QStringLiteral("%1: key '%2' became '%3'")
                                    .arg(path, QString::fromStdString(key),
                                         QString::fromStdString(after.entries()[i].first)));
            compare(child, after.entries()[i].second, edited, value,
                    path + QLatin1Char('.') + QString::fromStdString(key));
        }
        break;
    case ManifestNode::Kind::Sequence:
        qd::fuzz::check(before.items().size() == after.items().size(),
                        "an edit changes nothing but its value", detail);
        for (size_t i = 0; i < before.items().size(); ++i)
            compare(before.items()[i], after.items()[i], edited, value,
                    path + QStringLiteral(".%1").arg(i));
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const Pick pick = pickOf(text);
    const qd::ParsedYaml before = qd::parseYaml(text.toStdString(), 0, QStringLiteral("fuzz.yml"));
    std::vector<const ManifestNode *> values;
    for (const ManifestNode &document : before.documents)
        collectValues(document, values);
    if (values.empty()) {
        // Nothing to edit: the editor must refuse wherever it is pointed, without harm.
        (void)qd::replaceScalarAt(text, 1, 1, pick.value);
        return 0;
    }
    const ManifestNode *target = values[size_t(std::abs(pick.index)) % values.size()];
    const auto edited = qd::replaceScalarAt(text, target->origin().line, target->origin().column,
                                            pick.value);
    if (!edited || !before.ok())
        return 0;

    const qd::ParsedYaml after = qd::parseYaml(edited->toStdString(), 0, QStringLiteral("fuzz.yml"));
    qd::fuzz::check(after.ok(), "an edited file still parses",
                    after.problems.isEmpty() ? QString() : after.problems.first().message);
    qd::fuzz::check(after.documents.size() == before.documents.size(),
                    "an edit keeps the file's documents");
    const std::string value = pick.value.toStdString();
    for (size_t i = 0; i < before.documents.size(); ++i)
        compare(before.documents[i], after.documents[i], target, value, QStringLiteral("doc%1").arg(i));
    return 0;
}
