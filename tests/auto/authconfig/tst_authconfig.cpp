// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include <WeChatLogin/authconfig.h>

// Qt
#include <QTest>

using namespace WeChatLogin;

namespace {
// A JWT with {"role":"anon"} / {"role":"service_role"} payloads (signatures are not checked
// client-side).
const QString kAnon = QStringLiteral(
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiIsInJlZiI6ImFiYyJ9.c2ln");
const QString kService =
    QStringLiteral("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2ln");
} // namespace

class tst_AuthConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        AuthConfig c(QUrl(QStringLiteral("https://cpa09na5g6h7mlpvrehg.baseapi.memfiredb.com")),
                     kAnon);
        QCOMPARE(c.provider(), QStringLiteral("wechat_qr"));
        QCOMPARE(c.flowType(), AuthConfig::FlowType::Pkce);
        QCOMPARE(c.storageKey(), QStringLiteral("sb-cpa09na5g6h7mlpvrehg-auth-token"));
        QCOMPARE(
            c.authBaseUrl(),
            QUrl(QStringLiteral("https://cpa09na5g6h7mlpvrehg.baseapi.memfiredb.com/auth/v1")));
        QCOMPARE(c.requestTimeoutMs(), 30000);
        QVERIFY(c.trustedHosts().contains(QStringLiteral("open.weixin.qq.com")));
        QVERIFY(!c.validate().isError());
        c.setStorageKey(QStringLiteral("custom"));
        QCOMPARE(c.storageKey(), QStringLiteral("custom"));
        // a path on the project URL (a reverse proxy) is kept
        c.setProjectUrl(QUrl(QStringLiteral("https://example.com/proxy/")));
        QCOMPARE(c.authBaseUrl().toString(), QStringLiteral("https://example.com/proxy/auth/v1"));
    }
    void validation_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("mentions"); // empty: valid
        QTest::newRow("ok https") << "https://x.baseapi.memfiredb.com" << kAnon << ""
                                  << "wechat_qr"
                                  << "";
        QTest::newRow("ok loopback http")
            << "http://127.0.0.1:5" << kAnon << "http://127.0.0.1:9/cb"
            << "wechat_qr"
            << "";
        QTest::newRow("ok localhost http") << "http://localhost:5" << kAnon << ""
                                           << "wechat_qr"
                                           << "";
        QTest::newRow("ok ipv6 loopback") << "http://[::1]:5" << kAnon << ""
                                          << "wechat_qr"
                                          << "";
        QTest::newRow("ok publishable key") << "https://x.example.com"
                                            << "sb_publishable_abc123"
                                            << ""
                                            << "wechat_qr"
                                            << "";
        QTest::newRow("ok custom scheme redirect")
            << "https://x.example.com" << kAnon << "wechatlogin://callback"
            << "wechat_qr"
            << "";
        QTest::newRow("no url") << "" << kAnon << ""
                                << "wechat_qr"
                                << "project URL is not set";
        QTest::newRow("http remote") << "http://x.example.com" << kAnon << ""
                                     << "wechat_qr"
                                     << "https://";
        QTest::newRow("http lan ip") << "http://192.168.1.2" << kAnon << ""
                                     << "wechat_qr"
                                     << "https://";
        QTest::newRow("ftp") << "ftp://x.example.com" << kAnon << ""
                             << "wechat_qr"
                             << "http(s)";
        QTest::newRow("relative") << "x.example.com" << kAnon << ""
                                  << "wechat_qr"
                                  << "http(s)";
        QTest::newRow("query") << "https://x.example.com?a=1" << kAnon << ""
                               << "wechat_qr"
                               << "query";
        QTest::newRow("no key") << "https://x.example.com"
                                << ""
                                << ""
                                << "wechat_qr"
                                << "anon key is not set";
        QTest::newRow("garbage key") << "https://x.example.com"
                                     << "hello"
                                     << ""
                                     << "wechat_qr"
                                     << "neither a JWT";
        QTest::newRow("service role") << "https://x.example.com" << kService << ""
                                      << "wechat_qr"
                                      << "service_role";
        QTest::newRow("secret key") << "https://x.example.com"
                                    << "sb_secret_abc"
                                    << ""
                                    << "wechat_qr"
                                    << "secret key";
        QTest::newRow("relative redirect") << "https://x.example.com" << kAnon << "/callback"
                                           << "wechat_qr"
                                           << "redirect URL";
        QTest::newRow("bad provider") << "https://x.example.com" << kAnon << ""
                                      << "WeChat QR"
                                      << "provider";
        // The redirect URL: https, http on loopback, or the app's own scheme.
        QTest::newRow("ok https redirect")
            << "https://x.example.com" << kAnon << "https://app.example.com/cb"
            << "wechat_qr"
            << "";
        QTest::newRow("ok ipv6 loopback redirect")
            << "https://x.example.com" << kAnon << "http://[::1]:9/cb"
            << "wechat_qr"
            << "";
        QTest::newRow("javascript redirect")
            << "https://x.example.com" << kAnon << "javascript:alert(1)"
            << "wechat_qr"
            << "custom scheme";
        QTest::newRow("file redirect") << "https://x.example.com" << kAnon << "file:///etc/passwd"
                                       << "wechat_qr"
                                       << "custom scheme";
        QTest::newRow("data redirect") << "https://x.example.com" << kAnon << "data:text/html,hi"
                                       << "wechat_qr"
                                       << "custom scheme";
        QTest::newRow("http remote redirect")
            << "https://x.example.com" << kAnon << "http://app.example.com/cb"
            << "wechat_qr"
            << "must use https://";
        QTest::newRow("ws redirect") << "https://x.example.com" << kAnon << "ws://127.0.0.1/cb"
                                     << "wechat_qr"
                                     << "custom scheme";
        QTest::newRow("https redirect without host")
            << "https://x.example.com" << kAnon << "https:///cb"
            << "wechat_qr"
            << "no host";
        QTest::newRow("password in redirect")
            << "https://x.example.com" << kAnon << "https://u:secret@app.example.com/cb"
            << "wechat_qr"
            << "user name or password";
        QTest::newRow("password in project url") << "https://u:secret@x.example.com" << kAnon << ""
                                                 << "wechat_qr"
                                                 << "user name or password";
    }
    void validationNeverShowsCredentials()
    {
        AuthConfig c(QUrl(QStringLiteral("https://x.example.com")), kAnon);
        c.setRedirectUrl(QUrl(QStringLiteral("http://u:hunter2@app.example.com/cb")));
        const AuthError e = c.validate();
        QVERIFY(e.isError());
        QVERIFY2(!e.toString().contains(QLatin1String("hunter2")), qPrintable(e.toString()));
        QVERIFY(!e.userMessage().contains(QLatin1String("hunter2")));
    }
    void trustedHosts_data()
    {
        QTest::addColumn<QStringList>("hosts");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("trusted");
        const QStringList wechat = AuthConfig::defaultTrustedHosts();
        QTest::newRow("project origin")
            << wechat << "https://x.example.com/auth/v1/authorize" << true;
        QTest::newRow("project host, other port")
            << wechat << "https://x.example.com:8443/" << false;
        QTest::newRow("wechat") << wechat << "https://open.weixin.qq.com/connect/qrconnect" << true;
        QTest::newRow("wechat over http") << wechat << "http://open.weixin.qq.com/" << false;
        QTest::newRow("elsewhere") << wechat << "https://example.org/" << false;
        QTest::newRow("ipv6 entry") << QStringList{"[::1]:8443"} << "http://[::1]:8443/x" << true;
        QTest::newRow("ipv6 entry, long form")
            << QStringList{"[::1]:8443"} << "https://[0:0:0:0:0:0:0:1]:8443/" << true;
        QTest::newRow("ipv6 entry, other port")
            << QStringList{"[::1]:8443"} << "http://[::1]:80/" << false;
    }
    void trustedHosts()
    {
        QFETCH(QStringList, hosts);
        QFETCH(QString, url);
        QFETCH(bool, trusted);
        AuthConfig c(QUrl(QStringLiteral("https://x.example.com")), kAnon);
        c.setTrustedHosts(hosts);
        QVERIFY(!c.validate().isError());
        QCOMPARE(c.isTrustedUrl(QUrl(url)), trusted);
    }
    void badTrustedHost()
    {
        AuthConfig c(QUrl(QStringLiteral("https://x.example.com")), kAnon);
        c.setTrustedHosts({QStringLiteral("http://example.org/")});
        const AuthError e = c.validate();
        QCOMPARE(e.kind(), AuthError::Kind::ConfigError);
        QVERIFY2(e.message().contains(QLatin1String("http://example.org/")),
                 qPrintable(e.message()));
    }
    void validation()
    {
        QFETCH(QString, url);
        QFETCH(QString, key);
        QFETCH(QString, redirect);
        QFETCH(QString, provider);
        QFETCH(QString, mentions);
        AuthConfig c(QUrl(url), key);
        c.setRedirectUrl(QUrl(redirect));
        c.setProvider(provider);
        const AuthError e = c.validate();
        if (mentions.isEmpty()) {
            QVERIFY2(!e.isError(), qPrintable(e.toString()));
            return;
        }
        QCOMPARE(e.kind(), AuthError::Kind::ConfigError);
        QVERIFY2(e.message().contains(mentions), qPrintable(e.message()));
        QVERIFY(e.userMessage().contains(e.message()));
    }
    void timeout()
    {
        AuthConfig c(QUrl(QStringLiteral("https://x.example.com")), kAnon);
        c.setRequestTimeoutMs(0);
        QVERIFY(c.validate().message().contains(QLatin1String("timeout")));
    }
    void valueSemantics()
    {
        AuthConfig a(QUrl(QStringLiteral("https://x.example.com")), kAnon);
        AuthConfig b = a;
        QCOMPARE(a, b);
        b.setScopes(QStringLiteral("x"));
        QVERIFY(a != b);
        QVERIFY(a.scopes().isEmpty());
        QVERIFY(AuthConfig::isLoopbackHost(QStringLiteral("127.8.9.10")));
        QVERIFY(!AuthConfig::isLoopbackHost(QStringLiteral("10.0.0.1")));
    }
};

QTEST_GUILESS_MAIN(tst_AuthConfig)
#include "tst_authconfig.moc"
