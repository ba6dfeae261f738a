// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authclient.h"
#include "authlogging.h"
#include "redirectprobe_p.h"

// Qt
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace WeChatLogin::Internal {

namespace {
constexpr qint64 MaxProbeBytes = qint64(64) * 1024; // a redirect has next to no body

QUrl withoutQuery(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo
                        | QUrl::StripTrailingSlash);
}
} // namespace

RedirectProbe::RedirectProbe(AuthClient *client, const QUrl &redirect, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_redirect(redirect)
{}

RedirectProbe::~RedirectProbe()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QNetworkReply *RedirectProbe::get(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(m_client->config().requestTimeoutMs());
    QNetworkReply *reply = m_client->networkAccessManager()->get(request);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > MaxProbeBytes)
            reply->abort();
    });
    m_reply = reply;
    return reply;
}

void RedirectProbe::start()
{
    if (!m_client)
        return conclude({});
    // The same request the browser makes, with this probe's own PKCE challenge: a flow
    // that is never exchanged, so it expires on the server by itself.
    AuthConfig config = m_client->config();
    config.setRedirectUrl(m_redirect);
    AuthClient dry(config);
    QNetworkReply *reply = get(dry.prepareAuthorize().url);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { authorized(reply); });
}

void RedirectProbe::authorized(QNetworkReply *reply)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QUrl location =
        reply->url().resolved(reply->header(QNetworkRequest::LocationHeader).toUrl());
    const QString state =
        QUrlQuery(location).queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    if (status != 302 || state.isEmpty())
        return conclude({});
    QUrl callback = m_client->config().projectUrl();
    callback.setPath(callback.path() + QStringLiteral("/auth/v1/callback"));
    callback.setQuery(QStringLiteral("state=")
                      + QString::fromLatin1(QUrl::toPercentEncoding(state)));
    QNetworkReply *next = get(callback);
    connect(next, &QNetworkReply::finished, this, [this, next] { calledBack(next); });
}

void RedirectProbe::calledBack(QNetworkReply *reply)
{
    reply->deleteLater();
    const QUrl location =
        reply->url().resolved(reply->header(QNetworkRequest::LocationHeader).toUrl());
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 300 || status > 399 || !location.isValid() || location.isEmpty())
        return conclude({});
    Result result;
    if (withoutQuery(location) == withoutQuery(m_redirect)) {
        result.outcome = Outcome::Returns;
    } else {
        result.outcome = Outcome::Elsewhere;
        result.landed = withoutQuery(location).toString();
    }
    conclude(result);
}

void RedirectProbe::conclude(const Result &result)
{
    if (m_done)
        return;
    m_done = true;
    qCInfo(lcAuth) << "redirect probe:"
                   << (result.outcome == Outcome::Returns     ? "GoTrue sends the browser back"
                       : result.outcome == Outcome::Elsewhere ? "GoTrue sends the browser elsewhere"
                                                              : "inconclusive");
    Q_EMIT done(result);
}

} // namespace WeChatLogin::Internal
