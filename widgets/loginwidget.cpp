// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "loginwidget.h"
#include "loginwidget_p.h"
#include "widgetslogging.h"

#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QEvent>
#include <QLabel>
#include <QStackedLayout>
#include <QStackedWidget>
#include <QTimer>
#include <QWebEngineProfile>
#include <QWebEngineUrlScheme>
#include <QWebEngineView>

#include <algorithm>

namespace WeChatLogin {

namespace {
constexpr int LoadTimeoutMs = 20000;
constexpr int DefaultRenewMs = 270000; // GoTrue's flow state lives 300 s
} // namespace

LoginWidgetPrivate::LoginWidgetPrivate(LoginWidget *widget, const AuthConfig &authConfig)
    : q(widget)
    , config(authConfig)
    , renewMs(DefaultRenewMs)
{}

// --- state -------------------------------------------------------------------------------

bool LoginWidgetPrivate::isShowingQr() const
{
    return state == State::Loading || state == State::QrShown || state == State::Scanned
           || state == State::Cancelled;
}

// Every state change goes through here: what is shown, the status line and the signals.
void LoginWidgetPrivate::setState(State value)
{
    const State previous = state;
    state = value;
    switch (value) {
    case State::QrShown:
    case State::Cancelled: // the QR stays usable: a new scan works
        stack->setCurrentWidget(pageArea);
        pageLayout->setCurrentWidget(view);
        break;
    case State::Scanned: // the QR dims under a check mark
        if (previous != State::Scanned)
            overlay->present(QrOverlay::Mode::Scanned, view->grab());
        stack->setCurrentWidget(pageArea);
        pageLayout->setCurrentWidget(overlay);
        break;
    case State::Expired: // expire() has laid the overlay out
        stack->setCurrentWidget(pageArea);
        pageLayout->setCurrentWidget(overlay);
        overlay->focusRefresh();
        break;
    case State::Failed:
        stack->setCurrentWidget(errorPanel);
        errorPanel->focusRetry();
        break;
    default:
        placeholder->setText(statusFor(value));
        stack->setCurrentWidget(pageArea);
        pageLayout->setCurrentWidget(placeholder);
        break;
    }
    setStatus(statusFor(value), value == State::Failed || value == State::Expired);
    statusLabel->setVisible(value != State::Failed); // the error panel says it already
    if (previous == value && value != State::Loading)
        return;
    if (previous != value)
        Q_EMIT q->stateChanged(value);
    switch (value) {
    case State::Loading:
        Q_EMIT q->loading();
        break;
    case State::QrShown:
        if (previous == State::Loading)
            Q_EMIT q->qrShown();
        break;
    case State::Scanned:
        Q_EMIT q->scanned();
        break;
    case State::Cancelled:
        Q_EMIT q->cancelledOnPhone();
        break;
    case State::Exchanging:
        Q_EMIT q->exchanging();
        break;
    case State::SignedIn:
        Q_EMIT q->signedIn(session);
        break;
    case State::Failed:
        Q_EMIT q->failed(error);
        break;
    case State::Expired:
        Q_EMIT q->expired();
        break;
    case State::Idle:
        break;
    }
}

// --- the flow ----------------------------------------------------------------------------

AuthClient *LoginWidgetPrivate::client()
{
    // One client with the session manager when both speak to the same project.
    if (sessionManager && sessionManager->client()->config() == config)
        return sessionManager->client();
    if (!ownClient)
        ownClient = new AuthClient(config, q);
    else if (!(ownClient->config() == config))
        ownClient->setConfig(config);
    return ownClient;
}

QUrl LoginWidgetPrivate::goTrueCallback() const
{
    const QUrl base = config.authBaseUrl();
    return base.resolved(QUrl(base.path() + QStringLiteral("/callback")));
}

bool LoginWidgetPrivate::isRedirect(const QUrl &url) const
{
    const QUrl redirect = config.redirectUrl();
    return !redirect.isEmpty() && CallbackUrl::matchesRedirect(url, redirect);
}

AuthError LoginWidgetPrivate::prepareRedirectScheme()
{
    const QUrl redirect = config.redirectUrl();
    if (redirect.isEmpty() || NavigationPolicy::isHttp(redirect))
        return AuthError();
    const QString scheme = redirect.scheme();
    if (QWebEngineUrlScheme::schemeByName(scheme.toLatin1()).name().isEmpty()) {
        return AuthError(AuthError::Kind::ConfigError,
                         QStringLiteral("the redirect URL's scheme %1: is not registered; call "
                                        "LoginWidget::registerUrlScheme() before QApplication")
                             .arg(scheme));
    }
    if (handledScheme != scheme) {
        page->profile()->installUrlSchemeHandler(scheme.toLatin1(), new RedirectSchemeHandler(q));
        handledScheme = scheme;
    }
    return AuthError();
}

// A new flow: a fresh verifier, a fresh /authorize, the QR behind the placeholder.
void LoginWidgetPrivate::beginFlow()
{
    stopPage();
    error = AuthError();
    session = Session();
    pendingCallback = CallbackUrl();
    qrSeen = false;
    renewed = false;
    mainFrameUrl = QUrl();
    qrPageUrl = QUrl();
    AuthError configError = config.validate();
    if (!configError.isError())
        configError = prepareRedirectScheme();
    if (configError.isError()) {
        flows.end();
        fail(configError, QString(), QString(), configError.toString());
        return;
    }
    bridge->install(page, q->palette()); // today's palette, a fresh nonce
    page->setBackgroundColor(q->palette().color(QPalette::Window));
    const AuthorizeRequest request = client()->prepareAuthorize(authorizeParams());
    flows.begin(request.codeVerifier);
    flowConfig = config;
    setState(State::Loading);
    loadTimer->start();
    renewTimer->start(renewMs);
    qCInfo(lcWidgets) << "loading the QR page";
    page->load(request.url);
}

void LoginWidgetPrivate::renew()
{
    if (!isShowingQr())
        return;
    if (renewalLimit >= 0 && silentRenewals >= renewalLimit)
        return expire();
    ++silentRenewals;
    qCInfo(lcWidgets) << "renewing the sign-in flow";
    Q_EMIT q->flowRenewed();
    beginFlow();
    renewed = true;
    placeholder->setText(statusFor(state));
    setStatus(statusFor(state));
}

// No more silent renewals: the last QR frame, dimmed, says it expired; nothing runs on.
void LoginWidgetPrivate::expire()
{
    qCInfo(lcWidgets) << "the QR expired after" << silentRenewals << "renewals without a scan";
    const bool qrVisible = qrSeen && state != State::Loading;
    overlay->present(QrOverlay::Mode::Expired, qrVisible ? view->grab() : QPixmap());
    stopPage();
    loadTimer->stop();
    renewTimer->stop();
    flows.end();
    setState(State::Expired);
}

void LoginWidgetPrivate::stopPage()
{
    ++attempt; // late events of this page belong to no attempt
    page->triggerAction(QWebEnginePage::Stop);
    page->setHtml(QString()); // ends the page's long poll
}

void LoginWidgetPrivate::onQrShown()
{
    if (state != State::Loading)
        return;
    qrSeen = true;
    loadTimer->stop();
    setState(State::QrShown);
    followLanguage(); // the language changed while the page loaded: once more, in it
}

void LoginWidgetPrivate::onPhoneStatus(PageBridge::PhoneStatus status)
{
    if (!qrSeen || !isShowingQr())
        return;
    switch (status) {
    case PageBridge::PhoneStatus::Scanned:
        silentRenewals = 0; // somebody is there
        setState(State::Scanned);
        break;
    case PageBridge::PhoneStatus::Cancelled:
        setState(State::Cancelled);
        break;
    case PageBridge::PhoneStatus::Waiting:
        setState(State::QrShown);
        break;
    }
}

// --- the callback ------------------------------------------------------------------------

void LoginWidgetPrivate::onCallback(const QUrl &url)
{
    if (!isShowingQr())
        return; // one callback per attempt
    stopPage();
    loadTimer->stop();
    renewTimer->stop();
    readCallback(url);
}

// The redirect URL GoTrue sent the sign-in to: a code or tokens to complete, or an error.
void LoginWidgetPrivate::readCallback(const QUrl &url)
{
    const CallbackUrl callback = CallbackUrl::parse(url, config.redirectUrl());
    qCInfo(lcWidgets).noquote() << "callback caught:" << callback.kind();
    switch (callback.kind()) {
    case CallbackUrl::Kind::Code:
    case CallbackUrl::Kind::Tokens:
        pendingCallback = callback;
        exchangeCode();
        return;
    case CallbackUrl::Kind::Error:
    case CallbackUrl::Kind::Malformed:
        fail(callback.error(), QString(), QString(), callback.error().toString());
        return;
    case CallbackUrl::Kind::NotCallback:
        break;
    }
    fail(AuthError(AuthError::Kind::InvalidResponse,
                   QStringLiteral("the redirect carries neither a code, tokens nor an error")),
         QString(), QString(), safeUrl(url));
}

void LoginWidgetPrivate::exchangeCode()
{
    setState(State::Exchanging);
    const quint64 current = attempt;
    exchange = client()->completeSignIn(pendingCallback, flows.verifier());
    AuthReply *reply = exchange;
    QObject::connect(reply, &AuthReply::finished, q, [this, reply, current] {
        if (current != attempt)
            return;
        if (reply->error().isError())
            return fail(reply->error(), QString(), QString(), reply->error().toString());
        session = reply->session();
        pendingCallback = CallbackUrl();
        flows.end();
        if (sessionManager)
            sessionManager->setSession(session); // the reply deletes itself; the manager reports
        setState(State::SignedIn);
    });
}

QList<QPair<QString, QString>> LoginWidgetPrivate::authorizeParams() const
{
    QList<QPair<QString, QString>> params = config.extraAuthorizeParams();
    const auto has = [&params](const QString &key) {
        return std::any_of(params.begin(), params.end(),
                           [&key](const auto &p) { return p.first == key; });
    };
    if (!has(QStringLiteral("lang")))
        params.append({QStringLiteral("lang"), pageLanguage()});
    if (!fastLogin && !has(QStringLiteral("fast_login")))
        params.append({QStringLiteral("fast_login"), QStringLiteral("0")});
    return params;
}

// --- LoginWidget -------------------------------------------------------------------------

LoginWidget::LoginWidget(const AuthConfig &config, QWidget *parent)
    : QWidget(parent)
    , d_ptr(std::make_unique<LoginWidgetPrivate>(this, config))
{
    Q_D(LoginWidget);
    qRegisterMetaType<WeChatLogin::Session>();
    qRegisterMetaType<WeChatLogin::AuthError>();
    d->loadTimer = new QTimer(this);
    d->loadTimer->setSingleShot(true);
    d->loadTimer->setInterval(LoadTimeoutMs);
    connect(d->loadTimer, &QTimer::timeout, this, [d] {
        d->fail(AuthError(AuthError::Kind::Timeout, QStringLiteral("the QR page did not load")),
                tr("The QR code did not load in time."),
                tr("Check your internet connection, then retry."));
    });
    d->renewTimer = new QTimer(this);
    d->renewTimer->setSingleShot(true);
    connect(d->renewTimer, &QTimer::timeout, this, [d] { d->renew(); });
    d->buildUi();
    d->setUpPage();
    d->retranslate();
}

LoginWidget::~LoginWidget()
{
    Q_D(LoginWidget);
    // QtWebEngine needs every page gone before its profile.
    d->exchange.clear();
    QWebEngineProfile *profile = d->page->profile();
    delete d->view;
    d->view = nullptr;
    for (QWebEnginePage *page : findChildren<QWebEnginePage *>())
        delete page;
    d->page = nullptr;
    delete profile;
}

void LoginWidget::prewarm()
{
    LoginPage::prewarm();
}

void LoginWidget::registerUrlScheme(const QString &scheme)
{
    QWebEngineUrlScheme urlScheme(scheme.toLatin1());
    urlScheme.setSyntax(QWebEngineUrlScheme::Syntax::Path);
    urlScheme.setFlags(QWebEngineUrlScheme::SecureScheme);
    QWebEngineUrlScheme::registerScheme(urlScheme);
}

void LoginWidget::start()
{
    Q_D(LoginWidget);
    d->silentRenewals = 0;
    if (d->state == State::Loading && d->flowConfig == d->config && d->flows.isActive()) {
        qCInfo(lcWidgets) << "already loading a QR code: start() ignored";
        return; // a double-clicked sign-in starts one flow
    }
    d->beginFlow();
}

void LoginWidget::retry()
{
    Q_D(LoginWidget);
    d->silentRenewals = 0;
    const bool canExchangeAgain = d->state == State::Failed && d->error.isRetryable()
                                  && d->pendingCallback.kind() == CallbackUrl::Kind::Code
                                  && d->flows.isActive();
    if (!canExchangeAgain)
        return d->beginFlow();
    d->exchangeCode();
}

void LoginWidget::cancel()
{
    Q_D(LoginWidget);
    d->stopPage();
    d->loadTimer->stop();
    d->renewTimer->stop();
    if (d->exchange)
        d->exchange->abort();
    d->pendingCallback = CallbackUrl();
    d->flows.end();
    d->setState(State::Idle);
}

void LoginWidget::changeEvent(QEvent *event)
{
    Q_D(LoginWidget);
    if (event->type() == QEvent::LanguageChange) {
        d->retranslate();
        d->followLanguage();
    } else if (event->type() == QEvent::PaletteChange) {
        d->followPalette();
    }
    QWidget::changeEvent(event);
}

} // namespace WeChatLogin
