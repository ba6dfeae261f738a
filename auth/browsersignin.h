// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_BROWSERSIGNIN_H
#define WECHATLOGIN_BROWSERSIGNIN_H

#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace WeChatLogin {

class BrowserSignInPrivate;
class SessionManager;

/*
 * Sign-in in the person's own browser (RFC 8252), for any Qt app: it is in
 * WeChatLogin::Auth, which links neither QtWidgets nor QtWebEngine nor QtGui.
 *
 *   auto *signIn = new BrowserSignIn(config, this);
 *   signIn->setSessionManager(manager);        // stores the session it gets
 *   connect(signIn, &BrowserSignIn::browserReturned, window, [window] {
 *       window->raise();                       // the person comes back to the app
 *       window->activateWindow();
 *   });
 *   signIn->start();                           // finished() comes once
 *
 * start() listens on 127.0.0.1 (else [::1]) on a port the system picks, for this flow
 * only, makes a PKCE flow whose redirect URL is that address (the IP literal, never
 * "localhost") with a nonce of this flow in its query, and opens the system browser on
 * GoTrue's /authorize. The first request that comes back with the nonce (and the loopback
 * Host) is taken: the code is exchanged, the session stored through the SessionManager if
 * one is set, the browser's tab answered with a page in the app's language, and the
 * listener closed. Anything else sent to the port is refused within bounds (see
 * docs/BROWSER-SIGN-IN.md).
 *
 * GoTrue sends the browser back only if its redirect URL list (重定向URL列表) takes a
 * loopback address (the entry allowListEntry() gives; newer servers take any loopback
 * address by themselves). Otherwise it silently
 * sends the browser to the project's Site URL: start() checks that at once with a dry run
 * on the server, and finishes with a ConfigError that names the entry to add; a deadline
 * or cancel() with nothing heard names it too.
 */
class WECHATLOGIN_AUTH_EXPORT BrowserSignIn : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QUrl authorizeUrl READ authorizeUrl NOTIFY authorizeUrlChanged)
    Q_PROPERTY(int timeoutMs READ timeoutMs WRITE setTimeoutMs)
    Q_PROPERTY(bool opensBrowser READ opensBrowser WRITE setOpensBrowser)
public:
    enum class State {
        Idle,       // nothing listens
        Waiting,    // the browser has the sign-in page; the listener waits for it
        Exchanging, // the browser came back: the code is exchanged and the session stored
    };
    Q_ENUM(State)

    // Opens url in a browser; false (with why, one sentence) if it could not. It must not
    // block: a browser that is still starting is fine.
    using UrlOpener = std::function<bool(const QUrl &url, QString *why)>;

    static constexpr int DefaultTimeoutMs = 10 * 60 * 1000;

    explicit BrowserSignIn(const AuthConfig &config, QObject *parent = nullptr);
    ~BrowserSignIn() override;

    // The project, key and provider are used; the redirect URL and flow type are this
    // class's own (the loopback address, PKCE). Takes effect at the next start().
    AuthConfig config() const;
    void setConfig(const AuthConfig &config);

    SessionManager *sessionManager() const;
    void setSessionManager(SessionManager *manager); // stores the session it gets

    // How the URL is opened: openInSystemBrowser() unless set. An app with QtGui may pass
    // QDesktopServices::openUrl; a terminal app may print the URL instead.
    void setUrlOpener(UrlOpener opener);
    // False: start() opens nothing; the app shows authorizeUrl() to copy (--no-open).
    bool opensBrowser() const;
    void setOpensBrowser(bool open);

    // The whole flow's deadline, from start() (default 10 minutes); then finished() with
    // a Timeout.
    int timeoutMs() const;
    void setTimeoutMs(int ms);

    State state() const;
    bool isActive() const { return state() != State::Idle; }
    // Whether the browser came back in the flow that runs or last ended. A flow cancelled
    // without it may have been sent elsewhere: its Cancelled error's message then says what
    // to add to the redirect URL list (show it).
    bool hasBrowserReturned() const;
    // While a flow runs: the URL that starts it in any browser (for the app to show or
    // copy), and the loopback address GoTrue must send the browser back to.
    QUrl authorizeUrl() const;
    QUrl redirectUrl() const;
    // The redirect URL list entry (重定向URL列表) that lets GoTrue send any such flow back.
    static QString allowListEntry();

    // The default opener: the desktop's own (xdg-open on Linux and BSD, open on macOS,
    // the shell on Windows), never a text-mode browser: on Linux without a graphical
    // session (no DISPLAY, no WAYLAND_DISPLAY) it opens nothing and says so.
    // A failure to start it is said at once; one it reports later comes as
    // browserOpenFailed().
    static bool openInSystemBrowser(const QUrl &url, QString *why);

public Q_SLOTS:
    void start();  // nothing if a flow runs
    void cancel(); // finished() with Cancelled

Q_SIGNALS:
    void stateChanged(WeChatLogin::BrowserSignIn::State state);
    void authorizeUrlChanged(const QUrl &url);
    void browserOpened();
    // The URL could not be opened (why: one sentence): the flow goes on, for the URL to be
    // opened by hand.
    void browserOpenFailed(const QString &why);
    // The browser came back with this flow's answer: the time to raise the app's window.
    void browserReturned();
    // Once per start(): the session, or why not.
    void finished(const WeChatLogin::Session &session, const WeChatLogin::AuthError &error);
    void signedIn(const WeChatLogin::Session &session);

private:
    Q_DISABLE_COPY(BrowserSignIn)
    Q_DECLARE_PRIVATE(BrowserSignIn)
    std::unique_ptr<BrowserSignInPrivate> d_ptr;
};

} // namespace WeChatLogin

#endif
