// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// libwechat-login-window.so's entry point: the QApplication, the window and the sign-in
// dialog, for the executable that does not link widgets itself.

#include "appcontext.h"
#include "mainwindow.h"
#include "proxycredentials.h"
#include "proxydialog.h"
#include "signinloader.h"
#include "windowplugin.h"
#include <WeChatLogin/authclient.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QApplication>
#include <QDialog>

#include <memory>

namespace WeChatLogin {

namespace {

// $WECHAT_LOGIN_SIGNIN_READINESS: intent (the default), ahead or off; for comparisons.
MainWindow::SignInReadiness readinessFromEnvironment()
{
    const QString set = qEnvironmentVariable("WECHAT_LOGIN_SIGNIN_READINESS");
    if (set == QLatin1String("ahead"))
        return MainWindow::SignInReadiness::Ahead;
    if (set == QLatin1String("off"))
        return MainWindow::SignInReadiness::Off;
    return MainWindow::SignInReadiness::OnIntent;
}

class Window : public WindowPlugin
{
public:
    QCoreApplication *createApplication(int &argc, char **argv) override
    {
        QGuiApplication::setDesktopFileName(QStringLiteral("io.github.wechatlogin.WeChatLogin"));
        return new QApplication(argc, argv);
    }

    int runWindow(AppContext *context) override
    {
        // A proxy that asks for credentials: the window asks the person, once.
        ProxyDialog::installAsker();
        ProxyCredentials::serve(context->sessionManager()->client()->networkAccessManager());
        MainWindow window(context);
        window.setSignInReadiness(readinessFromEnvironment());
        window.show();
        return QApplication::exec();
    }

    bool signIn(AppContext *context, Session *session, AuthError *error) override
    {
        QString why;
        SignInPlugin *plugin = signInPlugin(&why);
        if (!plugin) {
            *error = AuthError(AuthError::Kind::ConfigError, why);
            return false;
        }
        ProxyDialog::installAsker();
        ProxyCredentials::serve(context->sessionManager()->client()->networkAccessManager());
        std::unique_ptr<QDialog> dialog(plugin->createLoginDialog(context->authConfig(), nullptr));
        dialog->exec();
        *session = plugin->dialogSession(dialog.get());
        *error = plugin->dialogError(dialog.get());
        return true;
    }

    int signInHelper(const LoginProcessWire::Request &request, QString *why) override
    {
        SignInPlugin *plugin = signInPlugin(why);
        if (!plugin)
            return -1;
        ProxyDialog::installAsker(); // the page's proxy asks the person, once
        return plugin->serveLoginProcess(request);
    }
};

} // namespace

} // namespace WeChatLogin

extern "C" Q_DECL_EXPORT WeChatLogin::WindowPlugin *wechatlogin_window_plugin()
{
    static WeChatLogin::Window window;
    return &window;
}
