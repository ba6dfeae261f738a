// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// AuthClient against the real sandbox over loopback, in both server eras.

#include "testendless.h"
#include "testhttp.h"
#include "testprocmem.h"
#include "testreply.h"

#include <WeChatLogin/authclient.h>
#include <WeChatLogin/pkce.h>

// Qt
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using Era = SandboxOptions::ServerEra;
using K = AuthError::Kind;

namespace {

const QUrl kRedirect(QStringLiteral("http://127.0.0.1:9/callback"));

AuthConfig configFor(Sandbox &sandbox)
{
    AuthConfig config(sandbox.authUrl(), sandbox.anonKey());
    config.setRedirectUrl(kRedirect);
    return config;
}

void addEraRows()
{
    QTest::addColumn<Era>("era");
    QTest::newRow("current") << Era::Current;
    QTest::newRow("legacy") << Era::Legacy;
}

SandboxOptions eraOptions(Era era)
{
    SandboxOptions o;
    o.serverEra = era;
    return o;
}

} // namespace

class tst_AuthClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void authorizeUrl();
    void pkceSignIn_data() { addEraRows(); }
    void pkceSignIn();
    void implicitSignIn_data() { addEraRows(); }
    void implicitSignIn();
    void refreshUserSignOut_data() { addEraRows(); }
    void refreshUserSignOut();
    void exchangeErrors_data() { addEraRows(); }
    void exchangeErrors();
    void flowExpired_data() { addEraRows(); }
    void flowExpired();
    void refreshErrors_data() { addEraRows(); }
    void refreshErrors();
    void redirectErrors_data() { addEraRows(); }
    void redirectErrors();
    void redirectNotAllowedLandsElsewhere();
    void wrongApiKey();
    void headers();
    void timeout();
    void droppedConnection();
    void endlessAnswerIsCutOff_data();
    void endlessAnswerIsCutOff();
    void serviceUnavailableThenSuccess();
    void abort();
    void clientDeletedMidRequest();
    void invalidConfigFinishesAsynchronously();
    void tlsErrorsAreNeverIgnored();
};

void tst_AuthClient::authorizeUrl()
{
    AuthConfig config(QUrl(QStringLiteral("https://abc.baseapi.memfiredb.com")),
                      QStringLiteral("sb_publishable_x"));
    config.setRedirectUrl(QUrl(QStringLiteral("http://127.0.0.1:8765/callback?x=1 2")));
    config.setScopes(QStringLiteral("snsapi_login extra"));
    config.setExtraAuthorizeParams({{QStringLiteral("lang"), QStringLiteral("en")}});
    AuthClient client(config);
    const AuthorizeRequest a =
        client.prepareAuthorize({{QStringLiteral("fast_login"), QStringLiteral("0")}});
    const AuthorizeRequest b = client.prepareAuthorize();
    QVERIFY(a.codeVerifier != b.codeVerifier); // fresh per attempt
    const QByteArray url = a.url.toEncoded();
    QVERIFY2(
        url.startsWith("https://abc.baseapi.memfiredb.com/auth/v1/"
                       "authorize?provider=wechat_qr&redirect_to=http%3A%2F%2F127.0.0.1%3A8765%"
                       "2Fcallback%3Fx%3D1%202&scopes=snsapi_login%20extra&code_challenge="),
        url.constData());
    QVERIFY(url.endsWith("&code_challenge_method=s256&lang=en&fast_login=0"));
    QCOMPARE(QUrlQuery(a.url).queryItemValue(QStringLiteral("code_challenge")),
             Pkce::challenge(a.codeVerifier));
    config.setFlowType(AuthConfig::FlowType::Implicit);
    client.setConfig(config);
    const AuthorizeRequest implicit = client.prepareAuthorize();
    QVERIFY(implicit.codeVerifier.isEmpty());
    QVERIFY(!implicit.url.toString().contains(QLatin1String("code_challenge")));
}

void tst_AuthClient::pkceSignIn()
{
    QFETCH(Era, era);
    SandboxFixture f(eraOptions(era));
    AuthClient client(configFor(f.sandbox()));
    const AuthorizeRequest authorize = client.prepareAuthorize();
    const HttpResult cb = f.followSignIn(authorize.url, QStringLiteral("second"));
    QCOMPARE(cb.status, 302);
    const CallbackUrl callback = CallbackUrl::parse(cb.location(), kRedirect);
    QCOMPARE(callback.kind(), CallbackUrl::Kind::Code);
    AuthReply *reply = kept(client.completeSignIn(callback, authorize.codeVerifier));
    QVERIFY(!reply->isFinished() || reply->error().isError());
    QVERIFY(waitForReply(reply));
    QVERIFY2(!reply->error().isError(), qPrintable(reply->error().toString()));
    const Session s = reply->session();
    QVERIFY(s.isValid());
    QCOMPARE(s.nickname(), QStringLiteral("扫码达人"));
    QCOMPARE(s.provider(), QStringLiteral("wechat_qr"));
    QVERIFY(s.openid().startsWith(QLatin1String("oSbx")));
    QVERIFY(s.unionid().startsWith(QLatin1String("uSbx")));
    QVERIFY(s.avatarUrl().startsWith(f.sandbox().wechatUrl().toString()));
    QVERIFY(!s.providerToken().isEmpty());
    QCOMPARE(s.role(), QStringLiteral("authenticated"));
    QCOMPARE(s.authenticationMethods(), QStringList{QStringLiteral("oauth")});
    QVERIFY(!s.sessionId().isEmpty());
    QVERIFY(s.expiresAt()
            > QDateTime::currentSecsSinceEpoch() + 3000); // computed in the legacy era
    delete reply;
}

void tst_AuthClient::implicitSignIn()
{
    QFETCH(Era, era);
    SandboxFixture f(eraOptions(era));
    AuthConfig config = configFor(f.sandbox());
    config.setFlowType(AuthConfig::FlowType::Implicit);
    AuthClient client(config);
    const AuthorizeRequest authorize = client.prepareAuthorize();
    const CallbackUrl callback =
        CallbackUrl::parse(f.followSignIn(authorize.url).location(), kRedirect);
    QCOMPARE(callback.kind(), CallbackUrl::Kind::Tokens);
    QVERIFY(callback.session().user().isEmpty());
    AuthReply *reply = kept(client.completeSignIn(callback, QString()));
    QVERIFY(waitForReply(reply));
    QVERIFY2(!reply->error().isError(), qPrintable(reply->error().toString()));
    QCOMPARE(reply->operation(), AuthReply::Operation::CompleteImplicit);
    QCOMPARE(reply->session().nickname(), QStringLiteral("小微同学"));
    QCOMPARE(reply->user().value(QStringLiteral("id")).toString(), reply->session().userId());
}

void tst_AuthClient::refreshUserSignOut()
{
    QFETCH(Era, era);
    SandboxFixture f(eraOptions(era));
    AuthClient client(configFor(f.sandbox()));
    const Session first = Session::fromJsonObject(f.signIn());
    QVERIFY(first.isValid());

    AuthReply *refreshed = kept(client.refreshSession(first.refreshToken()));
    QVERIFY(waitForReply(refreshed));
    QVERIFY2(!refreshed->error().isError(), qPrintable(refreshed->error().toString()));
    const Session second = refreshed->session();
    QVERIFY(second.refreshToken() != first.refreshToken());
    QCOMPARE(second.sessionId(), first.sessionId());
    QCOMPARE(second.nickname(), first.nickname());

    AuthReply *user = kept(client.fetchUser(second.accessToken()));
    QVERIFY(waitForReply(user));
    QCOMPARE(user->user().value(QStringLiteral("id")).toString(), first.userId());

    AuthReply *bad = kept(client.signOut(second.accessToken(), AuthClient::SignOutScope::Local));
    QVERIFY(waitForReply(bad));
    QVERIFY2(!bad->error().isError(), qPrintable(bad->error().toString()));
    const QJsonArray log = f.control("GET", QStringLiteral("/sandbox/requests")).jsonArray();
    QCOMPARE(log.last()[QStringLiteral("query")].toString(), QStringLiteral("scope=local"));

    AuthReply *after = kept(client.fetchUser(second.accessToken()));
    QVERIFY(waitForReply(after));
    QCOMPARE(after->error().kind(), K::SessionNotFound);
    QCOMPARE(after->error().httpStatus(), 403);
    AuthReply *again = kept(client.signOut(second.accessToken()));
    QVERIFY(waitForReply(again));
    QCOMPARE(again->error().kind(),
             K::SessionNotFound); // the caller treats it as "already signed out"
}

void tst_AuthClient::exchangeErrors()
{
    QFETCH(Era, era);
    SandboxFixture f(eraOptions(era));
    AuthClient client(configFor(f.sandbox()));
    const AuthorizeRequest authorize = client.prepareAuthorize();
    const CallbackUrl callback =
        CallbackUrl::parse(f.followSignIn(authorize.url).location(), kRedirect);
    const int status = era == Era::Legacy ? 403 : 400;

    AuthReply *wrong = kept(client.exchangeCode(callback.code(), Pkce::generateVerifier()));
    QVERIFY(waitForReply(wrong));
    QCOMPARE(wrong->error().kind(), K::CodeVerifierMismatch);
    QCOMPARE(wrong->error().httpStatus(), status);
    QVERIFY(!wrong->error().isRetryable());
    QCOMPARE(wrong->error().serverCode(),
             era == Era::Legacy ? QString() : QStringLiteral("bad_code_verifier"));

    AuthReply *ok =
        kept(client.exchangeCode(callback.code(), authorize.codeVerifier)); // not consumed
    QVERIFY(waitForReply(ok));
    QVERIFY2(!ok->error().isError(), qPrintable(ok->error().toString()));

    AuthReply *reused = kept(client.exchangeCode(callback.code(), authorize.codeVerifier));
    QVERIFY(waitForReply(reused));
    QCOMPARE(reused->error().kind(), K::CodeInvalid);
    QCOMPARE(reused->error().httpStatus(), era == Era::Legacy ? 403 : 404);

    // empty fields never leave the process
    const int before = f.control("GET", QStringLiteral("/sandbox/requests")).jsonArray().size();
    AuthReply *empty = kept(client.exchangeCode(QString(), authorize.codeVerifier));
    QVERIFY(waitForReply(empty));
    QCOMPARE(empty->error().kind(), K::InvalidRequest);
    QCOMPARE(f.control("GET", QStringLiteral("/sandbox/requests")).jsonArray().size(),
             before + 1); // just this GET
}

void tst_AuthClient::flowExpired()
{
    QFETCH(Era, era);
    SandboxOptions o = eraOptions(era);
    o.flowStateTtlMs = 300;
    SandboxFixture f(o);
    AuthClient client(configFor(f.sandbox()));
    const AuthorizeRequest authorize = client.prepareAuthorize();
    const CallbackUrl callback =
        CallbackUrl::parse(f.followSignIn(authorize.url).location(), kRedirect);
    QCOMPARE(callback.kind(), CallbackUrl::Kind::Code);
    AuthError error;
    // A wrong verifier never consumes the code: poll until the flow state has died.
    QTRY_VERIFY_WITH_TIMEOUT(
        ([&] {
            AuthReply *r = kept(client.exchangeCode(callback.code(), Pkce::generateVerifier()));
            waitForReply(r);
            error = r->error();
            delete r;
            return error.kind() == K::FlowExpired;
        }()),
        5000);
    QCOMPARE(error.httpStatus(), era == Era::Legacy ? 403 : 422);
    QVERIFY(!error.isRetryable());
    QVERIFY(!error.userMessage().isEmpty());
}

void tst_AuthClient::refreshErrors()
{
    QFETCH(Era, era);
    SandboxFixture f(eraOptions(era));
    AuthClient client(configFor(f.sandbox()));
    const Session s = Session::fromJsonObject(f.signIn());
    auto refresh = [&](const QString &token) {
        AuthReply *r = kept(client.refreshSession(token));
        waitForReply(r);
        return r->error();
    };
    QVERIFY(!refresh(s.refreshToken()).isError());
    QVERIFY(!refresh(s.refreshToken()).isError()); // the parent of the active token
    const AuthError unknown = refresh(QStringLiteral("nosuchtoken1"));
    QCOMPARE(unknown.kind(), K::RefreshTokenNotFound);
    // rotate twice, then reuse the first: the family is revoked
    AuthReply *r1 = kept(client.refreshSession(s.refreshToken()));
    waitForReply(r1);
    AuthReply *r2 = kept(client.refreshSession(r1->session().refreshToken()));
    waitForReply(r2);
    QVERIFY(!r2->error().isError());
    const AuthError reused = refresh(s.refreshToken());
    QCOMPARE(reused.kind(), K::RefreshTokenReused);
    QCOMPARE(reused.httpStatus(), 400);
    QVERIFY(!reused.isRetryable());
    QCOMPARE(refresh(r2->session().refreshToken()).kind(), K::RefreshTokenReused);
}

void tst_AuthClient::redirectErrors()
{
    QFETCH(Era, era);
    SandboxFixture f(eraOptions(era));
    AuthClient client(configFor(f.sandbox()));
    // WeChat's refusal (state without code) and a failed WeChat code exchange
    const AuthorizeRequest a = client.prepareAuthorize();
    const QString state = SandboxFixture::stateOf(f.http().get(a.url).location());
    const HttpResult refused =
        f.http().get(f.auth(QStringLiteral("/auth/v1/callback?state=")
                            + QString::fromLatin1(QUrl::toPercentEncoding(state))));
    const CallbackUrl refusal = CallbackUrl::parse(refused.location(), kRedirect);
    QCOMPARE(refusal.kind(), CallbackUrl::Kind::Error);
    QCOMPARE(refusal.error().kind(), K::ProviderError);
    AuthReply *reply = kept(client.completeSignIn(refusal, a.codeVerifier));
    QVERIFY(waitForReply(reply));
    QCOMPARE(reply->error(), refusal.error());

    QCOMPARE(
        f.control(
             "POST", QStringLiteral("/sandbox/faults"),
             R"({"path":"/sns/oauth2/access_token","status":200,"body":{"errcode":40029,"errmsg":"invalid code"}})")
            .status,
        204);
    const CallbackUrl failed =
        CallbackUrl::parse(f.followSignIn(client.prepareAuthorize().url).location(), kRedirect);
    QCOMPARE(failed.kind(), CallbackUrl::Kind::Error);
    QCOMPARE(failed.error().kind(), K::ProviderError);
    QCOMPARE(failed.error().serverCode(), era == Era::Legacy
                                              ? QStringLiteral("server_error")
                                              : QStringLiteral("unexpected_failure"));
}

void tst_AuthClient::redirectNotAllowedLandsElsewhere()
{
    SandboxOptions o;
    o.siteUrl = QUrl(QStringLiteral("https://app.example.com/"));
    o.redirectAllow = {QStringLiteral("wechatlogin://**")};
    o.serverEra = Era::Legacy; // no loopback rule
    SandboxFixture f(o);
    AuthClient client(configFor(f.sandbox()));
    const QUrl landing = f.followSignIn(client.prepareAuthorize().url).location();
    QCOMPARE(landing.host(), QStringLiteral("app.example.com"));
    // not our redirect: the caller must notice, not wait forever
    QCOMPARE(CallbackUrl::parse(landing, kRedirect).kind(), CallbackUrl::Kind::NotCallback);
}

void tst_AuthClient::wrongApiKey()
{
    SandboxFixture f;
    AuthConfig config = configFor(f.sandbox());
    config.setAnonKey(QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2ln"));
    AuthClient client(config);
    AuthReply *r = kept(client.refreshSession(QStringLiteral("abcdefghijkl")));
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), K::ConfigError);
    QCOMPARE(r->error().httpStatus(), 401);
}

void tst_AuthClient::headers()
{
    SandboxFixture f;
    AuthClient client(configFor(f.sandbox()));
    AuthReply *r = kept(client.refreshSession(QStringLiteral("abcdefghijkl")));
    QVERIFY(waitForReply(r));
    const QJsonObject entry =
        f.control("GET", QStringLiteral("/sandbox/requests")).jsonArray().last().toObject();
    QCOMPARE(entry[QStringLiteral("method")].toString(), QStringLiteral("POST"));
    QCOMPARE(entry[QStringLiteral("path")].toString(), QStringLiteral("/auth/v1/token"));
    QCOMPARE(entry[QStringLiteral("query")].toString(), QStringLiteral("grant_type=refresh_token"));
    const QJsonObject h = entry[QStringLiteral("headers")].toObject();
    QCOMPARE(h[QStringLiteral("apikey")].toString(), QStringLiteral("[redacted]"));
    QCOMPARE(h[QStringLiteral("authorization")].toString(), QStringLiteral("Bearer [redacted]"));
    QCOMPARE(h[QStringLiteral("x-client-info")].toString(), QStringLiteral("wechatlogin-qt/0.1.0"));
    QCOMPARE(h[QStringLiteral("x-supabase-api-version")].toString(), QStringLiteral("2024-01-01"));
    QCOMPARE(h[QStringLiteral("content-type")].toString(),
             QStringLiteral("application/json;charset=UTF-8"));
    QCOMPARE(AuthClient::clientInfo(), QStringLiteral("wechatlogin-qt/0.1.0"));
}

void tst_AuthClient::timeout()
{
    SandboxFixture f;
    AuthConfig config = configFor(f.sandbox());
    config.setRequestTimeoutMs(300);
    AuthClient client(config);
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/faults"),
                       R"({"path":"/auth/v1/token","delay_ms":3000})")
                 .status,
             204);
    AuthReply *r = kept(client.refreshSession(QStringLiteral("abcdefghijkl")));
    QVERIFY(waitForReply(r, 5000));
    QCOMPARE(r->error().kind(), K::Timeout);
    QVERIFY(r->error().isRetryable());
}

void tst_AuthClient::droppedConnection()
{
    SandboxFixture f;
    AuthClient client(configFor(f.sandbox()));
    // Qt re-sends once on a closed connection; drop every attempt.
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/faults"),
                       R"({"path":"/auth/v1/token","drop":true,"count":10})")
                 .status,
             204);
    AuthReply *r = kept(client.refreshSession(QStringLiteral("abcdefghijkl")));
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), K::Network);
    QVERIFY(r->error().isRetryable());
    QCOMPARE(r->error().httpStatus(), 0);
}

void tst_AuthClient::endlessAnswerIsCutOff_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<AuthError::Kind>("kind");
    QTest::newRow("JSON: not GoTrue") << QByteArray("application/json") << K::InvalidResponse;
    QTest::newRow("HTML: the network's page")
        << QByteArray("text/html; charset=utf-8") << K::CaptivePortal;
}

void tst_AuthClient::endlessAnswerIsCutOff()
{
    QFETCH(QByteArray, contentType);
    QFETCH(AuthError::Kind, kind);
    // A captive portal or a broken proxy answering 200 with a body that never ends: the
    // request ends at AuthClient::MaxAnswerBytes, as a transient InvalidResponse, long before
    // its timeout, and what it read costs about that much memory, not all it was sent.
    EndlessServer endless(contentType);
    AuthConfig config(endless.url(), QStringLiteral("sb_publishable_x"));
    config.setRedirectUrl(kRedirect);
    config.setRequestTimeoutMs(60'000);
    AuthClient client(config);
    const qint64 peakBeforeKb = statusKb(QStringLiteral("self"), "VmHWM");
    AuthReply *r = kept(client.refreshSession(QStringLiteral("abcdefghijkl")));
    QVERIFY(waitForReply(r, 30'000));
    QCOMPARE(r->error().kind(), kind);
    QVERIFY2(r->error().message().contains(QLatin1String("1024 KiB")),
             qPrintable(r->error().message()));
    QVERIFY(!r->error().endsSession()); // not the server's word: the session is kept
    QVERIFY(endless.bytesSent() > AuthClient::MaxAnswerBytes);
    const qint64 grewKb = statusKb(QStringLiteral("self"), "VmHWM") - peakBeforeKb;
    QVERIFY2(grewKb < 24 * 1024, qPrintable(QStringLiteral("peak grew by %1 kB").arg(grewKb)));
}

void tst_AuthClient::serviceUnavailableThenSuccess()
{
    SandboxFixture f;
    AuthClient client(configFor(f.sandbox()));
    const Session s = Session::fromJsonObject(f.signIn());
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/faults"),
                       R"({"path":"/auth/v1/token","status":503})")
                 .status,
             204);
    AuthReply *first = kept(client.refreshSession(s.refreshToken()));
    QVERIFY(waitForReply(first));
    QCOMPARE(first->error().kind(), K::ServerUnavailable);
    QCOMPARE(first->error().httpStatus(), 503);
    QVERIFY(first->error().isRetryable());
    AuthReply *second = kept(client.refreshSession(s.refreshToken())); // the token was never spent
    QVERIFY(waitForReply(second));
    QVERIFY2(!second->error().isError(), qPrintable(second->error().toString()));
}

void tst_AuthClient::abort()
{
    SandboxFixture f;
    AuthClient client(configFor(f.sandbox()));
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/faults"),
                       R"({"path":"/auth/v1/token","delay_ms":2000})")
                 .status,
             204);
    AuthReply *r = kept(client.refreshSession(QStringLiteral("abcdefghijkl")));
    QSignalSpy finished(r, &AuthReply::finished);
    QTest::qWait(50); // let the request leave
    r->abort();
    r->abort();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(r->error().kind(), K::Cancelled);
    QTest::qWait(100);
    QCOMPARE(finished.count(), 1);
    // abort before anything was sent
    AuthReply *early = kept(client.fetchUser(QStringLiteral("x")));
    QSignalSpy earlyFinished(early, &AuthReply::finished);
    early->abort();
    QTRY_COMPARE(earlyFinished.count(), 1);
    QCOMPARE(early->error().kind(), K::Cancelled);
}

void tst_AuthClient::clientDeletedMidRequest()
{
    SandboxFixture f;
    QCOMPARE(f.control("POST", QStringLiteral("/sandbox/faults"),
                       R"({"path":"/auth/v1/token","delay_ms":500})")
                 .status,
             204);
    auto client = std::make_unique<AuthClient>(configFor(f.sandbox()));
    QPointer<AuthReply> r = kept(client->refreshSession(QStringLiteral("abcdefghijkl")));
    QTest::qWait(50);
    client.reset();
    QVERIFY(r.isNull()); // replies die with their client, taking their requests along
    QTest::qWait(700);   // and nothing fires afterwards
}

void tst_AuthClient::invalidConfigFinishesAsynchronously()
{
    AuthClient client(
        AuthConfig(QUrl(QStringLiteral("http://example.com")), QStringLiteral("sb_publishable_x")));
    AuthReply *r = kept(client.refreshSession(QStringLiteral("abcdefghijkl")));
    QSignalSpy finished(r, &AuthReply::finished);
    QCOMPARE(finished.count(), 0); // never from inside the call
    QVERIFY(r->isFinished());
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(r->error().kind(), K::ConfigError);
    QVERIFY(r->error().message().contains(QLatin1String("https")));
}

void tst_AuthClient::tlsErrorsAreNeverIgnored()
{
    // A loopback HTTPS server with a self-signed certificate nobody trusts.
    QTemporaryDir dir;
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                   dir.filePath(QStringLiteral("key.pem")), QStringLiteral("-out"),
                   dir.filePath(QStringLiteral("cert.pem")), QStringLiteral("-days"),
                   QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
    QVERIFY(openssl.waitForFinished(30000));
    QCOMPARE(openssl.exitCode(), 0);
    QFile certFile(dir.filePath(QStringLiteral("cert.pem")));
    QFile keyFile(dir.filePath(QStringLiteral("key.pem")));
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificate(QSslCertificate(certFile.readAll()));
    ssl.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
    QSslServer server;
    server.setSslConfiguration(ssl);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    AuthConfig config(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(server.serverPort())),
                      QStringLiteral("sb_publishable_x"));
    AuthClient client(config);
    AuthReply *r = kept(client.refreshSession(QStringLiteral("abcdefghijkl")));
    QVERIFY(waitForReply(r));
    QCOMPARE(r->error().kind(), K::Tls);
    QVERIFY(!r->error().isRetryable());
}

QTEST_GUILESS_MAIN(tst_AuthClient)
#include "tst_authclient.moc"
