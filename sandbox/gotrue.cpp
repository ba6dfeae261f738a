// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The auth origin: the subset of GoTrue (supabase/auth) that WeChat QR sign-in
// uses, with the status codes, error codes and body shapes of docs/PROTOCOL.md.

#include "sandbox_p.h"
#include "sandboxutil.h"

// Qt
#include <QCryptographicHash>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonDocument>
#include <QMap>
#include <QNetworkReply>

namespace WeChatLogin {

using namespace SandboxInternal;

namespace {

constexpr char kApiVersionHeader[] = "X-Supabase-Api-Version";
constexpr char kApiVersion20240101[] = "2024-01-01";
constexpr qint64 kLegacyStateLifetimeSec = 300;

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QByteArray formEncode(const QString &value)
{
    QByteArray out = QUrl::toPercentEncoding(value);
    out.replace("%20", "+");
    return out;
}

// Go's url.Values.Encode(): keys sorted, values form-encoded.
QByteArray encodeSorted(const QMultiMap<QString, QString> &values)
{
    QByteArray out;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!out.isEmpty())
            out += '&';
        out += formEncode(it.key()) + '=' + formEncode(it.value());
    }
    return out;
}

QMultiMap<QString, QString> queryMap(const QUrl &url)
{
    QMultiMap<QString, QString> map;
    QByteArray raw = url.query(QUrl::FullyEncoded).toUtf8();
    raw.replace('+', "%20");
    const auto items = QUrlQuery(QString::fromUtf8(raw)).queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        map.insert(item.first, item.second);
    return map;
}

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

bool isValidCodeChallengeChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
           || c == u'.' || c == u'_' || c == u'~' || c == u'-';
}

} // namespace

Response SandboxPrivate::apiError(const Request &req, const ApiError &error) const
{
    QJsonObject body;
    Response r;
    if (options.serverEra == SandboxOptions::ServerEra::Legacy) {
        body = {{QStringLiteral("code"), error.status}, {QStringLiteral("msg"), error.message}};
    } else if (req.header(kApiVersionHeader) >= kApiVersion20240101) {
        body = {{QStringLiteral("code"), error.code}, {QStringLiteral("message"), error.message}};
        r.setHeader(kApiVersionHeader, kApiVersion20240101);
    } else {
        body = {{QStringLiteral("code"), error.status},
                {QStringLiteral("error_code"), error.code},
                {QStringLiteral("msg"), error.message}};
    }
    Response json = Response::json(error.status, QJsonDocument(body));
    for (const auto &h : r.headers)
        json.setHeader(h.first, h.second);
    if (options.serverEra == SandboxOptions::ServerEra::Current && !error.code.isEmpty())
        json.setHeader("x-sb-error-code", error.code.toLatin1());
    return json;
}

bool SandboxPrivate::redirectAllowed(const QString &url) const
{
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme().isEmpty())
        return false;
    // Older GoTrue: the Site URL's hostname, scheme and port ignored.
    if (!parsed.host().isEmpty()
        && parsed.host().compare(options.siteUrl.host(), Qt::CaseInsensitive) == 0) {
        return true;
    }
    for (const auto &glob : options.redirectAllow) {
        if (globMatches(glob, url))
            return true;
    }
    // Newer GoTrue: any loopback IP with any port.
    if (options.serverEra == SandboxOptions::ServerEra::Current) {
        const QHostAddress address(parsed.host());
        if (!address.isNull() && address.isLoopback())
            return true;
    }
    return false;
}

QString SandboxPrivate::validatedRedirect(const QString &candidate) const
{
    if (!candidate.isEmpty() && redirectAllowed(candidate))
        return candidate;
    return {};
}

void SandboxPrivate::handleAuth(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const QString prefix = QStringLiteral("/auth/v1/");
    if (!req.path.startsWith(prefix)) {
        ex->respond(Response::json(
            404,
            QJsonDocument(QJsonObject{{QStringLiteral("message"),
                                       QStringLiteral("no Route matched with those values")}})));
        return;
    }
    const QString endpoint = req.path.mid(prefix.size());
    // Browser routes are open; everything else passes the gateway's key check.
    const bool browserRoute =
        endpoint == QLatin1String("authorize") || endpoint == QLatin1String("callback");
    if (!browserRoute) {
        QString key = QString::fromUtf8(req.header("apikey"));
        if (key.isEmpty())
            key = req.queryValue(QStringLiteral("apikey"));
        if (key.isEmpty()) {
            ex->respond(Response::json(
                401, QJsonDocument(QJsonObject{{QStringLiteral("message"),
                                                QStringLiteral("No API key found in request")}})));
            return;
        }
        if (key != anonKey) {
            ex->respond(Response::json(
                401, QJsonDocument(QJsonObject{
                         {QStringLiteral("message"), QStringLiteral("Invalid API key")}})));
            return;
        }
    }
    struct Route
    {
        const char *endpoint;
        const char *method;
        void (SandboxPrivate::*handler)(const ExchangePtr &);
    };
    static const Route routes[] = {
        {"authorize", "GET", &SandboxPrivate::authAuthorize},
        {"callback", "GET", &SandboxPrivate::authCallback},
        {"token", "POST", &SandboxPrivate::authToken},
        {"user", "GET", &SandboxPrivate::authUser},
        {"logout", "POST", &SandboxPrivate::authLogout},
    };
    for (const auto &route : routes) {
        if (endpoint != QLatin1String(route.endpoint))
            continue;
        if (req.method != route.method) {
            ex->respond(apiError(req, {405, QStringLiteral("method_not_allowed"),
                                       QStringLiteral("Method Not Allowed")}));
            return;
        }
        (this->*route.handler)(ex);
        return;
    }
    if (endpoint == QLatin1String("settings") && req.method == "GET") {
        ex->respond(Response::json(
            200, QJsonDocument(QJsonObject{{QStringLiteral("external"),
                                            QJsonObject{{QStringLiteral("anonymous_users"), false},
                                                        {QStringLiteral("email"), false},
                                                        {QStringLiteral("phone"), false},
                                                        {QStringLiteral("wechat_qr"), true}}},
                                           {QStringLiteral("disable_signup"), false},
                                           {QStringLiteral("mailer_autoconfirm"), false},
                                           {QStringLiteral("phone_autoconfirm"), false},
                                           {QStringLiteral("sms_provider"), QString()},
                                           {QStringLiteral("saml_enabled"), false}})));
        return;
    }
    if (endpoint == QLatin1String("health") && req.method == "GET") {
        const bool legacy = options.serverEra == SandboxOptions::ServerEra::Legacy;
        ex->respond(Response::json(
            200, QJsonDocument(QJsonObject{
                     {QStringLiteral("version"), legacy ? QStringLiteral("v2.40.1-sandbox")
                                                        : QStringLiteral("v2.170.0-sandbox")},
                     {QStringLiteral("name"), QStringLiteral("GoTrue")},
                     {QStringLiteral("description"),
                      QStringLiteral("GoTrue is a user registration and authentication API")}})));
        return;
    }
    ex->respond(apiError(req, {404, QStringLiteral("not_found"), QStringLiteral("Not Found")}));
}

void SandboxPrivate::authAuthorize(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const QString provider = req.queryValue(QStringLiteral("provider"));
    if (provider != QLatin1String("wechat_qr")) {
        ex->respond(
            apiError(req, {400, QStringLiteral("validation_failed"),
                           QStringLiteral("Unsupported provider: Provider %1 could not be found")
                               .arg(provider)}));
        return;
    }
    const QString challenge = req.queryValue(QStringLiteral("code_challenge"));
    const QString method = req.queryValue(QStringLiteral("code_challenge_method")).toLower();
    auto invalid = [&](const QString &message) {
        ex->respond(apiError(req, {400, QStringLiteral("validation_failed"), message}));
    };
    if (challenge.isEmpty() != method.isEmpty())
        return invalid(
            QStringLiteral("PKCE flow requires code_challenge_method and code_challenge"));
    if (!challenge.isEmpty()) {
        if (challenge.size() < 43 || challenge.size() > 128)
            return invalid(
                QStringLiteral("code challenge has to be between 43 and 128 characters"));
        if (!std::all_of(challenge.cbegin(), challenge.cend(), isValidCodeChallengeChar)) {
            return invalid(QStringLiteral("code challenge can only contain alphanumeric "
                                          "characters, hyphens, periods, underscores and tildes"));
        }
        if (method != QLatin1String("s256") && method != QLatin1String("plain"))
            return invalid(QStringLiteral("code challenge method not supported"));
    }

    // An invalid redirect_to is no error: GoTrue falls back to the Referer, then the Site URL.
    QString referrer = validatedRedirect(req.queryValue(QStringLiteral("redirect_to")));
    if (referrer.isEmpty())
        referrer = validatedRedirect(QString::fromUtf8(req.header("referer")));
    if (referrer.isEmpty())
        referrer = options.siteUrl.toString();

    FlowState flow;
    flow.id = newUuid();
    flow.provider = provider;
    flow.codeChallenge = challenge;
    flow.codeChallengeMethod = method;
    flow.referrer = referrer;
    flow.authCode = newUuid();
    flow.createdMs = nowMs();
    flowStates.insert(flow.id, flow);

    QString state = flow.id;
    if (options.serverEra == SandboxOptions::ServerEra::Legacy) {
        const qint64 now = flow.createdMs / 1000;
        state = signJwt(QJsonObject{{QStringLiteral("exp"), now + kLegacyStateLifetimeSec},
                                    {QStringLiteral("site_url"), options.siteUrl.toString()},
                                    {QStringLiteral("id"),
                                     QStringLiteral("00000000-0000-0000-0000-000000000000")},
                                    {QStringLiteral("provider"), provider},
                                    {QStringLiteral("referrer"), referrer},
                                    {QStringLiteral("flow_state_id"), flow.id}},
                        jwtSecret);
    }

    QString scope = QStringLiteral("snsapi_login");
    const QString scopes = req.queryValue(QStringLiteral("scopes"));
    if (!scopes.isEmpty())
        scope += u',' + scopes;
    QMultiMap<QString, QString> params;
    params.insert(QStringLiteral("appid"), appId);
    params.insert(QStringLiteral("redirect_uri"),
                  authUrl.toString() + QStringLiteral("/auth/v1/callback"));
    params.insert(QStringLiteral("response_type"), QStringLiteral("code"));
    params.insert(QStringLiteral("scope"), scope);
    params.insert(QStringLiteral("state"), state);
    static const QStringList consumed{
        QStringLiteral("provider"),       QStringLiteral("scopes"),
        QStringLiteral("code_challenge"), QStringLiteral("code_challenge_method"),
        QStringLiteral("redirect_uri"),   QStringLiteral("response_type"),
        QStringLiteral("client_id"),      QStringLiteral("state"),
        QStringLiteral("scope"),          QStringLiteral("appid")};
    // Everything else passes through to the provider, as GoTrue does.
    const auto items = req.query.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items) {
        if (!consumed.contains(item.first.toLower()))
            params.insert(item.first, item.second);
    }
    const QByteArray location = wechatUrl.toString().toUtf8() + "/connect/qrconnect?"
                                + encodeSorted(params) + "#wechat_redirect";
    ex->respond(Response::redirect(302, location));
}

void SandboxPrivate::redirectWithError(const ExchangePtr &ex, const QString &target,
                                       const ApiError &error)
{
    QUrl url(target);
    QMultiMap<QString, QString> query = queryMap(url);
    const bool current = options.serverEra == SandboxOptions::ServerEra::Current;
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

void SandboxPrivate::authCallback(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const bool legacy = options.serverEra == SandboxOptions::ServerEra::Legacy;
    auto badState = [&](const QString &code, const QString &message) {
        if (legacy) {
            ex->respond(apiError(req, {400, code, message}));
            return;
        }
        // v2.159+: back to the Site URL with the error in the query.
        QUrl site = options.siteUrl;
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
        const auto claims = verifyJwt(state, jwtSecret);
        if (!claims)
            return badState(QStringLiteral("bad_oauth_state"),
                            QStringLiteral("OAuth state is invalid: signature is invalid"));
        if (claims->value(QStringLiteral("exp")).toInteger() < nowMs() / 1000)
            return badState(QStringLiteral("bad_oauth_state"),
                            QStringLiteral("OAuth state is invalid: token is expired"));
        flowId = claims->value(QStringLiteral("flow_state_id")).toString();
    }
    const auto flowIt = flowStates.constFind(flowId);
    if (flowIt == flowStates.cend())
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

void SandboxPrivate::finishCallback(const ExchangePtr &ex, const QString &flowId,
                                    const QString &wxCode)
{
    // Exactly what GoTrue does: two server-side calls to WeChat over HTTP.
    auto get = [this](const QString &path, const QList<QPair<QString, QString>> &items) {
        QUrl url = wechatUrl;
        url.setPath(path);
        QUrlQuery query;
        for (const auto &item : items)
            query.addQueryItem(item.first,
                               QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
        url.setQuery(query);
        QNetworkRequest request(url);
        request.setTransferTimeout(10'000);
        return upstream.get(request);
    };
    auto fail = [this, ex, flowId](const QString &message) {
        const auto flow = flowStates.constFind(flowId);
        const QString target =
            flow != flowStates.cend() ? flow->referrer : options.siteUrl.toString();
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
            {{QStringLiteral("appid"), appId},
             {QStringLiteral("secret"), appSecret},
             {QStringLiteral("code"), wxCode},
             {QStringLiteral("grant_type"), QStringLiteral("authorization_code")}});
    QObject::connect(tokenReply, &QNetworkReply::finished, authServer.get(), [=] {
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
        QObject::connect(infoReply, &QNetworkReply::finished, authServer.get(), [=] {
            const QJsonObject info = readJson(infoReply);
            const QString openid = info.value(QStringLiteral("openid")).toString();
            const VirtualUser *wx = nullptr;
            for (const auto &u : virtualUsers) {
                if (u.openid == openid)
                    wx = &u;
            }
            if (!wx)
                return fail(QStringLiteral("Error getting user profile from external provider"));
            auto flowIt = flowStates.find(flowId);
            if (flowIt == flowStates.end())
                return fail(QStringLiteral("OAuth state not found or expired"));

            // Find or create the GoTrue user of this WeChat identity.
            const qint64 now = nowMs();
            AuthUser *user = nullptr;
            for (auto &u : users) {
                if (u.wechatUserId == wx->id)
                    user = &u;
            }
            if (!user) {
                AuthUser created;
                created.id = newUuid();
                created.identityId = newUuid();
                created.wechatUserId = wx->id;
                created.createdAt = isoTime(now);
                user = &*users.insert(created.id, created);
            }
            user->lastSignInAt = isoTime(now);

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
            flowStates.erase(flowIt);
            AuthSession session{newUuid(), user->id, now};
            sessions.insert(session.id, session);
            const QString refresh = randomToken(12, true);
            refreshTokens.insert(refresh, RefreshToken{refresh, session.id, QString(), false, 0});
            const QJsonObject s = issueSession(user->id, session.id, refresh);
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
            if (options.serverEra == SandboxOptions::ServerEra::Current)
                fragment.insert(QStringLiteral("sb"), QString());
            QUrl target(referrer);
            const QByteArray location =
                target.toString(QUrl::RemoveFragment).toUtf8() + '#' + encodeSorted(fragment);
            ex->respond(Response::redirect(302, location));
        });
    });
}

QJsonObject SandboxPrivate::userJson(const AuthUser &user) const
{
    const VirtualUser *wx = virtualUser(user.wechatUserId);
    Q_ASSERT(wx);
    const QString email = wx->openid + QStringLiteral("@wechat.local");
    const QString avatar = avatarUrl(*wx);
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

QString SandboxPrivate::mintAccessToken(const AuthUser &user, const QString &sessionId,
                                        qint64 expSec) const
{
    const QJsonObject u = userJson(user);
    const qint64 iat = nowMs() / 1000;
    return signJwt(
        QJsonObject{{QStringLiteral("iss"), authUrl.toString() + QStringLiteral("/auth/v1")},
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
        jwtSecret);
}

QJsonObject SandboxPrivate::issueSession(const QString &userId, const QString &sessionId,
                                         const QString &refreshToken)
{
    const AuthUser &user = users[userId];
    const qint64 expiresIn = std::max<qint64>(1, options.jwtExpMs / 1000);
    const qint64 expiresAt = nowMs() / 1000 + expiresIn;
    QJsonObject s{{QStringLiteral("access_token"), mintAccessToken(user, sessionId, expiresAt)},
                  {QStringLiteral("token_type"), QStringLiteral("bearer")},
                  {QStringLiteral("expires_in"), expiresIn},
                  {QStringLiteral("refresh_token"), refreshToken},
                  {QStringLiteral("user"), userJson(user)}};
    // Servers before mid-2023 leave expires_at out; clients compute it.
    if (options.serverEra == SandboxOptions::ServerEra::Current)
        s.insert(QStringLiteral("expires_at"), expiresAt);
    return s;
}

void SandboxPrivate::authToken(const ExchangePtr &ex)
{
    const Request &req = ex->request();
    const bool legacy = options.serverEra == SandboxOptions::ServerEra::Legacy;
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        ex->respond(apiError(req, {400, QStringLiteral("bad_json"),
                                   QStringLiteral("Could not parse request body as JSON: %1")
                                       .arg(parseError.errorString())}));
        return;
    }
    const QJsonObject body = doc.object();
    const QString grant = req.queryValue(QStringLiteral("grant_type"));

    if (grant == QLatin1String("pkce")) {
        // Old servers answer every PKCE failure with 403 {"code":403,"msg":..}.
        auto pkceError = [&](int status, const QString &code, const QString &message) {
            ex->respond(apiError(req, {legacy ? 403 : status, code, message}));
        };
        const QString authCode = body.value(QStringLiteral("auth_code")).toString();
        const QString verifier = body.value(QStringLiteral("code_verifier")).toString();
        if (authCode.isEmpty() || verifier.isEmpty()) {
            return pkceError(400, QStringLiteral("validation_failed"),
                             QStringLiteral("invalid request: both auth code and code verifier "
                                            "should be non-empty"));
        }
        auto flowIt = std::find_if(flowStates.begin(), flowStates.end(),
                                   [&](const FlowState &f) { return f.authCode == authCode; });
        if (flowIt == flowStates.end() || flowIt->userId.isEmpty()) {
            return pkceError(404, QStringLiteral("flow_state_not_found"),
                             QStringLiteral("invalid flow state, no valid flow state found"));
        }
        if (nowMs() - flowIt->createdMs > options.flowStateTtlMs) {
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
        flowStates.erase(flowIt);
        AuthSession session{newUuid(), flow.userId, nowMs()};
        sessions.insert(session.id, session);
        const QString refresh = randomToken(12, true);
        refreshTokens.insert(refresh, RefreshToken{refresh, session.id, QString(), false, 0});
        QJsonObject s = issueSession(flow.userId, session.id, refresh);
        s.insert(QStringLiteral("provider_token"), flow.providerToken);
        s.insert(QStringLiteral("provider_refresh_token"), flow.providerRefreshToken);
        ex->respond(Response::json(200, QJsonDocument(s)));
        return;
    }

    if (grant == QLatin1String("refresh_token")) {
        auto refreshError = [&](const QString &code, const QString &message) {
            if (legacy) {
                ex->respond(Response::json(
                    400, QJsonDocument(
                             QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_grant")},
                                         {QStringLiteral("error_description"), message}})));
            } else {
                ex->respond(apiError(req, {400, code, message}));
            }
        };
        const QString presented = body.value(QStringLiteral("refresh_token")).toString();
        if (presented.isEmpty())
            return refreshError(QStringLiteral("validation_failed"),
                                QStringLiteral("refresh_token required"));
        auto tokenIt = refreshTokens.find(presented);
        if (tokenIt == refreshTokens.end() || !sessions.contains(tokenIt->sessionId)) {
            return refreshError(QStringLiteral("refresh_token_not_found"),
                                QStringLiteral("Invalid Refresh Token: Refresh Token Not Found"));
        }
        const QString sessionId = tokenIt->sessionId;
        const AuthSession session = sessions.value(sessionId);
        if (!users.contains(session.userId))
            return refreshError(QStringLiteral("user_not_found"), QStringLiteral("User not found"));
        if (tokenIt->revoked) {
            const auto active = std::find_if(
                refreshTokens.cbegin(), refreshTokens.cend(),
                [&](const RefreshToken &t) { return t.sessionId == sessionId && !t.revoked; });
            const bool withinReuse =
                options.refreshReuseIntervalMs > 0
                && nowMs() - tokenIt->revokedMs < options.refreshReuseIntervalMs;
            if (active != refreshTokens.cend() && (active->parent == presented || withinReuse)) {
                // The client failed to save the child: hand it the active token again.
                ex->respond(Response::json(
                    200, QJsonDocument(issueSession(session.userId, sessionId, active->token))));
                return;
            }
            // Any other reuse revokes the whole family.
            for (auto &t : refreshTokens) {
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
        refreshTokens.insert(child, RefreshToken{child, sessionId, presented, false, 0});
        ex->respond(
            Response::json(200, QJsonDocument(issueSession(session.userId, sessionId, child))));
        return;
    }

    ex->respond(apiError(req, {400, QStringLiteral("invalid_credentials"),
                               QStringLiteral("unsupported_grant_type")}));
}

std::optional<ApiError> SandboxPrivate::authenticateBearer(const Request &req,
                                                           QJsonObject *claims) const
{
    const bool legacy = options.serverEra == SandboxOptions::ServerEra::Legacy;
    const QByteArray authorization = req.header("authorization");
    if (!authorization.startsWith("Bearer ") || authorization.size() <= 7) {
        return ApiError{401, QStringLiteral("no_authorization"),
                        QStringLiteral("This endpoint requires a valid Bearer token")};
    }
    const QString token = QString::fromLatin1(authorization.mid(7).trimmed());
    const int badJwtStatus = legacy ? 401 : 403;
    const auto verified = verifyJwt(token, jwtSecret);
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
    if (!users.contains(sub)) {
        return ApiError{403, QStringLiteral("user_not_found"),
                        QStringLiteral("User from sub claim in JWT does not exist")};
    }
    if (!sessions.contains(verified->value(QStringLiteral("session_id")).toString())) {
        return ApiError{403, QStringLiteral("session_not_found"),
                        QStringLiteral("Session from session_id claim in JWT does not exist")};
    }
    *claims = *verified;
    return std::nullopt;
}

void SandboxPrivate::authUser(const ExchangePtr &ex)
{
    QJsonObject claims;
    if (const auto error = authenticateBearer(ex->request(), &claims)) {
        ex->respond(apiError(ex->request(), *error));
        return;
    }
    ex->respond(Response::json(
        200, QJsonDocument(userJson(users.value(claims.value(QStringLiteral("sub")).toString())))));
}

void SandboxPrivate::authLogout(const ExchangePtr &ex)
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
    for (const auto &s : std::as_const(sessions)) {
        if (s.userId != userId)
            continue;
        const bool isCurrent = s.id == current;
        if (scope == QLatin1String("global") || (scope == QLatin1String("local") && isCurrent)
            || (scope == QLatin1String("others") && !isCurrent)) {
            doomed.append(s.id);
        }
    }
    for (const auto &id : std::as_const(doomed)) {
        sessions.remove(id);
        refreshTokens.removeIf([&](const auto &it) { return it.value().sessionId == id; });
    }
    ex->respond(Response::noContent());
}

} // namespace WeChatLogin
