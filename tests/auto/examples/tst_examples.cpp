// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The README's examples, run against the real sandbox.

#include "testhttp.h"

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
};

QTEST_GUILESS_MAIN(tst_Examples)
#include "tst_examples.moc"
