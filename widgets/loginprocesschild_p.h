// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_LOGINPROCESSCHILD_P_H
#define WECHATLOGIN_LOGINPROCESSCHILD_P_H

// Internal: the sign-in dialog's process, the other end of LoginProcess. Exported for
// wechat-login-dialog and the app's own helper; not an installed header.

#include "loginprocesswire_p.h" // auth/
#include <WeChatLogin/wechatlogin_widgets_export.h>

// Qt
#include <QObject>
#include <QPointer>

class QSocketNotifier;

namespace WeChatLogin {

class LoginDialog;

class WECHATLOGIN_WIDGETS_EXPORT LoginProcessChild : public QObject
{
    Q_OBJECT
public:
    // Needs the QApplication; applies the request's network set-up and language. Commands
    // come on inFd, events and the result go to outFd.
    explicit LoginProcessChild(const LoginProcessWire::Request &request, int inFd = 0,
                               int outFd = 1, QObject *parent = nullptr);
    ~LoginProcessChild() override;

    // Until the dialog is done, or the input ends: 0 signed in, 1 not.
    int exec();

    // The whole of wechat-login-dialog: the request from standard input (a custom-scheme
    // redirect is registered before the QApplication), then exec(). 2: not started by a
    // LoginProcess.
    static int main(int argc, char **argv);

Q_SIGNALS:
    void dialogCreated(WeChatLogin::LoginDialog *dialog); // e.g. to answer proxy prompts

private:
    void readCommands();
    void warmUp();
    void prestart();
    void discard();
    LoginDialog *makeDialog();
    void showDialog();
    void sendShownWhenPainted();
    void setLanguage(const QString &language);
    void send(const QByteArray &line);
    void done(const Session &session, const AuthError &error);

    LoginProcessWire::Request m_request;
    int m_out;
    QSocketNotifier *m_in = nullptr;
    QByteArray m_input;
    QPointer<LoginDialog> m_dialog; // hidden until m_shown
    bool m_shown = false;
    bool m_readySent = false; // for the pre-started dialog
    bool m_done = false;
    bool m_signedIn = false;
};

} // namespace WeChatLogin

#endif
