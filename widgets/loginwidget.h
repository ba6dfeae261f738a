// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_LOGINWIDGET_H
#define WECHATLOGIN_LOGINWIDGET_H

#include <WeChatLogin/wechatlogin_widgets_export.h>

#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>

// Qt
#include <QAuthenticator>
#include <QWidget>

#include <memory>

class QWebEngineView;

namespace WeChatLogin {

class SessionManager;
class LoginWidgetPrivate;

/*
 * WeChat QR sign-in in a widget: shows WeChat's QR page in an off-the-record web
 * view, catches GoTrue's final redirect before any request for it leaves the
 * process, exchanges the code (PKCE) and hands back the session; stored through a
 * SessionManager when one is set. Every stage is a signal and a state; errors are
 * native, translated states with a retry button.
 */
class WECHATLOGIN_WIDGETS_EXPORT LoginWidget : public QWidget
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusTextChanged)
    Q_PROPERTY(bool fastLogin READ fastLogin WRITE setFastLogin NOTIFY fastLoginChanged)
    Q_PROPERTY(int flowRenewIntervalMs READ flowRenewIntervalMs WRITE setFlowRenewIntervalMs NOTIFY
                   flowRenewIntervalMsChanged)
    Q_PROPERTY(int renewalLimit READ renewalLimit WRITE setRenewalLimit NOTIFY renewalLimitChanged)

public:
    enum class State {
        Idle,      // nothing started (or cancelled)
        Loading,   // fetching the QR page
        QrShown,   // waiting for a scan
        Scanned,   // scanned: confirm on the phone
        Cancelled, // refused on the phone; a new scan works
        Exchanging,
        SignedIn,
        Failed,  // error() says why; retry() starts again
        Expired, // renewalLimit silent renewals without a scan: start(), or a click, renews
    };
    Q_ENUM(State)

    explicit LoginWidget(const AuthConfig &config, QWidget *parent = nullptr);
    ~LoginWidget() override;

    AuthConfig config() const;
    void setConfig(const AuthConfig &config); // takes effect at the next start()

    // Optional: a successful sign-in is stored through it (setSession()).
    SessionManager *sessionManager() const;
    void setSessionManager(SessionManager *manager);

    // fast_login=0 turns off WeChat's "one-click login on this PC" (default: on).
    bool fastLogin() const;
    void setFastLogin(bool enabled);
    // GoTrue's flow state dies 300 s after /authorize: the whole flow is renewed before.
    int flowRenewIntervalMs() const; // default 270000
    void setFlowRenewIntervalMs(int ms);
    // How many times the QR is renewed without a scan (the flow about to die, or WeChat's
    // QR expired) before the widget stops and shows it expired, with a refresh button, so
    // a window left open creates no flows overnight. Default 3 (about 18 minutes of QR);
    // 0: never renew silently; -1: no limit.
    int renewalLimit() const;
    void setRenewalLimit(int limit);

    State state() const;
    QString statusText() const; // the native status line, in the UI language
    AuthError error() const;    // when Failed
    Session session() const;    // when SignedIn

    // The web view, for embedders that need it (and for tests). Its page belongs to us.
    QWebEngineView *webView() const;

    // Starts QtWebEngine in the background (profile, render process) so the first
    // LoginWidget shows the QR sooner. Call once after QApplication exists.
    static void prewarm();
    // More: also starts a sign-in flow for config and loads its QR page off-screen, keeping
    // it fresh (renewed as a shown widget is, up to renewalLimit times), so that the next
    // LoginDialog for the same config shows the fitted QR in its first frame. An expired
    // or failed pre-warmed flow is never shown: that dialog starts a fresh one. Calling it
    // again with another config replaces the pre-warmed flow.
    static void prewarm(const AuthConfig &config);
    // A custom-scheme redirect URL (myapp://callback) must be registered before the
    // QApplication is created; http(s) redirect URLs need nothing.
    static void registerUrlScheme(const QString &scheme);

public Q_SLOTS:
    void start();  // a new attempt: fresh verifier, fresh /authorize
    void retry();  // after a failure: the exchange again if it can still work, else start()
    void cancel(); // stops everything; state Idle

Q_SIGNALS:
    void stateChanged(WeChatLogin::LoginWidget::State state);
    void statusTextChanged(const QString &text);
    void fastLoginChanged(bool enabled);
    void flowRenewIntervalMsChanged(int ms);
    void renewalLimitChanged(int limit);

    void loading();
    void qrShown();
    void scanned();
    void cancelledOnPhone();
    void flowRenewed(); // the QR expired or the flow was about to: a new QR is coming
    void expired();     // no more silent renewals: the QR is shown expired (State::Expired)
    void exchanging();
    void signedIn(const WeChatLogin::Session &session);
    void failed(const WeChatLogin::AuthError &error);
    // The login page's proxy asks for a user name and password: fill authenticator in a
    // directly connected slot (a dialog may run there). Left empty, the page fails to load
    // and the widget says so.
    void proxyAuthenticationRequired(const QString &proxyHost, QAuthenticator *authenticator);

protected:
    void changeEvent(QEvent *event) override;

private:
    Q_DISABLE_COPY(LoginWidget)
    Q_DECLARE_PRIVATE(LoginWidget)
    std::unique_ptr<LoginWidgetPrivate> d_ptr;
};

} // namespace WeChatLogin

#endif
