// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// LoginWidget: what it does with the page's navigations, and how a failure is told.

#include "loginwidget_p.h"
#include "widgetslogging.h"

// Qt
#include <QDesktopServices>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>
#include <QWebEngineCertificateError>
#include <QWebEngineLoadingInfo>
#include <QWebEngineProfile>
#include <QWebEngineScript>
#include <QWebEngineView>

namespace WeChatLogin {

namespace {
constexpr int NetErrAborted = -3; // a navigation we refused
} // namespace

QString LoginWidgetPrivate::safeUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString();
}

void LoginWidgetPrivate::setUpPage()
{
    page = LoginPage::create(q);
    page->onNavigation = [this](const QUrl &url, QWebEnginePage::NavigationType type,
                                bool isMainFrame) { return onNavigation(url, type, isMainFrame); };
    page->onConsole = [this](const QString &message) { bridge->read(message); };
    guard = new RequestGuard(q);
    guard->isBlocked = [this](const QUrl &url, bool isMainFrame) {
        return isRedirect(url)
               || (!isMainFrame && NavigationPolicy::isGoTrueCallback(url, goTrueCallback()));
    };
    page->profile()->setUrlRequestInterceptor(guard);

    bridge = new PageBridge(q);
    QObject::connect(bridge, &PageBridge::qrShown, q, [this] { onQrShown(); });
    QObject::connect(bridge, &PageBridge::phoneStatusChanged, q,
                     [this](PageBridge::PhoneStatus status) { onPhoneStatus(status); });
    QObject::connect(bridge, &PageBridge::weChatError, q, [this](const QString &title) {
        if (isShowingQr())
            failWeChatPage(title);
    });
    QObject::connect(bridge, &PageBridge::qrImageFailed, q, [this] {
        if (isShowingQr())
            fail(AuthError(AuthError::Kind::Network, QStringLiteral("the QR image did not load")));
    });
    QObject::connect(bridge, &PageBridge::notQrPage, q,
                     [this](const QString &text) { onNotQrPage(text); });
    QObject::connect(bridge, &PageBridge::linkClicked, q,
                     [this](const QUrl &url) { onLinkClicked(url); });

    QObject::connect(page, &QWebEnginePage::certificateError, q,
                     [this](const QWebEngineCertificateError &certificateError) {
                         onCertificateError(certificateError);
                     });
    QObject::connect(page, &QWebEnginePage::proxyAuthenticationRequired, q,
                     [this](const QUrl &, QAuthenticator *authenticator, const QString &proxyHost) {
                         Q_EMIT q->proxyAuthenticationRequired(proxyHost, authenticator);
                     });
    QObject::connect(page, &QWebEnginePage::loadingChanged, q,
                     [this](const QWebEngineLoadingInfo &info) { onLoadingChanged(info); });
    view->setPage(page);
    // The page's web contents now, not at its first load: the view's render widget (a
    // render-to-texture QQuickWidget) joins this widget before any window holding it has a
    // native window, which Qt then creates once with the surface that widget needs. Added
    // later, it makes Qt destroy and re-create the window (QWidget::setParent), and the
    // re-created one is mapped even under WA_DontShowOnScreen: a pre-warmed widget would
    // become an empty window on the desktop, and a shown dialog would be re-mapped.
    page->triggerAction(QWebEnginePage::NoWebAction); // initializes it, navigates nowhere
}

// A link the person clicked in the main frame: the system browser, when the policy says so.
void LoginWidgetPrivate::onLinkClicked(const QUrl &url)
{
    const NavigationPolicy::Decision decision = NavigationPolicy::decide(
        url, NavigationPolicy::Type::LinkClicked, true, true, policyContext());
    if (decision.action != NavigationPolicy::Action::OpenExternally)
        return; // it loads in the view (trusted), or the navigation is refused and logged
    qCInfo(lcWidgets).noquote() << "opening in the browser:" << safeUrl(url);
    QDesktopServices::openUrl(url);
}

NavigationPolicy::Context LoginWidgetPrivate::policyContext() const
{
    NavigationPolicy::Context context;
    context.projectUrl = config.projectUrl();
    context.trusted = TrustedHosts(config.projectUrl(), config.trustedHosts());
    context.redirectUrl = config.redirectUrl();
    context.goTrueCallback = goTrueCallback();
    context.signInActive = isShowingQr();
    context.qrSeen = qrSeen;
    context.currentUrl = page->url();
    context.redirectingFrom = mainFrameUrl;
    return context;
}

// Runs step from the event loop, unless the page has been replaced by then.
void LoginWidgetPrivate::later(std::function<void()> step)
{
    const quint64 current = attempt;
    QTimer::singleShot(0, q, [this, current, step = std::move(step)] {
        if (current == attempt)
            step();
    });
}

bool LoginWidgetPrivate::onNavigation(const QUrl &url, QWebEnginePage::NavigationType type,
                                      bool isMainFrame)
{
    const NavigationPolicy::Decision decision = NavigationPolicy::decide(
        url, NavigationPolicy::Type(type), isMainFrame, false, policyContext());
    qCDebug(lcWidgets).noquote() << "navigation" << safeUrl(url) << type
                                 << (isMainFrame ? "main frame:" : "sub-frame:") << decision.reason;
    using Action = NavigationPolicy::Action;
    switch (decision.action) {
    case Action::Allow:
        if (isMainFrame) {
            mainFrameUrl = url;
            // GoTrue's state for WeChat names this flow (PROTOCOL.md: qrconnect?state=S).
            if (url.path().endsWith(QLatin1String("/connect/qrconnect"))) {
                flows.learnState(
                    QUrlQuery(url).queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded));
                qrPageUrl = url;
            }
        }
        return true;
    case Action::Callback:
        later([this, url] { onCallback(url); }); // never fetched: ours to read, not to load
        return false;
    case Action::GoTrueCallback:
        return onGoTrueCallback(url);
    case Action::Renew:
        later([this] { renew(); });
        return false;
    case Action::SiteUrlFallback:
        later([this, url] { failSiteUrlFallback(url); });
        return false;
    case Action::OpenExternally: // only for a click (onLinkClicked), never a navigation
    case Action::Refuse:
        break;
    }
    qCInfo(lcWidgets).noquote() << "navigation refused:" << safeUrl(url) << "type" << type
                                << (isMainFrame ? "main frame:" : "sub-frame:") << decision.reason;
    return false;
}

// WeChat sends the page to GoTrue's /callback with the flow's state: only the current
// flow's may go on. A superseded flow's QR has expired; it never reaches GoTrue, so the
// current verifier stays unused.
bool LoginWidgetPrivate::onGoTrueCallback(const QUrl &url)
{
    const QString state =
        QUrlQuery(url).queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    switch (flows.match(state)) {
    case SignInFlows::Match::Superseded:
        qCInfo(lcWidgets) << "callback of a superseded flow refused";
        later([this] {
            if (isShowingQr())
                setStatus(tr("That QR code has expired. Scan the new one."), true);
        });
        return false;
    case SignInFlows::Match::Unknown:
        qCInfo(lcWidgets) << "callback of a flow this widget did not start refused";
        return false;
    case SignInFlows::Match::Current:
    case SignInFlows::Match::NotLearned:
        break;
    }
    if (!config.redirectUrl().isEmpty() && !NavigationPolicy::isHttp(config.redirectUrl())) {
        // Qt 6.4's Chromium silently drops a page-initiated navigation whose redirect goes
        // to a custom scheme (GoTrue's 302 to myapp://callback never arrives anywhere). So
        // for a custom-scheme redirect URL the widget makes GoTrue's callback request
        // itself and reads the redirect from its answer.
        later([this, url] { completeGoTrueCallback(url); });
        return false;
    }
    mainFrameUrl = url; // GoTrue's redirect continues this navigation
    return true;
}

void LoginWidgetPrivate::completeGoTrueCallback(const QUrl &url)
{
    if (!isShowingQr())
        return;
    stopPage();
    loadTimer->stop();
    renewTimer->stop();
    setState(State::Exchanging); // the page is gone; nothing it reports counts now
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(config.requestTimeoutMs());
    QNetworkReply *reply = client()->networkAccessManager()->get(request);
    const quint64 current = attempt;
    QObject::connect(reply, &QNetworkReply::finished, q, [this, reply, current] {
        reply->deleteLater();
        if (current != attempt)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray locationHeader = reply->rawHeader("Location");
        const QUrl location = reply->url().resolved(QUrl::fromEncoded(locationHeader));
        if (status >= 300 && status < 400 && !locationHeader.isEmpty() && location.isValid()) {
            if (!isRedirect(location))
                return failSiteUrlFallback(location); // GoTrue sent the browser elsewhere
            return readCallback(location);
        }
        if (reply->error() == QNetworkReply::SslHandshakeFailedError) {
            return fail(AuthError(AuthError::Kind::Tls, reply->errorString()), QString(), QString(),
                        safeUrl(reply->url()) + u'\n' + reply->errorString());
        }
        if (reply->error() != QNetworkReply::NoError && status == 0)
            return failUnreachable(reply->errorString(), safeUrl(reply->url()));
        failHttpAnswer(status, reply->readAll().left(qsizetype(64) * 1024), safeUrl(reply->url()));
    });
}

void LoginWidgetPrivate::onLoadingChanged(const QWebEngineLoadingInfo &info)
{
    if (info.status() != QWebEngineLoadingInfo::LoadFailedStatus || !isShowingQr())
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
                                if (current == attempt)
                                    failHttpAnswer(status, v.toString().toUtf8(), detail);
                            });
        return;
    }
    default:
        failUnreachable(info.errorString(), detail);
    }
}

void LoginWidgetPrivate::onCertificateError(const QWebEngineCertificateError &certificateError)
{
    QWebEngineCertificateError e = certificateError;
    e.rejectCertificate(); // never overridden
    if (isShowingQr())
        fail(AuthError(AuthError::Kind::Tls, e.description()), QString(), QString(),
             safeUrl(e.url()) + u'\n' + e.description());
}

// The page is neither WeChat's QR page nor one of its error pages.
void LoginWidgetPrivate::onNotQrPage(const QString &text)
{
    if (!isShowingQr())
        return;
    const QUrl url = page->url();
    // GoTrue answers a refused /authorize with a JSON error body, shown as text.
    const QJsonObject body = QJsonDocument::fromJson(text.toUtf8()).object();
    if (!body.isEmpty()) {
        fail(AuthError::fromHttpResponse(400, text.toUtf8()), QString(), QString(),
             safeUrl(url) + u'\n' + text);
        return;
    }
    fail(AuthError(AuthError::Kind::ProviderError,
                   QStringLiteral("the sign-in page is not WeChat's QR page")),
         tr("The sign-in page did not show a QR code."),
         tr("Check the project URL and that the WeChat provider is enabled in MemFire."),
         safeUrl(url));
}

void LoginWidgetPrivate::fail(const AuthError &value, const QString &title, const QString &hint,
                              const QString &detail)
{
    if (state == State::Failed || state == State::SignedIn)
        return;
    stopPage();
    loadTimer->stop();
    renewTimer->stop();
    // retry() may exchange the same code again; otherwise this flow is over.
    if (pendingCallback.kind() != CallbackUrl::Kind::Code || !value.isRetryable())
        flows.end();
    error = value;
    errorTitleFromError = title.isEmpty();
    errorTitleText = title.isEmpty() ? value.userMessage() : title;
    QString hintText = hint;
    if (hintText.isEmpty()) {
        switch (value.kind()) {
        case AuthError::Kind::Network:
        case AuthError::Kind::Timeout:
        case AuthError::Kind::ServerUnavailable:
            hintText = tr("Check your internet connection, then retry.");
            break;
        case AuthError::Kind::FlowExpired:
        case AuthError::Kind::StateInvalid:
        case AuthError::Kind::CodeInvalid:
            hintText = tr("Retry to get a new QR code.");
            break;
        case AuthError::Kind::Tls:
            hintText = tr("The connection is not secure: its certificate was refused.");
            break;
        default:
            break;
        }
    }
    errorPanel->setError(errorTitleText, hintText, detail.isEmpty() ? value.toString() : detail);
    qCInfo(lcWidgets).noquote() << "sign-in failed:" << value.toString();
    setState(State::Failed);
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

} // namespace WeChatLogin
