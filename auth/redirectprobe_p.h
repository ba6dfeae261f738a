// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_REDIRECTPROBE_P_H
#define WECHATLOGIN_REDIRECTPROBE_P_H

#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkReply;

namespace WeChatLogin {
class AuthClient;
}

namespace WeChatLogin::Internal {

/*
 * Where GoTrue sends a browser at the end of a sign-in, found without a browser or a
 * phone: a dry /authorize (its own flow, its 302 never followed), then /callback with that
 * flow's state and no code, which GoTrue answers as WeChat's "refused" by redirecting
 * where the sign-in would have gone: to the redirect URL if its allow list takes it, else
 * silently to the Site URL (PROTOCOL.md). Each request is bounded (the client's request
 * timeout, 64 KiB of answer); done() comes once.
 */
class WECHATLOGIN_AUTH_EXPORT RedirectProbe : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        Returns,   // GoTrue sends the browser to redirect (scheme, host, port and path)
        Elsewhere, // it sends it to landed instead
        Unknown,   // no conclusive answer (network, an unexpected status): says nothing
    };
    struct Result
    {
        Outcome outcome = Outcome::Unknown;
        QString landed; // Elsewhere: where to, without query or fragment
    };

    // client: the project, key, provider and network; redirect: the URL to check.
    RedirectProbe(AuthClient *client, const QUrl &redirect, QObject *parent = nullptr);
    ~RedirectProbe() override;
    void start();

Q_SIGNALS:
    void done(const WeChatLogin::Internal::RedirectProbe::Result &result);

private:
    QNetworkReply *get(const QUrl &url);
    void authorized(QNetworkReply *reply);
    void calledBack(QNetworkReply *reply);
    void conclude(const Result &result);

    QPointer<AuthClient> m_client;
    QUrl m_redirect;
    QPointer<QNetworkReply> m_reply;
    bool m_done = false;
};

} // namespace WeChatLogin::Internal

#endif
