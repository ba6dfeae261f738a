// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_HEADLESSLOGIN_H
#define WECHATLOGIN_HEADLESSLOGIN_H

#include <WeChatLogin/wechatlogin_widgets_export.h>

#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/autherror.h>
#include <WeChatLogin/loginwidget.h>
#include <WeChatLogin/session.h>

// Qt
#include <QAuthenticator>
#include <QDeadlineTimer>
#include <QObject>

#include <memory>

namespace WeChatLogin {

class SessionManager;
class HeadlessLoginPrivate;

/*
 * WeChat QR sign-in without a window: WeChat's real QR page runs exactly as in a
 * LoginWidget (the same navigation policy, flow renewal, callback capture and PKCE
 * exchange: it is a LoginWidget, shown but never on a screen), and the QR that page paints
 * is read back in process and handed over as its text (qrText()), for the host to draw its
 * own way: in a terminal (`wechat-login sign-in --terminal`), on another device, as an
 * image. The page's own script does the polling; scanned, cancelled on the phone and
 * expired are states and signals, as in LoginWidget.
 *
 * It needs a QApplication. Without a display, create it on the offscreen platform
 * (QT_QPA_PLATFORM=offscreen, or useOffscreenPlatformWithoutDisplay() before it exists).
 *
 *     HeadlessLogin login(config);
 *     login.setSessionManager(&sessions);           // signed in = stored in the keychain
 *     connect(&login, &HeadlessLogin::qrChanged, [](const QString &text) { draw(text); });
 *     connect(&login, &HeadlessLogin::signedIn, [](const Session &s) { greet(s); });
 *     login.start();
 */
class WECHATLOGIN_WIDGETS_EXPORT HeadlessLogin : public QObject
{
    Q_OBJECT
    Q_PROPERTY(WeChatLogin::LoginWidget::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString qrText READ qrText NOTIFY qrChanged)
    Q_PROPERTY(bool fastLogin READ fastLogin WRITE setFastLogin NOTIFY fastLoginChanged)
    Q_PROPERTY(int flowRenewIntervalMs READ flowRenewIntervalMs WRITE setFlowRenewIntervalMs NOTIFY
                   flowRenewIntervalMsChanged)
    Q_PROPERTY(int renewalLimit READ renewalLimit WRITE setRenewalLimit NOTIFY renewalLimitChanged)

public:
    // LoginWidget's states, with one difference: Loading lasts until the page's QR has been
    // read, so QrShown always comes with a qrText().
    using State = LoginWidget::State;

    explicit HeadlessLogin(const AuthConfig &config, QObject *parent = nullptr);
    ~HeadlessLogin() override;

    AuthConfig config() const;
    void setConfig(const AuthConfig &config); // takes effect at the next start()

    // Optional: a successful sign-in is stored through it, and signedIn() comes once the
    // keychain has answered (a tool can quit then). A session the keychain refused is still
    // signed in; the manager says why it is not stored (storageError()).
    SessionManager *sessionManager() const;
    void setSessionManager(SessionManager *manager);

    // As LoginWidget's.
    bool fastLogin() const;
    void setFastLogin(bool enabled);
    int flowRenewIntervalMs() const;
    void setFlowRenewIntervalMs(int ms);
    int renewalLimit() const;
    void setRenewalLimit(int limit);

    State state() const;
    // What the QR on WeChat's page carries (the URL the phone opens), read from the page's
    // painted image; empty while none is shown (loading, renewing, expired, ended).
    QString qrText() const;
    // When the QR shown is replaced at the latest (the flow's renewal; WeChat may expire
    // it sooner, and then qrChanged() brings the next). Measured on this machine's clock.
    QDeadlineTimer qrDeadline() const;
    AuthError error() const; // when Failed
    Session session() const; // when SignedIn

    // Sets QT_QPA_PLATFORM=offscreen when it is unset and this session has no display
    // (neither DISPLAY nor WAYLAND_DISPLAY), so that a QApplication can be created over
    // ssh. Call before the QApplication exists; returns whether it did.
    static bool useOffscreenPlatformWithoutDisplay();

public Q_SLOTS:
    void start();  // a new attempt: a fresh flow, a fresh QR
    void retry();  // after a failure: the exchange again if it can still work, else start()
    void cancel(); // stops everything; state Idle

Q_SIGNALS:
    void stateChanged(WeChatLogin::LoginWidget::State state);
    // A new QR to show (text), or none any more (empty).
    void qrChanged(const QString &text);
    void fastLoginChanged(bool enabled);
    void flowRenewIntervalMsChanged(int ms);
    void renewalLimitChanged(int limit);

    void loading();
    void scanned();
    void cancelledOnPhone();
    void flowRenewed(); // a new QR is coming
    void expired();     // no more silent renewals: start() for a new QR
    void exchanging();
    void signedIn(const WeChatLogin::Session &session);
    void failed(const WeChatLogin::AuthError &error);
    // As LoginWidget's: fill authenticator in a directly connected slot.
    void proxyAuthenticationRequired(const QString &proxyHost, QAuthenticator *authenticator);

private:
    Q_DISABLE_COPY(HeadlessLogin)
    Q_DECLARE_PRIVATE(HeadlessLogin)
    std::unique_ptr<HeadlessLoginPrivate> d_ptr;
};

} // namespace WeChatLogin

#endif
