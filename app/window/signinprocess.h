// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_SIGNINPROCESS_H
#define WECHATLOGIN_APP_SIGNINPROCESS_H

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>

// Qt
#include <QObject>

class QProcess;

namespace WeChatLogin {

/*
 * One sign-in in a child process (`<program> sign-in-helper`, signinhelper.h): the window
 * never maps QtWebEngine, and Chromium's processes end with the child. finished() comes
 * once: the session, or why not (Cancelled: the person closed the dialog, or cancel()).
 * Deleting it ends the child: asked (its standard input closed), then terminated, then
 * killed, 3 s apart at most. If this process dies, the child's input ends all the same.
 */
class SignInProcess : public QObject
{
    Q_OBJECT
public:
    explicit SignInProcess(QObject *parent = nullptr);
    ~SignInProcess() override;

    // program: the wechat-login executable; request: SignInHelper::request().
    void start(const QString &program, const QStringList &arguments, const QByteArray &request);
    bool isRunning() const;
    void cancel();

Q_SIGNALS:
    void finished(const WeChatLogin::Session &session, const WeChatLogin::AuthError &error);

private:
    void onFinished();
    void stop();

    QProcess *m_process = nullptr;
    bool m_cancelled = false;
};

} // namespace WeChatLogin

#endif
