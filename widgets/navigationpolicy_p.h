// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_NAVIGATIONPOLICY_P_H
#define WECHATLOGIN_NAVIGATIONPOLICY_P_H

#include <WeChatLogin/trustedhosts.h>

// Qt
#include <QUrl>

namespace WeChatLogin {

/*
 * What the sign-in view does with one navigation of one of its frames: a pure function
 * of the URL, how the navigation came about and what the widget knows, so every rule is
 * one row of a table test without a web engine.
 */
class NavigationPolicy
{
public:
    enum class Action {
        Allow,           // load it in the view
        Callback,        // GoTrue's redirect to the redirect URL: read it, never load it
        GoTrueCallback,  // WeChat sends the page to GoTrue's /callback: check its flow first
        Renew,           // WeChat's page reloads an expired QR: renew the whole flow
        SiteUrlFallback, // GoTrue sent the page elsewhere: the redirect URL is not allowed
        OpenExternally,  // a link the user clicked: the system browser, once
        Refuse,          // anything else
    };

    // The values of QWebEnginePage::NavigationType (checked where both are known).
    enum class Type { LinkClicked, Typed, FormSubmitted, BackForward, Reload, Other, Redirect };

    struct Context
    {
        QUrl projectUrl; // GoTrue's origin; only it redirects to the redirect URL
        TrustedHosts trusted;
        QUrl redirectUrl;          // empty: none configured (the Site URL carries the sign-in)
        QUrl goTrueCallback;       // <project>/auth/v1/callback
        bool signInActive = false; // a QR is loading or shown
        bool qrSeen = false;       // this flow's QR page was shown
        QUrl currentUrl;           // the main frame's URL now
        QUrl redirectingFrom;      // for a Redirect: the main-frame navigation it continues
    };

    struct Decision
    {
        Action action = Action::Refuse;
        const char *reason = ""; // for the log: why (never a URL)
    };

    static Decision decide(const QUrl &url, Type type, bool isMainFrame, bool userGesture,
                           const Context &context);

    static bool isHttp(const QUrl &url);
    static bool sameOrigin(const QUrl &a, const QUrl &b);
    // The path of a URL compared to GoTrue's /callback (scheme, host, port and path).
    static bool isGoTrueCallback(const QUrl &url, const QUrl &goTrueCallback);
};

} // namespace WeChatLogin

#endif
