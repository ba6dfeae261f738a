// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Signs in through the sandbox with a LoginWidget: the packaged libraries, end to end.

#include <WeChatLogin/loginwidget.h>
#include <WeChatLogin/sandbox.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_version.h>

// The headers carry the project's prefix: none of them is on the include path under a bare
// name that a host application's own session.h or sandbox.h could collide with.
#if __has_include(<session.h>) || __has_include(<sandbox.h>) || __has_include(<loginwidget.h>)
#error "WeChatLogin's headers are reachable without their WeChatLogin/ prefix"
#endif

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
