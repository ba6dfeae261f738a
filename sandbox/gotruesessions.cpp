// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// FakeGoTrue's sessions: /token (the PKCE exchange and refresh-token rotation with
// parent reuse and family revocation), /user, /logout, and the JWTs it signs.

#include "fakegotrue_p.h"
#include "sandboxutil.h"

// Qt
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace WeChatLogin::SandboxInternal {

QJsonObject FakeGoTrue::userJson(const AuthUser &user) const
{
    const VirtualUser *wx = m_users.find(user.wechatUserId);
    Q_ASSERT(wx);
    const QString email = wx->openid + QStringLiteral("@wechat.local");
    const QString avatar = VirtualUsers::avatarUrl(*wx, m_context.wechatUrl);
    const QJsonObject claims{
        {QStringLiteral("openid"), wx->openid},     {QStringLiteral("unionid"), wx->unionid},
        {QStringLiteral("sex"), wx->sex},           {QStringLiteral("province"), wx->province},
        {QStringLiteral("city"), wx->city},         {QStringLiteral("country"), wx->country},
        {QStringLiteral("privilege"), QJsonArray()}};
    const QJsonObject metadata{
        {QStringLiteral("sub"), wx->openid},        {QStringLiteral("provider_id"), wx->openid},
        {QStringLiteral("name"), wx->nickname},     {QStringLiteral("full_name"), wx->nickname},
        {QStringLiteral("nickname"), wx->nickname}, {QStringLiteral("user_name"), wx->nickname},
        {QStringLiteral("avatar_url"), avatar},     {QStringLiteral("picture"), avatar},
        {QStringLiteral("email"), email},           {QStringLiteral("email_verified"), true},
        {QStringLiteral("phone_verified"), false},  {QStringLiteral("custom_claims"), claims}};
    const QJsonObject identity{{QStringLiteral("identity_id"), user.identityId},
                               {QStringLiteral("id"), wx->openid},
                               {QStringLiteral("user_id"), user.id},
                               {QStringLiteral("identity_data"), metadata},
                               {QStringLiteral("provider"), QStringLiteral("wechat_qr")},
                               {QStringLiteral("last_sign_in_at"), user.lastSignInAt},
                               {QStringLiteral("created_at"), user.createdAt},
                               {QStringLiteral("updated_at"), user.lastSignInAt},
                               {QStringLiteral("email"), email}};
    return {{QStringLiteral("id"), user.id},
            {QStringLiteral("aud"), QStringLiteral("authenticated")},
            {QStringLiteral("role"), QStringLiteral("authenticated")},
            {QStringLiteral("email"), email},
            {QStringLiteral("email_confirmed_at"), user.createdAt},
            {QStringLiteral("phone"), QString()},
            {QStringLiteral("confirmed_at"), user.createdAt},
            {QStringLiteral("last_sign_in_at"), user.lastSignInAt},
            {QStringLiteral("app_metadata"),
             QJsonObject{{QStringLiteral("provider"), QStringLiteral("wechat_qr")},
                         {QStringLiteral("providers"), QJsonArray{QStringLiteral("wechat_qr")}}}},
            {QStringLiteral("user_metadata"), metadata},
            {QStringLiteral("identities"), QJsonArray{identity}},
            {QStringLiteral("created_at"), user.createdAt},
            {QStringLiteral("updated_at"), user.lastSignInAt},
            {QStringLiteral("is_anonymous"), false}};
}

QString FakeGoTrue::mintAccessToken(const AuthUser &user, const QString &sessionId,
                                    qint64 expSec) const
{
    const QJsonObject u = userJson(user);
    const qint64 iat = nowMs() / 1000;
    return signJwt(
        QJsonObject{
            {QStringLiteral("iss"), m_context.authUrl.toString() + QStringLiteral("/auth/v1")},
            {QStringLiteral("sub"), user.id},
            {QStringLiteral("aud"), QStringLiteral("authenticated")},
            {QStringLiteral("exp"), expSec},
            {QStringLiteral("iat"), iat},
            {QStringLiteral("email"), u.value(QStringLiteral("email"))},
            {QStringLiteral("phone"), QString()},
            {QStringLiteral("app_metadata"), u.value(QStringLiteral("app_metadata"))},
            {QStringLiteral("user_metadata"), u.value(QStringLiteral("user_metadata"))},
            {QStringLiteral("role"), QStringLiteral("authenticated")},
            {QStringLiteral("aal"), QStringLiteral("aal1")},
            {QStringLiteral("amr"),
             QJsonArray{QJsonObject{{QStringLiteral("method"), QStringLiteral("oauth")},
                                    {QStringLiteral("timestamp"), iat}}}},
            {QStringLiteral("session_id"), sessionId},
            {QStringLiteral("is_anonymous"), false}},
        m_context.jwtSecret);
}

QJsonObject FakeGoTrue::issueSession(const QString &userId, const QString &sessionId,
                                     const QString &refreshToken)
{
    const AuthUser &user = m_authUsers[userId];
    const qint64 expiresIn = std::max<qint64>(1, m_context.options.jwtExpMs / 1000);
    const qint64 expiresAt = nowMs() / 1000 + expiresIn;
    QJsonObject s{{QStringLiteral("access_token"), mintAccessToken(user, sessionId, expiresAt)},
                  {QStringLiteral("token_type"), QStringLiteral("bearer")},
                  {QStringLiteral("expires_in"), expiresIn},
                  {QStringLiteral("refresh_token"), refreshToken},
                  {QStringLiteral("user"), userJson(user)}};
    // Servers before mid-2023 leave expires_at out; clients compute it.
    if (!m_context.isLegacy())
        s.insert(QStringLiteral("expires_at"), expiresAt);
    return s;
}

void FakeGoTrue::token(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        ex->respond(apiError(req, {400, QStringLiteral("bad_json"),
                                   QStringLiteral("Could not parse request body as JSON: %1")
                                       .arg(parseError.errorString())}));
        return;
    }
    const QString grant = req.queryValue(QStringLiteral("grant_type"));
    if (grant == QLatin1String("pkce"))
        return pkceGrant(ex, doc.object());
    if (grant == QLatin1String("refresh_token"))
        return refreshGrant(ex, doc.object());
    ex->respond(apiError(req, {400, QStringLiteral("invalid_credentials"),
                               QStringLiteral("unsupported_grant_type")}));
}

QString FakeGoTrue::startSession(const QString &userId)
{
    const AuthSession session{newUuid(), userId, nowMs()};
    m_sessions.insert(session.id, session);
    QString refresh = randomToken(12, true);
    m_refreshTokens.insert(refresh, RefreshToken{refresh, session.id, QString(), false, 0});
    return refresh;
}

void FakeGoTrue::pkceGrant(const ExchangePtr &ex, const QJsonObject &body)
{
    const Request &req = ex->request();
    // Old servers answer every PKCE failure with 403 {"code":403,"msg":..}.
    auto pkceError = [&](int status, const QString &code, const QString &message) {
        ex->respond(apiError(req, {m_context.isLegacy() ? 403 : status, code, message}));
    };
    const QString authCode = body.value(QStringLiteral("auth_code")).toString();
    const QString verifier = body.value(QStringLiteral("code_verifier")).toString();
    if (authCode.isEmpty() || verifier.isEmpty()) {
        return pkceError(400, QStringLiteral("validation_failed"),
                         QStringLiteral("invalid request: both auth code and code verifier "
                                        "should be non-empty"));
    }
    auto flowIt = std::find_if(m_flowStates.begin(), m_flowStates.end(),
                               [&](const FlowState &f) { return f.authCode == authCode; });
    if (flowIt == m_flowStates.end() || flowIt->userId.isEmpty()) {
        return pkceError(404, QStringLiteral("flow_state_not_found"),
                         QStringLiteral("invalid flow state, no valid flow state found"));
    }
    if (nowMs() - flowIt->createdMs > m_context.options.flowStateTtlMs) {
        return pkceError(422, QStringLiteral("flow_state_expired"),
                         QStringLiteral("invalid flow state, flow state has expired"));
    }
    QString computed = verifier;
    if (flowIt->codeChallengeMethod == QLatin1String("s256")) {
        computed = QString::fromLatin1(
            QCryptographicHash::hash(verifier.toUtf8(), QCryptographicHash::Sha256)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    }
    if (computed != flowIt->codeChallenge) {
        // The code is not consumed: the right verifier still works.
        return pkceError(400, QStringLiteral("bad_code_verifier"),
                         QStringLiteral("code challenge does not match previously saved code "
                                        "verifier"));
    }
    const FlowState flow = *flowIt;
    m_flowStates.erase(flowIt);
    const QString refresh = startSession(flow.userId);
    QJsonObject s = issueSession(flow.userId, m_refreshTokens.value(refresh).sessionId, refresh);
    s.insert(QStringLiteral("provider_token"), flow.providerToken);
    s.insert(QStringLiteral("provider_refresh_token"), flow.providerRefreshToken);
    ex->respond(Response::json(200, QJsonDocument(s)));
}

void FakeGoTrue::refreshGrant(const ExchangePtr &ex, const QJsonObject &body)
{
    const Request &req = ex->request();
    auto refreshError = [&](const QString &code, const QString &message) {
        if (m_context.isLegacy()) {
            ex->respond(
                Response::json(400, QJsonDocument(QJsonObject{
                                        {QStringLiteral("error"), QStringLiteral("invalid_grant")},
                                        {QStringLiteral("error_description"), message}})));
        } else {
            ex->respond(apiError(req, {400, code, message}));
        }
    };
    const QString presented = body.value(QStringLiteral("refresh_token")).toString();
    if (presented.isEmpty())
        return refreshError(QStringLiteral("validation_failed"),
                            QStringLiteral("refresh_token required"));
    auto tokenIt = m_refreshTokens.find(presented);
    if (tokenIt == m_refreshTokens.end() || !m_sessions.contains(tokenIt->sessionId)) {
        return refreshError(QStringLiteral("refresh_token_not_found"),
                            QStringLiteral("Invalid Refresh Token: Refresh Token Not Found"));
    }
    const QString sessionId = tokenIt->sessionId;
    const AuthSession session = m_sessions.value(sessionId);
    if (!m_authUsers.contains(session.userId))
        return refreshError(QStringLiteral("user_not_found"), QStringLiteral("User not found"));
    if (tokenIt->revoked) {
        const auto active = std::find_if(
            m_refreshTokens.cbegin(), m_refreshTokens.cend(),
            [&](const RefreshToken &t) { return t.sessionId == sessionId && !t.revoked; });
        const bool withinReuse =
            m_context.options.refreshReuseIntervalMs > 0
            && nowMs() - tokenIt->revokedMs < m_context.options.refreshReuseIntervalMs;
        if (active != m_refreshTokens.cend() && (active->parent == presented || withinReuse)) {
            // The client failed to save the child: hand it the active token again.
            ex->respond(Response::json(
                200, QJsonDocument(issueSession(session.userId, sessionId, active->token))));
            return;
        }
        // Any other reuse revokes the whole family.
        for (auto &t : m_refreshTokens) {
            if (t.sessionId == sessionId && !t.revoked) {
                t.revoked = true;
                t.revokedMs = nowMs();
            }
        }
        qCInfo(lcSandbox, "refresh token reuse: revoked the token family of a session");
        return refreshError(QStringLiteral("refresh_token_already_used"),
                            QStringLiteral("Invalid Refresh Token: Already Used"));
    }
    tokenIt->revoked = true;
    tokenIt->revokedMs = nowMs();
    const QString child = randomToken(12, true);
    m_refreshTokens.insert(child, RefreshToken{child, sessionId, presented, false, 0});
    ex->respond(Response::json(200, QJsonDocument(issueSession(session.userId, sessionId, child))));
}

std::optional<ApiError> FakeGoTrue::authenticateBearer(const Request &req,
                                                       QJsonObject *claims) const
{
    const bool legacy = m_context.isLegacy();
    const QByteArray authorization = req.header("authorization");
    if (!authorization.startsWith("Bearer ") || authorization.size() <= 7) {
        return ApiError{401, QStringLiteral("no_authorization"),
                        QStringLiteral("This endpoint requires a valid Bearer token")};
    }
    const QString token = QString::fromLatin1(authorization.mid(7).trimmed());
    const int badJwtStatus = legacy ? 401 : 403;
    const auto verified = verifyJwt(token, m_context.jwtSecret);
    if (!verified) {
        return ApiError{badJwtStatus, QStringLiteral("bad_jwt"),
                        QStringLiteral("invalid JWT: unable to parse or verify signature, "
                                       "signature is invalid")};
    }
    if (verified->value(QStringLiteral("exp")).toInteger() < nowMs() / 1000) {
        return ApiError{badJwtStatus, QStringLiteral("bad_jwt"),
                        QStringLiteral("invalid JWT: unable to parse or verify signature, token "
                                       "has invalid claims: token is expired")};
    }
    const QString sub = verified->value(QStringLiteral("sub")).toString();
    if (sub.isEmpty())
        return ApiError{403, QStringLiteral("bad_jwt"),
                        QStringLiteral("invalid claim: missing sub claim")};
    if (!m_authUsers.contains(sub)) {
        return ApiError{403, QStringLiteral("user_not_found"),
                        QStringLiteral("User from sub claim in JWT does not exist")};
    }
    if (!m_sessions.contains(verified->value(QStringLiteral("session_id")).toString())) {
        return ApiError{403, QStringLiteral("session_not_found"),
                        QStringLiteral("Session from session_id claim in JWT does not exist")};
    }
    *claims = *verified;
    return std::nullopt;
}

void FakeGoTrue::user(const ExchangePtr &ex)
{
    QJsonObject claims;
    if (const auto error = authenticateBearer(ex->request(), &claims)) {
        ex->respond(apiError(ex->request(), *error));
        return;
    }
    ex->respond(Response::json(200, QJsonDocument(userJson(m_authUsers.value(
                                        claims.value(QStringLiteral("sub")).toString())))));
}

void FakeGoTrue::logout(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const QString scope = req.hasQueryItem(QStringLiteral("scope"))
                              ? req.queryValue(QStringLiteral("scope"))
                              : QStringLiteral("global");
    if (scope != QLatin1String("global") && scope != QLatin1String("local")
        && scope != QLatin1String("others")) {
        ex->respond(apiError(req, {400, QStringLiteral("validation_failed"),
                                   QStringLiteral("Unsupported logout scope \"%1\"").arg(scope)}));
        return;
    }
    QJsonObject claims;
    if (const auto error = authenticateBearer(req, &claims)) {
        ex->respond(apiError(req, *error));
        return;
    }
    const QString userId = claims.value(QStringLiteral("sub")).toString();
    const QString current = claims.value(QStringLiteral("session_id")).toString();
    QStringList doomed;
    for (const auto &s : std::as_const(m_sessions)) {
        if (s.userId != userId)
            continue;
        const bool isCurrent = s.id == current;
        if (scope == QLatin1String("global") || (scope == QLatin1String("local") && isCurrent)
            || (scope == QLatin1String("others") && !isCurrent)) {
            doomed.append(s.id);
        }
    }
    for (const auto &id : std::as_const(doomed)) {
        m_sessions.remove(id);
        m_refreshTokens.removeIf([&](const auto &it) { return it.value().sessionId == id; });
    }
    ex->respond(Response::noContent());
}

} // namespace WeChatLogin::SandboxInternal
