#include "services/config/FileChecker.h"

#include <QStringList>

#include <algorithm>

namespace qd {

namespace {

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

void FileChecker::problem(const ManifestNode &node, const QString &message)
{
    m_problems.append({at(node), message});
}

SourceLocation FileChecker::at(const ManifestNode &node) const
{
    return {m_file, node.origin().line, node.origin().column};
}

bool FileChecker::expectMap(const ManifestNode &node, const QString &what,
                            std::initializer_list<std::string_view> known)
{
    if (!node.isMap()) {
        problem(node, QStringLiteral("%1 must be a mapping").arg(what));
        return false;
    }
    for (const auto &[key, value] : node.entries()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            QStringList names;
            for (auto name : known)
                names.append(QString::fromLatin1(name.data(), qsizetype(name.size())));
            problem(value, QStringLiteral("unknown key '%1' in %2 (expected one of: %3)")
                                   .arg(q(key), what, names.join(QStringLiteral(", "))));
        }
    }
    return true;
}

QString FileChecker::text(const ManifestNode &map, const char *key, const QString &what,
                          bool required)
{
    const ManifestNode *value = map.find(key);
    if (!value || value->isNull()) {
        if (required)
            problem(map, QStringLiteral("%1 has no '%2'").arg(what, QLatin1String(key)));
        return {};
    }
    if (!value->isScalar()) {
        problem(*value, QStringLiteral("'%1' must be a single value").arg(QLatin1String(key)));
        return {};
    }
    return q(value->text());
}

} // namespace qd
