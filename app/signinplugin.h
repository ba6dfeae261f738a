// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_SIGNINPLUGIN_H
#define WECHATLOGIN_APP_SIGNINPLUGIN_H

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>

// Qt
#include <QtPlugin>

class QDialog;
class QWidget;

namespace WeChatLogin {

class AuthConfig;

/*
 * The app's only door to QtWebEngine. LoginDialog lives in a plugin the app loads
 * when a sign-in starts, so a restored session, the status/token verbs and the
 * signed-in window never load Chromium (ELF would load it with the executable if
 * the app linked WeChatLogin::Widgets).
 */
class SignInPlugin
{
public:
    virtual ~SignInPlugin() = default;

    // Before QApplication: a custom-scheme redirect URL needs its scheme registered.
    virtual void registerUrlScheme(const QString &scheme) = 0;
    virtual void prewarm() = 0;
    // A LoginDialog for config (not shown). Accepted once signed in.
    virtual QDialog *createLoginDialog(const AuthConfig &config, QWidget *parent) = 0;
    // What a finished dialog produced: a session, or why not (Cancelled: closed).
    virtual Session dialogSession(QDialog *dialog) const = 0;
    virtual AuthError dialogError(QDialog *dialog) const = 0;
};

} // namespace WeChatLogin

#define WeChatLogin_SignInPlugin_iid "io.github.wechatlogin.SignInPlugin/1"
Q_DECLARE_INTERFACE(WeChatLogin::SignInPlugin, WeChatLogin_SignInPlugin_iid)

#endif
