// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authclient.h"
#include "authclient_p.h"
#include "authlogging.h"
#include "authreply_p.h"
#include "pkce.h"
#include <WeChatLogin/wechatlogin_version.h>

// Qt
#include <QNetworkAccessManager>

namespace WeChatLogin {

QNetworkAccessManager *AuthClientPrivate::manager()
{
    if (nam)
        return nam;
    if (!ownNam)
        ownNam = std::make_unique<QNetworkAccessManager>();
    return ownNam.get();
}

AuthReply *AuthClientPrivate::newReply(AuthReply::Operation operation)
{
    return AuthReplyPrivate::create(operation, q_ptr); // owned by the client
}

void AuthClientPrivate::finish(AuthReply *reply, const AuthError &error)
{
    if (reply->isFinished())
        return;
    if (error.isError()) {
        // Kind, code and status only: a server message may echo a code.
        qCInfo(lcAuth).noquote() << "operation" << int(reply->operation())
                                 << "failed:" << AuthError::kindName(error.kind())
                                 << error.serverCode() << error.httpStatus();
    }
    AuthReplyPrivate::finish(reply, error);
}

void AuthClientPrivate::fetchUserInto(AuthReply *reply, const Session &session)
{
    send(reply, "GET", QStringLiteral("/user"), {}, session.accessToken(),
         [=](int, const QByteArray &body) {
             QJsonObject user;
             const AuthError error = parseUser(body, &user);
             if (!error.isError()) {
                 Session complete = session;
                 complete.setUser(user);
                 AuthReplyPrivate::get(reply)->session = complete;
                 AuthReplyPrivate::get(reply)->user = user;
             }
             finish(reply, error);
         });
}

AuthClient::AuthClient(const AuthConfig &config, QObject *parent)
    : QObject(parent)
    , d_ptr(std::make_unique<AuthClientPrivate>(this))
{
    d_ptr->config = config;
}

AuthClient::~AuthClient()
{
    // Replies are children; their destructors abort what is in flight.
    qDeleteAll(findChildren<AuthReply *>(QString(), Qt::FindDirectChildrenOnly));
}

AuthConfig AuthClient::config() const
{
    Q_D(const AuthClient);
    return d->config;
}

void AuthClient::setConfig(const AuthConfig &config)
{
    Q_D(AuthClient);
    if (d->config == config)
        return;
    d->config = config;
    Q_EMIT configChanged();
}

QNetworkAccessManager *AuthClient::networkAccessManager() const
{
    Q_D(const AuthClient);
    return const_cast<AuthClientPrivate *>(d)->manager();
}

void AuthClient::setNetworkAccessManager(QNetworkAccessManager *manager)
{
    Q_D(AuthClient);
    d->nam = manager;
}

QString AuthClient::clientInfo()
{
    return QStringLiteral("wechatlogin-qt/") + QLatin1String(WECHATLOGIN_VERSION_STRING);
}

namespace {
// encodeURIComponent()
QByteArray uriComponent(const QString &s)
{
    return QUrl::toPercentEncoding(s, "!*'()");
}
// URLSearchParams' application/x-www-form-urlencoded serializer
QByteArray formComponent(const QString &s)
{
    QByteArray out = QUrl::toPercentEncoding(s, "*", "~!'()");
    out.replace("%20", "+");
    return out;
}
} // namespace

AuthorizeRequest
AuthClient::prepareAuthorize(const QList<QPair<QString, QString>> &extraParams) const
{
    Q_D(const AuthClient);
    AuthorizeRequest request;
    QList<QByteArray> params;
    params << "provider=" + uriComponent(d->config.provider());
    // The URL's natural string form, as a developer writes it and auth-js sends it:
    // GoTrue matches its allow list against exactly this string.
    if (!d->config.redirectUrl().isEmpty())
        params << "redirect_to=" + uriComponent(d->config.redirectUrl().toString());
    if (!d->config.scopes().isEmpty())
        params << "scopes=" + uriComponent(d->config.scopes());
    if (d->config.flowType() == AuthConfig::FlowType::Pkce) {
        request.codeVerifier = Pkce::generateVerifier();
        params << "code_challenge=" + formComponent(Pkce::challenge(request.codeVerifier))
                      + "&code_challenge_method=" + formComponent(Pkce::method());
    }
    QByteArray extra;
    for (const auto &p : d->config.extraAuthorizeParams() + extraParams) {
        if (!extra.isEmpty())
            extra += '&';
        extra += formComponent(p.first) + '=' + formComponent(p.second);
    }
    if (!extra.isEmpty())
        params << extra;
    request.url =
        QUrl::fromEncoded(d->config.authBaseUrl().toEncoded() + "/authorize?" + params.join('&'));
    return request;
}

AuthReply *AuthClient::exchangeCode(const QString &authCode, const QString &codeVerifier)
{
    Q_D(AuthClient);
    AuthReply *reply = d->newReply(AuthReply::Operation::ExchangeCode);
    if (authCode.isEmpty() || codeVerifier.isEmpty()) {
        d->finish(reply, AuthError(AuthError::Kind::InvalidRequest,
                                   QStringLiteral(
                                       "the auth code and the code verifier must not be empty")));
        return reply;
    }
    d->send(
        reply, "POST", QStringLiteral("/token?grant_type=pkce"),
        {{QStringLiteral("auth_code"), authCode}, {QStringLiteral("code_verifier"), codeVerifier}},
        QString(), [d, reply](int, const QByteArray &body) {
            Session session;
            const AuthError error = AuthClientPrivate::parseFreshSession(body, &session);
            AuthReplyPrivate::get(reply)->session = session;
            d->finish(reply, error);
        });
    return reply;
}

AuthReply *AuthClient::completeImplicit(const Session &tokens)
{
    Q_D(AuthClient);
    AuthReply *reply = d->newReply(AuthReply::Operation::CompleteImplicit);
    QString why;
    if (!tokens.isValid() || !tokens.hasPlausibleLifetime(&why)) {
        d->finish(
            reply,
            AuthError(
                AuthError::Kind::InvalidResponse,
                QStringLiteral("the redirect's tokens are incomplete %1").arg(why).trimmed()));
        return reply;
    }
    Session anchored = tokens; // the redirect arrived just now
    if (!tokens.hasLocalExpiry())
        anchored.setReceivedAt(QDateTime::currentMSecsSinceEpoch());
    d->fetchUserInto(reply, anchored);
    return reply;
}

AuthReply *AuthClient::completeSignIn(const CallbackUrl &callback, const QString &codeVerifier)
{
    Q_D(AuthClient);
    switch (callback.kind()) {
    case CallbackUrl::Kind::Code:
        return exchangeCode(callback.code(), codeVerifier);
    case CallbackUrl::Kind::Tokens:
        return completeImplicit(callback.session());
    case CallbackUrl::Kind::Error:
    case CallbackUrl::Kind::Malformed: {
        AuthReply *reply = d->newReply(AuthReply::Operation::ExchangeCode);
        d->finish(reply, callback.error());
        return reply;
    }
    case CallbackUrl::Kind::NotCallback:
        break;
    }
    AuthReply *reply = d->newReply(AuthReply::Operation::ExchangeCode);
    d->finish(reply, AuthError(AuthError::Kind::InvalidRequest,
                               QStringLiteral("the URL is not the sign-in redirect")));
    return reply;
}

AuthReply *AuthClient::refreshSession(const QString &refreshToken)
{
    Q_D(AuthClient);
    AuthReply *reply = d->newReply(AuthReply::Operation::Refresh);
    if (refreshToken.isEmpty()) {
        d->finish(reply, AuthError(AuthError::Kind::InvalidRequest,
                                   QStringLiteral("the refresh token is empty")));
        return reply;
    }
    d->send(reply, "POST", QStringLiteral("/token?grant_type=refresh_token"),
            {{QStringLiteral("refresh_token"), refreshToken}}, QString(),
            [d, reply](int, const QByteArray &body) {
                Session session;
                const AuthError error = AuthClientPrivate::parseFreshSession(body, &session);
                AuthReplyPrivate::get(reply)->session = session;
                d->finish(reply, error);
            });
    return reply;
}

AuthReply *AuthClient::fetchUser(const QString &accessToken)
{
    Q_D(AuthClient);
    AuthReply *reply = d->newReply(AuthReply::Operation::FetchUser);
    if (accessToken.isEmpty()) {
        d->finish(reply,
                  AuthError(AuthError::Kind::NotAuthenticated, QStringLiteral("no access token")));
        return reply;
    }
    d->send(reply, "GET", QStringLiteral("/user"), {}, accessToken,
            [d, reply](int, const QByteArray &body) {
                d->finish(reply,
                          AuthClientPrivate::parseUser(body, &AuthReplyPrivate::get(reply)->user));
            });
    return reply;
}

AuthReply *AuthClient::signOut(const QString &accessToken, SignOutScope scope)
{
    Q_D(AuthClient);
    AuthReply *reply = d->newReply(AuthReply::Operation::SignOut);
    if (accessToken.isEmpty()) {
        d->finish(reply,
                  AuthError(AuthError::Kind::NotAuthenticated, QStringLiteral("no access token")));
        return reply;
    }
    static const char *const scopes[] = {"global", "local", "others"};
    d->send(reply, "POST", QStringLiteral("/logout?scope=") + QLatin1String(scopes[int(scope)]), {},
            accessToken, [d, reply](int, const QByteArray &) { d->finish(reply, AuthError()); });
    return reply;
}

} // namespace WeChatLogin
