#include "support/FleetGenerator.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <random>

namespace qd::test {

namespace {

// Ordered oldest to newest; a customer mid-upgrade runs a later one in Red than in Green.
const QStringList kVersions = {
    QStringLiteral("2.28.6"), QStringLiteral("2.29.3"),     QStringLiteral("2.30.1"),
    QStringLiteral("2.30.2"), QStringLiteral("2.31.0"),     QStringLiteral("2.31.1"),
    QStringLiteral("2.32.0-rc1"), QStringLiteral("2.32.0"),
};
constexpr int kNewestGreen = 4; // Green never runs a release candidate

const QStringList kFirstWords = {
    QStringLiteral("Northwind"), QStringLiteral("Globex"),    QStringLiteral("Initech"),
    QStringLiteral("Umbrella"),  QStringLiteral("Stark"),     QStringLiteral("Wayne"),
    QStringLiteral("Acme"),      QStringLiteral("Soylent"),   QStringLiteral("Tyrell"),
    QStringLiteral("Cyberdyne"), QStringLiteral("Hooli"),     QStringLiteral("Vandelay"),
    QStringLiteral("Pied"),      QStringLiteral("Massive"),   QStringLiteral("Oscorp"),
    QStringLiteral("Gringotts"), QStringLiteral("Monarch"),   QStringLiteral("Wonka"),
    QStringLiteral("Aperture"),  QStringLiteral("Black Mesa"), QStringLiteral("Dunder"),
    QStringLiteral("Sterling"),  QStringLiteral("Prestige"),  QStringLiteral("Blue Sun"),
    QStringLiteral("Virtucon"),  QStringLiteral("Nakatomi"),  QStringLiteral("Weyland"),
    QStringLiteral("Zorg"),      QStringLiteral("Ollivander"), QStringLiteral("Krusty"),
    QStringLiteral("Bluth"),     QStringLiteral("Gekko"),
};
const QStringList kSecondWords = {
    QStringLiteral("Logistics"),  QStringLiteral("Corp"),      QStringLiteral("Bank"),
    QStringLiteral("Insurance"),  QStringLiteral("Retail"),    QStringLiteral("Media"),
    QStringLiteral("Health"),     QStringLiteral("Airlines"),  QStringLiteral("Energy"),
    QStringLiteral("Telecom"),    QStringLiteral("Games"),     QStringLiteral("Foods"),
    QStringLiteral("Motors"),     QStringLiteral("Labs"),      QStringLiteral("Systems"),
    QStringLiteral("Payments"),   QStringLiteral("Robotics"),  QStringLiteral("Pharma"),
    QStringLiteral("Shipping"),   QStringLiteral("Studios"),   QStringLiteral("Analytics"),
    QStringLiteral("Mining"),     QStringLiteral("Travel"),    QStringLiteral("Security"),
    QStringLiteral("Cloud"),      QStringLiteral("Holdings"),  QStringLiteral("Freight"),
    QStringLiteral("Networks"),   QStringLiteral("Capital"),   QStringLiteral("Devices"),
    QStringLiteral("Apparel"),    QStringLiteral("Biotech"),
};

struct Placement
{
    QString cloud;
    QString region;
    QString timezone;
};

const QList<Placement> kPlacements = {
    {QStringLiteral("aws"), QStringLiteral("us-east-1"), QStringLiteral("America/New_York")},
    {QStringLiteral("aws"), QStringLiteral("us-west-2"), QStringLiteral("America/Los_Angeles")},
    {QStringLiteral("aws"), QStringLiteral("eu-central-1"), QStringLiteral("Europe/Berlin")},
    {QStringLiteral("gcp"), QStringLiteral("europe-west1"), QStringLiteral("Europe/Brussels")},
    {QStringLiteral("gcp"), QStringLiteral("us-central1"), QStringLiteral("America/Chicago")},
    {QStringLiteral("azure"), QStringLiteral("westeurope"), QStringLiteral("Europe/Amsterdam")},
    {QStringLiteral("aws"), QStringLiteral("ap-southeast-2"), QStringLiteral("Australia/Sydney")},
    {QStringLiteral("gcp"), QStringLiteral("asia-northeast1"), QStringLiteral("Asia/Tokyo")},
};

const QString kServiceHeader = QStringLiteral(
        "apiVersion: spinnaker.io/v1alpha2\n"
        "kind: SpinnakerService\n"
        "metadata:\n"
        "  name: spinnaker\n");

// The shared base: a full SpinnakerService much like the Operator's own example.
const QString kBaseService = QStringLiteral(R"(apiVersion: spinnaker.io/v1alpha2
kind: SpinnakerService
metadata:
  name: spinnaker
spec:
  # spec.spinnakerConfig - how Spinnaker is configured; every zone overlay patches this
  spinnakerConfig:
    # spec.spinnakerConfig.config - the contents of a halconfig deploymentConfigurations[0]
    config:
      version: 2.28.6   # fallback only: every zone pins its own version in patch-version.yml
      persistentStorage:
        persistentStoreType: s3
        s3:
          bucket: change-me # every zone sets its own bucket in patch-persistence.yml
          rootFolder: front50
      features:
        artifacts: true
        pipelineTemplates: true
      security:
        authn:
          oauth2:
            enabled: true
            client:
              clientId: encrypted:k8s!n:spin-secrets!k:oauth-client-id
              clientSecret: encrypted:k8s!n:spin-secrets!k:oauth-client-secret
            provider: GITHUB
      artifacts:
        github:
          enabled: true
          accounts:
          - name: github
            token: encrypted:k8s!n:spin-secrets!k:github-token

    # spec.spinnakerConfig.profiles - the YAML of each service's profile
    profiles:
      clouddriver: {} # ~/.hal/default/profiles/clouddriver.yml
      # deck has a special key "settings-local.js" for the contents of settings-local.js
      deck:
        settings-local.js: |
          window.spinnakerSettings.feature.kustomizeEnabled = true;
          window.spinnakerSettings.feature.artifactsRewrite = true;
      echo: {}    # ~/.hal/default/profiles/echo.yml
      fiat: {}    # ~/.hal/default/profiles/fiat.yml
      front50: {} # ~/.hal/default/profiles/front50.yml
      gate: {}    # ~/.hal/default/profiles/gate.yml
      igor: {}    # ~/.hal/default/profiles/igor.yml
      kayenta: {} # ~/.hal/default/profiles/kayenta.yml
      orca: {}    # ~/.hal/default/profiles/orca.yml
      rosco: {}   # ~/.hal/default/profiles/rosco.yml

    # spec.spinnakerConfig.service-settings - see the Halyard docs for tweakable settings
    service-settings:
      clouddriver:
        kubernetes:
          podAnnotations:
            prometheus.io/scrape: "true"
      deck: {}
      echo: {}
      fiat: {}
      front50: {}
      gate: {}
      igor: {}
      kayenta: {}
      orca: {}
      rosco: {}

  # spec.expose - how Spinnaker is publicly exposed
  expose:
    type: service  # Kubernetes LoadBalancer type (service/ingress)
    service:
      type: LoadBalancer
      annotations:
        service.beta.kubernetes.io/aws-load-balancer-backend-protocol: http
        # uncomment to terminate TLS at the LoadBalancer
        #service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:us-west-2:9999999:certificate/abc-123
)");

const QString kBaseKustomization = QStringLiteral(R"(# Shared base of every customer's SpinnakerService. Customers never edit this directory:
# their overlays under customers/<id>/ patch it.
resources:
  - spinnakerservice.yml
)");

class Writer
{
public:
    explicit Writer(const QString &root) : m_root(root) {}

    bool write(const QString &relativePath, const QString &text)
    {
        if (!m_error.isEmpty())
            return false;
        const QString path = m_root + QLatin1Char('/') + relativePath;
        if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
            m_error = QStringLiteral("cannot create the folder of %1").arg(path);
            return false;
        }
        QFile file(path);
        const QByteArray bytes = text.toUtf8();
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(bytes) != bytes.size()) {
            m_error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
            return false;
        }
        m_fleet.totalBytes += bytes.size();
        return true;
    }

    QString error() const { return m_error; }
    GeneratedFleet &fleet() { return m_fleet; }

private:
    QString m_root;
    QString m_error;
    GeneratedFleet m_fleet;
};

int lineCount(const QString &text)
{
    return int(text.count(QLatin1Char('\n')));
}

struct CustomerPlan
{
    QString id;
    QString name;
    Placement placement;
    QString greenVersion;
    QString redVersion;
    QStringList greenHistory; // older versions left commented out above the live one
    QStringList redHistory;
    bool perCustomerBase = false;
    bool usesPatchesField = false;
    int extraPatch = 0; // 0 none, 1 profiles, 2 expose
    double sloTarget = 99.9;
};

class Generator
{
public:
    Generator(const QString &root, const FleetShape &shape)
        : m_root(root), m_shape(shape), m_random(shape.seed), m_writer(root)
    {}

    Result<GeneratedFleet> run()
    {
        if (QDir(m_root).exists() && !QDir(m_root).isEmpty())
            return Error{QStringLiteral("%1 is not empty").arg(m_root)};
        QList<CustomerPlan> plans;
        plans.reserve(m_shape.customers);
        for (int i = 0; i < m_shape.customers; ++i)
            plans.append(plan(i));

        m_writer.write(QStringLiteral("base/kustomization.yml"), kBaseKustomization);
        m_writer.write(QStringLiteral("base/spinnakerservice.yml"), kBaseService);
        m_writer.write(QStringLiteral("fleet.yaml"), fleetYaml(plans));
        m_writer.write(QStringLiteral("maintenance.yaml"), maintenanceYaml(plans));
        for (const CustomerPlan &customer : plans)
            writeCustomer(customer);
        if (!m_writer.error().isEmpty())
            return Error{m_writer.error()};

        if (m_shape.git == GitHistory::SingleCommit) {
            if (const QString error = commit(); !error.isEmpty())
                return Error{error};
        }
        GeneratedFleet fleet = std::move(m_writer.fleet());
        fleet.root = QDir(m_root).absolutePath();
        fleet.yamlFiles = yamlFilesUnder(m_root);
        return fleet;
    }

private:
    int uniform(int lowest, int highest)
    {
        return std::uniform_int_distribution<int>(lowest, highest)(m_random);
    }

    CustomerPlan plan(int index)
    {
        CustomerPlan customer;
        const int words = int(kFirstWords.size() * kSecondWords.size());
        customer.name = kFirstWords.at(index % kFirstWords.size()) + QLatin1Char(' ')
                        + kSecondWords.at((index / kFirstWords.size()) % kSecondWords.size());
        if (index >= words)
            customer.name += QStringLiteral(" %1").arg(index / words + 1);
        customer.id = customer.name.toLower().replace(QLatin1Char(' '), QLatin1Char('-'));
        customer.placement = kPlacements.at(uniform(0, int(kPlacements.size()) - 1));

        const int green = uniform(0, kNewestGreen);
        const bool midUpgrade = uniform(0, 99) < 25;
        const int red = midUpgrade ? std::min(green + uniform(1, 3), int(kVersions.size()) - 1)
                                   : green;
        customer.greenVersion = kVersions.at(green);
        customer.redVersion = kVersions.at(red);
        for (int old = std::max(0, green - uniform(0, 2)); old < green; ++old)
            customer.greenHistory.append(kVersions.at(old));
        for (int old = std::max(0, red - uniform(0, 2)); old < red; ++old)
            customer.redHistory.append(kVersions.at(old));

        customer.perCustomerBase = uniform(0, 9) == 0;
        customer.usesPatchesField = uniform(0, 1) == 1;
        customer.extraPatch = uniform(0, 2);
        customer.sloTarget = uniform(0, 3) == 0 ? 99.95 : 99.9;
        return customer;
    }

    static QString zoneHost(const CustomerPlan &customer, const QString &zone, const QString &kind)
    {
        const QString prefix = kind == QLatin1String("deck") ? QStringLiteral("spinnaker")
                                                              : QStringLiteral("api");
        const QString suffix = zone == QLatin1String("red") ? QStringLiteral("-red") : QString();
        return QStringLiteral("https://%1%2.%3.example").arg(prefix, suffix, customer.id);
    }

    static QString fleetYaml(const QList<CustomerPlan> &plans)
    {
        QString text = QStringLiteral("# Generated for the benchmarks: %1 customers.\n"
                                      "apiVersion: quarterdeck/v1\n"
                                      "customers:\n")
                               .arg(plans.size());
        for (const CustomerPlan &c : plans) {
            text += QStringLiteral("  - id: %1\n    name: %2\n").arg(c.id, c.name);
            text += QStringLiteral("    calendar: {timezone: %1, businessHours: \"09:00-17:00\", "
                                   "workdays: [Mon, Tue, Wed, Thu, Fri],\n"
                                   "               holidays: [2026-11-26, 2026-12-25]}\n")
                            .arg(c.placement.timezone);
            text += QStringLiteral("    slo: {target: %1}\n    zones:\n").arg(c.sloTarget);
            for (const QString &zone : {QStringLiteral("red"), QStringLiteral("green")}) {
                const QString pad = zone == QLatin1String("red") ? QStringLiteral("  ")
                                                                 : QString();
                text += QStringLiteral("      %1: %2{overlay: customers/%3/%1, %2cluster: %3-%1, "
                                       "%2cloud: %4, region: %5,\n")
                                .arg(zone, pad, c.id, c.placement.cloud, c.placement.region);
                text += QStringLiteral("              deck: \"%1\", gate: \"%2\"}\n")
                                .arg(zoneHost(c, zone, QStringLiteral("deck")),
                                     zoneHost(c, zone, QStringLiteral("gate")));
            }
        }
        return text;
    }

    static QString maintenanceYaml(const QList<CustomerPlan> &plans)
    {
        QString text = QStringLiteral("# Scheduled maintenance: excluded from the SLA.\nwindows:\n");
        for (int i = 0; i < plans.size(); i += 10) {
            const CustomerPlan &c = plans.at(i);
            text += QStringLiteral("  - {customer: %1, zone: green, start: \"2026-11-%2T02:00:00Z\", "
                                   "end: \"2026-11-%2T04:00:00Z\", reason: \"%3 upgrade\"}\n")
                            .arg(c.id)
                            .arg(3 + i % 25, 2, 10, QLatin1Char('0'))
                            .arg(c.greenVersion);
        }
        return text;
    }

    void writeCustomer(const CustomerPlan &customer)
    {
        const QString dir = QStringLiteral("customers/") + customer.id;
        if (customer.perCustomerBase) {
            m_writer.write(dir + QStringLiteral("/base/kustomization.yml"),
                           QStringLiteral("# What %1 shares between its Red and Green zones.\n"
                                          "resources:\n"
                                          "  - ../../../base\n\n"
                                          "commonAnnotations:\n"
                                          "  quarterdeck.io/customer: %2\n\n"
                                          "patchesStrategicMerge:\n"
                                          "  - patch-customer.yml\n")
                                   .arg(customer.name, customer.id));
            m_writer.write(dir + QStringLiteral("/base/patch-customer.yml"),
                           kServiceHeader
                                   + QStringLiteral("spec:\n"
                                                    "  spinnakerConfig:\n"
                                                    "    config:\n"
                                                    "      version: %1   # overridden per zone\n"
                                                    "      timezone: %2\n")
                                             .arg(customer.greenVersion,
                                                  customer.placement.timezone));
        }
        writeZone(customer, QStringLiteral("red"));
        writeZone(customer, QStringLiteral("green"));
    }

    void writeZone(const CustomerPlan &customer, const QString &zone)
    {
        const bool red = zone == QLatin1String("red");
        const QString dir = QStringLiteral("customers/%1/%2").arg(customer.id, zone);
        QStringList patches = {QStringLiteral("patch-version.yml"),
                               QStringLiteral("patch-persistence.yml")};
        if (customer.extraPatch == 1)
            patches.append(QStringLiteral("patch-profiles.yml"));
        else if (customer.extraPatch == 2)
            patches.append(QStringLiteral("patch-expose.yml"));

        QString kustomization = QStringLiteral("# %1, %2 zone%3\n")
                                        .arg(customer.name, zone,
                                             red ? QStringLiteral(" (sandbox): upgrades are "
                                                                  "proven out here first")
                                                 : QStringLiteral(" (production, 99.9% SLA)"));
        if (customer.perCustomerBase)
            kustomization += QStringLiteral("bases:\n  - ../base\n\n");
        else
            kustomization += QStringLiteral("resources:\n  - ../../../base\n\n");
        kustomization += QStringLiteral("commonAnnotations:\n  quarterdeck.io/zone: %1\n\n")
                                 .arg(zone);
        if (customer.usesPatchesField) {
            kustomization += QStringLiteral("# Applied top down: the last patch that sets a key "
                                            "wins.\npatches:\n");
            for (const QString &patch : patches)
                kustomization += QStringLiteral("  - path: %1\n").arg(patch);
        } else {
            kustomization += QStringLiteral("# Applied top down: the last patch that sets a key "
                                            "wins.\npatchesStrategicMerge:\n");
            for (const QString &patch : patches)
                kustomization += QStringLiteral("  - %1\n").arg(patch);
        }
        m_writer.write(dir + QStringLiteral("/kustomization.yml"), kustomization);

        QString version = kServiceHeader
                          + QStringLiteral("spec:\n  spinnakerConfig:\n    config:\n");
        for (const QString &old : red ? customer.redHistory : customer.greenHistory)
            version += QStringLiteral("      #version: %1\n").arg(old);
        const int versionLine = lineCount(version) + 1;
        const QString live = red ? customer.redVersion : customer.greenVersion;
        version += QStringLiteral("      version: %1   # Spinnaker version to deploy\n").arg(live);
        m_writer.write(dir + QStringLiteral("/patch-version.yml"), version);
        m_writer.write(dir + QStringLiteral("/patch-persistence.yml"),
                       persistencePatch(customer, zone));
        if (customer.extraPatch == 1)
            m_writer.write(dir + QStringLiteral("/patch-profiles.yml"), profilesPatch(customer, zone));
        else if (customer.extraPatch == 2)
            m_writer.write(dir + QStringLiteral("/patch-expose.yml"), exposePatch(customer, zone));

        ExpectedZone expected;
        expected.customerId = customer.id;
        expected.zone = zone;
        expected.overlay = dir;
        expected.version = live;
        expected.versionFile = dir + QStringLiteral("/patch-version.yml");
        expected.versionLine = versionLine;
        expected.perCustomerBase = customer.perCustomerBase;
        expected.usesPatchesField = customer.usesPatchesField;
        m_writer.fleet().zones.append(expected);
    }

    static QString persistencePatch(const CustomerPlan &c, const QString &zone)
    {
        QString text = kServiceHeader
                       + QStringLiteral("spec:\n  spinnakerConfig:\n    config:\n"
                                        "      persistentStorage:\n");
        const QString bucket = QStringLiteral("%1-%2-front50").arg(c.id, zone);
        if (c.placement.cloud == QLatin1String("gcp")) {
            text += QStringLiteral("        persistentStoreType: gcs\n"
                                   "        gcs:\n"
                                   "          bucket: %1   # one bucket per zone, never shared\n"
                                   "          project: %2-spinnaker\n"
                                   "          bucketLocation: %3\n"
                                   "          jsonPath: encrypted:k8s!n:spin-secrets!k:gcs-key\n")
                            .arg(bucket, c.id, c.placement.region);
        } else if (c.placement.cloud == QLatin1String("azure")) {
            text += QStringLiteral("        persistentStoreType: azs\n"
                                   "        azs:\n"
                                   "          storageAccountName: %1spin\n"
                                   "          storageAccountKey: encrypted:k8s!n:spin-secrets!k:azs-key\n"
                                   "          containerName: %2   # one container per zone\n")
                            .arg(QString(c.id).remove(QLatin1Char('-')).left(20), bucket);
        } else {
            text += QStringLiteral("        persistentStoreType: s3\n"
                                   "        s3:\n"
                                   "          bucket: %1   # one bucket per zone, never shared\n"
                                   "          rootFolder: front50\n"
                                   "          region: %2\n")
                            .arg(bucket, c.placement.region);
        }
        return text;
    }

    static QString profilesPatch(const CustomerPlan &c, const QString &zone)
    {
        return kServiceHeader
               + QStringLiteral(R"(spec:
  spinnakerConfig:
    profiles:
      gate:
        server:
          servlet:
            context-path: /api/v1
        cors:
          allowed-origins-pattern: ^https://spinnaker%1\.%2\.example
      clouddriver:
        kubernetes:
          jobs:
            append-suffix: true
        sql:
          enabled: true
          connectionPools:
            default:
              user: clouddriver_service
              password: encrypted:k8s!n:spin-secrets!k:clouddriver-db-password
              jdbcUrl: jdbc:mysql://%2-%3-db:3306/clouddriver
      deck:
        settings-local.js: |
          window.spinnakerSettings.feature.kustomizeEnabled = true;
          window.spinnakerSettings.feature.artifactsRewrite = true;
          window.spinnakerSettings.feature.managedDelivery = %4;
          // %5 zone of %6
)")
                         .arg(zone == QLatin1String("red") ? QStringLiteral("-red") : QString(),
                              c.id, zone,
                              zone == QLatin1String("red") ? QStringLiteral("true")
                                                           : QStringLiteral("false"),
                              zone, c.name);
    }

    static QString exposePatch(const CustomerPlan &c, const QString &zone)
    {
        const QString deck = zoneHost(c, zone, QStringLiteral("deck"));
        const QString gate = zoneHost(c, zone, QStringLiteral("gate"));
        return kServiceHeader
               + QStringLiteral(R"(spec:
  spinnakerConfig:
    config:
      security:
        apiSecurity:
          overrideBaseUrl: %1
        uiSecurity:
          overrideBaseUrl: %2
  expose:
    type: service
    service:
      type: LoadBalancer
      annotations:
        service.beta.kubernetes.io/aws-load-balancer-backend-protocol: http
        #service.beta.kubernetes.io/aws-load-balancer-internal: "true"   # until %3 go-live
)")
                         .arg(gate, deck, c.name);
    }

    QString commit() const
    {
        const QList<QStringList> steps = {
            {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
             QStringLiteral("main")},
            {QStringLiteral("add"), QStringLiteral("-A")},
            {QStringLiteral("-c"), QStringLiteral("user.name=Quarterdeck Bench"),
             QStringLiteral("-c"), QStringLiteral("user.email=bench@quarterdeck.invalid"),
             QStringLiteral("-c"), QStringLiteral("commit.gpgsign=false"),
             QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"),
             QStringLiteral("Generated benchmark fleet")},
        };
        for (const QStringList &arguments : steps) {
            QProcess git;
            git.setWorkingDirectory(m_root);
            git.setProcessChannelMode(QProcess::MergedChannels);
            git.start(QStringLiteral("git"), arguments);
            if (!git.waitForFinished(120'000) || git.exitStatus() != QProcess::NormalExit
                || git.exitCode() != 0) {
                return QStringLiteral("git %1 failed in %2: %3")
                        .arg(arguments.join(QLatin1Char(' ')), m_root,
                             git.errorString() + QLatin1Char(' ')
                                     + QString::fromLocal8Bit(git.readAll()).trimmed());
            }
        }
        return {};
    }

    QString m_root;
    FleetShape m_shape;
    std::mt19937 m_random;
    Writer m_writer;
};

} // namespace

Result<GeneratedFleet> generateFleet(const QString &root, const FleetShape &shape)
{
    return Generator(root, shape).run();
}

QStringList yamlFilesUnder(const QString &root)
{
    QStringList files;
    QDirIterator it(root, {QStringLiteral("*.yml"), QStringLiteral("*.yaml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    const QString gitDir = QDir(root).absoluteFilePath(QStringLiteral(".git")) + QLatin1Char('/');
    while (it.hasNext()) {
        const QString path = QFileInfo(it.next()).absoluteFilePath();
        if (!path.startsWith(gitDir))
            files.append(path);
    }
    files.sort();
    return files;
}

} // namespace qd::test
