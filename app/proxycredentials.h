// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_PROXYCREDENTIALS_H
#define WECHATLOGIN_APP_PROXYCREDENTIALS_H

// Qt
#include <QString>

#include <functional>

class QAuthenticator;
class QNetworkAccessManager;

namespace WeChatLogin {

/*
 * The user name and password a proxy asks for, for the whole process: those in the proxy
 * setting (Qt passes them on by itself), or asked of the person once, by the window (it
 * registers the asker); the verbs never ask, they fail with "The proxy asks for a user
 * name and password". An answer is kept for the process and given to every later request
 * and to the sign-in page; a refusal is not asked again.
 */
class ProxyCredentials
{
public:
    // Asks for credentials for proxy ("proxy.example:3128"); false: the person declined.
    using Asker = std::function<bool(const QString &proxy, QString *user, QString *password)>;

    static void setAsker(Asker asker);
    // Fills authenticator for the proxy proxyHost when there is something to give; the
    // first call asks (when an asker is set), later ones give the same answer.
    static void answer(const QString &proxyHost, QAuthenticator *authenticator);
    // Answers manager's proxyAuthenticationRequired().
    static void serve(QNetworkAccessManager *manager);
    // Forgets the answer and the refusal (tests).
    static void reset();
    static int timesAsked();
};

} // namespace WeChatLogin

#endif
