// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authclient.h"
#include "authlogging.h"
#include "authreply_p.h"
#include "pkce.h"
#include <WeChatLogin/wechatlogin_version.h>

// Qt
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

namespace WeChatLogin {

class AuthClientPrivate
{
public:
    explicit AuthClientPrivate(AuthClient *q)
        : q_ptr(q)
    {}

    AuthClient *q_ptr;
    AuthConfig config;
    QPointer<QNetworkAccessManager> nam;
    std::unique_ptr<QNetworkAccessManager> ownNam;

    QNetworkAccessManager *manager();
    AuthReply *newReply(AuthReply::Operation operation);
    void finish(AuthReply *reply, const AuthError &error);
    using Handler = std::function<void(int status, const QByteArray &body)>;
    // Sends one GoTrue API request; handler runs on a 2xx answer, errors finish the reply.
    void send(AuthReply *reply, const QByteArray &method, const QString &pathAndQuery,
              const QJsonObject &body, const QString &bearer, const Handler &handler);
    void fetchUserInto(AuthReply *reply, const Session &session);
    static AuthError parseUser(const QByteArray &body, QJsonObject *user);
    // A session as the token endpoint answers it, anchored to the local clock now; an
    // answer that is not a session, or whose lifetime makes no sense, is an error.
    static AuthError parseFreshSession(const QByteArray &body, Session *session);
    static int retryAfterSeconds(const QNetworkReply *network);
    static QDateTime httpDate(const QByteArray &value);
};

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

void AuthClientPrivate::send(AuthReply *reply, const QByteArray &method,
                             const QString &pathAndQuery, const QJsonObject &body,
                             const QString &bearer, const Handler &handler)
{
    const AuthError configError = config.validate();
    if (configError.isError())
        return finish(reply, configError);

    QUrl url(config.authBaseUrl().toString() + pathAndQuery);
    QNetworkRequest request(url);
    const QByteArray key = config.anonKey().toUtf8();
    request.setRawHeader("apikey", key);
    request.setRawHeader("Authorization", "Bearer " + (bearer.isEmpty() ? key : bearer.toUtf8()));
    request.setRawHeader("X-Client-Info", AuthClient::clientInfo().toUtf8());
    request.setRawHeader("X-Supabase-Api-Version", "2024-01-01");
    request.setRawHeader("Accept", "application/json");
    // GoTrue's API never redirects; a redirect here is a misconfigured URL, not something to
    // follow.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QByteArray payload;
    if (method == "POST") {
        request.setRawHeader("Content-Type", "application/json;charset=UTF-8");
        payload =
            body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    QNetworkReply *network = manager()->sendCustomRequest(request, method, payload);
    AuthReplyPrivate *rd = AuthReplyPrivate::get(reply);
    rd->network = network;
    auto *timer = new QTimer(network); // dies with the request
    timer->setSingleShot(true);
    // Bound to the AuthReply: a reply deleted mid-request takes this connection with it.
    QObject::connect(timer, &QTimer::timeout, reply, [rd, network] {
        rd->timedOut = true;
        network->abort();
    });
    timer->start(config.requestTimeoutMs());
    // GoTrue's answers are a few KiB; a server, proxy or portal that sends more (or never
    // stops) costs at most this much memory.
    QObject::connect(network, &QNetworkReply::downloadProgress, reply,
                     [rd, network](qint64 received, qint64 total) {
                         if (received > AuthClient::MaxAnswerBytes
                             || total > AuthClient::MaxAnswerBytes) {
                             rd->tooLarge = true;
                             network->abort();
                         }
                     });
    const QString logPath =
        url.path()
        + (url.query().startsWith(QLatin1String("grant_type=")) ? u'?' + url.query() : QString());
    qCDebug(lcAuth).noquote() << method << logPath;
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    QObject::connect(network, &QNetworkReply::finished, reply, [=] {
        network->deleteLater();
        rd->network = nullptr;
        const int status = network->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // An aborted request (timeout, cancel) is closed: nothing to read.
        const QByteArray answer = network->isOpen() ? network->readAll() : QByteArray();
        const QNetworkReply::NetworkError netError = network->error();
        qCDebug(lcAuth).noquote() << method << logPath << "->" << status << netError
                                  << QStringLiteral("(%1 ms)").arg(elapsed->elapsed());
        if (rd->cancelled)
            return finish(reply,
                          AuthError(AuthError::Kind::Cancelled, QStringLiteral("cancelled")));
        if (rd->tooLarge) {
            // An endless HTML page is the network's own (a portal's); anything else is a
            // server or proxy that is not GoTrue.
            const bool html = network->header(QNetworkRequest::ContentTypeHeader)
                                  .toString()
                                  .contains(QLatin1String("html"), Qt::CaseInsensitive);
            return finish(reply, AuthError(html ? AuthError::Kind::CaptivePortal
                                                : AuthError::Kind::InvalidResponse,
                                           QStringLiteral("the answer is larger than %1 KiB, "
                                                          "which no GoTrue answer is")
                                               .arg(AuthClient::MaxAnswerBytes / 1024),
                                           QString(), status));
        }
        if (rd->timedOut) {
            return finish(
                reply,
                AuthError(AuthError::Kind::Timeout,
                          QStringLiteral("no answer within %1 ms").arg(config.requestTimeoutMs())));
        }
        switch (netError) {
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyConnectionClosedError:
        case QNetworkReply::ProxyNotFoundError:
        case QNetworkReply::ProxyTimeoutError:
            return finish(reply, AuthError(AuthError::Kind::Proxy, network->errorString()));
        case QNetworkReply::ProxyAuthenticationRequiredError:
            return finish(reply,
                          AuthError(AuthError::Kind::Proxy,
                                    QStringLiteral("the proxy asks for credentials (HTTP 407)"),
                                    QString(), 407));
        default:
            break;
        }
        if (status == 0) {
            const bool tls = netError == QNetworkReply::SslHandshakeFailedError;
            return finish(reply, AuthError(tls ? AuthError::Kind::Tls : AuthError::Kind::Network,
                                           network->errorString()));
        }
        if (status >= 300 && status < 400) {
            // GoTrue's API never redirects: something between answered, sending the request
            // elsewhere (a captive portal's sign-in page), or the URL is not the project's.
            const QUrl to = url.resolved(network->header(QNetworkRequest::LocationHeader).toUrl());
            if (to.isValid() && to.host() != url.host()) {
                return finish(
                    reply,
                    AuthError(
                        AuthError::Kind::CaptivePortal,
                        QStringLiteral("redirected (HTTP %1) to %2").arg(status).arg(to.host()),
                        QString(), status));
            }
            return finish(
                reply,
                AuthError(AuthError::Kind::InvalidResponse,
                          QStringLiteral("unexpected redirect (HTTP %1): is the project URL right?")
                              .arg(status),
                          QString(), status));
        }
        if (status < 300
            && network->header(QNetworkRequest::ContentTypeHeader)
                   .toString()
                   .contains(QLatin1String("html"), Qt::CaseInsensitive)) {
            // A 200 HTML page where GoTrue answers JSON: the network's own page.
            return finish(
                reply,
                AuthError(AuthError::Kind::CaptivePortal,
                          QStringLiteral("an HTML page (HTTP %1) instead of JSON").arg(status),
                          QString(), status));
        }
        if (status >= 400) {
            AuthError error =
                AuthError::fromHttpResponse(status, answer, network->rawHeader("x-sb-error-code"));
            error.setRetryAfterSeconds(retryAfterSeconds(network));
            return finish(reply, error);
        }
        handler(status, answer);
    });
}

// GoTrue's user object; an error when the body is not one.
AuthError AuthClientPrivate::parseUser(const QByteArray &body, QJsonObject *user)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject() || doc.object().value(QStringLiteral("id")).toString().isEmpty()) {
        return AuthError(AuthError::Kind::InvalidResponse,
                         QStringLiteral("the user is not a JSON object with an id"));
    }
    *user = doc.object();
    return AuthError();
}

AuthError AuthClientPrivate::parseFreshSession(const QByteArray &body, Session *session)
{
    const qint64 receivedAt = QDateTime::currentMSecsSinceEpoch();
    AuthError error;
    Session parsed = Session::fromJson(body, &error);
    if (error.isError())
        return error;
    QString why;
    if (!parsed.hasPlausibleLifetime(&why))
        return AuthError(AuthError::Kind::InvalidResponse,
                         QStringLiteral("the server's session is not usable: %1").arg(why));
    parsed.setReceivedAt(receivedAt);
    *session = parsed;
    return AuthError();
}

// An HTTP-date: "Mon, 30 Nov 2026 08:00:05 GMT" (RFC 9110's preferred form, which
// Qt::RFC2822Date does not read because of "GMT"), else RFC 2822's "+0000" form.
QDateTime AuthClientPrivate::httpDate(const QByteArray &value)
{
    const QString text = QString::fromLatin1(value.trimmed());
    QDateTime parsed =
        QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    if (parsed.isValid()) {
        parsed.setTimeSpec(Qt::UTC);
        return parsed;
    }
    return QDateTime::fromString(text, Qt::RFC2822Date);
}

// Retry-After in seconds, or as an HTTP date judged against the answer's own Date header
// (both on the server's clock). At most an hour.
int AuthClientPrivate::retryAfterSeconds(const QNetworkReply *network)
{
    const QByteArray value = network->rawHeader("Retry-After").trimmed();
    if (value.isEmpty())
        return 0;
    bool ok = false;
    qint64 seconds = value.toLongLong(&ok);
    if (!ok) {
        const QDateTime at = httpDate(value);
        const QDateTime date = httpDate(network->rawHeader("Date"));
        seconds = at.isValid() && date.isValid() ? date.secsTo(at) : 0;
    }
    return int(std::clamp<qint64>(seconds, 0, 3600));
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
