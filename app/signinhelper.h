// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_SIGNINHELPER_H
#define WECHATLOGIN_APP_SIGNINHELPER_H

#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>

// Qt
#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace WeChatLogin {

class NetworkSettings;

/*
 * The window signs in through a short-lived child: `wechat-login sign-in-helper` (not a
 * public verb) shows the sign-in dialog in its own process, so the window never maps
 * QtWebEngine and nothing of Chromium outlives the sign-in. Over the child's standard
 * input the window sends what to sign in to (the effective AuthConfig, the sandbox's in
 * sandbox mode; the proxy, with its credentials; the CA file; the language), one JSON
 * document; on its standard output the child answers with the session or why not, one
 * JSON document, and exits (0: signed in). Nothing is stored by the child: the window's
 * SessionManager stores the session. Secrets travel only over these private pipes.
 */
class SignInHelper
{
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::SignInHelper)
public:
    static constexpr const char *Verb = "sign-in-helper";

    struct Request
    {
        AuthConfig config;
        QString proxy;  // NetworkSettings::setProxy() text, credentials included
        QString caFile; // empty: none
        QString language;
    };
    static QByteArray request(const AuthConfig &config, const NetworkSettings &network,
                              const QString &language);
    // False with why (notByHand()) when json is not the window's request.
    static bool readRequest(const QByteArray &json, Request *request, QString *why);
    static QString notByHand(); // translated: call once the translations are loaded

    static QByteArray reply(const Session &session, const AuthError &error);
    // False when json is not a reply (the child died, or printed something else).
    static bool readReply(const QByteArray &json, Session *session, AuthError *error);

    // The child's side: the request from standard input (before the QApplication exists:
    // a custom-scheme redirect URL is registered first), then the dialog and the answer.
    static bool readStandardInput(Request *request, QString *why);
    static int run(const Request &request);
};

} // namespace WeChatLogin

#endif
