#include "support/CliConfig.h"

#include "support/TestRepo.h"

#include <QSettings>

namespace qd::test {

void CliConfig::set(const QString &key, const QVariant &value) const
{
    QSettings settings(m_home + QStringLiteral("/Quarterdeck/Quarterdeck.conf"),
                       QSettings::IniFormat);
    settings.setValue(key, value);
}

QProcessEnvironment CliConfig::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home);
    return environment;
}

bool writeOneCustomerFleet(const QString &repo)
{
    return writeFile(repo, QStringLiteral("fleet.yaml"),
                     "apiVersion: quarterdeck/v1\ncustomers:\n"
                     "  - id: acme\n    name: ACME Corp\n"
                     "    calendar: {timezone: America/New_York}\n    slo: {target: 99.9}\n"
                     "    zones:\n"
                     "      green: {overlay: customers/acme/green, cluster: acme-green}\n");
}

} // namespace qd::test
