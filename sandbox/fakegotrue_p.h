// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_FAKEGOTRUE_P_H
#define WECHATLOGIN_SANDBOX_FAKEGOTRUE_P_H

#include "httpexchange.h"
#include "sandboxcontext_p.h"
#include "virtualusers_p.h"

// Qt
#include <QHash>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <optional>

namespace WeChatLogin::SandboxInternal {

struct FlowState
{
    QString id;
    QString provider;
    QString codeChallenge;
    QString codeChallengeMethod; // lower case; empty for the implicit flow
    QString referrer;
    QString authCode;
    QString userId; // set by the callback
    QString providerToken;
    QString providerRefreshToken;
    qint64 createdMs = 0;
    bool isPkce() const { return !codeChallenge.isEmpty(); }
};

struct AuthUser
{
    QString id;
    QString wechatUserId; // VirtualUser::id
    QString createdAt;
    QString lastSignInAt;
    QString identityId;
};

struct AuthSession
{
    QString id;
    QString userId;
    qint64 createdMs = 0;
};

struct RefreshToken
{
    QString token;
    QString sessionId;
    QString parent;
    bool revoked = false;
    qint64 revokedMs = 0;
};

// An error as GoTrue reports it: HTTP status, error code and message.
struct ApiError
{
    ApiError() = default;
    ApiError(int status, QString code, QString message)
        : status(status)
        , code(std::move(code))
        , message(std::move(message))
    {}

    int status = 400;
    QString code;
    QString message;
    // OAuth-style errors (redirects): the "error" value when not derived from status.
    QString oauthError;
};

/*
 * The auth origin: the subset of GoTrue (supabase/auth) that WeChat QR sign-in uses
 * (docs/PROTOCOL.md section 2), with its flow states, users, sessions and refresh-token
 * families. fakegotrue.cpp: the gateway, routing, error bodies, redirect rules and
 * /authorize; gotruecallback.cpp: /callback and its calls to WeChat; gotruesessions.cpp:
 * /token, /user, /logout and the JWTs.
 */
class FakeGoTrue
{
public:
    FakeGoTrue(const SandboxContext &context, const VirtualUsers &users);

    void handle(const ExchangePtr &ex);
    // An error body in the era's and the request's style (X-Supabase-Api-Version).
    Response apiError(const Request &req, const ApiError &error) const;

private:
    // fakegotrue.cpp
    void authorize(const ExchangePtr &ex);
    QString validatedRedirect(const QString &candidate) const;
    bool redirectAllowed(const QString &url) const;

    // gotruecallback.cpp
    void callback(const ExchangePtr &ex);
    void finishCallback(const ExchangePtr &ex, const QString &flowId, const QString &wxCode);
    void redirectWithError(const ExchangePtr &ex, const QString &target, const ApiError &error);
    AuthUser &userForWeChat(const VirtualUser &wx);

    // gotruesessions.cpp
    void token(const ExchangePtr &ex);
    void pkceGrant(const ExchangePtr &ex, const QJsonObject &body);
    void refreshGrant(const ExchangePtr &ex, const QJsonObject &body);
    void user(const ExchangePtr &ex);
    void logout(const ExchangePtr &ex);
    QString startSession(const QString &userId); // returns the first refresh token
    QJsonObject userJson(const AuthUser &user) const;
    QJsonObject issueSession(const QString &userId, const QString &sessionId,
                             const QString &refreshToken);
    QString mintAccessToken(const AuthUser &user, const QString &sessionId, qint64 expSec) const;
    std::optional<ApiError> authenticateBearer(const Request &req, QJsonObject *claims) const;

    const SandboxContext &m_context;
    const VirtualUsers &m_users;
    QNetworkAccessManager m_upstream;       // GoTrue -> WeChat /sns calls
    QHash<QString, FlowState> m_flowStates; // by id
    QHash<QString, AuthUser> m_authUsers;   // by id
    QHash<QString, AuthSession> m_sessions; // by id
    QHash<QString, RefreshToken> m_refreshTokens;
};

} // namespace WeChatLogin::SandboxInternal

#endif
