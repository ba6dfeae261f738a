// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_BROWSERPAGES_P_H
#define WECHATLOGIN_BROWSERPAGES_P_H

#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QByteArray>
#include <QString>

namespace WeChatLogin::Internal {

/*
 * The pages BrowserSignIn's loopback listener answers the browser's tab with: one small
 * HTML document each, in the language of the translator installed (loadTranslations()),
 * styled inline, no script, no image, nothing fetched from anywhere. Every text from
 * outside (a server's error) is shown as plain text: displayText() and HTML-escaped.
 */
struct WECHATLOGIN_AUTH_EXPORT BrowserPage
{
    enum class Kind {
        SignedIn,  // done: go back to the app
        Failed,    // the sign-in failed: why, in plain words, and what to do
        NotThis,   // a callback without this sign-in's nonce (400): not ours, ignored
        Used,      // a second callback after the first (409)
        NotFound,  // any other path (404)
        BadMethod, // anything but GET (405)
        BadHost,   // a Host that is not the loopback literal and port (400, DNS rebinding)
        TooLarge,  // a request over the size bound (431)
    };

    Kind kind = Kind::NotFound;
    QString appName; // "the app" when empty
    QString detail;  // Failed: the reason (a server's text is sanitized here)
    QString hint;    // Failed: what to do, one sentence

    int status() const;
    QString title() const;
    // The whole HTTP/1.1 answer: status line, headers (no caching, no referrer, a CSP that
    // allows nothing but the inline style), and the page; Connection: close.
    QByteArray response() const;
    QByteArray html() const;
};

} // namespace WeChatLogin::Internal

#endif
