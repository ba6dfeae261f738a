// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "navigationpolicy_p.h"

#include <WeChatLogin/callbackurl.h>

namespace WeChatLogin {

namespace {

int defaultPort(const QUrl &url)
{
    return url.scheme() == QLatin1String("https") ? 443 : 80;
}

QUrl withoutFragment(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveFragment);
}

} // namespace

bool NavigationPolicy::isHttp(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
}

bool NavigationPolicy::sameOrigin(const QUrl &a, const QUrl &b)
{
    return isHttp(a) && a.scheme() == b.scheme()
           && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
           && a.port(defaultPort(a)) == b.port(defaultPort(b));
}

bool NavigationPolicy::isGoTrueCallback(const QUrl &url, const QUrl &goTrueCallback)
{
    return !goTrueCallback.isEmpty() && sameOrigin(url, goTrueCallback)
           && url.path() == goTrueCallback.path();
}

/*
 * The rules, in order; the first that applies decides:
 * - about: and data: documents: sub-frames only (a page's srcdoc or data: frame is judged
 *   by what it then does), or the widget's own typed load (a blank page).
 * - The redirect URL: only GoTrue's redirect of the main frame carries the callback. A
 *   script navigating there itself, a sub-frame, or anything while no sign-in runs: refused.
 * - Nothing else while no sign-in runs.
 * - GoTrue's /callback in the main frame: allowed once the widget has checked its flow
 *   (state); never from a sub-frame.
 * - Trusted origins load; the QR page reloading itself after its QR was shown renews the
 *   flow instead, so the verifier and GoTrue's flow state are fresh too.
 * - GoTrue redirecting the main frame elsewhere: the Site URL fallback (with no redirect
 *   URL configured, that is where the sign-in arrives).
 * - A link the user really clicked in the main frame: the system browser.
 * - Everything else: refused.
 */
NavigationPolicy::Decision NavigationPolicy::decide(const QUrl &url, Type type, bool isMainFrame,
                                                    bool userGesture, const Context &context)
{
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("about") || scheme == QLatin1String("data")) {
        if (!isMainFrame)
            return {Action::Allow, "a sub-frame's own document"};
        if (type == Type::Typed && !userGesture)
            return {Action::Allow, "the widget's own blank page"};
        return {Action::Refuse, "a page navigating the main frame to about: or data:"};
    }

    const bool fromGoTrue = sameOrigin(context.redirectingFrom, context.projectUrl);
    if (!context.redirectUrl.isEmpty() && CallbackUrl::matchesRedirect(url, context.redirectUrl)) {
        if (!context.signInActive)
            return {Action::Refuse, "the redirect URL while no sign-in runs"};
        if (!isMainFrame)
            return {Action::Refuse, "a sub-frame navigating to the redirect URL"};
        if (type != Type::Redirect || !fromGoTrue || userGesture)
            return {Action::Refuse, "a page navigating to the redirect URL itself"};
        return {Action::Callback, "GoTrue's redirect to the redirect URL"};
    }

    if (!context.signInActive)
        return {Action::Refuse, "no sign-in is running"};

    if (isGoTrueCallback(url, context.goTrueCallback)) {
        if (!isMainFrame)
            return {Action::Refuse, "a sub-frame navigating to GoTrue's callback"};
        if (userGesture)
            return {Action::Allow, "a click on a link to GoTrue's callback (judged as it loads)"};
        return {Action::GoTrueCallback, "WeChat's redirect to GoTrue's callback"};
    }

    if (context.trusted.contains(url)) {
        if (isMainFrame && !userGesture && context.qrSeen
            && withoutFragment(url) == withoutFragment(context.currentUrl)
            && url.path().endsWith(QLatin1String("/connect/qrconnect")))
            return {Action::Renew, "WeChat's page reloading its expired QR"};
        return {Action::Allow, "a trusted origin"};
    }

    if (isMainFrame && type == Type::Redirect && fromGoTrue && !userGesture && isHttp(url)) {
        const bool carriesSignIn =
            CallbackUrl::parse(url, QUrl()).kind() != CallbackUrl::Kind::NotCallback;
        if (context.redirectUrl.isEmpty() && carriesSignIn)
            return {Action::Callback, "GoTrue's redirect to the Site URL (no redirect URL set)"};
        return {Action::SiteUrlFallback, "GoTrue redirected away from the redirect URL"};
    }

    if (userGesture && isMainFrame && isHttp(url))
        return {Action::OpenExternally, "a link the user clicked"};
    return {Action::Refuse, userGesture ? "a click on a link that is not http(s)"
                                        : "an untrusted destination without a click"};
}

} // namespace WeChatLogin
