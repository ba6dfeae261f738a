// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The auth origin (FakeGoTrue): the gateway's key check, routing, GoTrue's error bodies,
// the redirect allow list and /authorize, with the status codes, error codes and body
// shapes of docs/PROTOCOL.md section 2.

#include "fakegotrue_p.h"
#include "sandboxutil.h"

// Qt
#include <QHostAddress>
#include <QJsonDocument>
#include <QMap>
#include <QNetworkProxy>

namespace WeChatLogin::SandboxInternal {

namespace {

constexpr char kApiVersionHeader[] = "X-Supabase-Api-Version";
constexpr char kApiVersion20240101[] = "2024-01-01";
constexpr qint64 kLegacyStateLifetimeSec = 300;

bool isValidCodeChallengeChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
           || c == u'.' || c == u'_' || c == u'~' || c == u'-';
}

} // namespace

FakeGoTrue::FakeGoTrue(const SandboxContext &context, const VirtualUsers &users)
    : m_context(context)
    , m_users(users)
{
    m_upstream.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    // Server to server on loopback: never through the proxy of the process hosting it.
    m_upstream.setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
}

Response FakeGoTrue::apiError(const Request &req, const ApiError &error) const
{
    QJsonObject body;
    Response r;
    if (m_context.isLegacy()) {
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
    if (!m_context.isLegacy() && !error.code.isEmpty())
        json.setHeader("x-sb-error-code", error.code.toLatin1());
    return json;
}

bool FakeGoTrue::redirectAllowed(const QString &url) const
{
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme().isEmpty())
        return false;
    // Older GoTrue: the Site URL's hostname, scheme and port ignored.
    if (!parsed.host().isEmpty()
        && parsed.host().compare(m_context.options.siteUrl.host(), Qt::CaseInsensitive) == 0) {
        return true;
    }
    for (const auto &glob : m_context.options.redirectAllow) {
        if (globMatches(glob, url))
            return true;
    }
    // Newer GoTrue: any loopback IP with any port.
    if (!m_context.isLegacy()) {
        const QHostAddress address(parsed.host());
        if (!address.isNull() && address.isLoopback())
            return true;
    }
    return false;
}

QString FakeGoTrue::validatedRedirect(const QString &candidate) const
{
    if (!candidate.isEmpty() && redirectAllowed(candidate))
        return candidate;
    return {};
}

void FakeGoTrue::handle(const ExchangePtr &ex)
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
        if (key != m_context.anonKey) {
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
        void (FakeGoTrue::*handler)(const ExchangePtr &);
    };
    static const Route routes[] = {
        {"authorize", "GET", &FakeGoTrue::authorize}, {"callback", "GET", &FakeGoTrue::callback},
        {"token", "POST", &FakeGoTrue::token},        {"user", "GET", &FakeGoTrue::user},
        {"logout", "POST", &FakeGoTrue::logout},
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
        const bool legacy = m_context.isLegacy();
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

void FakeGoTrue::authorize(const ExchangePtr &ex)
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
        referrer = m_context.options.siteUrl.toString();

    FlowState flow;
    flow.id = newUuid();
    flow.provider = provider;
    flow.codeChallenge = challenge;
    flow.codeChallengeMethod = method;
    flow.referrer = referrer;
    flow.authCode = newUuid();
    flow.createdMs = nowMs();
    m_flowStates.insert(flow.id, flow);

    QString state = flow.id;
    if (m_context.isLegacy()) {
        const qint64 now = flow.createdMs / 1000;
        state =
            signJwt(QJsonObject{{QStringLiteral("exp"), now + kLegacyStateLifetimeSec},
                                {QStringLiteral("site_url"), m_context.options.siteUrl.toString()},
                                {QStringLiteral("id"),
                                 QStringLiteral("00000000-0000-0000-0000-000000000000")},
                                {QStringLiteral("provider"), provider},
                                {QStringLiteral("referrer"), referrer},
                                {QStringLiteral("flow_state_id"), flow.id}},
                    m_context.jwtSecret);
    }

    QString scope = QStringLiteral("snsapi_login");
    const QString scopes = req.queryValue(QStringLiteral("scopes"));
    if (!scopes.isEmpty())
        scope += u',' + scopes;
    QMultiMap<QString, QString> params;
    params.insert(QStringLiteral("appid"), m_context.appId);
    params.insert(QStringLiteral("redirect_uri"),
                  m_context.authUrl.toString() + QStringLiteral("/auth/v1/callback"));
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
    const QByteArray location = m_context.wechatUrl.toString().toUtf8() + "/connect/qrconnect?"
                                + encodeSorted(params) + "#wechat_redirect";
    ex->respond(Response::redirect(302, location));
}

} // namespace WeChatLogin::SandboxInternal
