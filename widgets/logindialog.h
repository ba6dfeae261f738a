// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_LOGINDIALOG_H
#define WECHATLOGIN_LOGINDIALOG_H

#include <WeChatLogin/loginwidget.h>
#include <WeChatLogin/wechatlogin_widgets_export.h>

// Qt
#include <QDialog>

#include <memory>

namespace WeChatLogin {

class LoginDialogPrivate;

// What LoginDialog::signIn() returns: a session, or why not.
struct WECHATLOGIN_WIDGETS_EXPORT LoginResult
{
    Session session;
    // Why not: the failure, even when the person closed the dialog after it; Cancelled
    // when the dialog was closed without one.
    AuthError error;
    bool isSignedIn() const { return session.isValid(); }
    bool isCancelled() const { return error.kind() == AuthError::Kind::Cancelled; }
};

/*
 * LoginWidget in a dialog: a title, the widget, a cancel button; Esc cancels.
 * Accepted once signed in.
 */
class WECHATLOGIN_WIDGETS_EXPORT LoginDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoginDialog(const AuthConfig &config, QWidget *parent = nullptr);
    ~LoginDialog() override;

    LoginWidget *loginWidget() const;
    LoginResult result() const;

    // One call: shows the dialog modally, returns the session or the error/cancel.
    static LoginResult signIn(QWidget *parent, const AuthConfig &config,
                              SessionManager *sessionManager = nullptr);

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    Q_DISABLE_COPY(LoginDialog)
    Q_DECLARE_PRIVATE(LoginDialog)
    std::unique_ptr<LoginDialogPrivate> d_ptr;
};

} // namespace WeChatLogin

#endif
