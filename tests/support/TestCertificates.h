#pragma once

#include <QString>
#include <QStringList>

namespace qd::test {

// A throwaway certificate authority and one server certificate signed by it, made with the
// openssl command line in a scratch directory. Valid for two days; never trusted by the system.
struct TestPki
{
    QString caFile;   // the CA certificate (PEM): what a client is told to trust
    QString certFile; // the server certificate (PEM)
    QString keyFile;  // the server's private key (PEM, unencrypted)
};

// dir: created if needed. dnsNames and ipAddresses go into subjectAltName (the first DNS name
// is also the subject's CN). On failure, *error says which openssl step failed and why.
bool makeTestPki(const QString &dir,
                 const QStringList &dnsNames,
                 const QStringList &ipAddresses,
                 TestPki *pki,
                 QString *error);

} // namespace qd::test
