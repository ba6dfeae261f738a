// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include <WeChatLogin/callbackurl.h>

// Qt
#include <QTest>

using namespace WeChatLogin;
using CK = CallbackUrl::Kind;
using EK = AuthError::Kind;

class tst_CallbackUrl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matching_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("matches");
        QTest::newRow("same") << "http://127.0.0.1:9/cb"
                              << "http://127.0.0.1:9/cb?code=x" << true;
        QTest::newRow("fragment ignored") << "http://127.0.0.1:9/cb"
                                          << "http://127.0.0.1:9/cb#access_token=x" << true;
        QTest::newRow("host case") << "https://App.Example.com/cb"
                                   << "https://app.example.com/cb" << true;
        QTest::newRow("default port") << "https://app.example.com/cb"
                                      << "https://app.example.com:443/cb" << true;
        QTest::newRow("other port") << "http://127.0.0.1:9/cb"
                                    << "http://127.0.0.1:10/cb" << false;
        QTest::newRow("other path") << "http://127.0.0.1:9/cb"
                                    << "http://127.0.0.1:9/cb/x" << false;
        QTest::newRow("prefix path") << "http://127.0.0.1:9/cb"
                                     << "http://127.0.0.1:9/c" << false;
        QTest::newRow("scheme") << "https://app.example.com/cb"
                                << "http://app.example.com/cb" << false;
        QTest::newRow("host") << "https://app.example.com/cb"
                              << "https://evil.example.com/cb" << false;
        QTest::newRow("custom scheme") << "wechatlogin://callback"
                                       << "wechatlogin://callback?code=x" << true;
        QTest::newRow("custom scheme other host") << "wechatlogin://callback"
                                                  << "wechatlogin://other?code=x" << false;
        QTest::newRow("empty path is /") << "https://app.example.com"
                                         << "https://app.example.com/?code=x" << true;
    }
    void matching()
    {
        QFETCH(QString, redirect);
        QFETCH(QString, url);
        QFETCH(bool, matches);
        QCOMPARE(CallbackUrl::matchesRedirect(QUrl(url), QUrl(redirect)), matches);
        QCOMPARE(CallbackUrl::parse(QUrl(url), QUrl(redirect)).kind() == CK::NotCallback, !matches);
    }
    void content_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<CallbackUrl::Kind>("kind");
        QTest::addColumn<AuthError::Kind>("errorKind");
        QTest::addColumn<QString>("detail"); // code, access token, or error message fragment
        const QString r = QStringLiteral("http://127.0.0.1:9/cb");
        QTest::newRow("pkce code") << r + "?code=2d3a6f0e-1111-4000-8000-000000000000" << CK::Code
                                   << EK::NoError << "2d3a6f0e-1111-4000-8000-000000000000";
        QTest::newRow("pkce code, own query kept")
            << r + "?code=c0de&keep=1" << CK::Code << EK::NoError << "c0de";
        QTest::newRow("implicit")
            << r
                   + "#access_token=at&expires_at=1767225600&expires_in=3600&provider_token=pt&"
                     "refresh_token=rt&sb=&token_type=bearer"
            << CK::Tokens << EK::NoError << "at";
        QTest::newRow("implicit, no expires_at")
            << r + "#access_token=at&expires_in=3600&refresh_token=rt&token_type=bearer"
            << CK::Tokens << EK::NoError << "at";
        QTest::newRow("error query+fragment (v2.145+)")
            << r
                   + "?error=access_denied&error_code=signup_disabled&error_description=Signups+"
                     "not+allowed#error=access_denied&error_code=signup_disabled&error_description="
                     "Signups+not+allowed&sb="
            << CK::Error << EK::AccessDenied << "Signups not allowed";
        QTest::newRow("error query only (pre-v2.114)")
            << r + "?error=server_error&error_description=Unable+to+exchange+external+code"
            << CK::Error << EK::ProviderError << "Unable to exchange external code";
        QTest::newRow("error fragment only") << r
                                                    + "#error=invalid_request&error_code=bad_oauth_"
                                                      "callback&error_description=missing+code"
                                             << CK::Error << EK::ProviderError << "missing code";
        QTest::newRow("error wins over code") << r + "?code=x&error=access_denied" << CK::Error
                                              << EK::AccessDenied << "access_denied";
        QTest::newRow("nothing") << r << CK::Malformed << EK::InvalidResponse << "neither a code";
        QTest::newRow("empty code")
            << r + "?code=" << CK::Malformed << EK::InvalidResponse << "code";
        QTest::newRow("two codes")
            << r + "?code=a&code=b" << CK::Malformed << EK::InvalidResponse << "repeated";
        QTest::newRow("code and tokens")
            << r + "?code=a#access_token=b&refresh_token=c&expires_in=1" << CK::Malformed
            << EK::InvalidResponse << "both";
        QTest::newRow("tokens in query") << r + "?access_token=a&refresh_token=b&expires_in=1"
                                         << CK::Malformed << EK::InvalidResponse << "query";
        QTest::newRow("no refresh token") << r + "#access_token=a&expires_in=1" << CK::Malformed
                                          << EK::InvalidResponse << "no refresh token";
        QTest::newRow("bad expires_in") << r + "#access_token=a&refresh_token=b&expires_in=soon"
                                        << CK::Malformed << EK::InvalidResponse << "expires_in";
        QTest::newRow("no expiry") << r + "#access_token=a&refresh_token=b" << CK::Malformed
                                   << EK::InvalidResponse << "expires_at";
        QTest::newRow("control characters")
            << r + "?code=a%0Ab" << CK::Malformed << EK::InvalidResponse << "printable";
    }
    void content()
    {
        QFETCH(QString, url);
        QFETCH(CallbackUrl::Kind, kind);
        QFETCH(AuthError::Kind, errorKind);
        QFETCH(QString, detail);
        const CallbackUrl cb =
            CallbackUrl::parse(QUrl(url), QUrl(QStringLiteral("http://127.0.0.1:9/cb")));
        QCOMPARE(cb.kind(), kind);
        QCOMPARE(cb.error().kind(), errorKind);
        switch (kind) {
        case CK::Code:
            QCOMPARE(cb.code(), detail);
            break;
        case CK::Tokens:
            QCOMPARE(cb.session().accessToken(), detail);
            QCOMPARE(cb.session().refreshToken(), QStringLiteral("rt"));
            QVERIFY(cb.session().isValid());
            QVERIFY(cb.session().toJsonObject().value(QStringLiteral("sb")).isUndefined());
            break;
        default:
            QVERIFY2(cb.error().message().contains(detail), qPrintable(cb.error().message()));
            break;
        }
    }
    void siteUrlFallback()
    {
        // No redirect configured: any URL carrying sign-in results is the callback.
        QCOMPARE(
            CallbackUrl::parse(QUrl(QStringLiteral("https://www.example.com/?code=abc")), QUrl())
                .kind(),
            CK::Code);
        QCOMPARE(
            CallbackUrl::parse(QUrl(QStringLiteral("https://www.example.com/page")), QUrl()).kind(),
            CK::NotCallback);
    }
};

QTEST_GUILESS_MAIN(tst_CallbackUrl)
#include "tst_callbackurl.moc"
