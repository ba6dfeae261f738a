// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The WeChat origin's server-side APIs, which GoTrue calls at the callback:
// /sns/oauth2/access_token, /sns/oauth2/refresh_token, /sns/userinfo and /sns/auth,
// with WeChat's HTTP-200 {errcode, errmsg} errors (docs/PROTOCOL.md section 3).

#include "fakewechat_p.h"
#include "sandboxutil.h"

// Qt
#include <QJsonArray>
#include <QJsonDocument>

namespace WeChatLogin::SandboxInternal {

namespace {

constexpr qint64 kWxCodeLifetimeMs = 10LL * 60 * 1000;
constexpr qint64 kWxAccessTokenLifetimeSec = 7200;
constexpr qint64 kWxRefreshTokenLifetimeMs = 30LL * 24 * 3600 * 1000;

// WeChat's HTTP-200 error body, with a request id like the real ones.
Response wxError(int errcode, const QString &errmsg)
{
    const QString rid = QStringLiteral("%1-%2-%3")
                            .arg(randomToken(8, true), randomToken(8, true), randomToken(8, true));
    return Response::json(
        200, QJsonDocument(QJsonObject{
                 {QStringLiteral("errcode"), errcode},
                 {QStringLiteral("errmsg"), QStringLiteral("%1, rid: %2").arg(errmsg, rid)}}));
}

} // namespace

void FakeWeChat::sns(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    auto q = [&](const char *key) { return req.queryValue(QLatin1String(key)); };
    const qint64 now = nowMs();
    auto tokenReply = [&](const QString &userId) {
        const VirtualUser *u = m_users.find(userId);
        const QString access = randomToken(86);
        const QString refresh = randomToken(86);
        m_wxAccessTokens.insert(access, WxToken{userId, now + kWxAccessTokenLifetimeSec * 1000});
        m_wxRefreshTokens.insert(refresh, WxToken{userId, now + kWxRefreshTokenLifetimeMs});
        ex->respond(Response::json(
            200,
            QJsonDocument(QJsonObject{{QStringLiteral("access_token"), access},
                                      {QStringLiteral("expires_in"), kWxAccessTokenLifetimeSec},
                                      {QStringLiteral("refresh_token"), refresh},
                                      {QStringLiteral("openid"), u->openid},
                                      {QStringLiteral("scope"), QStringLiteral("snsapi_login")},
                                      {QStringLiteral("unionid"), u->unionid}})));
    };
    // Access token checks shared by /sns/userinfo and /sns/auth.
    auto checkAccess = [&](const VirtualUser **user) -> bool {
        const QString token = q("access_token");
        if (token.isEmpty()) {
            ex->respond(wxError(41001, QStringLiteral("access_token missing")));
            return false;
        }
        const auto it = m_wxAccessTokens.constFind(token);
        if (it == m_wxAccessTokens.cend()) {
            ex->respond(wxError(
                40001,
                QStringLiteral("invalid credential, access_token is invalid or not latest")));
            return false;
        }
        if (it->expiresMs < now) {
            ex->respond(wxError(42001, QStringLiteral("access_token expired")));
            return false;
        }
        *user = m_users.find(it->userId);
        if (q("openid") != (*user)->openid) {
            ex->respond(wxError(40003, QStringLiteral("invalid openid")));
            return false;
        }
        return true;
    };

    if (req.path == QLatin1String("/sns/oauth2/access_token")) {
        if (q("appid").isEmpty())
            return ex->respond(wxError(41002, QStringLiteral("appid missing")));
        if (q("secret").isEmpty())
            return ex->respond(wxError(41004, QStringLiteral("appsecret missing")));
        if (q("code").isEmpty())
            return ex->respond(wxError(41008, QStringLiteral("missing code")));
        if (q("appid") != m_context.appId)
            return ex->respond(wxError(40013, QStringLiteral("invalid appid")));
        if (q("secret") != m_context.appSecret)
            return ex->respond(wxError(40125, QStringLiteral("invalid appsecret")));
        if (q("grant_type") != QLatin1String("authorization_code"))
            return ex->respond(wxError(40002, QStringLiteral("invalid grant_type")));
        auto it = m_wxCodes.find(q("code"));
        if (it == m_wxCodes.end() || now - it->issuedMs > kWxCodeLifetimeMs)
            return ex->respond(wxError(40029, QStringLiteral("invalid code")));
        if (it->used)
            return ex->respond(wxError(40163, QStringLiteral("code been used")));
        it->used = true;
        return tokenReply(it->userId);
    }
    if (req.path == QLatin1String("/sns/oauth2/refresh_token")) {
        if (q("appid") != m_context.appId)
            return ex->respond(wxError(40013, QStringLiteral("invalid appid")));
        if (q("grant_type") != QLatin1String("refresh_token"))
            return ex->respond(wxError(40002, QStringLiteral("invalid grant_type")));
        const auto it = m_wxRefreshTokens.constFind(q("refresh_token"));
        if (it == m_wxRefreshTokens.cend())
            return ex->respond(wxError(40030, QStringLiteral("invalid refresh_token")));
        if (it->expiresMs < now)
            return ex->respond(wxError(42002, QStringLiteral("refresh_token expired")));
        return tokenReply(it->userId);
    }
    if (req.path == QLatin1String("/sns/userinfo")) {
        const VirtualUser *u = nullptr;
        if (!checkAccess(&u))
            return;
        return ex->respond(Response::json(
            200, QJsonDocument(QJsonObject{{QStringLiteral("openid"), u->openid},
                                           {QStringLiteral("nickname"), u->nickname},
                                           {QStringLiteral("sex"), u->sex},
                                           {QStringLiteral("province"), u->province},
                                           {QStringLiteral("city"), u->city},
                                           {QStringLiteral("country"), u->country},
                                           {QStringLiteral("headimgurl"),
                                            VirtualUsers::avatarUrl(*u, m_context.wechatUrl)},
                                           {QStringLiteral("privilege"), QJsonArray()},
                                           {QStringLiteral("unionid"), u->unionid}})));
    }
    if (req.path == QLatin1String("/sns/auth")) {
        const VirtualUser *u = nullptr;
        if (!checkAccess(&u))
            return;
        return ex->respond(Response::json(
            200, QJsonDocument(QJsonObject{{QStringLiteral("errcode"), 0},
                                           {QStringLiteral("errmsg"), QStringLiteral("ok")}})));
    }
    ex->respond(wxError(40066, QStringLiteral("invalid url")));
}

} // namespace WeChatLogin::SandboxInternal
