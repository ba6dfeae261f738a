// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// FakeGoTrue's /callback: where WeChat's page lands. It checks the state, exchanges the
// WeChat code server-side over HTTP (as GoTrue does) and redirects to the app's redirect
// URL with a code (PKCE), tokens (implicit) or an error.

#include "fakegotrue_p.h"
#include "sandboxutil.h"

// Qt
#include <QJsonDocument>
#include <QMap>
#include <QNetworkReply>

namespace WeChatLogin::SandboxInternal {

namespace {

QString oauthErrorFor(const ApiError &e)
{
    if (!e.oauthError.isEmpty())
        return e.oauthError;
    if (e.code == QLatin1String("signup_disabled") || e.code == QLatin1String("user_banned"))
        return QStringLiteral("access_denied");
    switch (e.status) {
    case 400:
        return QStringLiteral("invalid_request");
    case 401:
        return QStringLiteral("unauthorized_client");
    case 403:
        return QStringLiteral("access_denied");
    default:
        return QStringLiteral("server_error");
    }
}

} // namespace

void FakeGoTrue::redirectWithError(const ExchangePtr &ex, const QString &target,
                                   const ApiError &error)
{
    QUrl url(target);
    QMultiMap<QString, QString> query = queryMap(url);
    const bool current = !m_context.isLegacy();
    QMultiMap<QString, QString> errorParams;
    errorParams.insert(QStringLiteral("error"), oauthErrorFor(error));
    errorParams.insert(QStringLiteral("error_description"), error.message);
    if (current && !error.code.isEmpty())
        errorParams.insert(QStringLiteral("error_code"), error.code);
    for (auto it = errorParams.cbegin(); it != errorParams.cend(); ++it)
        query.replace(it.key(), it.value());
    url.setQuery(QString());
    url.setFragment(QString());
    QByteArray location = url.toString(QUrl::RemoveQuery | QUrl::RemoveFragment).toUtf8();
    location += '?' + encodeSorted(query);
    if (current) {
        errorParams.insert(QStringLiteral("sb"), QString());
        location += '#' + encodeSorted(errorParams);
    }
    ex->respond(Response::redirect(302, location));
}

void FakeGoTrue::callback(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const bool legacy = m_context.isLegacy();
    auto badState = [&](const QString &code, const QString &message) {
        if (legacy) {
            ex->respond(apiError(req, {400, code, message}));
            return;
        }
        // v2.159+: back to the Site URL with the error in the query.
        QUrl site = m_context.options.siteUrl;
        QMultiMap<QString, QString> query = queryMap(site);
        query.replace(QStringLiteral("error"), QStringLiteral("invalid_request"));
        query.replace(QStringLiteral("error_code"), code);
        query.replace(QStringLiteral("error_description"), message);
        const QByteArray location = site.toString(QUrl::RemoveQuery | QUrl::RemoveFragment).toUtf8()
                                    + '?' + encodeSorted(query);
        ex->respond(Response::redirect(303, location));
    };

    const QString state = req.queryValue(QStringLiteral("state"));
    if (state.isEmpty())
        return badState(QStringLiteral("bad_oauth_callback"),
                        QStringLiteral("OAuth state parameter missing"));
    QString flowId = state;
    if (legacy) {
        const auto claims = verifyJwt(state, m_context.jwtSecret);
        if (!claims)
            return badState(QStringLiteral("bad_oauth_state"),
                            QStringLiteral("OAuth state is invalid: signature is invalid"));
        if (claims->value(QStringLiteral("exp")).toInteger() < nowMs() / 1000)
            return badState(QStringLiteral("bad_oauth_state"),
                            QStringLiteral("OAuth state is invalid: token is expired"));
        flowId = claims->value(QStringLiteral("flow_state_id")).toString();
    }
    const auto flowIt = m_flowStates.constFind(flowId);
    if (flowIt == m_flowStates.cend())
        return badState(QStringLiteral("bad_oauth_state"),
                        QStringLiteral("OAuth state not found or expired"));
    if (flowIt->isPkce() && !flowIt->userId.isEmpty())
        return badState(QStringLiteral("flow_state_already_used"),
                        QStringLiteral("State has already been used"));
    const QString referrer = flowIt->referrer;

    const QString providerError = req.queryValue(QStringLiteral("error"));
    if (!providerError.isEmpty()) {
        ApiError e;
        e.oauthError = providerError;
        e.message = req.queryValue(QStringLiteral("error_description"));
        return redirectWithError(ex, referrer, e);
    }
    const QString code = req.queryValue(QStringLiteral("code"));
    if (code.isEmpty()) {
        // WeChat's refusal arrives as ?state= without a code.
        return redirectWithError(ex, referrer,
                                 {400, QStringLiteral("bad_oauth_callback"),
                                  QStringLiteral("OAuth callback with missing authorization code "
                                                 "and missing OAuth error")});
    }
    finishCallback(ex, flowId, code);
}

void FakeGoTrue::finishCallback(const ExchangePtr &ex, const QString &flowId, const QString &wxCode)
{
    // Exactly what GoTrue does: two server-side calls to WeChat over HTTP.
    auto get = [this](const QString &path, const QList<QPair<QString, QString>> &items) {
        QUrl url = m_context.wechatUrl;
        url.setPath(path);
        QUrlQuery query;
        for (const auto &item : items)
            query.addQueryItem(item.first,
                               QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
        url.setQuery(query);
        QNetworkRequest request(url);
        request.setTransferTimeout(10'000);
        return m_upstream.get(request);
    };
    auto fail = [this, ex, flowId](const QString &message) {
        const auto flow = m_flowStates.constFind(flowId);
        const QString target =
            flow != m_flowStates.cend() ? flow->referrer : m_context.options.siteUrl.toString();
        redirectWithError(ex, target, {500, QStringLiteral("unexpected_failure"), message});
    };
    auto readJson = [](QNetworkReply *reply) -> QJsonObject {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError)
            return {};
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        return o.contains(QStringLiteral("errcode")) ? QJsonObject() : o;
    };

    QNetworkReply *tokenReply =
        get(QStringLiteral("/sns/oauth2/access_token"),
            {{QStringLiteral("appid"), m_context.appId},
             {QStringLiteral("secret"), m_context.appSecret},
             {QStringLiteral("code"), wxCode},
             {QStringLiteral("grant_type"), QStringLiteral("authorization_code")}});
    QObject::connect(tokenReply, &QNetworkReply::finished, m_context.running.get(), [=] {
        const QJsonObject token = readJson(tokenReply);
        if (token.value(QStringLiteral("access_token")).toString().isEmpty())
            return fail(QStringLiteral("Unable to exchange external code"));
        const QString accessToken = token.value(QStringLiteral("access_token")).toString();
        const QString wxRefresh = token.value(QStringLiteral("refresh_token")).toString();
        QNetworkReply *infoReply =
            get(QStringLiteral("/sns/userinfo"),
                {{QStringLiteral("access_token"), accessToken},
                 {QStringLiteral("openid"), token.value(QStringLiteral("openid")).toString()},
                 {QStringLiteral("lang"), QStringLiteral("zh_CN")}});
        QObject::connect(infoReply, &QNetworkReply::finished, m_context.running.get(), [=] {
            const QJsonObject info = readJson(infoReply);
            const QString openid = info.value(QStringLiteral("openid")).toString();
            const VirtualUser *wx = m_users.findByOpenid(openid);
            if (!wx)
                return fail(QStringLiteral("Error getting user profile from external provider"));
            auto flowIt = m_flowStates.find(flowId);
            if (flowIt == m_flowStates.end())
                return fail(QStringLiteral("OAuth state not found or expired"));

            AuthUser *user = &userForWeChat(*wx);
            const QString referrer = flowIt->referrer;
            if (flowIt->isPkce()) {
                if (!flowIt->userId.isEmpty()) {
                    return redirectWithError(ex, referrer,
                                             {400, QStringLiteral("flow_state_already_used"),
                                              QStringLiteral("State has already been used")});
                }
                flowIt->userId = user->id;
                flowIt->providerToken = accessToken;
                flowIt->providerRefreshToken = wxRefresh;
                QUrl target(referrer);
                QMultiMap<QString, QString> query = queryMap(target);
                query.replace(QStringLiteral("code"), flowIt->authCode);
                QByteArray location =
                    target.toString(QUrl::RemoveQuery | QUrl::RemoveFragment).toUtf8() + '?'
                    + encodeSorted(query);
                if (target.hasFragment())
                    location += '#' + target.fragment(QUrl::FullyEncoded).toUtf8();
                ex->respond(Response::redirect(302, location));
                return;
            }
            // Implicit flow: tokens in the fragment, no user object.
            m_flowStates.erase(flowIt);
            const QString refresh = startSession(user->id);
            const QJsonObject s =
                issueSession(user->id, m_refreshTokens.value(refresh).sessionId, refresh);
            QMultiMap<QString, QString> fragment;
            for (const auto &key :
                 {"access_token", "expires_at", "expires_in", "refresh_token", "token_type"}) {
                const QJsonValue v = s.value(QLatin1String(key));
                if (!v.isUndefined())
                    fragment.insert(QLatin1String(key),
                                    v.isString() ? v.toString() : QString::number(v.toInteger()));
            }
            fragment.insert(QStringLiteral("provider_token"), accessToken);
            if (!wxRefresh.isEmpty())
                fragment.insert(QStringLiteral("provider_refresh_token"), wxRefresh);
            if (!m_context.isLegacy())
                fragment.insert(QStringLiteral("sb"), QString());
            QUrl target(referrer);
            const QByteArray location =
                target.toString(QUrl::RemoveFragment).toUtf8() + '#' + encodeSorted(fragment);
            ex->respond(Response::redirect(302, location));
        });
    });
}

// Finds or creates the GoTrue user of a WeChat identity, signed in now.
AuthUser &FakeGoTrue::userForWeChat(const VirtualUser &wx)
{
    const QString now = isoTime(nowMs());
    auto it = std::find_if(m_authUsers.begin(), m_authUsers.end(),
                           [&](const AuthUser &u) { return u.wechatUserId == wx.id; });
    if (it == m_authUsers.end()) {
        AuthUser created;
        created.id = newUuid();
        created.identityId = newUuid();
        created.wechatUserId = wx.id;
        created.createdAt = now;
        it = m_authUsers.insert(created.id, created);
    }
    it->lastSignInAt = now;
    return *it;
}

} // namespace WeChatLogin::SandboxInternal
