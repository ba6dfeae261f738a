// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_LOGINWIDGET_P_H
#define WECHATLOGIN_LOGINWIDGET_P_H

#include "errorpanel_p.h"
#include "loginpage_p.h"
#include "navigationpolicy_p.h"
#include "pagebridge_p.h"
#include "qroverlay_p.h"
#include "signinflows_p.h"

#include <WeChatLogin/authclient.h>
#include <WeChatLogin/callbackurl.h>
#include <WeChatLogin/loginwidget.h>

// Qt
#include <QCoreApplication>
#include <QPointer>

class QLabel;
class QStackedLayout;
class QStackedWidget;
class QTimer;
class QWebEngineCertificateError;
class QWebEngineLoadingInfo;

namespace WeChatLogin {

/*
 * LoginWidget's state machine (loginwidget.cpp), its native parts and their text
 * (loginwidgetui.cpp), and what it does with the page's navigations, reports and failures
 * (loginwidgetpage.cpp). The rules live elsewhere: trust in
 * TrustedHosts, navigations in NavigationPolicy, flows in SignInFlows, the page's
 * containment in LoginPage, the script protocol in PageBridge.
 */
class LoginWidgetPrivate
{
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::LoginWidget)
public:
    using State = LoginWidget::State;

    LoginWidgetPrivate(LoginWidget *widget, const AuthConfig &authConfig);

    LoginWidget *q;
    AuthConfig config;
    AuthConfig flowConfig; // what the current flow was started with
    QPointer<SessionManager> sessionManager;
    AuthClient *ownClient = nullptr; // when no session manager's client can be shared
    bool fastLogin = true;
    int renewMs;
    int renewalLimit = 3;
    int silentRenewals = 0; // since the last start() (the refresh button's too), retry() or scan

    LoginPage *page = nullptr;
    QWebEngineView *view = nullptr;
    RequestGuard *guard = nullptr;
    PageBridge *bridge = nullptr;
    QString handledScheme;

    QStackedWidget *stack = nullptr;
    QWidget *pageArea = nullptr;
    QStackedLayout *pageLayout = nullptr;
    QLabel *placeholder = nullptr;
    ErrorPanel *errorPanel = nullptr;
    QrOverlay *overlay = nullptr; // over the QR: scanned, expired
    QLabel *statusLabel = nullptr;

    State state = State::Idle;
    AuthError error;
    QString errorTitleText;
    bool errorTitleFromError = false;
    Session session;
    quint64 attempt = 0; // late events of an earlier page carry an older number
    SignInFlows flows;
    CallbackUrl pendingCallback; // kept for retry() after a retryable exchange failure
    QPointer<AuthReply> exchange;
    bool qrSeen = false;
    bool renewed = false;
    QUrl mainFrameUrl; // the main-frame navigation last allowed (a redirect continues it)
    QUrl qrPageUrl;    // WeChat's QR page of this flow (its lang= follows the UI)
    QTimer *loadTimer = nullptr;
    QTimer *renewTimer = nullptr;

    // loginwidgetui.cpp: the native parts
    void buildUi();
    void retranslate();
    QString pageLanguage() const; // lang= for WeChat's page: cn or en
    void followLanguage();        // reloads a waiting QR page in the new language, same flow
    void followPalette();         // the page shown takes the new colours
    void setStatus(const QString &text, bool alert = false);
    QString statusFor(State value) const;

    // loginwidget.cpp: the state machine
    void setState(State value);
    bool isShowingQr() const;
    AuthClient *client();
    QUrl goTrueCallback() const;
    bool isRedirect(const QUrl &url) const;
    AuthError prepareRedirectScheme();
    void beginFlow();
    void renew();
    void expire();
    void stopPage();
    void onQrShown();
    void onPhoneStatus(PageBridge::PhoneStatus status);
    void onCallback(const QUrl &url);
    void readCallback(const QUrl &url);
    void exchangeCode();
    QList<QPair<QString, QString>> authorizeParams() const;

    // loginwidgetpage.cpp: navigations, reports and failures
    void setUpPage();
    void onLinkClicked(const QUrl &url);
    NavigationPolicy::Context policyContext() const;
    bool onNavigation(const QUrl &url, QWebEnginePage::NavigationType type, bool isMainFrame);
    bool onGoTrueCallback(const QUrl &url);
    void completeGoTrueCallback(const QUrl &url);
    void later(std::function<void()> step);
    void onLoadingChanged(const QWebEngineLoadingInfo &info);
    void onCertificateError(const QWebEngineCertificateError &certificateError);
    void onNotQrPage(const QString &text);
    void fail(const AuthError &value, const QString &title = QString(),
              const QString &hint = QString(), const QString &detail = QString());
    void failWeChatPage(const QString &title);
    void failSiteUrlFallback(const QUrl &landed);
    void failUnreachable(const QString &errorString, const QString &detail);
    void failHttpAnswer(int status, const QByteArray &body, const QString &detail);

    // A URL safe to show or log: no user info, query or fragment (codes, tokens, state).
    static QString safeUrl(const QUrl &url);

    // loginwidgetprewarm.cpp: the pre-warmed widget (prewarm(config)), still off-screen,
    // or nullptr.
    static LoginWidget *prewarmedWidget();
    // The same, handed to the next LoginDialog for the same config, or nullptr. Ready to
    // show: its QR up or coming, or Idle when what it had could not be shown (the dialog
    // then starts it).
    static LoginWidget *takePrewarmed(const AuthConfig &config, QWidget *parent);
};

} // namespace WeChatLogin

#endif
