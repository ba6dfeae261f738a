// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include <WeChatLogin/session.h>

// Qt
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace WeChatLogin;

namespace {

QString jwt(const QJsonObject &claims)
{
    const auto b64 = [](const QByteArray &b) {
        return b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return QString::fromLatin1(b64(R"({"alg":"HS256","typ":"JWT"})") + '.'
                               + b64(QJsonDocument(claims).toJson(QJsonDocument::Compact))
                               + ".c2lnbmF0dXJl");
}

QJsonObject sessionJson()
{
    return QJsonObject{
        {QStringLiteral("access_token"),
         jwt({{QStringLiteral("sub"), QStringLiteral("u-1")},
              {QStringLiteral("session_id"), QStringLiteral("s-1")},
              {QStringLiteral("role"), QStringLiteral("authenticated")},
              {QStringLiteral("exp"), qint64(4102444800)},
              {QStringLiteral("amr"),
               QJsonArray{QJsonObject{{QStringLiteral("method"), QStringLiteral("oauth")},
                                      {QStringLiteral("timestamp"), 1}}}}})},
        {QStringLiteral("token_type"), QStringLiteral("bearer")},
        {QStringLiteral("expires_in"), 3600},
        {QStringLiteral("expires_at"), qint64(1767225600)},
        {QStringLiteral("refresh_token"), QStringLiteral("abcdefghijkl")},
        {QStringLiteral("provider_token"), QStringLiteral("wx-access")},
        {QStringLiteral("weak_password"), QJsonValue::Null},
        {QStringLiteral("some_future_field"), QJsonObject{{QStringLiteral("x"), 1}}},
        {QStringLiteral("user"),
         QJsonObject{
             {QStringLiteral("id"), QStringLiteral("u-1")},
             {QStringLiteral("email"), QStringLiteral("oABC@wechat.local")},
             {QStringLiteral("app_metadata"),
              QJsonObject{{QStringLiteral("provider"), QStringLiteral("wechat_qr")}}},
             {QStringLiteral("user_metadata"),
              QJsonObject{
                  {QStringLiteral("nickname"), QStringLiteral("小微同学")},
                  {QStringLiteral("avatar_url"), QStringLiteral("https://thirdwx.qlogo.cn/a/132")},
                  {QStringLiteral("custom_claims"),
                   QJsonObject{{QStringLiteral("openid"), QStringLiteral("oABC")},
                               {QStringLiteral("unionid"), QStringLiteral("uXYZ")}}}}}}}};
}

} // namespace

class tst_Session : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripKeepsEverything()
    {
        const QJsonObject in = sessionJson();
        AuthError error;
        const Session s = Session::fromJsonObject(in, &error);
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
        QVERIFY(s.isValid());
        QCOMPARE(s.toJsonObject(), in); // unknown fields and nulls included
        const Session again = Session::fromJson(s.toJson());
        QCOMPARE(again, s);
        QCOMPARE(s.accessToken(), in.value(QStringLiteral("access_token")).toString());
        QCOMPARE(s.refreshToken(), QStringLiteral("abcdefghijkl"));
        QCOMPARE(s.tokenType(), QStringLiteral("bearer"));
        QCOMPARE(s.expiresIn(), 3600);
        QCOMPARE(s.expiresAt(), 1767225600);
        QCOMPARE(s.expiresAtDateTime(), QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC));
        QCOMPARE(s.providerToken(), QStringLiteral("wx-access"));
        QVERIFY(s.providerRefreshToken().isEmpty());
    }
    void claims()
    {
        const Session s = Session::fromJsonObject(sessionJson());
        QCOMPARE(s.userId(), QStringLiteral("u-1"));
        QCOMPARE(s.sessionId(), QStringLiteral("s-1"));
        QCOMPARE(s.role(), QStringLiteral("authenticated"));
        QCOMPARE(s.authenticationMethods(), QStringList{QStringLiteral("oauth")});
        QCOMPARE(s.claims().value(QStringLiteral("exp")).toInteger(), 4102444800);
        QVERIFY(!Session::decodeJwtClaims(QStringLiteral("a.b")));
        QVERIFY(!Session::decodeJwtClaims(QStringLiteral("a.!!!.c")));
        QVERIFY(!Session::decodeJwtClaims(QStringLiteral("a.")
                                          + QString::fromLatin1(QByteArray("[1]").toBase64())
                                          + QStringLiteral(".c")));
    }
    void computesExpiresAt()
    {
        QJsonObject o = sessionJson();
        o.remove(QStringLiteral("expires_at")); // pre-July-2023 servers
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const Session s = Session::fromJsonObject(o);
        QVERIFY(s.isValid());
        QVERIFY(s.expiresAt() >= before + 3600
                && s.expiresAt() <= QDateTime::currentSecsSinceEpoch() + 3600);
        QVERIFY(s.toJsonObject().contains(QStringLiteral("expires_at"))); // auth-js needs it
        QVERIFY(!s.expiresWithin(3000));
        QVERIFY(s.expiresWithin(4000));
        // no expires_in either: the token's exp
        o.remove(QStringLiteral("expires_in"));
        QCOMPARE(Session::fromJsonObject(o).expiresAt(), 4102444800);
        // a numeric string, as some proxies send
        o.insert(QStringLiteral("expires_at"), QStringLiteral("1767225600"));
        QCOMPARE(Session::fromJsonObject(o).expiresAt(), 1767225600);
    }
    void invalid_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not json") << QByteArray("{") << "not a JSON object";
        QTest::newRow("array") << QByteArray("[]") << "not a JSON object";
        QTest::newRow("no access")
            << QByteArray(R"({"refresh_token":"r","expires_in":1})") << "access_token";
        QTest::newRow("no refresh")
            << QByteArray(R"({"access_token":"a","expires_in":1})") << "refresh_token";
        QTest::newRow("no expiry")
            << QByteArray(R"({"access_token":"opaque","refresh_token":"r"})") << "expires_at";
        QTest::newRow("user not object")
            << QByteArray(R"({"access_token":"a","refresh_token":"r","expires_in":1,"user":"x"})")
            << "user";
        // found by fuzz_session: out-of-range numbers must not reach an integer cast or sum
        QTest::newRow("huge expires_at")
            << QByteArray(R"({"access_token":"a","refresh_token":"r","expires_at":1.2e80})")
            << "expires_at";
        QTest::newRow("huge expires_in string") << QByteArray(
            R"({"access_token":"a","refresh_token":"r","expires_in":"9111111111111111111"})")
                                                << "expires_at";
        QTest::newRow("infinite-ish expires_in")
            << QByteArray(R"({"access_token":"a","refresh_token":"r","expires_in":-1e308})")
            << "expires_at";
        QTest::newRow("token not string")
            << QByteArray(R"({"access_token":5,"refresh_token":"r","expires_in":1})")
            << "access_token";
    }
    void invalid()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        AuthError error;
        const Session s = Session::fromJson(json, &error);
        QVERIFY(!s.isValid());
        QCOMPARE(error.kind(), AuthError::Kind::InvalidResponse);
        QVERIFY2(error.message().contains(mentions), qPrintable(error.message()));
    }
    void wechatProfileKeyVariants_data()
    {
        QTest::addColumn<QJsonObject>("user");
        QTest::addColumn<QString>("nickname");
        QTest::addColumn<QString>("avatar");
        QTest::addColumn<QString>("openid");
        QTest::addColumn<QString>("unionid");
        const QJsonObject app{{QStringLiteral("provider"), QStringLiteral("wechat_qr")}};
        QTest::newRow("open forks")
            << QJsonObject{{QStringLiteral("app_metadata"), app},
                           {QStringLiteral("user_metadata"),
                            QJsonObject{
                                {QStringLiteral("nickname"), QStringLiteral("甲")},
                                {QStringLiteral("avatar_url"), QStringLiteral("a")},
                                {QStringLiteral("custom_claims"),
                                 QJsonObject{{QStringLiteral("openid"), QStringLiteral("o1")},
                                             {QStringLiteral("unionid"), QStringLiteral("u1")}}}}}}
            << "甲"
            << "a"
            << "o1"
            << "u1";
        QTest::newRow("name + picture + provider_id")
            << QJsonObject{{QStringLiteral("app_metadata"), app},
                           {QStringLiteral("user_metadata"),
                            QJsonObject{{QStringLiteral("name"), QStringLiteral("乙")},
                                        {QStringLiteral("picture"), QStringLiteral("p")},
                                        {QStringLiteral("provider_id"), QStringLiteral("o2")},
                                        {QStringLiteral("unionid"), QStringLiteral("u2")}}}}
            << "乙"
            << "p"
            << "o2"
            << "u2";
        QTest::newRow("raw wechat keys")
            << QJsonObject{{QStringLiteral("app_metadata"), app},
                           {QStringLiteral("user_metadata"),
                            QJsonObject{{QStringLiteral("full_name"), QStringLiteral("丙")},
                                        {QStringLiteral("headimgurl"), QStringLiteral("h")},
                                        {QStringLiteral("sub"), QStringLiteral("o3")}}}}
            << "丙"
            << "h"
            << "o3"
            << "";
        QTest::newRow("only identities")
            << QJsonObject{{QStringLiteral("app_metadata"), app},
                           {QStringLiteral("identities"),
                            QJsonArray{QJsonObject{
                                {QStringLiteral("provider"), QStringLiteral("wechat_qr")},
                                {QStringLiteral("id"), QStringLiteral("o4")},
                                {QStringLiteral("identity_data"),
                                 QJsonObject{{QStringLiteral("user_name"), QStringLiteral("丁")},
                                             {QStringLiteral("unionid"), QStringLiteral("u4")}}}}}}}
            << "丁"
            << ""
            << "o4"
            << "u4";
        QTest::newRow("nothing") << QJsonObject{{QStringLiteral("user_metadata"), QJsonArray()}}
                                 << ""
                                 << ""
                                 << ""
                                 << "";
    }
    void wechatProfileKeyVariants()
    {
        QFETCH(QJsonObject, user);
        QFETCH(QString, nickname);
        QFETCH(QString, avatar);
        QFETCH(QString, openid);
        QFETCH(QString, unionid);
        QJsonObject o = sessionJson();
        o.insert(QStringLiteral("user"), user);
        const Session s = Session::fromJsonObject(o);
        QCOMPARE(s.nickname(), nickname);
        QCOMPARE(s.avatarUrl(), avatar);
        QCOMPARE(s.openid(), openid);
        QCOMPARE(s.unionid(), unionid);
    }
    // Expiry on the local clock: the local time the answer arrived plus its lifetime.
    void localExpiry()
    {
        const Session s = Session::fromJsonObject(sessionJson());
        QVERIFY(!s.hasLocalExpiry());
        QCOMPARE(s.lifetime(), 3600);
        QCOMPARE(s.localExpiresAtMs(), qint64(1767225600) * 1000); // unknown: the server's
        Session anchored = s;
        const qint64 received = QDateTime::currentMSecsSinceEpoch() - 600'000; // 10 min ago
        anchored.setReceivedAt(received);
        QVERIFY(anchored.hasLocalExpiry());
        QCOMPARE(anchored.localExpiresAtMs(), received + 3'600'000);
        QCOMPARE(anchored.expiresAt(), 1767225600); // the server's own value is kept
        QCOMPARE(anchored.expiresAtDateTime(),
                 QDateTime::fromMSecsSinceEpoch(received + 3'600'000, Qt::UTC));
        QVERIFY(!anchored.expiresWithin(90));
        // it survives the keychain's round trip, as a field auth-js ignores
        QCOMPARE(Session::fromJson(anchored.toJson()).localExpiresAtMs(), received + 3'600'000);
        // Recorded on a clock 8 h ahead of this one: more left than the token ever has, so
        // the clock went back since; it counts as expired now, never as 8 h away.
        Session ahead = s;
        ahead.setReceivedAt(QDateTime::currentMSecsSinceEpoch() + 8 * 3'600'000LL);
        QVERIFY(ahead.localExpiresAtMs() <= QDateTime::currentMSecsSinceEpoch());
        QVERIFY(ahead.expiresWithin(0));
        // Absurd: an expiry years away, stored (no lifetime to bound it) or the server's.
        for (const char *field : {"local_expires_at_ms", "expires_at"}) {
            QJsonObject absurd = sessionJson();
            absurd.remove(QStringLiteral("expires_in"));
            absurd.insert(QStringLiteral("access_token"), QStringLiteral("opaque"));
            absurd.insert(QLatin1String(field), qint64(1) << 52); // the year 142 million
            const Session far = Session::fromJsonObject(absurd);
            QCOMPARE(far.lifetime(), 0);
            QVERIFY2(far.localExpiresAtMs() <= QDateTime::currentMSecsSinceEpoch(), field);
            QVERIFY(far.expiresAtDateTime().isValid());
        }
        // Recorded 2 h ago: simply expired.
        Session old = s;
        old.setReceivedAt(QDateTime::currentMSecsSinceEpoch() - 2 * 3'600'000LL);
        QVERIFY(old.expiresWithin(0));
        // without expires_in the token's exp - iat is the lifetime
        QJsonObject noExpiresIn = sessionJson();
        noExpiresIn.remove(QStringLiteral("expires_in"));
        const auto b64 = [](const QByteArray &json) {
            return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        };
        noExpiresIn.insert(QStringLiteral("access_token"),
                           QString::fromLatin1(b64(R"({"alg":"HS256"})") + '.'
                                               + b64(R"({"sub":"u-1","iat":1000,"exp":1600})")
                                               + ".c2ln"));
        QCOMPARE(Session::fromJsonObject(noExpiresIn).lifetime(), 600);
    }
    void plausibleLifetime_data()
    {
        QTest::addColumn<QJsonValue>("expiresIn");
        QTest::addColumn<bool>("plausible");
        QTest::newRow("an hour") << QJsonValue(3600) << true;
        QTest::newRow("one second") << QJsonValue(1) << true;
        QTest::newRow("a year") << QJsonValue(365 * 24 * 3600) << true;
        QTest::newRow("already expired") << QJsonValue(-5) << false;
        QTest::newRow("zero") << QJsonValue(0) << false;
        QTest::newRow("two years") << QJsonValue(2 * 365 * 24 * 3600) << false;
        QTest::newRow("not a number") << QJsonValue(QStringLiteral("soon")) << false;
    }
    void plausibleLifetime()
    {
        QFETCH(QJsonValue, expiresIn);
        QFETCH(bool, plausible);
        QJsonObject json = sessionJson();
        json.insert(QStringLiteral("expires_in"), expiresIn);
        QString why;
        QCOMPARE(Session::fromJsonObject(json).hasPlausibleLifetime(&why), plausible);
        QCOMPARE(why.isEmpty(), plausible);
    }
};

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
