// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "loginwidget.h"
#include "loginpage_p.h"
#include "widgetslogging.h"

#include <WeChatLogin/authclient.h>
#include <WeChatLogin/callbackurl.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QAccessible>
#include <QApplication>
#include <QDesktopServices>
#include <QEvent>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRandomGenerator>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWebEngineCertificateError>
#include <QWebEngineDownloadRequest>
#include <QWebEngineFileSystemAccessRequest>
#include <QWebEngineFullScreenRequest>
#include <QWebEngineLoadingInfo>
#include <QWebEngineNewWindowRequest>
#include <QWebEngineProfile>
#include <QWebEngineRegisterProtocolHandlerRequest>
#include <QWebEngineScript>
#include <QWebEngineScriptCollection>
#include <QWebEngineSettings>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>
#include <QWebEngineView>

#include <algorithm>

namespace WeChatLogin {

namespace {

constexpr int LoadTimeoutMs = 20000;
constexpr int DefaultRenewMs = 270000; // GoTrue's flow state lives 300 s
constexpr int NetErrAborted = -3;      // a navigation we refused

bool isHttp(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
}

// A URL safe to show or log: no query or fragment (codes, tokens, state).
QString safeUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString();
}

QString readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

QString cssColor(const QColor &color)
{
    return color.name(QColor::HexRgb);
}

// Holds a profile and a page started ahead of the first LoginWidget.
class WarmEngine : public QObject
{
public:
    WarmEngine()
        : QObject(qApp)
    {
        profile = new QWebEngineProfile(this); // off the record
        // A blank page starts the engine and a renderer process; the first widget adopts
        // both, and its first navigation reuses that still site-less process.
        page = new LoginPage(profile, this);
        page->load(QUrl(QStringLiteral("about:blank")));
        connect(qApp, &QCoreApplication::aboutToQuit, this, &WarmEngine::release);
    }
    ~WarmEngine() override { release(); }

    void release()
    {
        delete page; // pages before their profile
        page = nullptr;
        delete profile;
        profile = nullptr;
    }

    QPointer<QWebEngineProfile> profile;
    QPointer<LoginPage> page;
};

QPointer<WarmEngine> &warmEngine()
{
    static QPointer<WarmEngine> engine;
    return engine;
}

} // namespace

void CallbackSchemeHandler::requestStarted(QWebEngineUrlRequestJob *job)
{
    const QUrl url = job->requestUrl();
    job->fail(QWebEngineUrlRequestJob::RequestAborted); // never served
    if (onCallback)
        onCallback(url);
}

class LoginWidgetPrivate
{
    Q_DECLARE_TR_FUNCTIONS(WeChatLogin::LoginWidget)
public:
    using State = LoginWidget::State;

    explicit LoginWidgetPrivate(LoginWidget *widget)
        : q(widget)
    {}

    LoginWidget *q;
    AuthConfig config;
    QPointer<SessionManager> sessionManager;
    AuthClient *client = nullptr;
    bool fastLogin = true;
    int renewMs = DefaultRenewMs;

    QWebEngineProfile *profile = nullptr;
    LoginPage *page = nullptr;
    QWebEngineView *view = nullptr;
    CallbackInterceptor *interceptor = nullptr;
    CallbackSchemeHandler *schemeHandler = nullptr;
    QString handledScheme;

    QStackedWidget *stack = nullptr;
    QWidget *errorPanel = nullptr;
    QLabel *errorTitle = nullptr;
    QLabel *errorHint = nullptr;
    QToolButton *detailsButton = nullptr;
    QPlainTextEdit *details = nullptr;
    QPushButton *retryButton = nullptr;
    QLabel *busyLabel = nullptr;
    QLabel *statusLabel = nullptr;

    State state = State::Idle;
    AuthError error;
    QString errorTitleText;
    QString errorHintText;
    bool errorTitleFromError = false;
    Session session;
    QString nonce;
    quint64 attempt = 0;
    QString verifier;
    CallbackUrl pendingCallback; // kept for retry() after a retryable exchange failure
    QPointer<AuthReply> exchange;
    bool qrSeen = false;
    bool renewed = false;
    QTimer *loadTimer = nullptr;
    QTimer *renewTimer = nullptr;

    void buildUi();
    void setUpProfile();
    void installScript();
    void retranslate();
    void setState(State value);
    void setStatus(const QString &text, bool alert = false);
    QString statusFor(State value) const;

    bool isTrusted(const QUrl &url) const;
    bool isRedirect(const QUrl &url) const;
    bool onNavigation(const QUrl &url, QWebEnginePage::NavigationType type, bool isMainFrame);
    void onConsole(const QString &message);
    void onLoadingChanged(const QWebEngineLoadingInfo &info);
    void onCallback(const QUrl &url);
    void exchangeCode();
    void finishSignIn(const Session &value);
    void fail(const AuthError &value, const QString &title = QString(),
              const QString &hint = QString(), const QString &detail = QString());
    void failWeChatPage(const QString &title);
    void failSiteUrlFallback(const QUrl &landed);
    void failUnreachable(const QString &errorString, const QString &detail);
    void failHttpAnswer(int status, const QByteArray &body, const QString &detail);
    void handleCallback(const QUrl &url);
    bool isGoTrueCallback(const QUrl &url) const;
    void completeGoTrueCallback(const QUrl &url);
    void renew();
    void stopPage();
    QList<QPair<QString, QString>> authorizeParams() const;
};

// --- construction ----------------------------------------------------------------------

void LoginWidgetPrivate::buildUi()
{
    auto *layout = new QVBoxLayout(q);
    layout->setContentsMargins(0, 0, 0, 0);
    stack = new QStackedWidget(q);
    layout->addWidget(stack, 1);

    view = new QWebEngineView(stack);
    view->setContextMenuPolicy(Qt::NoContextMenu);
    view->setMinimumSize(280, 300);
    stack->addWidget(view);

    busyLabel = new QLabel(stack);
    busyLabel->setAlignment(Qt::AlignCenter);
    busyLabel->setWordWrap(true);
    stack->addWidget(busyLabel);

    errorPanel = new QWidget(stack);
    auto *errorLayout = new QVBoxLayout(errorPanel);
    errorLayout->addStretch(1);
    errorTitle = new QLabel(errorPanel);
    errorTitle->setWordWrap(true);
    errorTitle->setAlignment(Qt::AlignCenter);
    QFont titleFont = errorTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    errorTitle->setFont(titleFont);
    errorLayout->addWidget(errorTitle);
    errorHint = new QLabel(errorPanel);
    errorHint->setWordWrap(true);
    errorHint->setAlignment(Qt::AlignCenter);
    errorHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorLayout->addWidget(errorHint);
    retryButton = new QPushButton(errorPanel);
    retryButton->setDefault(true);
    errorLayout->addWidget(retryButton, 0, Qt::AlignCenter);
    detailsButton = new QToolButton(errorPanel);
    detailsButton->setCheckable(true);
    detailsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    detailsButton->setArrowType(Qt::RightArrow);
    errorLayout->addWidget(detailsButton, 0, Qt::AlignCenter);
    details = new QPlainTextEdit(errorPanel);
    details->setReadOnly(true);
    details->setVisible(false);
    details->setMaximumHeight(120);
    errorLayout->addWidget(details);
    errorLayout->addStretch(1);
    stack->addWidget(errorPanel);

    statusLabel = new QLabel(q);
    statusLabel->setAlignment(Qt::AlignCenter);
    statusLabel->setWordWrap(true);
    statusLabel->setMinimumHeight(statusLabel->fontMetrics().height() * 2);
    layout->addWidget(statusLabel);

    QObject::connect(retryButton, &QPushButton::clicked, q, &LoginWidget::retry);
    QObject::connect(detailsButton, &QToolButton::toggled, q, [this](bool on) {
        details->setVisible(on);
        detailsButton->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    });
    q->setFocusProxy(view);
}

void LoginWidgetPrivate::setUpProfile()
{
    // A pre-warmed engine is adopted once; otherwise a fresh off-the-record profile.
    WarmEngine *warm = warmEngine();
    LoginPage *warmPage = nullptr;
    if (warm && warm->profile && warm->page) {
        profile = warm->profile;
        profile->setParent(q);
        warmPage = warm->page;
        warmPage->setParent(q);
        warm->page = nullptr;
        warm->profile = nullptr;
        warm->deleteLater();
    } else {
        profile = new QWebEngineProfile(q); // no storage name: off the record
    }
    profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    QObject::connect(profile, &QWebEngineProfile::downloadRequested, q,
                     [](QWebEngineDownloadRequest *download) {
                         qCInfo(lcWidgets) << "download refused";
                         download->cancel();
                     });

    interceptor = new CallbackInterceptor(q);
    interceptor->isCallback = [this](const QUrl &url) { return isRedirect(url); };
    interceptor->onCallback = [this](const QUrl &url) {
        QTimer::singleShot(0, q, [this, url] { onCallback(url); });
    };
    profile->setUrlRequestInterceptor(interceptor);

    page = warmPage ? warmPage : new LoginPage(profile, q);
    page->onNavigation = [this](const QUrl &url, QWebEnginePage::NavigationType type,
                                bool isMainFrame) { return onNavigation(url, type, isMainFrame); };
    page->onConsole = [this](const QString &message) { onConsole(message); };
    QWebEngineSettings *settings = page->settings();
    settings->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanAccessClipboard, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanPaste, false);
    settings->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    settings->setAttribute(QWebEngineSettings::ErrorPageEnabled, false);
    settings->setAttribute(QWebEngineSettings::FullScreenSupportEnabled, false);
    settings->setAttribute(QWebEngineSettings::ScreenCaptureEnabled, false);
    settings->setAttribute(QWebEngineSettings::WebRTCPublicInterfacesOnly, true);
    settings->setAttribute(QWebEngineSettings::NavigateOnDropEnabled, false);
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);

    QObject::connect(page, &QWebEnginePage::featurePermissionRequested, q,
                     [this](const QUrl &origin, QWebEnginePage::Feature feature) {
                         qCInfo(lcWidgets) << "permission refused:" << feature;
                         page->setFeaturePermission(origin, feature,
                                                    QWebEnginePage::PermissionDeniedByUser);
                     });
    QObject::connect(page, &QWebEnginePage::fileSystemAccessRequested, q,
                     [](QWebEngineFileSystemAccessRequest request) { request.reject(); });
    QObject::connect(page, &QWebEnginePage::registerProtocolHandlerRequested, q,
                     [](QWebEngineRegisterProtocolHandlerRequest request) { request.reject(); });
    QObject::connect(page, &QWebEnginePage::fullScreenRequested, q,
                     [](QWebEngineFullScreenRequest request) { request.reject(); });
    QObject::connect(page, &QWebEnginePage::certificateError, q,
                     [this](const QWebEngineCertificateError &certificateError) {
                         QWebEngineCertificateError e = certificateError;
                         e.rejectCertificate(); // never overridden
                         fail(AuthError(AuthError::Kind::Tls, e.description()), QString(),
                              QString(), safeUrl(e.url()) + u'\n' + e.description());
                     });
    QObject::connect(
        page, &QWebEnginePage::newWindowRequested, q, [this](QWebEngineNewWindowRequest &request) {
            // No popups: a link the user chose opens in the system browser.
            const QUrl url = request.requestedUrl();
            if (request.isUserInitiated() && isHttp(url) && !isRedirect(url)) {
                qCInfo(lcWidgets).noquote() << "opening in the browser:" << safeUrl(url);
                QDesktopServices::openUrl(url);
            } else {
                qCInfo(lcWidgets).noquote() << "popup refused:" << safeUrl(url);
            }
        });
    QObject::connect(page, &QWebEnginePage::loadingChanged, q,
                     [this](const QWebEngineLoadingInfo &info) { onLoadingChanged(info); });
    installScript();
    view->setPage(page);
}

void LoginWidgetPrivate::installScript()
{
    // The nonce lets the widget tell its own script's reports from anything the page logs.
    nonce = QString::number(QRandomGenerator::system()->generate64(), 36);
    const QPalette palette = q->palette();
    QString source = readResource(QStringLiteral(":/wechatlogin/widgets/qrpage.js"));
    const QString css = readResource(QStringLiteral(":/wechatlogin/widgets/qrpage.css"));
    source.replace(QLatin1String("@NONCE@"), nonce);
    source.replace(QLatin1String("@CSS@"),
                   QString::fromUtf8(QJsonDocument(QJsonArray{css}).toJson(QJsonDocument::Compact))
                       .mid(1)
                       .chopped(1));
    source.replace(QLatin1String("@BG@"), cssColor(palette.color(QPalette::Window)));
    source.replace(QLatin1String("@FG@"), cssColor(palette.color(QPalette::WindowText)));
    QWebEngineScript script;
    script.setName(QStringLiteral("wechatlogin-qrpage"));
    script.setSourceCode(source);
    script.setInjectionPoint(QWebEngineScript::DocumentReady);
    script.setWorldId(QWebEngineScript::ApplicationWorld);
    script.setRunsOnSubFrames(false);
    QWebEngineScriptCollection &scripts = page->scripts();
    for (const QWebEngineScript &old : scripts.find(script.name()))
        scripts.remove(old);
    scripts.insert(script);
}

// --- state and text ------------------------------------------------------------------------

QString LoginWidgetPrivate::statusFor(State value) const
{
    switch (value) {
    case State::Idle:
        return QString();
    case State::Loading:
        return tr("Loading the QR code…");
    case State::QrShown:
        return renewed ? tr("QR code refreshed. Scan it with WeChat to sign in.")
                       : tr("Scan the QR code with WeChat to sign in.");
    case State::Scanned:
        return tr("Scanned. Confirm the sign-in in WeChat on your phone.");
    case State::Cancelled:
        return tr("You cancelled the sign-in on your phone. Scan again to retry.");
    case State::Exchanging:
        return tr("Signing in…");
    case State::SignedIn:
        return tr("Signed in.");
    case State::Failed:
        return errorTitleText;
    }
    return QString();
}

void LoginWidgetPrivate::setStatus(const QString &text, bool alert)
{
    if (statusLabel->text() == text)
        return;
    statusLabel->setText(text);
    statusLabel->setAccessibleName(text);
    // Screen readers announce the change, an error as an alert.
    QAccessibleEvent event(statusLabel, alert ? QAccessible::Alert : QAccessible::NameChanged);
    QAccessible::updateAccessibility(&event);
    Q_EMIT q->statusTextChanged(text);
}

void LoginWidgetPrivate::setState(State value)
{
    const bool changed = state != value;
    state = value;
    switch (value) {
    case State::Exchanging:
    case State::SignedIn:
        busyLabel->setText(statusFor(value));
        stack->setCurrentWidget(busyLabel);
        break;
    case State::Failed:
        stack->setCurrentWidget(errorPanel);
        retryButton->setFocus();
        break;
    default:
        stack->setCurrentWidget(view);
        break;
    }
    setStatus(statusFor(value), value == State::Failed);
    statusLabel->setVisible(value != State::Failed); // the error panel says it already
    if (changed)
        Q_EMIT q->stateChanged(value);
}

void LoginWidgetPrivate::retranslate()
{
    view->setAccessibleName(tr("WeChat QR code"));
    view->setAccessibleDescription(tr("Scan this QR code with WeChat on your phone."));
    statusLabel->setAccessibleDescription(tr("Sign-in status"));
    retryButton->setText(tr("&Retry"));
    retryButton->setAccessibleName(tr("Retry the sign-in"));
    detailsButton->setText(tr("Details"));
    detailsButton->setAccessibleName(tr("Show technical details"));
    details->setAccessibleName(tr("Technical details"));
    busyLabel->setAccessibleName(tr("Sign-in progress"));
    if (state == State::Failed && errorTitleFromError)
        errorTitleText = error.userMessage(); // in the new language
    if (state != State::Failed)
        busyLabel->setText(statusFor(state));
    errorTitle->setText(errorTitleText);
    setStatus(statusFor(state), false);
}

// --- navigation --------------------------------------------------------------------------

bool LoginWidgetPrivate::isTrusted(const QUrl &url) const
{
    if (!isHttp(url))
        return false;
    const QUrl base = config.projectUrl();
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    if (url.scheme() == base.scheme() && url.host().compare(base.host(), Qt::CaseInsensitive) == 0
        && url.port(defaultPort) == base.port(base.scheme() == QLatin1String("https") ? 443 : 80))
        return true;
    for (const QString &entry : config.trustedHosts()) {
        // "host" or "host:port"
        const int colon = int(entry.lastIndexOf(u':'));
        bool hasPort = false;
        const int port = colon > 0 ? QStringView(entry).mid(colon + 1).toInt(&hasPort) : 0;
        const QString host = hasPort ? entry.left(colon) : entry;
        if (url.host().compare(host, Qt::CaseInsensitive) != 0)
            continue;
        if (hasPort) {
            if (url.port(defaultPort) == port)
                return true;
        } else if (url.scheme() == QLatin1String("https")) {
            return true; // a bare host name means its default https origin
        }
    }
    return false;
}

bool LoginWidgetPrivate::isRedirect(const QUrl &url) const
{
    const QUrl redirect = config.redirectUrl();
    return !redirect.isEmpty() && CallbackUrl::matchesRedirect(url, redirect);
}

bool LoginWidgetPrivate::onNavigation(const QUrl &url, QWebEnginePage::NavigationType type,
                                      bool isMainFrame)
{
    qCDebug(lcWidgets).noquote() << "navigation" << safeUrl(url) << type
                                 << (isMainFrame ? "main frame" : "sub-frame");
    if (url.scheme() == QLatin1String("about") || url.scheme() == QLatin1String("data"))
        return true;
    if (isRedirect(url)) {
        // Never fetched: the redirect's content is ours to read, not to load.
        const quint64 current = attempt;
        QTimer::singleShot(0, q, [this, url, current] {
            if (current == attempt)
                onCallback(url);
        });
        return false;
    }
    if (state == State::Idle || state == State::Failed || state == State::SignedIn
        || state == State::Exchanging)
        return false;
    if (isMainFrame && isGoTrueCallback(url)) {
        // Qt 6.4's Chromium silently drops a page-initiated navigation whose redirect goes
        // to a custom scheme (GoTrue's 302 to myapp://callback never reaches the scheme
        // handler or the interceptor). So for a custom-scheme redirect URL the widget makes
        // GoTrue's callback request itself and reads the redirect from its answer.
        const quint64 current = attempt;
        QTimer::singleShot(0, q, [this, url, current] {
            if (current == attempt)
                completeGoTrueCallback(url);
        });
        return false;
    }
    if (isTrusted(url)) {
        // WeChat's page reloads itself when the QR expires (Chromium reports that as a
        // redirect): renew the whole flow instead, so the verifier and GoTrue's flow
        // state are fresh too.
        const auto bare = [](const QUrl &u) { return u.adjusted(QUrl::RemoveFragment); };
        if (isMainFrame && qrSeen && bare(url) == bare(page->url())
            && url.path().endsWith(QLatin1String("/connect/qrconnect"))) {
            QTimer::singleShot(0, q, [this] { renew(); });
            return false;
        }
        return true;
    }
    // Not ours and not trusted. GoTrue's Site URL fallback carries the sign-in here.
    const CallbackUrl fallback = CallbackUrl::parse(url, QUrl());
    if (fallback.kind() != CallbackUrl::Kind::NotCallback) {
        if (config.redirectUrl().isEmpty()) {
            QTimer::singleShot(0, q, [this, url] { onCallback(url); });
        } else {
            QTimer::singleShot(0, q, [this, url] { failSiteUrlFallback(url); });
        }
        return false;
    }
    if (type == QWebEnginePage::NavigationTypeLinkClicked && isHttp(url)) {
        qCInfo(lcWidgets).noquote() << "opening in the browser:" << safeUrl(url);
        QDesktopServices::openUrl(url);
        return false;
    }
    qCInfo(lcWidgets).noquote() << "navigation refused:" << safeUrl(url) << "type" << type
                                << (isMainFrame ? "main frame" : "sub-frame");
    if (isMainFrame && type == QWebEnginePage::NavigationTypeRedirect)
        QTimer::singleShot(0, q, [this, url] { failSiteUrlFallback(url); });
    return false;
}

void LoginWidgetPrivate::onConsole(const QString &message)
{
    const QString prefix = QStringLiteral("wechatlogin:") + nonce + u':';
    if (!message.startsWith(prefix))
        return;
    const QString report = message.mid(prefix.size());
    const QString kind = report.section(u':', 0, 0);
    const QString detail = report.section(u':', 1);
    if (state == State::Idle || state == State::Failed || state == State::Exchanging
        || state == State::SignedIn)
        return;
    if (kind == QLatin1String("qr")) {
        qrSeen = true;
        loadTimer->stop();
        setState(State::QrShown);
        Q_EMIT q->qrShown();
    } else if (kind == QLatin1String("status")) {
        if (detail == QLatin1String("scanned") && state != State::Scanned) {
            setState(State::Scanned);
            Q_EMIT q->scanned();
        } else if (detail == QLatin1String("cancelled") && state != State::Cancelled) {
            setState(State::Cancelled);
            Q_EMIT q->cancelledOnPhone();
        } else if (detail == QLatin1String("waiting") && qrSeen && state != State::QrShown) {
            setState(State::QrShown);
        }
    } else if (kind == QLatin1String("wechat-error")) {
        failWeChatPage(detail);
    } else if (kind == QLatin1String("qr-error")) {
        fail(AuthError(AuthError::Kind::Network, QStringLiteral("the QR image did not load")));
    } else if (kind == QLatin1String("other")) {
        const QUrl url = page->url();
        // GoTrue answers a refused /authorize with a JSON error body, shown as text.
        const QJsonObject body = QJsonDocument::fromJson(detail.toUtf8()).object();
        if (!body.isEmpty()) {
            fail(AuthError::fromHttpResponse(400, detail.toUtf8()), QString(), QString(),
                 safeUrl(url) + u'\n' + detail);
        } else {
            fail(AuthError(AuthError::Kind::ProviderError,
                           QStringLiteral("the sign-in page is not WeChat's QR page")),
                 tr("The sign-in page did not show a QR code."),
                 tr("Check the project URL and that the WeChat provider is enabled in MemFire."),
                 safeUrl(url));
        }
    }
}

void LoginWidgetPrivate::onLoadingChanged(const QWebEngineLoadingInfo &info)
{
    if (info.status() != QWebEngineLoadingInfo::LoadFailedStatus)
        return;
    if (state != State::Loading && state != State::QrShown && state != State::Scanned
        && state != State::Cancelled)
        return;
    if (info.errorCode() == NetErrAborted || isRedirect(info.url()))
        return; // a navigation we refused
    const QString detail = safeUrl(info.url()) + u'\n' + info.errorString() + QStringLiteral(" (")
                           + QString::number(info.errorCode()) + u')';
    switch (info.errorDomain()) {
    case QWebEngineLoadingInfo::CertificateErrorDomain:
        fail(AuthError(AuthError::Kind::Tls, info.errorString()), QString(), QString(), detail);
        return;
    case QWebEngineLoadingInfo::HttpStatusCodeDomain: {
        const int status = info.errorCode();
        const quint64 current = attempt;
        page->runJavaScript(QStringLiteral("document.body ? document.body.innerText : ''"),
                            QWebEngineScript::ApplicationWorld,
                            [this, status, current, detail](const QVariant &v) {
                                if (current != attempt)
                                    return;
                                failHttpAnswer(status, v.toString().toUtf8(), detail);
                            });
        return;
    }
    default:
        failUnreachable(info.errorString(), detail);
    }
}

void LoginWidgetPrivate::failUnreachable(const QString &errorString, const QString &detail)
{
    fail(AuthError(AuthError::Kind::Network, errorString),
         tr("The sign-in page could not be loaded."),
         tr("Check your internet connection, then retry."), detail);
}

// GoTrue's error body says what is wrong (e.g. the provider is not enabled).
void LoginWidgetPrivate::failHttpAnswer(int status, const QByteArray &body, const QString &detail)
{
    fail(AuthError::fromHttpResponse(status, body), QString(), QString(),
         detail + u'\n' + QString::fromUtf8(body.left(2000)));
}

// --- the callback ------------------------------------------------------------------------

void LoginWidgetPrivate::onCallback(const QUrl &url)
{
    if (state == State::Idle || state == State::Exchanging || state == State::SignedIn
        || state == State::Failed)
        return; // one callback per attempt
    handleCallback(url);
}

void LoginWidgetPrivate::handleCallback(const QUrl &url)
{
    stopPage();
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
    loadTimer->stop();
    renewTimer->stop();
    setState(State::Exchanging);
    Q_EMIT q->exchanging();
    const quint64 current = attempt;
    exchange = client->completeSignIn(pendingCallback, verifier);
    AuthReply *reply = exchange;
    QObject::connect(reply, &AuthReply::finished, q, [this, reply, current] {
        if (current != attempt)
            return;
        if (reply->error().isError())
            return fail(reply->error(), QString(), QString(), reply->error().toString());
        finishSignIn(reply->session());
    });
}

void LoginWidgetPrivate::finishSignIn(const Session &value)
{
    session = value;
    pendingCallback = CallbackUrl();
    verifier.clear();
    if (sessionManager)
        sessionManager->setSession(value); // the reply deletes itself; the manager reports

    setState(State::SignedIn);
    Q_EMIT q->signedIn(value);
}

void LoginWidgetPrivate::fail(const AuthError &value, const QString &title, const QString &hint,
                              const QString &detail)
{
    if (state == State::Failed || state == State::SignedIn || state == State::Idle)
        return;
    stopPage();
    loadTimer->stop();
    renewTimer->stop();
    error = value;
    errorTitleFromError = title.isEmpty();
    errorTitleText = title.isEmpty() ? value.userMessage() : title;
    errorHintText = hint;
    if (errorHintText.isEmpty()) {
        switch (value.kind()) {
        case AuthError::Kind::Network:
        case AuthError::Kind::Timeout:
        case AuthError::Kind::ServerUnavailable:
            errorHintText = tr("Check your internet connection, then retry.");
            break;
        case AuthError::Kind::FlowExpired:
        case AuthError::Kind::StateInvalid:
        case AuthError::Kind::CodeInvalid:
            errorHintText = tr("Retry to get a new QR code.");
            break;
        case AuthError::Kind::Tls:
            errorHintText = tr("The connection is not secure: its certificate was refused.");
            break;
        default:
            break;
        }
    }
    errorTitle->setText(errorTitleText);
    errorHint->setText(errorHintText);
    errorHint->setVisible(!errorHintText.isEmpty());
    details->setPlainText(detail.isEmpty() ? value.toString() : detail);
    detailsButton->setChecked(false);
    qCInfo(lcWidgets).noquote() << "sign-in failed:" << value.toString();
    setState(State::Failed);
    Q_EMIT q->failed(value);
}

void LoginWidgetPrivate::failWeChatPage(const QString &title)
{
    QString hint;
    if (title.contains(QLatin1String("redirect_uri"))) {
        hint = tr("WeChat refused the callback address. In the WeChat Open Platform, set the "
                  "website app's 授权回调域 (authorization callback domain) to the domain of "
                  "your MemFire project.");
    } else if (title.contains(QLatin1String("Scope"), Qt::CaseInsensitive)) {
        hint = tr("The AppID is not an approved WeChat website application (网站应用) with "
                  "the snsapi_login scope. Check the WeChat provider's AppID in MemFire.");
    } else if (title.contains(QLatin1String("AppID"), Qt::CaseInsensitive)) {
        hint = tr("WeChat does not know this AppID. Check the WeChat provider's AppID in "
                  "MemFire.");
    } else {
        hint = tr("WeChat refused the sign-in request.");
    }
    fail(AuthError(AuthError::Kind::ProviderError, title),
         tr("WeChat cannot show a QR code: %1").arg(title), hint, title);
}

bool LoginWidgetPrivate::isGoTrueCallback(const QUrl &url) const
{
    const QUrl redirect = config.redirectUrl();
    if (redirect.isEmpty() || isHttp(redirect))
        return false; // http(s) redirects arrive as navigations, caught above
    const QUrl callback = config.authBaseUrl();
    return url.scheme() == callback.scheme() && url.host() == callback.host()
           && url.port(-1) == callback.port(-1)
           && url.path() == callback.path() + QStringLiteral("/callback");
}

void LoginWidgetPrivate::completeGoTrueCallback(const QUrl &url)
{
    if (state != State::QrShown && state != State::Scanned && state != State::Cancelled
        && state != State::Loading)
        return;
    stopPage();
    loadTimer->stop();
    renewTimer->stop();
    setState(State::Exchanging); // the page is gone; nothing it reports counts now
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(config.requestTimeoutMs());
    QNetworkReply *reply = client->networkAccessManager()->get(request);
    const quint64 current = attempt;
    QObject::connect(reply, &QNetworkReply::finished, q, [this, reply, current] {
        reply->deleteLater();
        if (current != attempt)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray locationHeader = reply->rawHeader("Location");
        const QUrl location = reply->url().resolved(QUrl::fromEncoded(locationHeader));
        if (status >= 300 && status < 400 && !locationHeader.isEmpty() && location.isValid()) {
            if (isRedirect(location))
                handleCallback(location);
            else
                failSiteUrlFallback(location); // GoTrue sent the browser elsewhere
            return;
        }
        if (reply->error() == QNetworkReply::SslHandshakeFailedError) {
            fail(AuthError(AuthError::Kind::Tls, reply->errorString()), QString(), QString(),
                 safeUrl(reply->url()) + u'\n' + reply->errorString());
            return;
        }
        if (reply->error() != QNetworkReply::NoError && status == 0) {
            failUnreachable(reply->errorString(), safeUrl(reply->url()));
            return;
        }
        failHttpAnswer(status, reply->readAll().left(qsizetype(64) * 1024), safeUrl(reply->url()));
    });
}

void LoginWidgetPrivate::failSiteUrlFallback(const QUrl &landed)
{
    fail(AuthError(AuthError::Kind::ConfigError,
                   QStringLiteral("the sign-in ended on %1 instead of the redirect URL")
                       .arg(safeUrl(landed))),
         tr("The sign-in did not come back to this app."),
         tr("MemFire sent the browser to %1 instead of %2: add %2 to the 重定向URL列表 "
            "(redirect URLs) of your MemFire project's authentication settings.")
             .arg(safeUrl(landed), safeUrl(config.redirectUrl())),
         safeUrl(landed));
}

void LoginWidgetPrivate::renew()
{
    if (state != State::Loading && state != State::QrShown && state != State::Scanned
        && state != State::Cancelled)
        return;
    qCInfo(lcWidgets) << "renewing the sign-in flow";
    Q_EMIT q->flowRenewed();
    q->start();
    renewed = true;
    setStatus(statusFor(state));
}

void LoginWidgetPrivate::stopPage()
{
    ++attempt; // late events of this page belong to no attempt
    page->triggerAction(QWebEnginePage::Stop);
    page->setHtml(QString()); // ends the page's long poll
}

QList<QPair<QString, QString>> LoginWidgetPrivate::authorizeParams() const
{
    QList<QPair<QString, QString>> params = config.extraAuthorizeParams();
    const auto has = [&params](const QString &key) {
        return std::any_of(params.begin(), params.end(),
                           [&key](const auto &p) { return p.first == key; });
    };
    if (!has(QStringLiteral("lang"))) {
        const bool chinese = q->locale().language() == QLocale::Chinese;
        params.append(
            {QStringLiteral("lang"), chinese ? QStringLiteral("cn") : QStringLiteral("en")});
    }
    if (!fastLogin && !has(QStringLiteral("fast_login")))
        params.append({QStringLiteral("fast_login"), QStringLiteral("0")});
    return params;
}

// --- LoginWidget -------------------------------------------------------------------------

LoginWidget::LoginWidget(const AuthConfig &config, QWidget *parent)
    : QWidget(parent)
    , d_ptr(std::make_unique<LoginWidgetPrivate>(this))
{
    Q_D(LoginWidget);
    qRegisterMetaType<WeChatLogin::Session>();
    qRegisterMetaType<WeChatLogin::AuthError>();
    d->config = config;
    d->client = new AuthClient(config, this);
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
    d->setUpProfile();
    d->retranslate();
}

LoginWidget::~LoginWidget()
{
    Q_D(LoginWidget);
    // QtWebEngine needs every page gone before its profile.
    d->exchange.clear();
    delete d->view;
    d->view = nullptr;
    for (QWebEnginePage *page : findChildren<QWebEnginePage *>())
        delete page;
    d->page = nullptr;
    delete d->profile;
    d->profile = nullptr;
}

AuthConfig LoginWidget::config() const
{
    return d_ptr->config;
}

void LoginWidget::setConfig(const AuthConfig &config)
{
    Q_D(LoginWidget);
    d->config = config;
    d->client->setConfig(config);
}

SessionManager *LoginWidget::sessionManager() const
{
    return d_ptr->sessionManager;
}

void LoginWidget::setSessionManager(SessionManager *manager)
{
    d_ptr->sessionManager = manager;
}

bool LoginWidget::fastLogin() const
{
    return d_ptr->fastLogin;
}

void LoginWidget::setFastLogin(bool enabled)
{
    Q_D(LoginWidget);
    if (d->fastLogin == enabled)
        return;
    d->fastLogin = enabled;
    Q_EMIT fastLoginChanged(enabled);
}

int LoginWidget::flowRenewIntervalMs() const
{
    return d_ptr->renewMs;
}

void LoginWidget::setFlowRenewIntervalMs(int ms)
{
    Q_D(LoginWidget);
    if (d->renewMs == ms || ms <= 0)
        return;
    d->renewMs = ms;
    Q_EMIT flowRenewIntervalMsChanged(ms);
}

LoginWidget::State LoginWidget::state() const
{
    return d_ptr->state;
}

QString LoginWidget::statusText() const
{
    return d_ptr->statusLabel->text();
}

AuthError LoginWidget::error() const
{
    return d_ptr->error;
}

Session LoginWidget::session() const
{
    return d_ptr->session;
}

QWebEngineView *LoginWidget::webView() const
{
    return d_ptr->view;
}

void LoginWidget::prewarm()
{
    if (!qApp || warmEngine())
        return;
    warmEngine() = new WarmEngine; // owned by the application
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
    d->stopPage();
    d->error = AuthError();
    d->session = Session();
    d->pendingCallback = CallbackUrl();
    d->qrSeen = false;
    d->renewed = false;
    d->client->setConfig(d->config);
    AuthError configError = d->config.validate();
    const QString scheme = d->config.redirectUrl().scheme();
    if (!configError.isError() && !d->config.redirectUrl().isEmpty()
        && !isHttp(d->config.redirectUrl())) {
        if (QWebEngineUrlScheme::schemeByName(scheme.toLatin1()).name().isEmpty()) {
            configError =
                AuthError(AuthError::Kind::ConfigError,
                          QStringLiteral("the redirect URL's scheme %1: is not registered; call "
                                         "LoginWidget::registerUrlScheme() before QApplication")
                              .arg(scheme));
        } else if (d->handledScheme != scheme) {
            d->schemeHandler = new CallbackSchemeHandler(this);
            d->schemeHandler->onCallback = [d](const QUrl &url) {
                QTimer::singleShot(0, d->q, [d, url] { d->onCallback(url); });
            };
            d->profile->installUrlSchemeHandler(scheme.toLatin1(), d->schemeHandler);
            d->handledScheme = scheme;
        }
    }
    d->state = State::Loading; // so fail() reports
    if (configError.isError()) {
        d->fail(configError, QString(), QString(), configError.toString());
        return;
    }
    d->installScript(); // today's palette, a fresh nonce
    const AuthorizeRequest request = d->client->prepareAuthorize(d->authorizeParams());
    d->verifier = request.codeVerifier;
    d->state = State::Idle;
    d->setState(State::Loading);
    Q_EMIT loading();
    d->loadTimer->start();
    d->renewTimer->start(d->renewMs);
    qCInfo(lcWidgets) << "loading the QR page";
    d->page->load(request.url);
}

void LoginWidget::retry()
{
    Q_D(LoginWidget);
    const bool canExchangeAgain = d->state == State::Failed && d->error.isRetryable()
                                  && d->pendingCallback.kind() == CallbackUrl::Kind::Code
                                  && !d->verifier.isEmpty();
    if (!canExchangeAgain)
        return start();
    d->state = State::Loading; // leave Failed
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
    d->verifier.clear();
    d->setState(State::Idle);
}

void LoginWidget::changeEvent(QEvent *event)
{
    Q_D(LoginWidget);
    if (event->type() == QEvent::LanguageChange)
        d->retranslate();
    QWidget::changeEvent(event);
}

} // namespace WeChatLogin
