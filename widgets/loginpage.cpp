// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "loginpage_p.h"
#include "navigationpolicy_p.h"
#include "widgetslogging.h"

// Qt
#include <QCoreApplication>
#include <QPointer>
#include <QWebEngineDownloadRequest>
#include <QWebEngineFileSystemAccessRequest>
#include <QWebEngineFullScreenRequest>
#include <QWebEngineNewWindowRequest>
#include <QWebEngineProfile>
#include <QWebEngineRegisterProtocolHandlerRequest>
#include <QWebEngineSettings>
#include <QWebEngineUrlRequestInfo>
#include <QWebEngineUrlRequestJob>

namespace WeChatLogin {

// The policy mirrors Qt's navigation types without including QtWebEngine.
static_assert(int(NavigationPolicy::Type::LinkClicked)
              == QWebEnginePage::NavigationTypeLinkClicked);
static_assert(int(NavigationPolicy::Type::Typed) == QWebEnginePage::NavigationTypeTyped);
static_assert(int(NavigationPolicy::Type::Redirect) == QWebEnginePage::NavigationTypeRedirect);

namespace {

// Holds a profile, and a page if asked, started ahead of the first LoginWidget.
class WarmEngine : public QObject
{
public:
    explicit WarmEngine(LoginPage::Warmth warmth)
        : QObject(qApp)
    {
        profile = new QWebEngineProfile(this); // off the record: the engine starts
        // A blank page starts a renderer process too; the first widget adopts both, and
        // its first navigation reuses that still site-less process.
        if (warmth == LoginPage::Warmth::EngineAndRenderer) {
            page = new LoginPage(profile, this);
            page->load(QUrl(QStringLiteral("about:blank")));
        }
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

void hardenProfile(QWebEngineProfile *profile)
{
    profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    profile->setSpellCheckEnabled(false);
    QObject::connect(profile, &QWebEngineProfile::downloadRequested, profile,
                     [](QWebEngineDownloadRequest *download) {
                         qCInfo(lcWidgets) << "download refused";
                         download->cancel();
                     });
}

// A URL safe to log: no user info, query or fragment (codes, tokens, state).
QString safeUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString();
}

} // namespace

LoginPage::LoginPage(QWebEngineProfile *profile, QObject *parent)
    : QWebEnginePage(profile, parent)
{
    harden();
}

LoginPage *LoginPage::create(QObject *owner)
{
    // A pre-warmed engine is adopted once; otherwise a fresh off-the-record profile.
    WarmEngine *warm = warmEngine();
    if (warm && warm->profile) {
        QWebEngineProfile *profile = warm->profile;
        LoginPage *page = warm->page ? warm->page.data() : new LoginPage(profile, owner);
        profile->setParent(owner);
        page->setParent(owner);
        warm->page = nullptr;
        warm->profile = nullptr;
        warm->deleteLater();
        hardenProfile(profile);
        return page;
    }
    auto *profile = new QWebEngineProfile(owner); // no storage name: off the record
    hardenProfile(profile);
    return new LoginPage(profile, owner);
}

void LoginPage::prewarm(Warmth warmth)
{
    if (!qApp || warmEngine())
        return;
    warmEngine() = new WarmEngine(warmth); // owned by the application
}

void LoginPage::harden()
{
    QWebEngineSettings *s = settings();
    s->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    s->setAttribute(QWebEngineSettings::JavascriptCanAccessClipboard, false);
    s->setAttribute(QWebEngineSettings::JavascriptCanPaste, false);
    s->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    s->setAttribute(QWebEngineSettings::PdfViewerEnabled, false);
    s->setAttribute(QWebEngineSettings::ErrorPageEnabled, false);
    s->setAttribute(QWebEngineSettings::FullScreenSupportEnabled, false);
    s->setAttribute(QWebEngineSettings::ScreenCaptureEnabled, false);
    s->setAttribute(QWebEngineSettings::WebRTCPublicInterfacesOnly, true);
    s->setAttribute(QWebEngineSettings::NavigateOnDropEnabled, false);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, false);
    s->setAttribute(QWebEngineSettings::AllowWindowActivationFromJavaScript, false);
    s->setAttribute(QWebEngineSettings::DnsPrefetchEnabled, false);

    connect(this, &QWebEnginePage::featurePermissionRequested, this,
            [this](const QUrl &origin, QWebEnginePage::Feature feature) {
                qCInfo(lcWidgets) << "permission refused:" << feature;
                setFeaturePermission(origin, feature, QWebEnginePage::PermissionDeniedByUser);
            });
    connect(this, &QWebEnginePage::fileSystemAccessRequested, this,
            [](QWebEngineFileSystemAccessRequest request) { request.reject(); });
    connect(this, &QWebEnginePage::registerProtocolHandlerRequested, this,
            [](QWebEngineRegisterProtocolHandlerRequest request) { request.reject(); });
    connect(this, &QWebEnginePage::fullScreenRequested, this,
            [](QWebEngineFullScreenRequest request) { request.reject(); });
    // No popups: a link the user clicked reaches the widget through the page bridge.
    connect(
        this, &QWebEnginePage::newWindowRequested, this, [](QWebEngineNewWindowRequest &request) {
            qCInfo(lcWidgets).noquote() << "new window refused:" << safeUrl(request.requestedUrl());
        });
}

bool LoginPage::acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame)
{
    if (onNavigation)
        return onNavigation(url, type, isMainFrame);
    return url == QUrl(QStringLiteral("about:blank")); // a pre-warmed page, not yet adopted
}

void LoginPage::javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message, int,
                                         const QString &)
{
    if (onConsole)
        onConsole(message);
}

void LoginPage::javaScriptAlert(const QUrl &, const QString &)
{
    qCInfo(lcWidgets) << "JavaScript alert() suppressed";
}

bool LoginPage::javaScriptConfirm(const QUrl &, const QString &message)
{
    // QtWebEngine asks a beforeunload question through confirm() with its own text: the
    // page always lets go (renewals, cancel, the callback). A page's own confirm() is
    // declined, as if the person had said no.
    // QtWebEngine's own text, in whatever language its translator says now (our
    // translations do not carry it: not a literal here, so lupdate leaves it alone).
    const char *context = "QWebEnginePage";
    const char *unload = "Are you sure you want to leave this page? Changes that you made may "
                         "not be saved.";
    if (message == QCoreApplication::translate(context, unload)) {
        qCInfo(lcWidgets) << "beforeunload prompt suppressed: leaving the page";
        return true;
    }
    qCInfo(lcWidgets) << "JavaScript confirm() suppressed";
    return false;
}

bool LoginPage::javaScriptPrompt(const QUrl &, const QString &, const QString &, QString *)
{
    qCInfo(lcWidgets) << "JavaScript prompt() suppressed";
    return false;
}

QStringList LoginPage::chooseFiles(FileSelectionMode, const QStringList &, const QStringList &)
{
    qCInfo(lcWidgets) << "file chooser refused";
    return {};
}

QWebEnginePage *LoginPage::createWindow(WebWindowType)
{
    return nullptr;
}

void RequestGuard::interceptRequest(QWebEngineUrlRequestInfo &info)
{
    QUrl url = info.requestUrl();
    // A WebSocket's handshake is an http(s) request to the same place.
    if (url.scheme() == QLatin1String("ws"))
        url.setScheme(QStringLiteral("http"));
    else if (url.scheme() == QLatin1String("wss"))
        url.setScheme(QStringLiteral("https"));
    const bool mainFrame = info.resourceType() == QWebEngineUrlRequestInfo::ResourceTypeMainFrame;
    if (isBlocked && isBlocked(url, mainFrame)) {
        qCInfo(lcWidgets).noquote()
            << "request blocked:" << safeUrl(url) << "resource type" << info.resourceType();
        info.block(true);
    }
}

void RedirectSchemeHandler::requestStarted(QWebEngineUrlRequestJob *job)
{
    qCInfo(lcWidgets).noquote() << "request for the redirect URL refused:"
                                << safeUrl(job->requestUrl());
    job->fail(QWebEngineUrlRequestJob::RequestDenied); // never served
}

} // namespace WeChatLogin
