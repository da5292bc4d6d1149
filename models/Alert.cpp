#include "models/Alert.h"

#include <QRegularExpression>

#include <algorithm>

namespace qd {

bool SilenceMatcher::matches(const QMap<QString, QString> &labels) const
{
    // Alertmanager compares with the empty string when the label is missing, and anchors regexes.
    const QString actual = labels.value(name);
    bool equal = false;
    if (isRegex) {
        const QRegularExpression re(QRegularExpression::anchoredPattern(value));
        equal = re.isValid() && re.match(actual).hasMatch();
    } else {
        equal = actual == value;
    }
    return isEqual ? equal : !equal;
}

bool Silence::matches(const QMap<QString, QString> &labels) const
{
    return !matchers.isEmpty()
           && std::all_of(matchers.cbegin(), matchers.cend(),
                          [&labels](const SilenceMatcher &m) { return m.matches(labels); });
}

} // namespace qd
