#pragma once

#include <QString>

#include <compare>

namespace qd {

// A Spinnaker release version such as "2.31.0", "2.31.0-rc1" or "1.28.1".
// Ordered as semantic versions: a pre-release sorts before its release.
class Version
{
public:
    static Version parse(const QString &text);

    bool isValid() const { return m_valid; }
    QString toString() const { return m_text; }

    friend std::strong_ordering operator<=>(const Version &a, const Version &b);
    friend bool operator==(const Version &a, const Version &b) { return (a <=> b) == 0; }

private:
    QString m_text;
    int m_major = 0;
    int m_minor = 0;
    int m_patch = 0;
    QString m_preRelease;
    bool m_valid = false;
};

} // namespace qd
