// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// AuthClient's transport: one GoTrue API request with the headers auth-js sends, bounded
// in time and size, and its answer read in every server era's form (errors, sessions,
// users, Retry-After).

#include "authclient_p.h"
#include "authlogging.h"
#include "authreply_p.h"

// Qt
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace WeChatLogin {

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

} // namespace WeChatLogin
