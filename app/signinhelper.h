// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_SIGNINHELPER_H
#define WECHATLOGIN_APP_SIGNINHELPER_H

// Qt
#include <QCoreApplication>
#include <QString>

namespace WeChatLogin {

namespace LoginProcessWire {
struct Request;
}

/*
 * The window signs in through a short-lived child: `wechat-login sign-in-helper` (not a
 * public verb) shows the sign-in dialog in its own process, so the window never maps
 * QtWebEngine and nothing of Chromium outlives the sign-in. The window drives it with the
 * library's LoginProcess (loginprocess.h), as any host of wechat-login-dialog would: the
 * request on the child's standard input (the effective AuthConfig, the sandbox's in
 * sandbox mode; the proxy with its credentials; the CA certificates; the language), then
 * "show" and language changes; the session or why not on its standard output. This verb
 * is wechat-login-dialog with the app's own touches (its proxy prompt, its plugins).
 */
class SignInHelper
{
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::SignInHelper)
public:
    static constexpr const char *Verb = "sign-in-helper";

    static QString notByHand(); // translated: call once the translations are loaded
    // The child's side, once the QApplication exists: the dialog and the answer.
    static int run(const LoginProcessWire::Request &request);
};

} // namespace WeChatLogin

#endif
