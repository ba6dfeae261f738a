// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTHTTP_H
#define WECHATLOGIN_TESTS_TESTHTTP_H

// Qt
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QUrl>

#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/sandbox.h>

#include <memory>

namespace WeChatLogin::Test {

struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    qint64 elapsedMs = 0;

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QUrl location() const { return QUrl::fromEncoded(header("location")); }
    QJsonObject json() const;
    QJsonArray jsonArray() const;
};

// Plain HTTP over loopback, one request at a time, redirects never followed.
class Http
{
public:
    Http();
    HttpResult send(const QByteArray &method, const QUrl &url,
                    const QList<QPair<QByteArray, QByteArray>> &headers = {},
                    const QByteArray &body = {}, int timeoutMs = 15000);
    HttpResult get(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return send("GET", url, headers);
    }

private:
    QNetworkAccessManager m_nam;
};

// RFC 7636 appendix B.
inline constexpr char kRfcVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
inline constexpr char kRfcChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/*
 * A running in-process sandbox plus the browserless steps of a sign-in, so
 * each test states only what it checks.
 */
class SandboxFixture
{
public:
    explicit SandboxFixture(const SandboxOptions &options = {});
    ~SandboxFixture();

    Sandbox &sandbox() { return *m_sandbox; }
    Http &http() { return m_http; }
    bool isLegacy() const;

    QUrl auth(const QString &pathAndQuery) const;
    QUrl wechat(const QString &pathAndQuery) const;
    QList<QPair<QByteArray, QByteArray>> apiHeaders(const QString &bearer = QString(),
                                                    bool versioned = true) const;

    // The /authorize URL with a PKCE challenge (or none: implicit).
    QUrl authorizeUrl(const QString &redirectTo, const QString &challenge,
                      const QString &extraQuery = QString()) const;
    // GET /authorize with a PKCE challenge (or none: implicit); returns the 302.
    HttpResult authorize(const QString &redirectTo = QStringLiteral("http://127.0.0.1:9/callback"),
                         const QString &challenge = QLatin1String(kRfcChallenge),
                         const QString &extraQuery = QString());
    // Follows an /authorize 302 to the QR page; returns the page and its uuid.
    HttpResult qrPage(const HttpResult &authorizeReply, QString *uuid);
    // One long poll on the QR.
    HttpResult poll(const QString &uuid, int last = 0);
    HttpResult control(const QByteArray &method, const QString &path, const QByteArray &body = {});
    // GET /sandbox/requests, and how many of them went to path (with a query containing
    // queryContains, when given).
    QJsonArray requestLog();
    int requestCount(const QString &path, const QString &queryContains = QString());
    // The same count over a log of /sandbox/requests (e.g. from the app's own sandbox).
    static int requestCount(const QJsonArray &log, const QString &path,
                            const QString &queryContains = QString());
    // authorize -> page -> confirm -> poll 405 -> callback; returns the callback's answer.
    HttpResult
    callbackAfterConfirm(const QString &redirectTo = QStringLiteral("http://127.0.0.1:9/callback"),
                         const QString &challenge = QLatin1String(kRfcChallenge),
                         const QString &user = QString());
    HttpResult exchange(const QString &authCode,
                        const QString &verifier = QLatin1String(kRfcVerifier),
                        bool versioned = true);
    HttpResult refresh(const QString &refreshToken, bool versioned = true);
    // Plays the browser and the phone for any /authorize URL: authorize -> QR page ->
    // confirm -> long poll 405 -> callback. Returns the callback's answer (its Location
    // is where GoTrue sends the browser).
    HttpResult followSignIn(const QUrl &authorizeUrl, const QString &user = QString());
    // A whole PKCE sign-in; returns the session JSON.
    QJsonObject signIn(const QString &user = QString());

    // Whether text is what a QR code this sandbox made encodes (its virtual phone URL).
    bool isSandboxQr(const QString &text) const { return m_qrUrls.contains(text); }

    static QString stateOf(const QUrl &wechatPageUrl);
    static QString queryValue(const QUrl &url, const QString &key);
    static QString fragmentValue(const QUrl &url, const QString &key);
    // The error code of any GoTrue error body shape.
    static QString errorCode(const HttpResult &reply);

private:
    std::unique_ptr<Sandbox> m_sandbox;
    Http m_http;
    QSet<QString> m_qrUrls;
};

// A LoginWidget's config for this sandbox: its auth URL and key, a redirect URL on the
// auth origin (GoTrue's allow list takes it), its WeChat origin trusted.
inline AuthConfig sandboxLoginConfig(Sandbox &sandbox)
{
    AuthConfig config(sandbox.authUrl(), sandbox.anonKey());
    config.setRedirectUrl(sandbox.authUrl().resolved(QUrl(QStringLiteral("/app/callback"))));
    const QUrl wechat = sandbox.wechatUrl();
    config.setTrustedHosts({wechat.host() + u':' + QString::number(wechat.port())});
    return config;
}

} // namespace WeChatLogin::Test

#endif
