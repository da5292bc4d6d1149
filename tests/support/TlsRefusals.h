#pragma once

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

} // namespace qd::test
