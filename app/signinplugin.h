// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_SIGNINPLUGIN_H
#define WECHATLOGIN_APP_SIGNINPLUGIN_H

#include "verbs.h"

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>

// Qt
#include <QString>
#include <QUrl>
#include <QtPlugin>

#include <functional>

class QDialog;
class QObject;
class QWidget;

namespace WeChatLogin {

class AppContext;
class AuthConfig;
namespace LoginProcessWire {
struct Request;
}

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
    // The other end of a LoginProcess (the window's sign-in helper): the request's dialog,
    // driven over standard input and output until it is done. 0: signed in.
    virtual int serveLoginProcess(const LoginProcessWire::Request &request) = 0;

    // sign-in --terminal: WeChat's page headless, its QR drawn in the terminal (or --json
    // events), the session stored. The exit code (Verbs::Exit).
    virtual int signInInTerminal(AppContext &context, const Verbs::SignInOptions &options) = 0;

    // "Chromium 102.0.5005.177 (QtWebEngine 6.4.2)".
    virtual QString webEngineVersion() const = 0;
    // Loads url (an /authorize URL) in a throwaway off-the-record page, as the login page
    // would, and reports whether WeChat's QR page appeared on a trusted host; nothing is
    // signed in. done is called once, on context's thread, unless context is destroyed
    // first; after timeoutMs at the latest.
    struct PageProbe
    {
        bool qrShown = false;
        QString host;  // where the page ended up
        QString error; // why not, for a person
    };
    virtual void probePage(const AuthConfig &config, const QUrl &url, int timeoutMs,
                           QObject *context, std::function<void(const PageProbe &)> done) = 0;
};

} // namespace WeChatLogin

#define WeChatLogin_SignInPlugin_iid "io.github.wechatlogin.SignInPlugin/4"
Q_DECLARE_INTERFACE(WeChatLogin::SignInPlugin, WeChatLogin_SignInPlugin_iid)

#endif
