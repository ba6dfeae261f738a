// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include <WeChatLogin/autherror.h>

// Qt
#include <QMetaEnum>
#include <QTest>

using namespace WeChatLogin;
using K = AuthError::Kind;

class tst_AuthError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bodyShapes_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<AuthError::Kind>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("2024-01-01")
            << 400
            << QByteArray(
                   R"({"code":"bad_code_verifier","message":"code challenge does not match previously saved code verifier"})")
            << QByteArray() << K::CodeVerifierMismatch << "bad_code_verifier"
            << "code challenge does not match previously saved code verifier";
        QTest::newRow("unversioned")
            << 422
            << QByteArray(
                   R"({"code":422,"error_code":"flow_state_expired","msg":"invalid flow state, flow state has expired"})")
            << QByteArray("flow_state_expired") << K::FlowExpired << "flow_state_expired"
            << "invalid flow state, flow state has expired";
        QTest::newRow("oauth")
            << 400
            << QByteArray(
                   R"({"error":"invalid_grant","error_description":"Invalid Refresh Token: Already Used"})")
            << QByteArray() << K::RefreshTokenReused << "invalid_grant"
            << "Invalid Refresh Token: Already Used";
        QTest::newRow("oauth not found")
            << 400
            << QByteArray(
                   R"({"error":"invalid_grant","error_description":"Invalid Refresh Token: Refresh Token Not Found"})")
            << QByteArray() << K::RefreshTokenNotFound << "invalid_grant"
            << "Invalid Refresh Token: Refresh Token Not Found";
        QTest::newRow("pre-2024 expired")
            << 403
            << QByteArray(R"({"code":403,"msg":"invalid flow state, flow state has expired"})")
            << QByteArray() << K::FlowExpired << ""
            << "invalid flow state, flow state has expired";
        QTest::newRow("pre-2024 unknown code")
            << 403
            << QByteArray(R"({"code":403,"msg":"invalid flow state, no valid flow state found"})")
            << QByteArray() << K::CodeInvalid << ""
            << "invalid flow state, no valid flow state found";
        QTest::newRow("pre-2024 verifier")
            << 403
            << QByteArray(
                   R"({"code":403,"msg":"code challenge does not match previously saved code verifier"})")
            << QByteArray() << K::CodeVerifierMismatch << ""
            << "code challenge does not match previously saved code verifier";
        QTest::newRow("pre-2024 empty")
            << 403
            << QByteArray(
                   R"({"code":403,"msg":"invalid request: both auth code and code verifier should be non-empty"})")
            << QByteArray() << K::InvalidRequest << ""
            << "invalid request: both auth code and code verifier should be non-empty";
        QTest::newRow("gateway") << 401
                                 << QByteArray(R"({"message":"No API key found in request"})")
                                 << QByteArray() << K::ConfigError << ""
                                 << "No API key found in request";
        QTest::newRow("gateway 503") << 503 << QByteArray(R"({"message":"upstream connect error"})")
                                     << QByteArray() << K::ServerUnavailable << ""
                                     << "upstream connect error";
        QTest::newRow("header only") << 404 << QByteArray() << QByteArray("flow_state_not_found")
                                     << K::CodeInvalid << "flow_state_not_found"
                                     << "HTTP 404";
        QTest::newRow("html 502") << 502
                                  << QByteArray(
                                         "<html><body><h1>502 Bad Gateway</h1></body></html>")
                                  << QByteArray() << K::ServerUnavailable << ""
                                  << "<html><body><h1>502 Bad Gateway</h1></body></html>";
        QTest::newRow("session")
            << 403
            << QByteArray(
                   R"({"code":"session_not_found","message":"Session from session_id claim in JWT does not exist"})")
            << QByteArray() << K::SessionNotFound << "session_not_found"
            << "Session from session_id claim in JWT does not exist";
        QTest::newRow("rate limit")
            << 429
            << QByteArray(
                   R"({"code":"over_request_rate_limit","message":"Request rate limit reached"})")
            << QByteArray() << K::RateLimited << "over_request_rate_limit"
            << "Request rate limit reached";
        QTest::newRow("conflict") << 409
                                  << QByteArray(
                                         R"({"code":409,"error_code":"conflict","msg":"Conflict"})")
                                  << QByteArray() << K::Conflict << "conflict"
                                  << "Conflict";
        QTest::newRow("banned") << 400
                                << QByteArray(
                                       R"({"code":"user_banned","message":"User is banned"})")
                                << QByteArray() << K::AccessDenied << "user_banned"
                                << "User is banned";
        QTest::newRow("validation")
            << 400 << QByteArray(R"({"code":400,"error_code":"validation_failed","msg":"x"})")
            << QByteArray() << K::InvalidRequest << "validation_failed"
            << "x";
        QTest::newRow("unknown code 400")
            << 400 << QByteArray(R"({"code":"brand_new_code","message":"?"})") << QByteArray()
            << K::InvalidRequest << "brand_new_code"
            << "?";
        QTest::newRow("not an object")
            << 400 << QByteArray("[1,2]") << QByteArray() << K::InvalidRequest << ""
            << "[1,2]";
        QTest::newRow("numbers where strings go")
            << 400 << QByteArray(R"({"code":1,"error_code":2,"msg":3})") << QByteArray()
            << K::InvalidRequest << ""
            << "HTTP 400";
    }
    void bodyShapes()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, header);
        QFETCH(AuthError::Kind, kind);
        QFETCH(QString, code);
        QFETCH(QString, message);
        const AuthError e = AuthError::fromHttpResponse(status, body, header);
        QCOMPARE(e.kind(), kind);
        QCOMPARE(e.serverCode(), code);
        QCOMPARE(e.message(), message);
        QCOMPARE(e.httpStatus(), status);
        QVERIFY(e.isError());
    }
    void redirectErrors_data()
    {
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("errorCode");
        QTest::addColumn<QString>("description");
        QTest::addColumn<AuthError::Kind>("kind");
        QTest::newRow("access denied") << "access_denied"
                                       << ""
                                       << "user denied" << K::AccessDenied;
        QTest::newRow("signup disabled") << "access_denied"
                                         << "signup_disabled"
                                         << "Signups not allowed" << K::AccessDenied;
        QTest::newRow("wechat refusal")
            << "invalid_request"
            << "bad_oauth_callback"
            << "OAuth callback with missing authorization code" << K::ProviderError;
        QTest::newRow("bad state") << "invalid_request"
                                   << "bad_oauth_state"
                                   << "OAuth state not found or expired" << K::StateInvalid;
        QTest::newRow("state used") << "invalid_request"
                                    << "flow_state_already_used"
                                    << "State has already been used" << K::StateInvalid;
        QTest::newRow("exchange failed") << "server_error"
                                         << "unexpected_failure"
                                         << "Unable to exchange external code" << K::ProviderError;
        QTest::newRow("legacy wechat refusal")
            << "invalid_request"
            << ""
            << "OAuth callback with missing authorization code and missing OAuth error"
            << K::ProviderError;
        QTest::newRow("legacy server error")
            << "server_error"
            << ""
            << "Unable to exchange external code" << K::ProviderError;
        QTest::newRow("unknown") << "something_new"
                                 << ""
                                 << "" << K::ProviderError;
    }
    void redirectErrors()
    {
        QFETCH(QString, error);
        QFETCH(QString, errorCode);
        QFETCH(QString, description);
        QFETCH(AuthError::Kind, kind);
        const AuthError e = AuthError::fromRedirectError(error, errorCode, description);
        QCOMPARE(e.kind(), kind);
        QCOMPARE(e.serverCode(), errorCode.isEmpty() ? error : errorCode);
        QCOMPARE(e.message(), description.isEmpty() ? error : description);
    }
    void retryable()
    {
        for (const K k :
             {K::Network, K::Timeout, K::ServerUnavailable, K::RateLimited, K::Conflict})
            QVERIFY2(AuthError(k, QString()).isRetryable(), qPrintable(AuthError::kindName(k)));
        for (const K k :
             {K::Tls, K::FlowExpired, K::RefreshTokenReused, K::RefreshTokenNotFound,
              K::SessionNotFound, K::InvalidRequest, K::AccessDenied, K::Cancelled, K::ConfigError})
            QVERIFY2(!AuthError(k, QString()).isRetryable(), qPrintable(AuthError::kindName(k)));
        QVERIFY(AuthError::fromHttpResponse(504, {}).isRetryable());
        QVERIFY(!AuthError::fromHttpResponse(400, {}).isRetryable());
    }
    void everyKindHasASentence()
    {
        const QMetaEnum e = QMetaEnum::fromType<K>();
        for (int i = 0; i < e.keyCount(); ++i) {
            const auto kind = K(e.value(i));
            const AuthError error(kind, QStringLiteral("detail"));
            if (kind == K::NoError) {
                QVERIFY(error.userMessage().isEmpty());
                QVERIFY(!error.isError());
                continue;
            }
            QVERIFY2(error.userMessage().size() > 10, e.key(i));
            QVERIFY(error.toString().startsWith(QLatin1String(e.key(i))));
        }
        QCOMPARE(AuthError(K::FlowExpired, QStringLiteral("x"),
                           QStringLiteral("flow_state_expired"), 422)
                     .toString(),
                 QStringLiteral("FlowExpired (flow_state_expired, HTTP 422): x"));
    }
    void valueSemantics()
    {
        const AuthError a(K::Timeout, QStringLiteral("t"));
        AuthError b = a;
        QCOMPARE(a, b);
        b = AuthError();
        QVERIFY(a != b);
        QVERIFY(!b);
        QVERIFY(bool(a));
    }
    // Only GoTrue's own word ends a session.
    void endsSession_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ends");
        QTest::newRow("refresh_token_not_found")
            << 400 << QByteArray(R"({"code":"refresh_token_not_found","message":"x"})") << true;
        QTest::newRow("refresh_token_already_used")
            << 400
            << QByteArray(R"({"code":400,"error_code":"refresh_token_already_used","msg":"x"})")
            << true;
        QTest::newRow("session_not_found")
            << 403 << QByteArray(R"({"code":"session_not_found","message":"x"})") << true;
        QTest::newRow("session_expired")
            << 400 << QByteArray(R"({"code":"session_expired","message":"x"})") << true;
        QTest::newRow("user_banned")
            << 400 << QByteArray(R"({"code":"user_banned","message":"x"})") << true;
        QTest::newRow("legacy invalid_grant")
            << 400
            << QByteArray(
                   R"({"error":"invalid_grant","error_description":"Invalid Refresh Token: Already Used"})")
            << true;
        QTest::newRow("bare 403") << 403 << QByteArray() << false;
        QTest::newRow("bare 401") << 401 << QByteArray() << false;
        QTest::newRow("bare 404") << 404 << QByteArray() << false;
        QTest::newRow("gateway 403") << 403 << QByteArray(R"({"message":"Forbidden"})") << false;
        QTest::newRow("HTML that says the words")
            << 403 << QByteArray("<html>Invalid Refresh Token: Already Used</html>") << false;
        QTest::newRow("bad_jwt") << 403 << QByteArray(R"({"code":"bad_jwt","message":"x"})")
                                 << false;
        QTest::newRow("503") << 503 << QByteArray(R"({"code":"session_not_found"})") << false;
        QTest::newRow("signup_disabled")
            << 403 << QByteArray(R"({"code":"signup_disabled","message":"x"})") << false;
    }
    void endsSession()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(bool, ends);
        const AuthError e = AuthError::fromHttpResponse(status, body);
        QVERIFY2(e.endsSession() == ends, qPrintable(e.toString()));
        QVERIFY(!(ends && e.isRetryable()));
        QCOMPARE(AuthError(K::Tls, QStringLiteral("x")).endsSession(), false);
        QCOMPARE(AuthError(K::InvalidResponse, QStringLiteral("x")).endsSession(), false);
    }
    void retryAfter()
    {
        AuthError e = AuthError::fromHttpResponse(429, QByteArray());
        QCOMPARE(e.retryAfterSeconds(), 0);
        e.setRetryAfterSeconds(30);
        QCOMPARE(e.retryAfterSeconds(), 30);
        e.setRetryAfterSeconds(-1);
        QCOMPARE(e.retryAfterSeconds(), 0);
        QVERIFY(!AuthError(K::KeychainLocked, QStringLiteral("x")).userMessage().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_AuthError)
#include "tst_autherror.moc"
