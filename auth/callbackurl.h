// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_CALLBACKURL_H
#define WECHATLOGIN_CALLBACKURL_H

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QSharedDataPointer>
#include <QUrl>

namespace WeChatLogin {

class CallbackUrlData;

/*
 * What GoTrue's final redirect carries: a PKCE code, implicit-flow tokens, or
 * an error, from the query or the fragment, in every server era's form.
 */
class WECHATLOGIN_AUTH_EXPORT CallbackUrl
{
    Q_GADGET
public:
    enum class Kind {
        NotCallback, // not our redirect URL (or carries nothing of sign-in)
        Code,        // PKCE: exchange code() with the verifier
        Tokens,      // implicit: session() has the tokens, without the user
        Error,       // error() says what GoTrue or WeChat refused
        Malformed,   // our redirect, but its content is inconsistent: error() says how
    };
    Q_ENUM(Kind)

    CallbackUrl();
    CallbackUrl(const CallbackUrl &other);
    CallbackUrl &operator=(const CallbackUrl &other);
    ~CallbackUrl();

    // Parses url if it is the redirect URL: same scheme, host, port and path
    // (query and fragment ignored for matching). An empty redirect matches any URL
    // that carries a code, tokens or an error (GoTrue's Site URL fallback).
    static CallbackUrl parse(const QUrl &url, const QUrl &redirectUrl);
    static bool matchesRedirect(const QUrl &url, const QUrl &redirectUrl);

    Kind kind() const;
    QUrl url() const;
    QString code() const;
    Session session() const;
    AuthError error() const;

private:
    QSharedDataPointer<CallbackUrlData> d;
};

} // namespace WeChatLogin

#endif
