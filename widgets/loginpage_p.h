// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_LOGINPAGE_P_H
#define WECHATLOGIN_LOGINPAGE_P_H

// Qt
#include <QWebEnginePage>
#include <QWebEngineUrlRequestInterceptor>
#include <QWebEngineUrlSchemeHandler>

#include <functional>

namespace WeChatLogin {

// The sign-in page: every navigation and console message goes through the widget.
class LoginPage : public QWebEnginePage
{
    Q_OBJECT
public:
    using NavigationFn = std::function<bool(const QUrl &, NavigationType, bool isMainFrame)>;
    using ConsoleFn = std::function<void(const QString &message)>;

    LoginPage(QWebEngineProfile *profile, QObject *parent)
        : QWebEnginePage(profile, parent)
    {}

    NavigationFn onNavigation;
    ConsoleFn onConsole;

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override
    {
        if (onNavigation)
            return onNavigation(url, type, isMainFrame);
        return url == QUrl(QStringLiteral("about:blank")); // a pre-warmed page, not yet adopted
    }
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message, int,
                                  const QString &) override
    {
        if (onConsole)
            onConsole(message);
    }
};

// Sees every request the profile makes (sub-resources, XHR, forms, sub-frames): one
// for the redirect URL is blocked before it leaves the process and reported.
class CallbackInterceptor : public QWebEngineUrlRequestInterceptor
{
    Q_OBJECT
public:
    using MatchFn = std::function<bool(const QUrl &)>;
    using CallbackFn = std::function<void(const QUrl &)>;

    explicit CallbackInterceptor(QObject *parent)
        : QWebEngineUrlRequestInterceptor(parent)
    {}

    MatchFn isCallback;
    CallbackFn onCallback;

    void interceptRequest(QWebEngineUrlRequestInfo &info) override
    {
        if (isCallback && isCallback(info.requestUrl())) {
            info.block(true);
            if (onCallback)
                onCallback(info.requestUrl());
        }
    }
};

// A custom-scheme redirect (myapp://callback) arrives here, never as a navigation.
class CallbackSchemeHandler : public QWebEngineUrlSchemeHandler
{
    Q_OBJECT
public:
    using CallbackFn = std::function<void(const QUrl &)>;

    explicit CallbackSchemeHandler(QObject *parent)
        : QWebEngineUrlSchemeHandler(parent)
    {}

    CallbackFn onCallback;

    void requestStarted(QWebEngineUrlRequestJob *job) override;
};

} // namespace WeChatLogin

#endif
