// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include <WeChatLogin/pkce.h>

// Qt
#include <QSet>
#include <QTest>

using namespace WeChatLogin;

class tst_Pkce : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfc7636AppendixB()
    {
        QCOMPARE(Pkce::challenge(QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")),
                 QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        QCOMPARE(Pkce::method(), QStringLiteral("s256"));
    }
    void verifierShape()
    {
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i) {
            const QString v = Pkce::generateVerifier();
            QCOMPARE(v.size(), 112); // as auth-js
            QVERIFY(Pkce::isValidVerifier(v));
            const QString challenge = Pkce::challenge(v);
            QCOMPARE(challenge.size(), 43);
            QVERIFY(!challenge.contains(u'=') && !challenge.contains(u'+')
                    && !challenge.contains(u'/'));
            seen.insert(v);
        }
        QCOMPARE(seen.size(), 200); // fresh every time
    }
    void validation_data()
    {
        QTest::addColumn<QString>("verifier");
        QTest::addColumn<bool>("valid");
        QTest::newRow("42") << QString(42, u'a') << false;
        QTest::newRow("43") << QString(43, u'a') << true;
        QTest::newRow("128") << QString(128, u'~') << true;
        QTest::newRow("129") << QString(129, u'a') << false;
        QTest::newRow("plus") << QString(42, u'a') + u'+' << false;
        QTest::newRow("unreserved")
            << QStringLiteral("AZaz09-._~AZaz09-._~AZaz09-._~AZaz09-._~AZaz") << true;
        QTest::newRow("non-ascii") << QString(42, u'a') + QStringLiteral("码") << false;
    }
    void validation()
    {
        QFETCH(QString, verifier);
        QFETCH(bool, valid);
        QCOMPARE(Pkce::isValidVerifier(verifier), valid);
    }
};

QTEST_GUILESS_MAIN(tst_Pkce)
#include "tst_pkce.moc"
