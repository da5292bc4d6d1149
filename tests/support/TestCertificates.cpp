#include "support/TestCertificates.h"

#include "support/ServerProcess.h"

#include <QDir>
#include <QFile>

namespace qd::test {

namespace {

bool openssl(const QStringList &arguments, QString *error)
{
    const ProcessRun run = runProgram(QStringLiteral("openssl"), arguments);
    if (run.exitCode == 0)
        return true;
    *error = QStringLiteral("openssl %1 failed: %2")
                     .arg(arguments.value(0), QString::fromUtf8(run.err + run.out).trimmed());
    return false;
}

} // namespace

bool makeTestPki(const QString &dir,
                 const QStringList &dnsNames,
                 const QStringList &ipAddresses,
                 TestPki *pki,
                 QString *error)
{
    QDir scratch(dir);
    if (!scratch.mkpath(QStringLiteral("."))) {
        *error = QStringLiteral("cannot create %1").arg(dir);
        return false;
    }
    const QString caKey = scratch.filePath(QStringLiteral("ca.key"));
    const QString csr = scratch.filePath(QStringLiteral("server.csr"));
    const QString extensions = scratch.filePath(QStringLiteral("server.ext"));
    pki->caFile = scratch.filePath(QStringLiteral("ca.pem"));
    pki->certFile = scratch.filePath(QStringLiteral("server.pem"));
    pki->keyFile = scratch.filePath(QStringLiteral("server.key"));

    // P-256 keys: generated in milliseconds, and spoken by OpenSSL, mbedTLS and Go alike.
    const QStringList ecKey{
            QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    if (!openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ecKey +
                         QStringList{QStringLiteral("-keyout"), caKey, QStringLiteral("-out"),
                                     pki->caFile, QStringLiteral("-days"), QStringLiteral("2"),
                                     QStringLiteral("-subj"),
                                     QStringLiteral("/CN=Quarterdeck Test CA"),
                                     QStringLiteral("-addext"),
                                     QStringLiteral("basicConstraints=critical,CA:TRUE"),
                                     QStringLiteral("-addext"),
                                     QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                 error))
        return false;
    if (!openssl(QStringList{QStringLiteral("req"), QStringLiteral("-new")} + ecKey +
                         QStringList{QStringLiteral("-keyout"), pki->keyFile,
                                     QStringLiteral("-out"), csr, QStringLiteral("-subj"),
                                     QStringLiteral("/CN=%1").arg(dnsNames.value(0))},
                 error))
        return false;
    QStringList names;
    for (const QString &name : dnsNames)
        names << QStringLiteral("DNS:") + name;
    for (const QString &address : ipAddresses)
        names << QStringLiteral("IP:") + address;
    QFile ext(extensions);
    const QByteArray text = "subjectAltName=" + names.join(QLatin1Char(',')).toUtf8() +
                            "\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\n"
                            "keyUsage=critical,digitalSignature\n";
    if (!ext.open(QIODevice::WriteOnly) || ext.write(text) != text.size()) {
        *error = QStringLiteral("cannot write %1").arg(extensions);
        return false;
    }
    ext.close();
    return openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
                    QStringLiteral("-CA"), pki->caFile, QStringLiteral("-CAkey"), caKey,
                    QStringLiteral("-set_serial"), QStringLiteral("2"), QStringLiteral("-days"),
                    QStringLiteral("2"), QStringLiteral("-extfile"), extensions,
                    QStringLiteral("-out"), pki->certFile},
                   error);
}

} // namespace qd::test
