#pragma once

#include "support/TestCertificates.h"

#include <QDir>
#include <QString>
#include <QStringList>
#include <QTest>

namespace qd::test {

// The ways a server with TLS (a throwaway CA) and Basic auth turns a client away, as the rows of
// a test's _data() function: columns caFile ("pki": the server's CA, "other": another CA, empty:
// the system's CAs only), password, scheme and expected (words each in the error message, any
// case). `refusedCredentials`: the words a client says for an HTTP 401.
inline void addTlsRefusalRows(const QString &password, const QStringList &refusedCredentials)
{
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QStringList>("expected");

    const QString https = QStringLiteral("https");
    const QStringList untrusted{QStringLiteral("SSL"), QStringLiteral("certificate")};
    QTest::newRow("system CAs only") << QString() << password << https << untrusted;
    QTest::newRow("another private CA") << QStringLiteral("other") << password << https << untrusted;
    QTest::newRow("wrong password") << QStringLiteral("pki") << QStringLiteral("wrong") << https
                                    << refusedCredentials;
    QTest::newRow("no credentials") << QStringLiteral("pki") << QString() << https
                                    << refusedCredentials;
    QTest::newRow("plain http to the TLS port") << QString() << password << QStringLiteral("http")
                                                << QStringList{QStringLiteral("HTTP 400")};
}

// The two throwaway PKIs behind those rows, for a server on loopback: `pki`, whose CA signed the
// server's certificate, and `other`, a CA that did not.
struct TlsRefusalPkis
{
    TestPki pki;
    TestPki other;

    // Makes both under dir/pki and dir/other-pki for "localhost" and 127.0.0.1.
    bool make(const QString &dir, QString *error)
    {
        const QStringList names{QStringLiteral("localhost")};
        const QStringList addresses{QStringLiteral("127.0.0.1")};
        return makeTestPki(QDir(dir).filePath(QStringLiteral("pki")), names, addresses, &pki, error)
               && makeTestPki(QDir(dir).filePath(QStringLiteral("other-pki")), names, addresses,
                              &other, error);
    }

    // The CA file a row's caFile column names ("pki" or "other"; empty: none).
    QString caFileOf(const QString &column) const
    {
        if (column.isEmpty())
            return {};
        return column == QStringLiteral("pki") ? pki.caFile : other.caFile;
    }
};

} // namespace qd::test
