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
#include <QSocketNotifier>

#include <memory>
#include <unistd.h>

namespace WeChatLogin {

namespace {

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
        window.show();
        return QApplication::exec();
    }

    bool signIn(AppContext *context, Session *session, AuthError *error) override
    {
        ProxyCredentials::serve(context->sessionManager()->client()->networkAccessManager());
        return signInDialog(context->authConfig(), -1, session, error);
    }

    bool signInDialog(const AuthConfig &config, int cancelFd, Session *session,
                      AuthError *error) override
    {
        QString why;
        SignInPlugin *plugin = signInPlugin(&why);
        if (!plugin) {
            *error = AuthError(AuthError::Kind::ConfigError, why);
            return false;
        }
        ProxyDialog::installAsker(); // the page's proxy asks the person, once
        std::unique_ptr<QDialog> dialog(plugin->createLoginDialog(config, nullptr));
        std::unique_ptr<QSocketNotifier> cancel;
        if (cancelFd >= 0) { // the window cancelled, or is gone: close as if by hand
            cancel = std::make_unique<QSocketNotifier>(cancelFd, QSocketNotifier::Read);
            QObject::connect(cancel.get(), &QSocketNotifier::activated, dialog.get(),
                             [&cancel, &dialog, cancelFd] {
                                 char byte = 0;
                                 if (::read(cancelFd, &byte, 1) > 0)
                                     return; // nothing is sent after the request
                                 cancel->setEnabled(false);
                                 dialog->reject();
                             });
        }
        dialog->exec();
        *session = plugin->dialogSession(dialog.get());
        *error = plugin->dialogError(dialog.get());
        return true;
    }
};

} // namespace

} // namespace WeChatLogin

extern "C" Q_DECL_EXPORT WeChatLogin::WindowPlugin *wechatlogin_window_plugin()
{
    static WeChatLogin::Window window;
    return &window;
}
