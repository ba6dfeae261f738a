// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The plugin that brings LoginDialog (and so QtWebEngine) into wechat-login on demand.

#include "signinplugin.h"
#include <WeChatLogin/logindialog.h>
#include <WeChatLogin/loginwidget.h>

// Qt
#include <QObject>

namespace WeChatLogin {

class LoginDialogPlugin : public QObject, public SignInPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID WeChatLogin_SignInPlugin_iid)
    Q_INTERFACES(WeChatLogin::SignInPlugin)
public:
    void registerUrlScheme(const QString &scheme) override
    {
        LoginWidget::registerUrlScheme(scheme);
    }
    void prewarm() override { LoginWidget::prewarm(); }
    QDialog *createLoginDialog(const AuthConfig &config, QWidget *parent) override
    {
        return new LoginDialog(config, parent); // owned by parent, or by the caller
    }
    Session dialogSession(QDialog *dialog) const override
    {
        auto *login = qobject_cast<LoginDialog *>(dialog);
        return login ? login->result().session : Session();
    }
    AuthError dialogError(QDialog *dialog) const override
    {
        auto *login = qobject_cast<LoginDialog *>(dialog);
        return login ? login->result().error : AuthError(AuthError::Kind::Cancelled, QString());
    }
};

} // namespace WeChatLogin

#include "signinplugin.moc"
