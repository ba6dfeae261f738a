// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Signs in through the sandbox with LoginProcess: a host that links WeChatLogin::Auth (no
// widgets, no QtWebEngine) and finds the packaged wechat-login-dialog by itself.

#include <WeChatLogin/loginprocess.h>
#include <WeChatLogin/sandbox.h>
#include <WeChatLogin/session.h>

#include <QCoreApplication>
#include <QFile>
#include <QTimer>

#include <cstdio>

using namespace WeChatLogin;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Sandbox sandbox;
    QString error;
    if (!sandbox.start(&error)) {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("dialog program: %s\n", qPrintable(LoginProcess::defaultProgram()));
    AuthConfig config(sandbox.authUrl(), sandbox.anonKey());
    config.setRedirectUrl(sandbox.authUrl().resolved(QUrl(QStringLiteral("/consumer/callback"))));
    config.setTrustedHosts({sandbox.wechatUrl().authority()});
    LoginProcess login(config);
    int exitCode = 1;
    QObject::connect(&login, &LoginProcess::qrShown, &sandbox,
                     [&] { sandbox.confirmQr(sandbox.latestQrUuid()); });
    QObject::connect(&login, &LoginProcess::finished, &app,
                     [&](const Session &session, const AuthError &e) {
                         if (session.isValid()) {
                             QFile maps(QStringLiteral("/proc/self/maps"));
                             maps.open(QIODevice::ReadOnly);
                             const bool webEngine = maps.readAll().contains("WebEngine");
                             std::printf("signed in as %s through a separate process%s\n",
                                         qPrintable(session.nickname()),
                                         webEngine ? ", but QtWebEngine is mapped here" : "");
                             exitCode = webEngine ? 1 : 0;
                         } else {
                             std::fprintf(stderr, "failed: %s\n", qPrintable(e.toString()));
                         }
                         app.quit();
                     });
    QTimer::singleShot(60000, &app, [&] {
        std::fprintf(stderr, "timed out\n");
        app.quit();
    });
    login.open();
    app.exec();
    return exitCode;
}
