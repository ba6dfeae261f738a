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

class QWebEngineProfile;

namespace WeChatLogin {

/*
 * The sign-in page, contained: it can load what the navigation policy allows and show a
 * QR code, nothing else. No JavaScript dialogs (an unload prompt always lets the page go),
 * no file chooser, no new windows, no permissions, no downloads, no clipboard, no TLS
 * exception. Every navigation and console message goes to the widget.
 */
class LoginPage : public QWebEnginePage
{
    Q_OBJECT
public:
    using NavigationFn = std::function<bool(const QUrl &, NavigationType, bool isMainFrame)>;
    using ConsoleFn = std::function<void(const QString &message)>;

    LoginPage(QWebEngineProfile *profile, QObject *parent);

    // A fresh off-the-record profile and page, or the pre-warmed ones (prewarm()),
    // reparented to owner. Both hardened.
    static LoginPage *create(QObject *owner);
    // Starts the engine (a profile: its helper processes) ahead of the first LoginWidget,
    // and a renderer process too if asked (faster still, for the memory of one renderer).
    enum class Warmth { Engine, EngineAndRenderer };
    static void prewarm(Warmth warmth = Warmth::EngineAndRenderer);

    NavigationFn onNavigation;
    ConsoleFn onConsole;

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override;
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level, const QString &message,
                                  int line, const QString &source) override;
    void javaScriptAlert(const QUrl &origin, const QString &message) override;
    bool javaScriptConfirm(const QUrl &origin, const QString &message) override;
    bool javaScriptPrompt(const QUrl &origin, const QString &message, const QString &value,
                          QString *result) override;
    QStringList chooseFiles(FileSelectionMode mode, const QStringList &oldFiles,
                            const QStringList &acceptedMimeTypes) override;
    QWebEnginePage *createWindow(WebWindowType type) override;

private:
    void harden();
};

/*
 * Sees every request the profile makes (sub-resources, fetches, beacons, images,
 * WebSockets, sub-frames) and blocks those isBlocked() names before they leave the
 * process: the redirect URL is never requested by the page, whatever asks for it.
 */
class RequestGuard : public QWebEngineUrlRequestInterceptor
{
    Q_OBJECT
public:
    using BlockFn = std::function<bool(const QUrl &, bool isMainFrame)>;

    explicit RequestGuard(QObject *parent)
        : QWebEngineUrlRequestInterceptor(parent)
    {}

    BlockFn isBlocked;

    void interceptRequest(QWebEngineUrlRequestInfo &info) override;
};

// A custom-scheme redirect URL (myapp://callback) is never served: every request for it
// fails here. The sign-in reads that URL from GoTrue's answer instead (LoginWidget).
class RedirectSchemeHandler : public QWebEngineUrlSchemeHandler
{
    Q_OBJECT
public:
    explicit RedirectSchemeHandler(QObject *parent)
        : QWebEngineUrlSchemeHandler(parent)
    {}

    void requestStarted(QWebEngineUrlRequestJob *job) override;
};

} // namespace WeChatLogin

#endif
