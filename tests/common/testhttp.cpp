// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "testhttp.h"

// Qt
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

namespace WeChatLogin::Test {

QJsonObject HttpResult::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray HttpResult::jsonArray() const
{
    return QJsonDocument::fromJson(body).array();
}

Http::Http()
{
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

HttpResult Http::send(const QByteArray &method, const QUrl &url,
                      const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body,
                      int timeoutMs)
{
    QNetworkRequest request(url);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    if (!body.isEmpty() && !request.hasRawHeader("Content-Type"))
        request.setRawHeader("Content-Type", "application/json;charset=UTF-8");
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<QNetworkReply> reply(m_nam.sendCustomRequest(request, method, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    HttpResult result;
    if (!reply->isFinished() && !finished.wait(timeoutMs)) {
        result.error = QNetworkReply::TimeoutError;
        return result;
    }
    result.elapsedMs = timer.elapsed();
    result.error = reply->error();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.insert(pair.first.toLower(), pair.second);
    return result;
}

SandboxFixture::SandboxFixture(const SandboxOptions &options)
    : m_sandbox(std::make_unique<Sandbox>(options))
{
    QString error;
    if (!m_sandbox->start(&error))
        qFatal("sandbox did not start: %s", qPrintable(error));
    QObject::connect(m_sandbox.get(), &Sandbox::qrCreated, m_sandbox.get(),
                     [this](const QString &uuid) {
                         m_qrUrls.insert(m_sandbox->confirmPageUrl(uuid).toString());
                     });
}

SandboxFixture::~SandboxFixture() = default;

bool SandboxFixture::isLegacy() const
{
    return m_sandbox->options().serverEra == SandboxOptions::ServerEra::Legacy;
}

QUrl SandboxFixture::auth(const QString &pathAndQuery) const
{
    return QUrl(m_sandbox->authUrl().toString() + pathAndQuery);
}

QUrl SandboxFixture::wechat(const QString &pathAndQuery) const
{
    return QUrl(m_sandbox->wechatUrl().toString() + pathAndQuery);
}

QList<QPair<QByteArray, QByteArray>> SandboxFixture::apiHeaders(const QString &bearer,
                                                                bool versioned) const
{
    QList<QPair<QByteArray, QByteArray>> h{
        {"apikey", m_sandbox->anonKey().toLatin1()},
        {"Authorization",
         "Bearer " + (bearer.isEmpty() ? m_sandbox->anonKey() : bearer).toLatin1()},
        {"X-Client-Info", "wechatlogin-tests/0.1.0"}};
    if (versioned)
        h.append(qMakePair(QByteArray("X-Supabase-Api-Version"), QByteArray("2024-01-01")));
    return h;
}

QUrl SandboxFixture::authorizeUrl(const QString &redirectTo, const QString &challenge,
                                  const QString &extraQuery) const
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("provider"), QStringLiteral("wechat_qr"));
    if (!redirectTo.isEmpty())
        q.addQueryItem(QStringLiteral("redirect_to"),
                       QString::fromLatin1(QUrl::toPercentEncoding(redirectTo)));
    if (!challenge.isEmpty()) {
        q.addQueryItem(QStringLiteral("code_challenge"), challenge);
        q.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("s256"));
    }
    QString query = q.toString(QUrl::FullyEncoded);
    if (!extraQuery.isEmpty())
        query += u'&' + extraQuery;
    return auth(QStringLiteral("/auth/v1/authorize?") + query);
}

HttpResult SandboxFixture::authorize(const QString &redirectTo, const QString &challenge,
                                     const QString &extraQuery)
{
    return m_http.get(authorizeUrl(redirectTo, challenge, extraQuery));
}

HttpResult SandboxFixture::qrPage(const HttpResult &authorizeReply, QString *uuid)
{
    HttpResult page = m_http.get(authorizeReply.location());
    static const QRegularExpression img(
        QStringLiteral("<img[^>]*src=\"/connect/qrcode/([A-Za-z0-9]+)\""));
    const auto m = img.match(QString::fromUtf8(page.body));
    if (uuid)
        *uuid = m.hasMatch() ? m.captured(1) : QString();
    return page;
}

HttpResult SandboxFixture::poll(const QString &uuid, int last)
{
    QString q = QStringLiteral("/connect/l/qrconnect?uuid=") + uuid;
    if (last)
        q += QStringLiteral("&last=%1").arg(last);
    q += QStringLiteral("&_=%1").arg(QDateTime::currentMSecsSinceEpoch());
    return m_http.send("GET", wechat(q), {}, {}, 60000);
}

HttpResult SandboxFixture::control(const QByteArray &method, const QString &path,
                                   const QByteArray &body)
{
    return m_http.send(method, auth(path), {}, body);
}

HttpResult SandboxFixture::followSignIn(const QUrl &authorizeUrl, const QString &user)
{
    const HttpResult authorizeReply = m_http.get(authorizeUrl);
    QString uuid;
    qrPage(authorizeReply, &uuid);
    const QString suffix = user.isEmpty() ? QString() : QStringLiteral("?user=") + user;
    control("POST", QStringLiteral("/sandbox/qr/%1/confirm%2").arg(uuid, suffix));
    const HttpResult polled = poll(uuid);
    static const QRegularExpression codeRe(QStringLiteral("wx_code='([^']*)'"));
    const QString code = codeRe.match(QString::fromUtf8(polled.body)).captured(1);
    const QString state = stateOf(authorizeReply.location());
    return m_http.get(auth(QStringLiteral("/auth/v1/callback?code=%1&state=%2")
                               .arg(code, QString::fromLatin1(QUrl::toPercentEncoding(state)))));
}

HttpResult SandboxFixture::callbackAfterConfirm(const QString &redirectTo, const QString &challenge,
                                                const QString &user)
{
    return followSignIn(authorizeUrl(redirectTo, challenge), user);
}

HttpResult SandboxFixture::exchange(const QString &authCode, const QString &verifier,
                                    bool versioned)
{
    const QJsonObject body{{QStringLiteral("auth_code"), authCode},
                           {QStringLiteral("code_verifier"), verifier}};
    return m_http.send("POST", auth(QStringLiteral("/auth/v1/token?grant_type=pkce")),
                       apiHeaders(QString(), versioned),
                       QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResult SandboxFixture::refresh(const QString &refreshToken, bool versioned)
{
    const QJsonObject body{{QStringLiteral("refresh_token"), refreshToken}};
    return m_http.send("POST", auth(QStringLiteral("/auth/v1/token?grant_type=refresh_token")),
                       apiHeaders(QString(), versioned),
                       QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QJsonArray SandboxFixture::requestLog()
{
    return control("GET", QStringLiteral("/sandbox/requests")).jsonArray();
}

int SandboxFixture::requestCount(const QString &path, const QString &queryContains)
{
    return requestCount(requestLog(), path, queryContains);
}

int SandboxFixture::requestCount(const QJsonArray &log, const QString &path,
                                 const QString &queryContains)
{
    int n = 0;
    for (const auto &v : log) {
        const QJsonObject r = v.toObject();
        n += r.value(QLatin1String("path")).toString() == path
             && r.value(QLatin1String("query")).toString().contains(queryContains);
    }
    return n;
}

QJsonObject SandboxFixture::signIn(const QString &user)
{
    const HttpResult cb = callbackAfterConfirm(QStringLiteral("http://127.0.0.1:9/callback"),
                                               QLatin1String(kRfcChallenge), user);
    return exchange(queryValue(cb.location(), QStringLiteral("code"))).json();
}

QString SandboxFixture::stateOf(const QUrl &wechatPageUrl)
{
    return queryValue(wechatPageUrl, QStringLiteral("state"));
}

QString SandboxFixture::queryValue(const QUrl &url, const QString &key)
{
    QString raw = url.query(QUrl::FullyEncoded);
    raw.replace(u'+', QLatin1String("%20"));
    return QUrlQuery(raw).queryItemValue(key, QUrl::FullyDecoded);
}

QString SandboxFixture::fragmentValue(const QUrl &url, const QString &key)
{
    QString raw = url.fragment(QUrl::FullyEncoded);
    raw.replace(u'+', QLatin1String("%20"));
    return QUrlQuery(raw).queryItemValue(key, QUrl::FullyDecoded);
}

QString SandboxFixture::errorCode(const HttpResult &reply)
{
    const QJsonObject o = reply.json();
    if (o.value(QStringLiteral("code")).isString())
        return o.value(QStringLiteral("code")).toString();
    if (o.contains(QStringLiteral("error_code")))
        return o.value(QStringLiteral("error_code")).toString();
    return o.value(QStringLiteral("error")).toString();
}

} // namespace WeChatLogin::Test
