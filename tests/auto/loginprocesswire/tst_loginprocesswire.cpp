// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SignInHelper: what the window and its sign-in process say to each other survives the
// trip (the whole config, the proxy with its credentials, the CA file, the language; the
// session or the error), and anything else is refused, never half read.

#include <WeChatLogin/session.h>
#include <networksettings.h>
#include <signinhelper.h>

// Qt
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace WeChatLogin;

class tst_SignInHelper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestRoundTrip();
    void replyRoundTrip();
    void errorRoundTrip();
    void refusesWhatIsNotOurs_data();
    void refusesWhatIsNotOurs();
};

void tst_SignInHelper::requestRoundTrip()
{
    AuthConfig config(QUrl(QStringLiteral("https://abc.memfiredb.com")),
                      QStringLiteral("anon-key"));
    config.setRedirectUrl(QUrl(QStringLiteral("myapp://callback")));
    config.setProvider(QStringLiteral("wechat_qr"));
    config.setScopes(QStringLiteral("snsapi_login"));
    config.setStorageKey(QStringLiteral("sb-sandbox-auth-token"));
    config.setRequestTimeoutMs(12000);
    config.setTrustedHosts({QStringLiteral("127.0.0.1:4000"), QStringLiteral("wx.example")});
    config.setExtraAuthorizeParams({{QStringLiteral("lang"), QStringLiteral("en")}});
    NetworkSettings network;
    QString why;
    QVERIFY(network.setProxy(QStringLiteral("http://alice:s%40cret@proxy.example:3128"), &why));
    const QByteArray json = SignInHelper::request(config, network, QStringLiteral("zh_CN"));
    QVERIFY(json.endsWith('\n'));
    QCOMPARE(json.count('\n'), 1); // one line: the child reads up to it

    SignInHelper::Request request;
    QVERIFY2(SignInHelper::readRequest(json, &request, &why), qPrintable(why));
    QCOMPARE(request.config, config);
    QCOMPARE(request.language, QStringLiteral("zh_CN"));
    QCOMPARE(request.caFile, QString());
    NetworkSettings again;
    QVERIFY2(again.setProxy(request.proxy, &why), qPrintable(why));
    QCOMPARE(again.proxy().user(), QStringLiteral("alice"));
    QCOMPARE(again.proxy().password(), QStringLiteral("s@cret"));
    QCOMPARE(again.proxy().hostName(), QStringLiteral("proxy.example"));
    QCOMPARE(again.proxy().port(), quint16(3128));
}

void tst_SignInHelper::replyRoundTrip()
{
    const QByteArray stored =
        R"({"access_token":"a.b.c","token_type":"bearer","expires_in":3600,"expires_at":1767225600,)"
        R"("refresh_token":"r1","user":{"id":"u1","user_metadata":{"nickname":"小微"}}})";
    const Session session = Session::fromJson(stored);
    QVERIFY(session.isValid());
    Session back;
    AuthError error;
    QVERIFY(SignInHelper::readReply(SignInHelper::reply(session, AuthError()), &back, &error));
    QCOMPARE(back.accessToken(), session.accessToken());
    QCOMPARE(back.refreshToken(), session.refreshToken());
    QCOMPARE(back.userId(), QStringLiteral("u1"));
    QCOMPARE(back.nickname(), QStringLiteral("小微"));
    QVERIFY(!error.isError());
}

void tst_SignInHelper::errorRoundTrip()
{
    Session back;
    AuthError error;
    const AuthError sent(AuthError::Kind::FlowExpired, QStringLiteral("flow state expired"));
    QVERIFY(SignInHelper::readReply(SignInHelper::reply(Session(), sent), &back, &error));
    QVERIFY(!back.isValid());
    QCOMPARE(error.kind(), AuthError::Kind::FlowExpired);
    QCOMPARE(error.message(), sent.message());
    const AuthError closed(AuthError::Kind::Cancelled, QStringLiteral("closed"));
    QVERIFY(SignInHelper::readReply(SignInHelper::reply(Session(), closed), &back, &error));
    QCOMPARE(error.kind(), AuthError::Kind::Cancelled);
}

void tst_SignInHelper::refusesWhatIsNotOurs_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("nothing") << QByteArray();
    QTest::newRow("a crash's half line") << QByteArray(R"({"schema":1,"sess)");
    QTest::newRow("another schema") << QByteArray(R"({"schema":2,"error":{"kind":"Network"}})");
    QTest::newRow("neither") << QByteArray(R"({"schema":1})");
    QTest::newRow("a session without tokens")
        << QByteArray(R"({"schema":1,"session":{"user":{"id":"u"}}})");
    QTest::newRow("text") << QByteArray("Segmentation fault\n");
}

void tst_SignInHelper::refusesWhatIsNotOurs()
{
    QFETCH(QByteArray, json);
    Session session;
    AuthError error;
    QVERIFY(!SignInHelper::readReply(json, &session, &error));
    QVERIFY(!session.isValid());
    SignInHelper::Request request;
    QString why;
    QVERIFY(!SignInHelper::readRequest(json, &request, &why));
    QVERIFY(why.contains(QLatin1String("sign-in-helper")));
}

QTEST_GUILESS_MAIN(tst_SignInHelper)
#include "tst_signinhelper.moc"
