// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Whole sign-ins with every logging category on (ours and Qt's): no token, code,
// verifier, state or key may appear in any log line.

#include "testhttp.h"
#include "testreply.h"

#include <WeChatLogin/authclient.h>
#include <WeChatLogin/browsersignin.h>
#include <WeChatLogin/pkce.h>

// Qt
#include <QLoggingCategory>
#include <QMutex>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

QMutex logMutex;
QStringList captured;

void capture(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    QMutexLocker lock(&logMutex);
    captured << QString::fromLatin1(context.category ? context.category : "default")
                    + QStringLiteral(": ") + message;
}

} // namespace

class tst_NoSecretsInLogs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("*=true"));
        qInstallMessageHandler(capture);
    }
    void cleanupTestCase() { qInstallMessageHandler(nullptr); }
    void signInLifecycle_data()
    {
        QTest::addColumn<AuthConfig::FlowType>("flow");
        QTest::newRow("pkce") << AuthConfig::FlowType::Pkce;
        QTest::newRow("implicit") << AuthConfig::FlowType::Implicit;
    }
    void signInLifecycle()
    {
        QFETCH(AuthConfig::FlowType, flow);
        captured.clear();
        QStringList secrets;
        {
            SandboxFixture f;
            AuthConfig config(f.sandbox().authUrl(), f.sandbox().anonKey());
            config.setRedirectUrl(QUrl(QStringLiteral("http://127.0.0.1:9/callback")));
            config.setFlowType(flow);
            AuthClient client(config);
            const AuthorizeRequest authorize = client.prepareAuthorize();
            const QUrl landing = f.followSignIn(authorize.url).location();
            const CallbackUrl callback = CallbackUrl::parse(landing, config.redirectUrl());
            AuthReply *signIn = kept(client.completeSignIn(callback, authorize.codeVerifier));
            QVERIFY(waitForReply(signIn));
            QVERIFY2(!signIn->error().isError(), qPrintable(signIn->error().toString()));
            const Session s = signIn->session();
            AuthReply *refresh = kept(client.refreshSession(s.refreshToken()));
            QVERIFY(waitForReply(refresh));
            const Session s2 = refresh->session();
            AuthReply *user = kept(client.fetchUser(s2.accessToken()));
            QVERIFY(waitForReply(user));
            // a failure path logs too
            AuthReply *bad = kept(
                client.exchangeCode(QStringLiteral("2d3a6f0e-1111-4000-8000-000000000000"),
                                    authorize.codeVerifier.isEmpty() ? Pkce::generateVerifier()
                                                                     : authorize.codeVerifier));
            QVERIFY(waitForReply(bad));
            AuthReply *out = kept(client.signOut(s2.accessToken()));
            QVERIFY(waitForReply(out));

            // Every secret of the flow, the WeChat code and state read back from the sandbox's log.
            secrets << f.sandbox().anonKey() << authorize.codeVerifier << callback.code()
                    << s.accessToken() << s.refreshToken() << s2.accessToken() << s2.refreshToken()
                    << s.providerToken() << s.providerRefreshToken();
            if (!authorize.codeVerifier.isEmpty())
                secrets << Pkce::challenge(authorize.codeVerifier);
            for (const auto &v :
                 f.control("GET", QStringLiteral("/sandbox/requests")).jsonArray()) {
                if (v[QStringLiteral("path")] == QLatin1String("/auth/v1/callback")) {
                    const QUrl u(QStringLiteral("x:?") + v[QStringLiteral("query")].toString());
                    secrets << SandboxFixture::queryValue(u, QStringLiteral("code"))
                            << SandboxFixture::queryValue(u, QStringLiteral("state"));
                }
            }
        }
        secrets.removeAll(QString());
        QVERIFY(secrets.size() >= 9);
        QMutexLocker lock(&logMutex); // released before this test logs anything itself
        const QString all = captured.join(u'\n');
        // the test can fail: our categories really did log the flow
        QVERIFY2(captured.filter(QStringLiteral("wechatlogin.auth: POST /auth/v1/token")).size()
                     >= 2,
                 qPrintable(all.left(2000)));
        QVERIFY(captured.filter(QStringLiteral("wechatlogin.sandbox:")).size() >= 8);
        for (const QString &secret : std::as_const(secrets)) {
            QVERIFY(secret.size() >= 12);
            for (int i = 0; i + 12 <= secret.size(); i += 12) { // any 12-character piece
                const QString piece = secret.mid(i, 12);
                const auto hits = captured.filter(piece);
                QVERIFY2(
                    hits.isEmpty(),
                    qPrintable(
                        QStringLiteral("a secret appears in: %1").arg(hits.value(0).left(300))));
            }
        }
        const qint64 lines = captured.size();
        lock.unlock();
        qInfo("%lld log lines checked against %lld secrets", lines, qint64(secrets.size()));
    }
    // The browser sign-in: its listener, nonce, redirect probe and exchange log nothing of
    // the code, the verifier, the nonce or the tokens.
    void browserSignIn()
    {
        captured.clear();
        QStringList secrets;
        {
            SandboxFixture f;
            BrowserSignIn signIn(sandboxLoginConfig(f.sandbox()));
            signIn.setUrlOpener([](const QUrl &, QString *) { return true; });
            QSignalSpy finished(&signIn, &BrowserSignIn::finished);
            signIn.start();
            const QUrl redirect = signIn.redirectUrl();
            const QUrl authorize = signIn.authorizeUrl(); // both gone once it has finished
            const QUrl back = f.followSignIn(authorize).location();
            Http browser;
            QCOMPARE(browser.get(back).status, 200);
            QTRY_COMPARE(finished.size(), 1);
            const Session s = finished.at(0).at(0).value<Session>();
            QVERIFY(s.isValid());
            secrets << f.sandbox().anonKey() << s.accessToken() << s.refreshToken()
                    << QUrlQuery(back).queryItemValue(QStringLiteral("code"))
                    << QUrlQuery(redirect).queryItemValue(QStringLiteral("wechatlogin_nonce"))
                    << QUrlQuery(authorize).queryItemValue(QStringLiteral("code_challenge"));
        }
        secrets.removeAll(QString());
        QVERIFY(secrets.size() >= 6);
        QMutexLocker lock(&logMutex);
        QVERIFY(captured.filter(QStringLiteral("browser sign-in")).size() >= 2);
        for (const QString &secret : std::as_const(secrets)) {
            QVERIFY(secret.size() >= 12);
            for (int i = 0; i + 12 <= secret.size(); i += 12) {
                const auto hits = captured.filter(secret.mid(i, 12));
                QVERIFY2(
                    hits.isEmpty(),
                    qPrintable(
                        QStringLiteral("a secret appears in: %1").arg(hits.value(0).left(300))));
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_NoSecretsInLogs)
#include "tst_nosecretsinlogs.moc"
