// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The README's examples, run against the real sandbox.

#include "testhttp.h"
#include "testkeychain.h"

#include <WeChatLogin/authclient.h>

// Qt
#include <QProcess>
#include <QTest>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

class tst_Examples : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void callbackToSession()
    {
        SandboxFixture f;
        const QString redirect = QStringLiteral("http://127.0.0.1:9/callback");
        AuthConfig config(f.sandbox().authUrl(), f.sandbox().anonKey());
        config.setRedirectUrl(QUrl(redirect));
        const AuthorizeRequest authorize = AuthClient(config).prepareAuthorize();
        const QUrl callback = f.followSignIn(authorize.url, QStringLiteral("second")).location();

        QProcess example;
        example.start(QStringLiteral(CALLBACK_TO_SESSION),
                      {f.sandbox().authUrl().toString(), f.sandbox().anonKey(), redirect,
                       callback.toString(), authorize.codeVerifier});
        QVERIFY(QTest::qWaitFor([&] { return example.state() == QProcess::NotRunning; }, 20000));
        QCOMPARE(example.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(example.readAllStandardOutput()).trimmed(),
                 QStringLiteral("扫码达人"));

        // the same callback again: the code is spent, and the example says so
        example.start(QStringLiteral(CALLBACK_TO_SESSION),
                      {f.sandbox().authUrl().toString(), f.sandbox().anonKey(), redirect,
                       callback.toString(), authorize.codeVerifier});
        QVERIFY(QTest::qWaitFor([&] { return example.state() == QProcess::NotRunning; }, 20000));
        QCOMPARE(example.exitCode(), 1);
        QVERIFY(QString::fromUtf8(example.readAllStandardError())
                    .contains(QLatin1String("CodeInvalid")));
    }

    // HeadlessLogin in a tool of its own: no display, the QR's text printed, the session
    // stored in the keychain once the phone confirms.
    void headlessSignIn()
    {
        SandboxFixture f;
        const AuthConfig config(f.sandbox().authUrl(), f.sandbox().anonKey());
        const QString service = QStringLiteral("headless-sign-in-example");
        rawDeleteAll(service, config.storageKey());
        QProcess example;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the example chooses offscreen itself
        example.setProcessEnvironment(env);
        example.start(QStringLiteral(HEADLESS_SIGN_IN),
                      {f.sandbox().authUrl().toString(), f.sandbox().anonKey(),
                       f.sandbox().wechatUrl().authority()});
        QVERIFY(QTest::qWaitFor([&] { return example.canReadLine(); }, 60000));
        const QString first = QString::fromUtf8(example.readLine()).trimmed();
        QCOMPARE(first, QStringLiteral("qr ")
                            + f.sandbox().confirmPageUrl(f.sandbox().latestQrUuid()).toString());
        QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
        QVERIFY(QTest::qWaitFor([&] { return example.state() == QProcess::NotRunning; }, 30000));
        QCOMPARE(example.exitCode(), 0);
        QVERIFY(QString::fromUtf8(example.readAllStandardOutput())
                    .contains(QStringLiteral("signed in as 小微同学")));
        QVERIFY(!rawReadSession(service, config.storageKey()).isEmpty());
        rawDeleteAll(service, config.storageKey());
    }
};

QTEST_GUILESS_MAIN(tst_Examples)
#include "tst_examples.moc"
