#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QVariant>

namespace qd::test {

// The settings a `quarterdeck` command line reads, in a scratch XDG_CONFIG_HOME (its
// organization and application are both "Quarterdeck"), and the environment that points it there.
class CliConfig
{
public:
    explicit CliConfig(const QString &configHome) : m_home(configHome) {}

    void set(const QString &key, const QVariant &value) const;
    QProcessEnvironment environment() const;

private:
    QString m_home;
};

// fleet.yaml with one customer, acme (America/New_York), whose Green zone is acme-green: enough
// for the commands that read live sources for a fleet.
bool writeOneCustomerFleet(const QString &repo);

} // namespace qd::test
