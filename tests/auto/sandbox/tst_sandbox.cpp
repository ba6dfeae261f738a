// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The sandbox's wire, over real loopback HTTP: every row of docs/PROTOCOL.md
// sections 2 and 3 that the sandbox reproduces, in both server eras.

#include "testhttp.h"
#include "testqr.h"

// Qt
#include <QCryptographicHash>
#include <QImage>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using Era = SandboxOptions::ServerEra;

namespace {

SandboxOptions eraOptions(Era era)
{
    SandboxOptions o;
    o.serverEra = era;
    return o;
}

void addEraRows()
{
    QTest::addColumn<Era>("era");
    QTest::newRow("current") << Era::Current;
    QTest::newRow("legacy") << Era::Legacy;
}

QString waitCode(const HttpResult &poll)
{
    static const QRegularExpression re(
        QStringLiteral("window\\.wx_errcode=(\\d+);window\\.wx_code='([^']*)';"));
    const auto m = re.match(QString::fromUtf8(poll.body));
    return m.hasMatch() ? m.captured(1) + u':' + m.captured(2)
                        : QStringLiteral("unparsable: ") + QString::fromUtf8(poll.body);
}

} // namespace

class tst_Sandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endToEnd_data() { addEraRows(); }
    void endToEnd();
    void implicitFlow_data() { addEraRows(); }
    void implicitFlow();
    void gatewayApiKey();
    void settingsAndHealth();
    void authorizeValidation_data();
    void authorizeValidation();
    void authorizePassesParamsThrough();
    void tokenErrors_data() { addEraRows(); }
    void tokenErrors();
    void flowStateExpiry_data() { addEraRows(); }
    void flowStateExpiry();
    void errorBodyStyles();
    void refreshRotation_data() { addEraRows(); }
    void refreshRotation();
    void refreshReuseInterval();
    void logoutScopes();
    void expiredAccessToken();
    void redirectGlobs_data();
    void redirectGlobs();
    void refererFallback();
    void callbackErrors_data() { addEraRows(); }
    void callbackErrors();
    void wechatErrorPages_data();
    void wechatErrorPages();
    void qrPageMarkup_data();
    void qrPageMarkup();
    void longPollStates();
    void longPollAnswersOnChange();
    void longPollQrExpiry();
    void snsApis();
    void faults();
    void faultValidation();
    void requestLogRedacts();
    void qrImageDecodes();
    void manyHeldPolls();
    void virtualPhone();
    void controlApi();
    void userShape();
};

void tst_Sandbox::endToEnd()
{
    QFETCH(Era, era);
    SandboxFixture f(eraOptions(era));

    // authorize -> 302 to WeChat's page, GoTrue's own callback as redirect_uri
    const HttpResult authorize = f.authorize(QStringLiteral("http://127.0.0.1:9/callback?keep=1"));
    QCOMPARE(authorize.status, 302);
    const QUrl page = authorize.location();
    QCOMPARE(page.path(), QStringLiteral("/connect/qrconnect"));
    QCOMPARE(page.fragment(), QStringLiteral("wechat_redirect"));
    QCOMPARE(f.queryValue(page, QStringLiteral("appid")), f.sandbox().appId());
    QCOMPARE(f.queryValue(page, QStringLiteral("redirect_uri")),
             f.sandbox().authUrl().toString() + QStringLiteral("/auth/v1/callback"));
    QVERIFY(page.query(QUrl::FullyEncoded)
                .contains(QStringLiteral("redirect_uri=http%3A%2F%2F127.0.0.1")));
    QCOMPARE(f.queryValue(page, QStringLiteral("response_type")), QStringLiteral("code"));
    QCOMPARE(f.queryValue(page, QStringLiteral("scope")), QStringLiteral("snsapi_login"));
    const QString state = SandboxFixture::stateOf(page);
    if (era == Era::Current)
        QVERIFY2(QUuid::fromString(state).isNull() == false, qPrintable(state));
    else
        QCOMPARE(state.count(u'.'), 2); // a JWT

    // the QR page, its uuid, the long poll
    QString uuid;
    const HttpResult qr = f.qrPage(authorize, &uuid);
    QCOMPARE(qr.status, 200);
    QVERIFY(qr.body.contains("<title>微信登录</title>"));
    QVERIFY(!uuid.isEmpty());
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/confirm").arg(uuid)).status, 204);
    const QString polled = waitCode(f.poll(uuid));
    QVERIFY2(polled.startsWith(QLatin1String("405:")) && polled.size() > 10, qPrintable(polled));
    const QString wxCode = polled.mid(4);

    // callback -> 302 to R with code, R's own query kept
    const HttpResult cb =
        f.http().get(f.auth(QStringLiteral("/auth/v1/callback?code=%1&state=%2")
                                .arg(wxCode, QString::fromLatin1(QUrl::toPercentEncoding(state)))));
    QCOMPARE(cb.status, 302);
    const QUrl landing = cb.location();
    QCOMPARE(landing.toString(QUrl::RemoveQuery), QStringLiteral("http://127.0.0.1:9/callback"));
    QCOMPARE(f.queryValue(landing, QStringLiteral("keep")), QStringLiteral("1"));
    const QString authCode = f.queryValue(landing, QStringLiteral("code"));
    QVERIFY(!QUuid::fromString(authCode).isNull());

    // PKCE exchange
    const HttpResult token = f.exchange(authCode);
    QCOMPARE(token.status, 200);
    const QJsonObject session = token.json();
    for (const auto *key : {"access_token", "refresh_token", "token_type", "expires_in", "user",
                            "provider_token", "provider_refresh_token"})
        QVERIFY2(session.contains(QLatin1String(key)), key);
    QCOMPARE(session.contains(QStringLiteral("expires_at")), era == Era::Current);
    QCOMPARE(session.value(QStringLiteral("token_type")).toString(), QStringLiteral("bearer"));
    QCOMPARE(session.value(QStringLiteral("expires_in")).toInt(), 3600);
    const QString access = session.value(QStringLiteral("access_token")).toString();

    // /user
    const HttpResult user =
        f.http().get(f.auth(QStringLiteral("/auth/v1/user")), f.apiHeaders(access));
    QCOMPARE(user.status, 200);
    QCOMPARE(user.json()
                 .value(QStringLiteral("user_metadata"))
                 .toObject()
                 .value(QStringLiteral("nickname"))
                 .toString(),
             QStringLiteral("小微同学"));

    // refresh
    const HttpResult refreshed =
        f.refresh(session.value(QStringLiteral("refresh_token")).toString());
    QCOMPARE(refreshed.status, 200);
    const QJsonObject second = refreshed.json();
    QVERIFY(second.value(QStringLiteral("refresh_token")).toString()
            != session.value(QStringLiteral("refresh_token")).toString());
    QVERIFY(!second.contains(QStringLiteral("provider_token")));
    const QString access2 = second.value(QStringLiteral("access_token")).toString();

    // logout -> /user gives 403 session_not_found
    const HttpResult logout =
        f.http().send("POST", f.auth(QStringLiteral("/auth/v1/logout")), f.apiHeaders(access2));
    QCOMPARE(logout.status, 204);
    QVERIFY(logout.body.isEmpty());
    const HttpResult after = f.http().get(f.auth(QStringLiteral("/auth/v1/user")),
                                          f.apiHeaders(access2, era == Era::Current));
    QCOMPARE(after.status, 403);
    if (era == Era::Current)
        QCOMPARE(SandboxFixture::errorCode(after), QStringLiteral("session_not_found"));
    else
        QCOMPARE(after.json().value(QStringLiteral("code")).toInt(), 403);
}

void tst_Sandbox::implicitFlow()
{
    QFETCH(Era, era);
    SandboxFixture f(eraOptions(era));
    const HttpResult cb =
        f.callbackAfterConfirm(QStringLiteral("http://127.0.0.1:9/implicit"), QString());
    QCOMPARE(cb.status, 302);
    const QUrl landing = cb.location();
    QCOMPARE(landing.toString(QUrl::RemoveFragment), QStringLiteral("http://127.0.0.1:9/implicit"));
    const QString fragment = landing.fragment(QUrl::FullyEncoded);
    // keys in alphabetical order, as Go's url.Values.Encode() writes them
    QStringList keys;
    for (const auto &part : fragment.split(u'&'))
        keys << part.section(u'=', 0, 0);
    QStringList sorted = keys;
    sorted.sort();
    QCOMPARE(keys, sorted);
    for (const auto *key :
         {"access_token", "expires_in", "provider_token", "refresh_token", "token_type"})
        QVERIFY2(keys.contains(QLatin1String(key)), key);
    QCOMPARE(keys.contains(QStringLiteral("expires_at")), era == Era::Current);
    QCOMPARE(keys.contains(QStringLiteral("sb")), era == Era::Current);
    QVERIFY(!keys.contains(QStringLiteral("user")));
    QCOMPARE(SandboxFixture::fragmentValue(landing, QStringLiteral("token_type")),
             QStringLiteral("bearer"));
    const QString access = SandboxFixture::fragmentValue(landing, QStringLiteral("access_token"));
    QCOMPARE(f.http().get(f.auth(QStringLiteral("/auth/v1/user")), f.apiHeaders(access)).status,
             200);
    const QString refresh = SandboxFixture::fragmentValue(landing, QStringLiteral("refresh_token"));
    QCOMPARE(f.refresh(refresh).status, 200);
}

void tst_Sandbox::gatewayApiKey()
{
    SandboxFixture f;
    const HttpResult missing =
        f.http().send("POST", f.auth(QStringLiteral("/auth/v1/token?grant_type=pkce")), {}, "{}");
    QCOMPARE(missing.status, 401);
    QCOMPARE(missing.json(), QJsonObject({{QStringLiteral("message"),
                                           QStringLiteral("No API key found in request")}}));
    const HttpResult wrong =
        f.http().get(f.auth(QStringLiteral("/auth/v1/user")), {{"apikey", "nope"}});
    QCOMPARE(wrong.status, 401);
    QCOMPARE(wrong.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("Invalid API key"));
    // the key may also come as a query parameter
    QCOMPARE(f.http()
                 .get(f.auth(QStringLiteral("/auth/v1/health?apikey=") + f.sandbox().anonKey()))
                 .status,
             200);
    // browser routes need no key
    QCOMPARE(f.authorize().status, 302);
}

void tst_Sandbox::settingsAndHealth()
{
    SandboxFixture f;
    const HttpResult settings =
        f.http().get(f.auth(QStringLiteral("/auth/v1/settings")), f.apiHeaders());
    QCOMPARE(settings.status, 200);
    QVERIFY(settings.json()
                .value(QStringLiteral("external"))
                .toObject()
                .value(QStringLiteral("wechat_qr"))
                .toBool());
    const HttpResult health =
        f.http().get(f.auth(QStringLiteral("/auth/v1/health")), f.apiHeaders());
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(QStringLiteral("name")).toString(), QStringLiteral("GoTrue"));
}

void tst_Sandbox::authorizeValidation_data()
{
    QTest::addColumn<Era>("era");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    const QString ok = QLatin1String(kRfcChallenge);
    for (const Era era : {Era::Current, Era::Legacy}) {
        const char *e = era == Era::Current ? "current" : "legacy";
        QTest::addRow("%s: unknown provider", e)
            << era << QStringLiteral("provider=github") << 400
            << QStringLiteral("Unsupported provider: Provider github could not be found");
        QTest::addRow("%s: no provider", e)
            << era << QString() << 400 << QStringLiteral("Unsupported provider");
        QTest::addRow("%s: challenge without method", e)
            << era << QStringLiteral("provider=wechat_qr&code_challenge=") + ok << 400
            << QStringLiteral("PKCE flow requires code_challenge_method and code_challenge");
        QTest::addRow("%s: method without challenge", e)
            << era << QStringLiteral("provider=wechat_qr&code_challenge_method=s256") << 400
            << QStringLiteral("PKCE flow requires");
        QTest::addRow("%s: 42 chars", e)
            << era
            << QStringLiteral("provider=wechat_qr&code_challenge_method=s256&code_challenge=")
                   + ok.left(42)
            << 400 << QStringLiteral("between 43 and 128");
        QTest::addRow("%s: 129 chars", e)
            << era
            << QStringLiteral("provider=wechat_qr&code_challenge_method=s256&code_challenge=")
                   + QString(129, u'a')
            << 400 << QStringLiteral("between 43 and 128");
        QTest::addRow("%s: bad chars", e)
            << era
            << QStringLiteral("provider=wechat_qr&code_challenge_method=s256&code_challenge=")
                   + ok.left(42) + QStringLiteral("%2B")
            << 400 << QStringLiteral("alphanumeric");
        QTest::addRow("%s: unknown method", e)
            << era
            << QStringLiteral("provider=wechat_qr&code_challenge_method=md5&code_challenge=") + ok
            << 400 << QStringLiteral("method not supported");
        QTest::addRow("%s: S256 upper case", e)
            << era
            << QStringLiteral("provider=wechat_qr&code_challenge_method=S256&code_challenge=") + ok
            << 302 << QString();
        QTest::addRow("%s: plain", e)
            << era
            << QStringLiteral("provider=wechat_qr&code_challenge_method=plain&code_challenge=") + ok
            << 302 << QString();
        QTest::addRow("%s: 128 chars", e)
            << era
            << QStringLiteral("provider=wechat_qr&code_challenge_method=plain&code_challenge=")
                   + QString(128, u'~')
            << 302 << QString();
        QTest::addRow("%s: implicit", e)
            << era << QStringLiteral("provider=wechat_qr") << 302 << QString();
    }
}

void tst_Sandbox::authorizeValidation()
{
    QFETCH(Era, era);
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QString, message);
    SandboxFixture f(eraOptions(era));
    const HttpResult r = f.http().get(f.auth(QStringLiteral("/auth/v1/authorize?") + query));
    QCOMPARE(r.status, status);
    if (status == 302) {
        QCOMPARE(r.location().path(), QStringLiteral("/connect/qrconnect"));
        return;
    }
    // not a redirect: a JSON error
    QVERIFY(r.header("location").isEmpty());
    const QJsonObject body = r.json();
    QVERIFY2(body.value(QStringLiteral("msg")).toString().contains(message), r.body.constData());
    if (era == Era::Current)
        QCOMPARE(body.value(QStringLiteral("error_code")).toString(),
                 QStringLiteral("validation_failed"));
    else
        QCOMPARE(body, QJsonObject({{QStringLiteral("code"), 400},
                                    {QStringLiteral("msg"), body.value(QStringLiteral("msg"))}}));
}

void tst_Sandbox::authorizePassesParamsThrough()
{
    SandboxFixture f;
    const HttpResult r = f.authorize(
        QStringLiteral("http://127.0.0.1:9/cb"), QLatin1String(kRfcChallenge),
        QStringLiteral(
            "lang=en&skip_http_redirect=true&state=evil&redirect_uri=http%3A%2F%2Fevil"));
    QCOMPARE(r.status, 302);
    const QUrl page = r.location();
    QCOMPARE(f.queryValue(page, QStringLiteral("lang")), QStringLiteral("en"));
    QCOMPARE(f.queryValue(page, QStringLiteral("skip_http_redirect")), QStringLiteral("true"));
    // reserved parameters stay the server's
    QVERIFY(f.queryValue(page, QStringLiteral("state")) != QLatin1String("evil"));
    QCOMPARE(f.queryValue(page, QStringLiteral("redirect_uri")),
             f.sandbox().authUrl().toString() + QStringLiteral("/auth/v1/callback"));
    QVERIFY(!page.query().contains(QStringLiteral("code_challenge")));
    QVERIFY(!page.query().contains(QStringLiteral("provider=")));
}

void tst_Sandbox::tokenErrors()
{
    QFETCH(Era, era);
    SandboxFixture f(eraOptions(era));
    const bool legacy = era == Era::Legacy;
    auto expect = [&](const HttpResult &r, int status, const QString &code) {
        QCOMPARE(r.status, legacy ? 403 : status);
        if (legacy) {
            QCOMPARE(r.json().value(QStringLiteral("code")).toInt(), 403);
            QVERIFY(!r.json().value(QStringLiteral("msg")).toString().isEmpty());
        } else {
            QCOMPARE(SandboxFixture::errorCode(r), code);
        }
    };
    // a field empty (checked before the code is looked up)
    expect(f.exchange(QStringLiteral("no-such-code"), QString()), 400,
           QStringLiteral("validation_failed"));
    expect(f.exchange(QString(), QLatin1String(kRfcVerifier)), 400,
           QStringLiteral("validation_failed"));
    // unknown code
    expect(f.exchange(QStringLiteral("2d3a6f0e-0000-4000-8000-000000000000")), 404,
           QStringLiteral("flow_state_not_found"));

    const HttpResult cb = f.callbackAfterConfirm();
    const QString code = SandboxFixture::queryValue(cb.location(), QStringLiteral("code"));
    // verifier mismatch does not consume the code
    expect(f.exchange(code, QString(64, u'x')), 400, QStringLiteral("bad_code_verifier"));
    QCOMPARE(f.exchange(code).status, 200);
    // already used
    expect(f.exchange(code), 404, QStringLiteral("flow_state_not_found"));

    // unsupported grant and bad JSON
    const HttpResult grant = f.http().send(
        "POST", f.auth(QStringLiteral("/auth/v1/token?grant_type=password")), f.apiHeaders(), "{}");
    QCOMPARE(grant.status, 400);
    const HttpResult json =
        f.http().send("POST", f.auth(QStringLiteral("/auth/v1/token?grant_type=pkce")),
                      f.apiHeaders(), "{not json");
    QCOMPARE(json.status, 400);
    if (!legacy)
        QCOMPARE(SandboxFixture::errorCode(json), QStringLiteral("bad_json"));
}

void tst_Sandbox::flowStateExpiry()
{
    QFETCH(Era, era);
    SandboxOptions o = eraOptions(era);
    o.flowStateTtlMs = 400;
    SandboxFixture f(o);
    const HttpResult cb = f.callbackAfterConfirm();
    QCOMPARE(cb.status, 302); // the callback still works: only the exchange fails
    const QString code = SandboxFixture::queryValue(cb.location(), QStringLiteral("code"));
    // a wrong verifier never consumes the code: bad_code_verifier until the flow state dies
    const QString wrong(64, u'x');
    if (era == Era::Current) {
        QTRY_COMPARE_WITH_TIMEOUT(f.exchange(code, wrong).status, 422, 5000);
        QCOMPARE(SandboxFixture::errorCode(f.exchange(code)), QStringLiteral("flow_state_expired"));
    } else {
        // old servers say 403 for everything; only the message tells
        QTRY_VERIFY_WITH_TIMEOUT(f.exchange(code, wrong)
                                     .json()
                                     .value(QStringLiteral("msg"))
                                     .toString()
                                     .contains(QLatin1String("expired")),
                                 5000);
        QCOMPARE(f.exchange(code).status, 403);
    }
}

void tst_Sandbox::errorBodyStyles()
{
    SandboxFixture f;
    const HttpResult versioned = f.exchange(QStringLiteral("x"), QString(), true);
    QCOMPARE(versioned.json(),
             QJsonObject(
                 {{QStringLiteral("code"), QStringLiteral("validation_failed")},
                  {QStringLiteral("message"), versioned.json().value(QStringLiteral("message"))}}));
    QCOMPARE(versioned.header("x-supabase-api-version"), QByteArray("2024-01-01"));
    QCOMPARE(versioned.header("x-sb-error-code"), QByteArray("validation_failed"));

    const HttpResult plain = f.exchange(QStringLiteral("x"), QString(), false);
    QCOMPARE(plain.json().value(QStringLiteral("code")).toInt(), 400);
    QCOMPARE(plain.json().value(QStringLiteral("error_code")).toString(),
             QStringLiteral("validation_failed"));
    QVERIFY(!plain.json().value(QStringLiteral("msg")).toString().isEmpty());
    QVERIFY(plain.header("x-supabase-api-version").isEmpty());
    QCOMPARE(plain.header("x-sb-error-code"), QByteArray("validation_failed"));
}

void tst_Sandbox::refreshRotation()
{
    QFETCH(Era, era);
    SandboxFixture f(eraOptions(era));
    const bool legacy = era == Era::Legacy;
    auto expectFailure = [&](const HttpResult &r, const QString &code, const QString &description) {
        QCOMPARE(r.status, 400);
        if (legacy) {
            QCOMPARE(r.json().value(QStringLiteral("error")).toString(),
                     QStringLiteral("invalid_grant"));
            QCOMPARE(r.json().value(QStringLiteral("error_description")).toString(), description);
        } else {
            QCOMPARE(SandboxFixture::errorCode(r), code);
        }
    };
    const QJsonObject s0 = f.signIn();
    const QString rt0 = s0.value(QStringLiteral("refresh_token")).toString();
    QCOMPARE(rt0.size(), 12);
    const QString rt1 = f.refresh(rt0).json().value(QStringLiteral("refresh_token")).toString();
    QVERIFY(!rt1.isEmpty() && rt1 != rt0);
    // the parent of the active token returns the active child (the client failed to save it)
    const HttpResult parentReuse = f.refresh(rt0);
    QCOMPARE(parentReuse.status, 200);
    QCOMPARE(parentReuse.json().value(QStringLiteral("refresh_token")).toString(), rt1);
    const QString rt2 = f.refresh(rt1).json().value(QStringLiteral("refresh_token")).toString();
    QVERIFY(!rt2.isEmpty() && rt2 != rt1);
    // any other reuse revokes the whole family
    expectFailure(f.refresh(rt0), QStringLiteral("refresh_token_already_used"),
                  QStringLiteral("Invalid Refresh Token: Already Used"));
    expectFailure(f.refresh(rt2), QStringLiteral("refresh_token_already_used"),
                  QStringLiteral("Invalid Refresh Token: Already Used"));
    // the access tokens already issued stay valid until exp
    const QString access = s0.value(QStringLiteral("access_token")).toString();
    QCOMPARE(f.http().get(f.auth(QStringLiteral("/auth/v1/user")), f.apiHeaders(access)).status,
             200);
    // unknown, and after logout
    expectFailure(f.refresh(QStringLiteral("nosuchtoken1")),
                  QStringLiteral("refresh_token_not_found"),
                  QStringLiteral("Invalid Refresh Token: Refresh Token Not Found"));
    const QJsonObject s1 = f.signIn();
    QCOMPARE(f.http()
                 .send("POST", f.auth(QStringLiteral("/auth/v1/logout")),
                       f.apiHeaders(s1.value(QStringLiteral("access_token")).toString()))
                 .status,
             204);
    expectFailure(f.refresh(s1.value(QStringLiteral("refresh_token")).toString()),
                  QStringLiteral("refresh_token_not_found"),
                  QStringLiteral("Invalid Refresh Token: Refresh Token Not Found"));
    expectFailure(f.refresh(QString()), QStringLiteral("validation_failed"),
                  QStringLiteral("refresh_token required"));
}

void tst_Sandbox::refreshReuseInterval()
{
    SandboxOptions o;
    o.refreshReuseIntervalMs = 60'000;
    SandboxFixture f(o);
    const QString rt0 = f.signIn().value(QStringLiteral("refresh_token")).toString();
    const QString rt1 = f.refresh(rt0).json().value(QStringLiteral("refresh_token")).toString();
    const QString rt2 = f.refresh(rt1).json().value(QStringLiteral("refresh_token")).toString();
    // within the reuse interval even the grandparent gets the active token
    const HttpResult reuse = f.refresh(rt0);
    QCOMPARE(reuse.status, 200);
    QCOMPARE(reuse.json().value(QStringLiteral("refresh_token")).toString(), rt2);
}

void tst_Sandbox::logoutScopes()
{
    SandboxFixture f;
    auto userStatus = [&](const QJsonObject &s) {
        return f.http()
            .get(f.auth(QStringLiteral("/auth/v1/user")),
                 f.apiHeaders(s.value(QStringLiteral("access_token")).toString()))
            .status;
    };
    auto logout = [&](const QJsonObject &s, const QString &scope) {
        return f.http().send(
            "POST",
            f.auth(QStringLiteral("/auth/v1/logout")
                   + (scope.isEmpty() ? QString() : QStringLiteral("?scope=") + scope)),
            f.apiHeaders(s.value(QStringLiteral("access_token")).toString()));
    };
    const QJsonObject a = f.signIn(), b = f.signIn(), c = f.signIn(), d = f.signIn();
    const QJsonObject other = f.signIn(QStringLiteral("second"));
    QCOMPARE(logout(a, QStringLiteral("bogus")).status, 400);
    QCOMPARE(SandboxFixture::errorCode(logout(a, QStringLiteral("bogus"))),
             QStringLiteral("validation_failed"));
    QCOMPARE(logout(a, QStringLiteral("local")).status, 204);
    QCOMPARE(userStatus(a), 403);
    QCOMPARE(userStatus(b), 200);
    QCOMPARE(logout(b, QStringLiteral("others")).status, 204);
    QCOMPARE(userStatus(b), 200);
    QCOMPARE(userStatus(c), 403);
    const QJsonObject e = f.signIn();
    QCOMPARE(logout(e, QString()).status, 204); // default scope: global
    QCOMPARE(userStatus(b), 403);
    QCOMPARE(userStatus(d), 403);
    QCOMPARE(userStatus(other), 200); // another user is untouched
    // after logout: 403 session_not_found; without a bearer: 401 no_authorization
    QCOMPARE(SandboxFixture::errorCode(logout(b, QString())), QStringLiteral("session_not_found"));
    const HttpResult noBearer = f.http().send("POST", f.auth(QStringLiteral("/auth/v1/logout")),
                                              {{"apikey", f.sandbox().anonKey().toLatin1()}});
    QCOMPARE(noBearer.status, 401);
    QCOMPARE(SandboxFixture::errorCode(noBearer), QStringLiteral("no_authorization"));
    // the anon key is no user token
    QCOMPARE(f.http().get(f.auth(QStringLiteral("/auth/v1/user")), f.apiHeaders()).status, 403);
}

void tst_Sandbox::expiredAccessToken()
{
    SandboxOptions o;
    o.jwtExpMs = 1000;
    SandboxFixture f(o);
    const QJsonObject s = f.signIn();
    QCOMPARE(s.value(QStringLiteral("expires_in")).toInt(), 1);
    const auto headers = f.apiHeaders(s.value(QStringLiteral("access_token")).toString());
    QTRY_COMPARE_WITH_TIMEOUT(f.http().get(f.auth(QStringLiteral("/auth/v1/user")), headers).status,
                              403, 5000);
    const HttpResult r = f.http().get(f.auth(QStringLiteral("/auth/v1/user")), headers);
    QCOMPARE(SandboxFixture::errorCode(r), QStringLiteral("bad_jwt"));
    // a tampered token
    QString tampered = s.value(QStringLiteral("access_token")).toString();
    tampered.chop(2);
    QCOMPARE(SandboxFixture::errorCode(f.http().get(f.auth(QStringLiteral("/auth/v1/user")),
                                                    f.apiHeaders(tampered + QStringLiteral("AA")))),
             QStringLiteral("bad_jwt"));
}

void tst_Sandbox::redirectGlobs_data()
{
    QTest::addColumn<Era>("era");
    QTest::addColumn<QStringList>("allow");
    QTest::addColumn<QString>("redirectTo");
    QTest::addColumn<bool>("accepted");
    const QStringList defaults = SandboxOptions::defaultRedirectAllowList();
    QTest::newRow("default loopback any port")
        << Era::Legacy << defaults << QStringLiteral("http://127.0.0.1:5555/cb") << true;
    QTest::newRow("default localhost deep path")
        << Era::Legacy << defaults << QStringLiteral("http://localhost:8080/a/b/c") << true;
    QTest::newRow("default custom scheme")
        << Era::Legacy << defaults << QStringLiteral("wechatlogin://callback") << true;
    QTest::newRow("no trailing path")
        << Era::Legacy << defaults << QStringLiteral("http://127.0.0.1:5555") << false;
    QTest::newRow("* stays in a segment")
        << Era::Legacy << QStringList{QStringLiteral("http://127.0.0.1:5555/*")}
        << QStringLiteral("http://127.0.0.1:5555/a/b") << false;
    QTest::newRow("* one segment")
        << Era::Legacy << QStringList{QStringLiteral("http://127.0.0.1:5555/*")}
        << QStringLiteral("http://127.0.0.1:5555/cb") << true;
    QTest::newRow("** spans segments")
        << Era::Legacy << QStringList{QStringLiteral("http://127.0.0.1:5555/**")}
        << QStringLiteral("http://127.0.0.1:5555/a/b") << true;
    QTest::newRow("port wildcard")
        << Era::Legacy << QStringList{QStringLiteral("http://127.0.0.1:*/cb")}
        << QStringLiteral("http://127.0.0.1:61234/cb") << true;
    QTest::newRow("port wildcard, other path")
        << Era::Legacy << QStringList{QStringLiteral("http://127.0.0.1:*/cb")}
        << QStringLiteral("http://127.0.0.1:61234/other") << false;
    QTest::newRow("* does not cross dots")
        << Era::Legacy << QStringList{QStringLiteral("https://*.example.org/cb")}
        << QStringLiteral("https://a.b.example.org/cb") << false;
    QTest::newRow("* subdomain") << Era::Legacy
                                 << QStringList{QStringLiteral("https://*.example.org/cb")}
                                 << QStringLiteral("https://a.example.org/cb") << true;
    QTest::newRow("site hostname, other scheme and port")
        << Era::Legacy << QStringList() << QStringLiteral("http://app.example.com:8443/x") << true;
    QTest::newRow("foreign host") << Era::Current << defaults
                                  << QStringLiteral("https://evil.example.net/steal") << false;
    QTest::newRow("legacy: loopback IP not in list")
        << Era::Legacy << QStringList() << QStringLiteral("http://127.0.0.2:5/cb") << false;
    QTest::newRow("current: any loopback IP")
        << Era::Current << QStringList() << QStringLiteral("http://127.0.0.2:5/cb") << true;
    QTest::newRow("current: IPv6 loopback")
        << Era::Current << QStringList() << QStringLiteral("http://[::1]:7/cb") << true;
    QTest::newRow("current: localhost is no IP")
        << Era::Current << QStringList() << QStringLiteral("http://localhost:7/cb") << false;
}

void tst_Sandbox::redirectGlobs()
{
    QFETCH(Era, era);
    QFETCH(QStringList, allow);
    QFETCH(QString, redirectTo);
    QFETCH(bool, accepted);
    SandboxOptions o = eraOptions(era);
    o.redirectAllow = allow;
    o.siteUrl = QUrl(QStringLiteral("https://app.example.com/welcome"));
    SandboxFixture f(o);
    // an invalid redirect_to is no error: the sign-in lands on the Site URL instead
    const HttpResult cb = f.callbackAfterConfirm(redirectTo);
    QCOMPARE(cb.status, 302);
    const QString landing = cb.location().toString(QUrl::RemoveQuery);
    const QString expected = accepted ? QUrl(redirectTo).toString(QUrl::RemoveQuery)
                                      : QStringLiteral("https://app.example.com/welcome");
    QCOMPARE(landing, expected);
    QVERIFY(!SandboxFixture::queryValue(cb.location(), QStringLiteral("code")).isEmpty());
}

void tst_Sandbox::refererFallback()
{
    SandboxOptions o;
    o.siteUrl = QUrl(QStringLiteral("https://app.example.com/"));
    SandboxFixture f(o);
    const HttpResult authorize = f.http().get(
        f.auth(QStringLiteral(
            "/auth/v1/authorize?provider=wechat_qr&redirect_to=https%3A%2F%2Fevil.example.net%2F")),
        {{"Referer", "http://127.0.0.1:4444/from-referer"}});
    QString uuid;
    f.qrPage(authorize, &uuid);
    f.control("POST", QStringLiteral("/sandbox/qr/%1/confirm").arg(uuid));
    const QString code = waitCode(f.poll(uuid)).mid(4);
    const HttpResult cb =
        f.http().get(f.auth(QStringLiteral("/auth/v1/callback?code=%1&state=%2")
                                .arg(code, SandboxFixture::stateOf(authorize.location()))));
    QCOMPARE(cb.location().toString(QUrl::RemoveFragment),
             QStringLiteral("http://127.0.0.1:4444/from-referer"));
}

void tst_Sandbox::callbackErrors()
{
    QFETCH(Era, era);
    SandboxOptions o = eraOptions(era);
    o.siteUrl = QUrl(QStringLiteral("http://127.0.0.1:3000/site"));
    SandboxFixture f(o);
    const bool current = era == Era::Current;
    const QString redirect = QStringLiteral("http://127.0.0.1:9/cb?keep=1");
    auto callback = [&](const QString &query) {
        return f.http().get(f.auth(QStringLiteral("/auth/v1/callback?") + query));
    };
    auto freshState = [&] {
        const HttpResult a = f.authorize(redirect);
        return QString::fromLatin1(QUrl::toPercentEncoding(SandboxFixture::stateOf(a.location())));
    };
    auto checkRedirectError = [&](const HttpResult &r, const QString &error, const QString &code) {
        QCOMPARE(r.status, 302);
        const QUrl u = r.location();
        QCOMPARE(u.toString(QUrl::RemoveQuery | QUrl::RemoveFragment),
                 QStringLiteral("http://127.0.0.1:9/cb"));
        QCOMPARE(SandboxFixture::queryValue(u, QStringLiteral("keep")), QStringLiteral("1"));
        QCOMPARE(SandboxFixture::queryValue(u, QStringLiteral("error")), error);
        QVERIFY(!SandboxFixture::queryValue(u, QStringLiteral("error_description")).isEmpty());
        if (current) {
            QCOMPARE(SandboxFixture::queryValue(u, QStringLiteral("error_code")), code);
            QCOMPARE(SandboxFixture::fragmentValue(u, QStringLiteral("error")), error);
            QCOMPARE(SandboxFixture::fragmentValue(u, QStringLiteral("error_code")), code);
            QVERIFY(u.fragment().contains(QStringLiteral("sb=")));
        } else {
            QVERIFY(!u.hasFragment());
            QVERIFY(!u.query().contains(QStringLiteral("error_code")));
        }
    };
    // WeChat's refusal: ?state= without code
    checkRedirectError(callback(QStringLiteral("state=") + freshState()),
                       QStringLiteral("invalid_request"), QStringLiteral("bad_oauth_callback"));
    // an OAuth error from the provider passes through, without error_code
    {
        const HttpResult r =
            callback(QStringLiteral("error=access_denied&error_description=user+denied&state=")
                     + freshState());
        QCOMPARE(r.status, 302);
        QCOMPARE(SandboxFixture::queryValue(r.location(), QStringLiteral("error")),
                 QStringLiteral("access_denied"));
        QCOMPARE(SandboxFixture::queryValue(r.location(), QStringLiteral("error_description")),
                 QStringLiteral("user denied"));
    }
    // a WeChat code that /sns/oauth2/access_token refuses (40029) -> server_error
    checkRedirectError(callback(QStringLiteral("code=not-a-real-code&state=") + freshState()),
                       QStringLiteral("server_error"), QStringLiteral("unexpected_failure"));
    // a bad state
    const HttpResult bad = callback(QStringLiteral("code=abc&state=garbage"));
    if (current) {
        QCOMPARE(bad.status, 303);
        QCOMPARE(bad.location().toString(QUrl::RemoveQuery),
                 QStringLiteral("http://127.0.0.1:3000/site"));
        QCOMPARE(SandboxFixture::queryValue(bad.location(), QStringLiteral("error_code")),
                 QStringLiteral("bad_oauth_state"));
        QCOMPARE(SandboxFixture::queryValue(bad.location(), QStringLiteral("error")),
                 QStringLiteral("invalid_request"));
    } else {
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json().value(QStringLiteral("code")).toInt(), 400);
    }
    const HttpResult missing = callback(QStringLiteral("code=abc"));
    QCOMPARE(missing.status, current ? 303 : 400);
    // a state used twice
    const HttpResult authorize = f.authorize(redirect);
    QString uuid;
    f.qrPage(authorize, &uuid);
    f.control("POST", QStringLiteral("/sandbox/qr/%1/confirm").arg(uuid));
    const QString wx = waitCode(f.poll(uuid)).mid(4);
    const QString state =
        QString::fromLatin1(QUrl::toPercentEncoding(SandboxFixture::stateOf(authorize.location())));
    QCOMPARE(callback(QStringLiteral("code=%1&state=%2").arg(wx, state)).status, 302);
    const HttpResult again = callback(QStringLiteral("code=%1&state=%2").arg(wx, state));
    QCOMPARE(again.status, current ? 303 : 400);
    if (current)
        QCOMPARE(SandboxFixture::queryValue(again.location(), QStringLiteral("error_code")),
                 QStringLiteral("flow_state_already_used"));
}

void tst_Sandbox::wechatErrorPages_data()
{
    QTest::addColumn<QString>("appid");
    QTest::addColumn<QString>("redirectUri"); // %1 = auth origin
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("title");
    QTest::newRow("unknown appid")
        << QStringLiteral("wx0000000000000000") << QStringLiteral("%1/auth/v1/callback")
        << QStringLiteral("snsapi_login") << QStringLiteral("AppID 参数错误");
    QTest::newRow("missing appid")
        << QString() << QStringLiteral("%1/auth/v1/callback") << QStringLiteral("snsapi_login")
        << QStringLiteral("AppID 参数错误");
    QTest::newRow("foreign domain")
        << QStringLiteral("APPID") << QStringLiteral("https://evil.example.net/auth/v1/callback")
        << QStringLiteral("snsapi_login") << QStringLiteral("redirect_uri 参数错误");
    QTest::newRow("other port") << QStringLiteral("APPID")
                                << QStringLiteral("http://127.0.0.1:1/auth/v1/callback")
                                << QStringLiteral("snsapi_login")
                                << QStringLiteral("redirect_uri 参数错误");
    QTest::newRow("scope") << QStringLiteral("APPID") << QStringLiteral("%1/auth/v1/callback")
                           << QStringLiteral("snsapi_userinfo")
                           << QStringLiteral("Scope 参数错误或没有 Scope 权限");
    QTest::newRow("extra scope") << QStringLiteral("APPID") << QStringLiteral("%1/auth/v1/callback")
                                 << QStringLiteral("snsapi_login,foo")
                                 << QStringLiteral("Scope 参数错误或没有 Scope 权限");
    QTest::newRow("valid: another path on the domain")
        << QStringLiteral("APPID") << QStringLiteral("%1/elsewhere")
        << QStringLiteral("snsapi_login") << QString();
}

void tst_Sandbox::wechatErrorPages()
{
    QFETCH(QString, appid);
    QFETCH(QString, redirectUri);
    QFETCH(QString, scope);
    QFETCH(QString, title);
    SandboxFixture f;
    if (appid == QLatin1String("APPID"))
        appid = f.sandbox().appId();
    if (redirectUri.contains(QLatin1String("%1")))
        redirectUri = redirectUri.arg(f.sandbox().authUrl().toString());
    const HttpResult r = f.http().get(f.wechat(
        QStringLiteral("/connect/"
                       "qrconnect?appid=%1&redirect_uri=%2&response_type=code&scope=%3&state=abc#"
                       "wechat_redirect")
            .arg(appid, QString::fromLatin1(QUrl::toPercentEncoding(redirectUri)), scope)));
    QCOMPARE(r.status, 200); // WeChat answers its error pages with 200
    if (title.isEmpty()) {
        QVERIFY(r.body.contains("/connect/qrcode/"));
        return;
    }
    QVERIFY2(r.body.size() < 1024, QByteArray::number(r.body.size()).constData());
    QVERIFY(r.body.contains("<h4 class=\"weui_msg_title\">" + title.toUtf8() + "</h4>"));
    QVERIFY(!r.body.contains("/connect/qrcode/"));
    QVERIFY(!r.body.contains("fordevtool"));
}

void tst_Sandbox::qrPageMarkup_data()
{
    QTest::addColumn<SandboxOptions::PageStyle>("style");
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QStringList>("expected");
    using S = SandboxOptions::PageStyle;
    QTest::newRow("legacy cn") << S::Legacy << QString()
                               << QStringList{QStringLiteral("id=\"wx_default_tip\""),
                                              QStringLiteral("id=\"wx_after_scan\""),
                                              QStringLiteral("id=\"wx_after_cancel\""),
                                              QStringLiteral("请使用微信扫描二维码登录"),
                                              QStringLiteral("扫描成功"),
                                              QStringLiteral("请在微信中点击确认即可登录"),
                                              QStringLiteral("您已取消此次登录"),
                                              QStringLiteral("您可再次扫描登录，或关闭窗口")};
    QTest::newRow("legacy en") << S::Legacy << QStringLiteral("en")
                               << QStringList{
                                      QStringLiteral("id=\"wx_after_scan\""),
                                      QStringLiteral("Scan the QR code with WeChat to log in"),
                                      QStringLiteral("Tap Confirm in WeChat to log in")};
    QTest::newRow("new cn") << S::New << QString()
                            << QStringList{QStringLiteral("web_qrcode_tips"),
                                           QStringLiteral("js_wx_after_scan"),
                                           QStringLiteral("js_wx_after_cancel"),
                                           QStringLiteral("js_refresh_qrcode"),
                                           QStringLiteral("使用微信扫一扫登录"),
                                           QStringLiteral("在微信中轻触允许即可登录"),
                                           QStringLiteral("你已取消此次登录"),
                                           QStringLiteral("重试")};
    QTest::newRow("new en") << S::New << QStringLiteral("en")
                            << QStringList{QStringLiteral("web_qrcode_tips"),
                                           QStringLiteral("Scan with WeChat to log in"),
                                           QStringLiteral("Retry")};
}

void tst_Sandbox::qrPageMarkup()
{
    QFETCH(SandboxOptions::PageStyle, style);
    QFETCH(QString, lang);
    QFETCH(QStringList, expected);
    SandboxOptions o;
    o.pageStyle = style;
    SandboxFixture f(o);
    QString uuid;
    const HttpResult page =
        f.qrPage(f.authorize(QStringLiteral("http://127.0.0.1:9/cb"), QLatin1String(kRfcChallenge),
                             lang.isEmpty() ? QString() : QStringLiteral("lang=") + lang),
                 &uuid);
    QCOMPARE(page.status, 200);
    const QString html = QString::fromUtf8(page.body);
    QVERIFY(html.contains(QStringLiteral("<title>微信登录</title>")));
    QVERIFY(html.contains(QStringLiteral("<img class=\"qrcode lightBorder js_qrcode_img "
                                         "web_qrcode_img\" src=\"/connect/qrcode/%1\"")
                              .arg(uuid)));
    QVERIFY(html.contains(QStringLiteral("var fordevtool = \"%1/connect/l/qrconnect?uuid=%2\"")
                              .arg(f.sandbox().wechatUrl().toString(), uuid)));
    QVERIFY(html.contains(QStringLiteral("background-color: #333")));
    QVERIFY(html.contains(QStringLiteral("padding: 50px")));
    QCOMPARE(uuid.size(), 16);
    for (const QString &needle : expected)
        QVERIFY2(html.contains(needle), qPrintable(needle));
    // The polling script is a request of its own, like the real page's scripts.
    QVERIFY(html.contains(QStringLiteral("<script src=\"/connect/qrconnect.js\"></script>")));
    const HttpResult script = f.http().get(f.wechat(QStringLiteral("/connect/qrconnect.js")));
    QCOMPARE(script.status, 200);
    QVERIFY(script.header("content-type").startsWith("text/javascript"));
    QVERIFY(script.body.contains("wx_errcode"));
    QVERIFY(script.body.contains("wxLoginConfig"));
}

void tst_Sandbox::longPollStates()
{
    SandboxOptions o;
    o.longPollMs = 300;
    SandboxFixture f(o);
    QString uuid;
    f.qrPage(f.authorize(), &uuid);
    // 408: nothing new, after the hold
    const HttpResult waiting = f.poll(uuid);
    QCOMPARE(waitCode(waiting), QStringLiteral("408:"));
    QVERIFY2(waiting.elapsedMs >= 250, QByteArray::number(waiting.elapsedMs).constData());
    QCOMPARE(waiting.header("content-type"), QByteArray("text/javascript"));
    // 404: scanned, at once; with last=404 held again
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/scan").arg(uuid)).status, 204);
    QCOMPARE(waitCode(f.poll(uuid)), QStringLiteral("404:"));
    QCOMPARE(waitCode(f.poll(uuid, 404)), QStringLiteral("408:"));
    // 403: cancelled, differs from last=404 so at once; may rescan
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/cancel").arg(uuid)).status, 204);
    QCOMPARE(waitCode(f.poll(uuid, 404)), QStringLiteral("403:"));
    QCOMPARE(waitCode(f.poll(uuid, 403)), QStringLiteral("408:"));
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/scan").arg(uuid)).status, 204);
    QCOMPARE(waitCode(f.poll(uuid, 403)), QStringLiteral("404:"));
    // 405: confirmed, the same code every time
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/confirm").arg(uuid)).status, 204);
    const QString first = waitCode(f.poll(uuid, 404));
    QVERIFY(first.startsWith(QLatin1String("405:")));
    QCOMPARE(first.size(), 4 + 32);
    QCOMPARE(waitCode(f.poll(uuid, 405)), first);
    QCOMPARE(waitCode(f.poll(uuid)), first);
    // 402: expired
    QString other;
    f.qrPage(f.authorize(), &other);
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/expire").arg(other)).status, 204);
    QCOMPARE(waitCode(f.poll(other)), QStringLiteral("402:"));
    QCOMPARE(waitCode(f.poll(other, 402)), QStringLiteral("402:"));
    // unknown uuid: error, the page reloads
    QCOMPARE(waitCode(f.poll(QStringLiteral("NoSuchUuid000000"))), QStringLiteral("500:"));
}

void tst_Sandbox::longPollAnswersOnChange()
{
    SandboxOptions o;
    o.longPollMs = 30'000;
    SandboxFixture f(o);
    QString uuid;
    f.qrPage(f.authorize(), &uuid);
    QNetworkAccessManager nam;
    std::unique_ptr<QNetworkReply> held(nam.get(
        QNetworkRequest(f.wechat(QStringLiteral("/connect/l/qrconnect?uuid=%1&_=1").arg(uuid)))));
    QSignalSpy finished(held.get(), &QNetworkReply::finished);
    // the poll is held: the request is logged, unanswered
    auto isHeld = [&] {
        const QJsonArray log = f.control("GET", QStringLiteral("/sandbox/requests")).jsonArray();
        return std::any_of(log.begin(), log.end(), [](const QJsonValue &v) {
            return v[QStringLiteral("path")] == QLatin1String("/connect/l/qrconnect")
                   && v[QStringLiteral("status")].toInt() == 0;
        });
    };
    QTRY_VERIFY(isHeld());
    QVERIFY(finished.isEmpty());
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/scan").arg(uuid)).status, 204);
    // far sooner than the 30 s hold; it may finish inside the control call's own wait
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10'000);
    QCOMPARE(QString::fromUtf8(held->readAll()),
             QStringLiteral("window.wx_errcode=404;window.wx_code='';"));
}

void tst_Sandbox::longPollQrExpiry()
{
    SandboxOptions o;
    o.qrTtlMs = 800;
    o.longPollMs = 30'000;
    SandboxFixture f(o);
    QString uuid;
    f.qrPage(f.authorize(), &uuid);
    // a held poll answers 402 when the QR dies, not after the 30 s hold
    const HttpResult r = f.poll(uuid);
    QCOMPARE(waitCode(r), QStringLiteral("402:"));
    QCOMPARE(f.control("GET", QStringLiteral("/sandbox/qr/latest"))
                 .json()
                 .value(QStringLiteral("status"))
                 .toString(),
             QStringLiteral("expired"));
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/confirm").arg(uuid)).status, 409);
}

void tst_Sandbox::snsApis()
{
    SandboxFixture f;
    auto sns = [&](const QString &pathAndQuery) { return f.http().get(f.wechat(pathAndQuery)); };
    auto errcode = [](const HttpResult &r) {
        return r.status == 200 ? r.json().value(QStringLiteral("errcode")).toInt() : -r.status;
    };
    const QString app = f.sandbox().appId();
    // the secret is the sandbox's own; read it from the callback's upstream request
    QString uuid;
    const HttpResult authorize = f.authorize();
    f.qrPage(authorize, &uuid);
    f.control("POST", QStringLiteral("/sandbox/qr/%1/confirm?user=second").arg(uuid));
    const QString code = waitCode(f.poll(uuid)).mid(4);
    QCOMPARE(f.http()
                 .get(f.auth(QStringLiteral("/auth/v1/callback?code=%1&state=%2")
                                 .arg(code, SandboxFixture::stateOf(authorize.location()))))
                 .status,
             302);
    QString secret;
    for (const auto &v : f.control("GET", QStringLiteral("/sandbox/requests")).jsonArray()) {
        if (v[QStringLiteral("path")] == QLatin1String("/sns/oauth2/access_token"))
            secret = SandboxFixture::queryValue(
                QUrl(QStringLiteral("x:?") + v[QStringLiteral("query")].toString()),
                QStringLiteral("secret"));
    }
    QVERIFY(!secret.isEmpty());
    const QString base =
        QStringLiteral("/sns/oauth2/access_token?appid=%1&secret=%2&grant_type=authorization_code")
            .arg(app, secret);
    QCOMPARE(errcode(sns(base)), 41008);                                   // missing code
    QCOMPARE(errcode(sns(base + QStringLiteral("&code=") + code)), 40163); // used by the callback
    QCOMPARE(errcode(sns(base + QStringLiteral("&code=unknown"))), 40029);
    QCOMPARE(errcode(sns(QStringLiteral("/sns/oauth2/access_token?appid=wx1&secret=x&code=c"))),
             40013);
    QCOMPARE(errcode(sns(
                 QStringLiteral("/sns/oauth2/access_token?appid=%1&secret=wrong&code=c").arg(app))),
             40125);
    QCOMPARE(errcode(sns(QStringLiteral("/sns/oauth2/access_token?secret=x&code=c"))), 41002);
    QVERIFY(sns(base)
                .json()
                .value(QStringLiteral("errmsg"))
                .toString()
                .contains(QLatin1String(", rid: ")));

    // a fresh code, used once, then userinfo / auth / refresh
    QString uuid2;
    f.qrPage(f.authorize(), &uuid2);
    f.control("POST", QStringLiteral("/sandbox/qr/%1/confirm?user=second").arg(uuid2));
    const QString code2 = waitCode(f.poll(uuid2)).mid(4);
    const QJsonObject token = sns(base + QStringLiteral("&code=") + code2).json();
    QCOMPARE(token.value(QStringLiteral("expires_in")).toInt(), 7200);
    QCOMPARE(token.value(QStringLiteral("scope")).toString(), QStringLiteral("snsapi_login"));
    const QString openid = token.value(QStringLiteral("openid")).toString();
    const QString access = token.value(QStringLiteral("access_token")).toString();
    QVERIFY(!token.value(QStringLiteral("unionid")).toString().isEmpty());
    const QJsonObject info =
        sns(QStringLiteral("/sns/userinfo?access_token=%1&openid=%2").arg(access, openid)).json();
    QCOMPARE(info.value(QStringLiteral("nickname")).toString(), QStringLiteral("扫码达人"));
    QCOMPARE(info.value(QStringLiteral("sex")).toInt(), 2);
    for (const auto *key : {"province", "city", "country", "headimgurl", "privilege", "unionid"})
        QVERIFY2(info.contains(QLatin1String(key)), key);
    const HttpResult avatar =
        f.http().get(QUrl(info.value(QStringLiteral("headimgurl")).toString()));
    QCOMPARE(avatar.status, 200);
    QCOMPARE(avatar.header("content-type"), QByteArray("image/png"));
    QVERIFY(avatar.body.startsWith("\x89PNG"));
    QCOMPARE(errcode(sns(QStringLiteral("/sns/userinfo?access_token=bad&openid=%1").arg(openid))),
             40001);
    QCOMPARE(errcode(sns(QStringLiteral("/sns/userinfo?openid=%1").arg(openid))), 41001);
    QCOMPARE(errcode(sns(QStringLiteral("/sns/userinfo?access_token=%1&openid=other").arg(access))),
             40003);
    QCOMPARE(sns(QStringLiteral("/sns/auth?access_token=%1&openid=%2").arg(access, openid)).json(),
             QJsonObject({{QStringLiteral("errcode"), 0},
                          {QStringLiteral("errmsg"), QStringLiteral("ok")}}));
    const QJsonObject refreshed =
        sns(QStringLiteral(
                "/sns/oauth2/refresh_token?appid=%1&grant_type=refresh_token&refresh_token=%2")
                .arg(app, token.value(QStringLiteral("refresh_token")).toString()))
            .json();
    QCOMPARE(refreshed.value(QStringLiteral("openid")).toString(), openid);
    QCOMPARE(
        errcode(
            sns(QStringLiteral(
                    "/sns/oauth2/refresh_token?appid=%1&grant_type=refresh_token&refresh_token=bad")
                    .arg(app))),
        40030);
}

void tst_Sandbox::faults()
{
    SandboxFixture f;
    auto inject = [&](const QJsonObject &fault) {
        return f.control("POST", QStringLiteral("/sandbox/faults"), QJsonDocument(fault).toJson());
    };
    const QString tokenPath = QStringLiteral("/auth/v1/token");
    // status: the next `count` requests
    QCOMPARE(inject({{QStringLiteral("path"), tokenPath},
                     {QStringLiteral("status"), 503},
                     {QStringLiteral("count"), 2}})
                 .status,
             204);
    QCOMPARE(f.refresh(QStringLiteral("whatever1234")).status, 503);
    QCOMPARE(f.refresh(QStringLiteral("whatever1234")).status, 503);
    QCOMPARE(f.refresh(QStringLiteral("whatever1234")).status, 400);
    // delay: answered normally, later
    QCOMPARE(
        inject({{QStringLiteral("path"), tokenPath}, {QStringLiteral("delay_ms"), 400}}).status,
        204);
    const HttpResult delayed = f.refresh(QStringLiteral("whatever1234"));
    QCOMPARE(delayed.status, 400);
    QVERIFY2(delayed.elapsedMs >= 380, QByteArray::number(delayed.elapsedMs).constData());
    // drop: the connection closes without an answer
    QCOMPARE(inject({{QStringLiteral("path"), tokenPath}, {QStringLiteral("drop"), true}}).status,
             204);
    // on a raw socket: Qt's own HTTP channel would silently re-send the request
    QTcpSocket raw;
    raw.connectToHost(f.sandbox().authUrl().host(), quint16(f.sandbox().authUrl().port()));
    QVERIFY(raw.waitForConnected(5000));
    raw.write("POST /auth/v1/token?grant_type=refresh_token HTTP/1.1\r\nHost: 127.0.0.1\r\napikey: "
              + f.sandbox().anonKey().toLatin1() + "\r\nContent-Length: 2\r\n\r\n{}");
    QTRY_COMPARE_WITH_TIMEOUT(raw.state(), QAbstractSocket::UnconnectedState, 5000);
    QCOMPARE(raw.readAll(), QByteArray());
    const QJsonArray log = f.control("GET", QStringLiteral("/sandbox/requests")).jsonArray();
    QVERIFY(std::any_of(log.begin(), log.end(),
                        [](const QJsonValue &v) { return v[QStringLiteral("dropped")].toBool(); }));
    // delay + status
    QCOMPARE(inject({{QStringLiteral("path"), tokenPath},
                     {QStringLiteral("delay_ms"), 200},
                     {QStringLiteral("status"), 504}})
                 .status,
             204);
    const HttpResult slow = f.refresh(QStringLiteral("whatever1234"));
    QCOMPARE(slow.status, 504);
    QVERIFY(slow.elapsedMs >= 180);
    // retry_after: the status with a Retry-After header
    QCOMPARE(inject({{QStringLiteral("path"), tokenPath},
                     {QStringLiteral("status"), 429},
                     {QStringLiteral("retry_after"), 30}})
                 .status,
             204);
    const HttpResult later = f.refresh(QStringLiteral("whatever1234"));
    QCOMPARE(later.status, 429);
    QCOMPARE(later.header("retry-after"), QByteArray("30"));
    QCOMPARE(SandboxFixture::errorCode(later), QStringLiteral("over_request_rate_limit"));
    // drop_after: served (the refresh rotates), then the connection closes unanswered; the
    // parent token then gets the active child, as after any lost answer
    const QJsonObject session = f.signIn();
    const QString parent = session.value(QStringLiteral("refresh_token")).toString();
    QCOMPARE(
        inject({{QStringLiteral("path"), tokenPath}, {QStringLiteral("drop_after"), true}}).status,
        204);
    QTcpSocket lost;
    lost.connectToHost(f.sandbox().authUrl().host(), quint16(f.sandbox().authUrl().port()));
    QVERIFY(lost.waitForConnected(5000));
    const QByteArray body = "{\"refresh_token\":\"" + parent.toLatin1() + "\"}";
    lost.write("POST /auth/v1/token?grant_type=refresh_token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               "apikey: "
               + f.sandbox().anonKey().toLatin1() + "\r\nContent-Type: application/json\r\n"
               + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QTRY_COMPARE_WITH_TIMEOUT(lost.state(), QAbstractSocket::UnconnectedState, 5000);
    QCOMPARE(lost.readAll(), QByteArray());
    const HttpResult recovered = f.refresh(parent);
    QCOMPARE(recovered.status, 200);
    const QString child = recovered.json().value(QStringLiteral("refresh_token")).toString();
    QVERIFY(!child.isEmpty() && child != parent);
    QCOMPARE(f.refresh(parent).json().value(QStringLiteral("refresh_token")).toString(), child);
    // a fault on the WeChat origin surfaces at the callback as GoTrue would surface it
    QCOMPARE(inject({{QStringLiteral("path"), QStringLiteral("/sns/oauth2/access_token")},
                     {QStringLiteral("status"), 502}})
                 .status,
             204);
    const HttpResult cb = f.callbackAfterConfirm();
    QCOMPARE(SandboxFixture::queryValue(cb.location(), QStringLiteral("error")),
             QStringLiteral("server_error"));
    // a fault on the long poll path; the page's script retries
    QCOMPARE(inject({{QStringLiteral("path"), QStringLiteral("/connect/l/qrconnect")},
                     {QStringLiteral("status"), 500}})
                 .status,
             204);
    QCOMPARE(f.poll(QStringLiteral("x")).status, 500);
    // DELETE clears everything pending
    QCOMPARE(inject({{QStringLiteral("path"), tokenPath},
                     {QStringLiteral("status"), 503},
                     {QStringLiteral("count"), 5}})
                 .status,
             204);
    QCOMPARE(f.control("DELETE", QStringLiteral("/sandbox/faults")).status, 204);
    QCOMPARE(f.refresh(QStringLiteral("whatever1234")).status, 400);
    // GoTrue's own contention and rate-limit errors, in the era's error style
    QCOMPARE(inject({{QStringLiteral("path"), tokenPath}, {QStringLiteral("status"), 429}}).status,
             204);
    const HttpResult limited = f.refresh(QStringLiteral("whatever1234"));
    QCOMPARE(limited.status, 429);
    QCOMPARE(SandboxFixture::errorCode(limited), QStringLiteral("over_request_rate_limit"));
    QCOMPARE(inject({{QStringLiteral("path"), tokenPath}, {QStringLiteral("status"), 409}}).status,
             204);
    QCOMPARE(SandboxFixture::errorCode(f.refresh(QStringLiteral("whatever1234"), false)),
             QStringLiteral("conflict"));
    // or any body, verbatim
    const QJsonObject banned{{QStringLiteral("code"), QStringLiteral("user_banned")},
                             {QStringLiteral("message"), QStringLiteral("User is banned")}};
    QCOMPARE(inject({{QStringLiteral("path"), tokenPath},
                     {QStringLiteral("status"), 400},
                     {QStringLiteral("body"), banned}})
                 .status,
             204);
    const HttpResult verbatim = f.refresh(QStringLiteral("whatever1234"));
    QCOMPARE(verbatim.status, 400);
    QCOMPARE(verbatim.json(), banned);
    // control calls are served on both origins
    QCOMPARE(f.http().send("DELETE", f.wechat(QStringLiteral("/sandbox/faults"))).status, 204);
}

void tst_Sandbox::faultValidation()
{
    SandboxFixture f;
    auto inject = [&](const QByteArray &body) {
        return f.control("POST", QStringLiteral("/sandbox/faults"), body);
    };
    QCOMPARE(inject("not json").status, 400);
    QCOMPARE(inject(R"({"path":"relative","status":503})").status, 400);
    QCOMPARE(inject(R"({"path":"/auth/v1/token","status":99})").status, 400);
    QCOMPARE(inject(R"({"path":"/auth/v1/token","count":0,"status":503})").status, 400);
    QCOMPARE(inject(R"({"path":"/auth/v1/token"})").status, 400);
    QCOMPARE(inject(R"({"path":"/auth/v1/token","status":400,"body":"text"})").status, 400);
    QCOMPARE(inject(R"({"path":"/auth/v1/token","body":{}})").status, 400);
    QCOMPARE(inject(R"({"path":"/auth/v1/token","retry_after":5})").status, 400);
    QCOMPARE(inject(R"({"path":"/auth/v1/token","status":429,"retry_after":-1})").status, 400);
    QCOMPARE(inject(R"({"path":"/auth/v1/token","drop_after":true,"status":503})").status, 400);
    QCOMPARE(inject(R"({"path":"/auth/v1/token","drop_after":true})").status, 204);
    QVERIFY(!inject(R"({"path":"/auth/v1/token","delay_ms":-1})")
                 .json()
                 .value(QStringLiteral("error"))
                 .toString()
                 .isEmpty());
    QCOMPARE(f.control("GET", QStringLiteral("/sandbox/nothing")).status, 404);
}

void tst_Sandbox::requestLogRedacts()
{
    SandboxFixture f;
    const QJsonObject session = f.signIn();
    const QString access = session.value(QStringLiteral("access_token")).toString();
    f.http().get(f.auth(QStringLiteral("/auth/v1/user")), f.apiHeaders(access));
    const HttpResult log = f.control("GET", QStringLiteral("/sandbox/requests"));
    QCOMPARE(log.status, 200);
    const QJsonArray entries = log.jsonArray();
    QVERIFY(entries.size() >= 8);
    const QJsonObject first = entries.first().toObject();
    QCOMPARE(first.value(QStringLiteral("origin")).toString(), QStringLiteral("auth"));
    QCOMPARE(first.value(QStringLiteral("path")).toString(), QStringLiteral("/auth/v1/authorize"));
    QVERIFY(first.value(QStringLiteral("query"))
                .toString()
                .startsWith(QLatin1String("provider=wechat_qr")));
    QCOMPARE(first.value(QStringLiteral("status")).toInt(), 302);
    const QJsonObject last = entries.last().toObject();
    QCOMPARE(last.value(QStringLiteral("path")).toString(), QStringLiteral("/auth/v1/user"));
    const QJsonObject headers = last.value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("authorization")).toString(),
             QStringLiteral("Bearer [redacted]"));
    QCOMPARE(headers.value(QStringLiteral("apikey")).toString(), QStringLiteral("[redacted]"));
    QVERIFY(!log.body.contains(access.toUtf8()));
    QVERIFY(!log.body.contains(f.sandbox().anonKey().toUtf8()));
    bool sawWeChat = false;
    for (const auto &v : entries)
        sawWeChat |= v[QStringLiteral("origin")] == QLatin1String("wechat");
    QVERIFY(sawWeChat);
}

void tst_Sandbox::qrImageDecodes()
{
    SandboxFixture f;
    QString uuid;
    f.qrPage(f.authorize(), &uuid);
    auto decode = [&] {
        const HttpResult image = f.http().get(f.wechat(QStringLiteral("/connect/qrcode/") + uuid));
        if (image.status != 200 || image.header("content-type") != "image/png")
            return QStringLiteral("HTTP %1").arg(image.status);
        return decodeQr(QImage::fromData(image.body, "PNG"));
    };
    const QString expected =
        f.sandbox().wechatUrl().toString() + QStringLiteral("/connect/confirm?uuid=") + uuid;
    QCOMPARE(decode(), expected);
    QCOMPARE(expected, f.sandbox().confirmPageUrl(uuid).toString());
    QVERIFY(f.isSandboxQr(expected));
    // What "the QR is painted" rests on: a frame without a whole QR decodes to nothing. The
    // page's unstyled dark background once counted as a QR by its dark pixels.
    QImage dark(360, 440, QImage::Format_RGB32);
    dark.fill(QColor(0x33, 0x33, 0x33));
    QCOMPARE(decodeQr(dark), QString());
    const QImage qr = QImage::fromData(
        f.http().get(f.wechat(QStringLiteral("/connect/qrcode/") + uuid)).body, "PNG");
    QCOMPARE(decodeQr(qr.copy(0, 0, qr.width(), qr.height() / 2)), QString());
    // served whatever the QR's status
    f.control("POST", QStringLiteral("/sandbox/qr/%1/expire").arg(uuid));
    QCOMPARE(decode(), expected);
    QCOMPARE(f.http().get(f.wechat(QStringLiteral("/connect/qrcode/NoSuchUuid000000"))).status,
             404);
}

void tst_Sandbox::manyHeldPolls()
{
    SandboxOptions o;
    o.longPollMs = 60'000;
    SandboxFixture f(o);
    QString uuid;
    f.qrPage(f.authorize(), &uuid);
    // 50 polls on raw sockets: a QNetworkAccessManager would queue all but 6 of them itself
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    const QByteArray request = "GET /connect/l/qrconnect?uuid=" + uuid.toLatin1()
                               + "&_=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    for (int i = 0; i < 50; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(f.sandbox().wechatUrl().host(),
                              quint16(f.sandbox().wechatUrl().port()));
        QVERIFY(socket->waitForConnected(5000));
        socket->write(request);
        sockets.push_back(std::move(socket));
    }
    auto heldCount = [&] {
        int held = 0;
        for (const auto &v : f.control("GET", QStringLiteral("/sandbox/requests")).jsonArray())
            held += v[QStringLiteral("path")] == QLatin1String("/connect/l/qrconnect")
                    && v[QStringLiteral("status")].toInt() == 0;
        return held;
    };
    QTRY_COMPARE_WITH_TIMEOUT(heldCount(), 50, 10'000);
    // a whole sign-in, token exchange included, while all 50 are held
    QElapsedTimer timer;
    timer.start();
    const QJsonObject session = f.signIn();
    const qint64 signInMs = timer.elapsed();
    QVERIFY(!session.value(QStringLiteral("access_token")).toString().isEmpty());
    qInfo("sign-in with 50 held long polls: %lld ms", signInMs);
    for (const auto &socket : sockets)
        QCOMPARE(socket->bytesAvailable(), 0); // still held
    // one state change answers all 50 at once
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/scan").arg(uuid)).status, 204);
    for (const auto &socket : sockets) {
        QTRY_VERIFY_WITH_TIMEOUT(socket->bytesAvailable() > 0, 10'000);
        const QByteArray answer = socket->readAll();
        QVERIFY(answer.startsWith("HTTP/1.1 200"));
        QVERIFY(answer.endsWith("window.wx_errcode=404;window.wx_code='';"));
    }
}

void tst_Sandbox::virtualPhone()
{
    SandboxFixture f;
    QString uuid;
    const HttpResult authorize = f.authorize();
    f.qrPage(authorize, &uuid);
    // opening the page is the scan
    const HttpResult phone =
        f.http().get(f.wechat(QStringLiteral("/connect/confirm?uuid=") + uuid));
    QCOMPARE(phone.status, 200);
    const QString html = QString::fromUtf8(phone.body);
    for (const auto *text : {"确认登录", "取消", "小微同学", "扫码达人", "WeChatLogin 沙盒"})
        QVERIFY2(html.contains(QString::fromUtf8(text)), text);
    QCOMPARE(f.sandbox().qrStatus(uuid), Sandbox::QrStatus::Scanned);
    QCOMPARE(waitCode(f.poll(uuid)), QStringLiteral("404:"));
    // the phone's form confirms as the chosen user
    const HttpResult confirmed =
        f.http().send("POST", f.wechat(QStringLiteral("/connect/confirm")),
                      {{"Content-Type", "application/x-www-form-urlencoded"}},
                      "uuid=" + uuid.toLatin1() + "&user=second&action=confirm");
    QCOMPARE(confirmed.status, 200);
    QVERIFY(confirmed.body.contains("已确认登录"));
    const QString code = waitCode(f.poll(uuid)).mid(4);
    const HttpResult cb =
        f.http().get(f.auth(QStringLiteral("/auth/v1/callback?code=%1&state=%2")
                                .arg(code, SandboxFixture::stateOf(authorize.location()))));
    const QJsonObject session =
        f.exchange(SandboxFixture::queryValue(cb.location(), QStringLiteral("code"))).json();
    QCOMPARE(
        session[QStringLiteral("user")][QStringLiteral("user_metadata")][QStringLiteral("nickname")]
            .toString(),
        QStringLiteral("扫码达人"));
    // a confirmed, cancelled, expired or unknown QR shows its state
    QVERIFY(f.http()
                .get(f.wechat(QStringLiteral("/connect/confirm?uuid=") + uuid))
                .body.contains("已确认登录"));
    QString other;
    f.qrPage(f.authorize(), &other);
    f.http().send("POST", f.wechat(QStringLiteral("/connect/confirm")),
                  {{"Content-Type", "application/x-www-form-urlencoded"}},
                  "uuid=" + other.toLatin1() + "&action=cancel");
    QCOMPARE(f.sandbox().qrStatus(other), Sandbox::QrStatus::Cancelled);
    QCOMPARE(waitCode(f.poll(other)), QStringLiteral("403:"));
    f.control("POST", QStringLiteral("/sandbox/qr/%1/expire").arg(other));
    QVERIFY(f.http()
                .get(f.wechat(QStringLiteral("/connect/confirm?uuid=") + other))
                .body.contains("二维码已失效"));
    QVERIFY(f.http()
                .get(f.wechat(QStringLiteral("/connect/confirm?uuid=NoSuchUuid000000")))
                .body.contains("二维码已失效"));
}

void tst_Sandbox::controlApi()
{
    SandboxFixture f;
    QCOMPARE(f.control("GET", QStringLiteral("/sandbox/qr/latest")).status, 404);
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/NoSuchUuid000000/scan")).status, 404);
    QString uuid;
    f.qrPage(f.authorize(), &uuid);
    const QJsonObject latest = f.http().get(f.wechat(QStringLiteral("/sandbox/qr/latest"))).json();
    QCOMPARE(latest, QJsonObject({{QStringLiteral("uuid"), uuid},
                                  {QStringLiteral("status"), QStringLiteral("waiting")}}));
    QCOMPARE(
        f.control("POST", QStringLiteral("/sandbox/qr/%1/confirm?user=nobody").arg(uuid)).status,
        400);
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/frobnicate").arg(uuid)).status, 404);
    for (const auto &[action, status] :
         {std::pair{"scan", "scanned"}, {"cancel", "cancelled"}, {"confirm", "confirmed"}}) {
        QCOMPARE(
            f.control("POST", QStringLiteral("/sandbox/qr/%1/%2").arg(uuid, QLatin1String(action)))
                .status,
            204);
        QCOMPARE(f.control("GET", QStringLiteral("/sandbox/qr/latest"))
                     .json()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QLatin1String(status));
    }
    // a confirmed QR is final
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/cancel").arg(uuid)).status, 409);
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/qr/%1/expire").arg(uuid)).status, 409);
    // the in-process API agrees
    QString other;
    f.qrPage(f.authorize(), &other);
    QSignalSpy changed(&f.sandbox(), &Sandbox::qrStatusChanged);
    QVERIFY(f.sandbox().confirmQr(other));
    QCOMPARE(changed.count(), 2); // scanned, then confirmed
    QString error;
    QVERIFY(!f.sandbox().scanQr(other, &error));
    QVERIFY(!error.isEmpty());
}

void tst_Sandbox::userShape()
{
    SandboxFixture f;
    const QJsonObject user = f.signIn().value(QStringLiteral("user")).toObject();
    const QJsonObject meta = user.value(QStringLiteral("user_metadata")).toObject();
    const QString openid = meta.value(QStringLiteral("sub")).toString();
    QVERIFY(!openid.isEmpty());
    QCOMPARE(user.value(QStringLiteral("email")).toString(),
             openid + QStringLiteral("@wechat.local"));
    QCOMPARE(user.value(QStringLiteral("app_metadata")).toObject(),
             QJsonObject({{QStringLiteral("provider"), QStringLiteral("wechat_qr")},
                          {QStringLiteral("providers"), QJsonArray{QStringLiteral("wechat_qr")}}}));
    for (const auto *key : {"name", "full_name", "nickname", "user_name"})
        QCOMPARE(meta.value(QLatin1String(key)).toString(), QStringLiteral("小微同学"));
    QCOMPARE(meta.value(QStringLiteral("provider_id")).toString(), openid);
    QCOMPARE(meta.value(QStringLiteral("avatar_url")), meta.value(QStringLiteral("picture")));
    QCOMPARE(meta.value(QStringLiteral("email_verified")).toBool(), true);
    QCOMPARE(meta.value(QStringLiteral("phone_verified")).toBool(true), false);
    const QJsonObject claims = meta.value(QStringLiteral("custom_claims")).toObject();
    for (const auto *key : {"openid", "unionid", "sex", "province", "city", "country", "privilege"})
        QVERIFY2(claims.contains(QLatin1String(key)), key);
    const QJsonObject identity =
        user.value(QStringLiteral("identities")).toArray().first().toObject();
    QCOMPARE(identity.value(QStringLiteral("id")).toString(), openid);
    QCOMPARE(identity.value(QStringLiteral("provider")).toString(), QStringLiteral("wechat_qr"));
    QCOMPARE(identity.value(QStringLiteral("user_id")).toString(),
             user.value(QStringLiteral("id")).toString());
    // the same WeChat user signs in to the same GoTrue user
    QCOMPARE(f.signIn().value(QStringLiteral("user")).toObject().value(QStringLiteral("id")),
             user.value(QStringLiteral("id")));
    // the access token's claims
    const QString access = f.signIn().value(QStringLiteral("access_token")).toString();
    const QJsonObject jwt =
        QJsonDocument::fromJson(QByteArray::fromBase64(access.section(u'.', 1, 1).toLatin1(),
                                                       QByteArray::Base64UrlEncoding))
            .object();
    for (const auto *key : {"iss", "sub", "aud", "exp", "iat", "email", "phone", "app_metadata",
                            "user_metadata", "role", "aal", "amr", "session_id", "is_anonymous"})
        QVERIFY2(jwt.contains(QLatin1String(key)), key);
    QCOMPARE(jwt.value(QStringLiteral("role")).toString(), QStringLiteral("authenticated"));
}

QTEST_GUILESS_MAIN(tst_Sandbox)
#include "tst_sandbox.moc"
