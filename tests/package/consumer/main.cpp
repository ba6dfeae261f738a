// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Signs in through the sandbox with a LoginWidget: the packaged libraries, end to end.

#include <loginwidget.h>
#include <sandbox.h>
#include <session.h>
#include <wechatlogin_version.h>

#include <QApplication>
#include <QTimer>

#include <cstdio>

using namespace WeChatLogin;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Sandbox sandbox;
    QString error;
    if (!sandbox.start(&error)) {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(error));
        return 1;
    }
    AuthConfig config(sandbox.authUrl(), sandbox.anonKey());
    config.setRedirectUrl(sandbox.authUrl().resolved(QUrl(QStringLiteral("/consumer/callback"))));
    config.setTrustedHosts({sandbox.wechatUrl().authority()});
    LoginWidget widget(config);
    int exitCode = 1;
    QObject::connect(&widget, &LoginWidget::qrShown, &sandbox,
                     [&] { sandbox.confirmQr(sandbox.latestQrUuid()); });
    QObject::connect(&widget, &LoginWidget::signedIn, &app, [&](const Session &session) {
        std::printf("WeChatLogin %s: signed in as %s\n", WECHATLOGIN_VERSION_STRING,
                    qPrintable(session.nickname()));
        exitCode = 0;
        app.quit();
    });
    QObject::connect(&widget, &LoginWidget::failed, &app, [&](const AuthError &e) {
        std::fprintf(stderr, "failed: %s\n", qPrintable(e.toString()));
        app.quit();
    });
    QTimer::singleShot(60000, &app, [&] {
        std::fprintf(stderr, "timed out\n");
        app.quit();
    });
    widget.show();
    widget.start();
    app.exec();
    return exitCode;
}
