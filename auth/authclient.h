// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_AUTHCLIENT_H
#define WECHATLOGIN_AUTHCLIENT_H

#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/authreply.h>
#include <WeChatLogin/callbackurl.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace WeChatLogin {

class AuthClient;
class AuthClientPrivate;

// Where to send the browser, and the PKCE verifier to keep for the exchange.
struct WECHATLOGIN_AUTH_EXPORT AuthorizeRequest
{
    QUrl url;
    QString codeVerifier; // empty for the implicit flow
};

/*
 * The GoTrue REST calls of WeChat QR sign-in, speaking the wire exactly as the
 * official client (auth-js) does: the same headers, parameters and JSON.
 */
class WECHATLOGIN_AUTH_EXPORT AuthClient : public QObject
{
    Q_OBJECT
public:
    enum class SignOutScope { Global, Local, Others };
    Q_ENUM(SignOutScope)

    // The largest answer read from the server: more (a captive portal's endless page, a
    // proxy streaming garbage) ends the request with InvalidResponse.
    static constexpr qint64 MaxAnswerBytes = 1 << 20;

    explicit AuthClient(const AuthConfig &config, QObject *parent = nullptr);
    ~AuthClient() override;

    AuthConfig config() const;
    void setConfig(const AuthConfig &config);

    // Share an application-wide manager; by default the client owns its own.
    QNetworkAccessManager *networkAccessManager() const;
    void setNetworkAccessManager(QNetworkAccessManager *manager);

    // The /authorize URL in auth-js's parameter order, with a fresh verifier (PKCE).
    AuthorizeRequest prepareAuthorize(const QList<QPair<QString, QString>> &extraParams = {}) const;

    AuthReply *exchangeCode(const QString &authCode, const QString &codeVerifier);
    // Implicit flow: fetches the user for tokens taken from the redirect.
    AuthReply *completeImplicit(const Session &tokens);
    // Either of the above, from a parsed redirect; a redirect error finishes with it.
    AuthReply *completeSignIn(const CallbackUrl &callback, const QString &codeVerifier);
    AuthReply *refreshSession(const QString &refreshToken);
    AuthReply *fetchUser(const QString &accessToken);
    AuthReply *signOut(const QString &accessToken, SignOutScope scope = SignOutScope::Global);

    static QString clientInfo(); // "wechatlogin-qt/<version>"

Q_SIGNALS:
    void configChanged();

private:
    Q_DISABLE_COPY(AuthClient)
    Q_DECLARE_PRIVATE(AuthClient)
    std::unique_ptr<AuthClientPrivate> d_ptr;
};

} // namespace WeChatLogin

#endif
