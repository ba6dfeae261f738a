// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// End to end: the real LoginWidget/LoginDialog in a real (offscreen) web engine,
// against the real sandbox over loopback, storing into the real keychain.

#include "testhttp.h"
#include "testkeychain.h"
#include "testreply.h"
#include "testwebengine.h"
#include <WeChatLogin/logindialog.h>
#include <WeChatLogin/loginwidget.h>
#include <WeChatLogin/sessionmanager.h>
#include <WeChatLogin/translations.h>

// Qt
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QUuid>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineView>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using State = LoginWidget::State;

namespace {

QString hostPort(const QUrl &url)
{
    return url.host() + u':' + QString::number(url.port());
}

AuthConfig configFor(Sandbox &sandbox, const QString &storageKey,
                     const QString &redirectPath = QStringLiteral("/app/callback"))
{
    AuthConfig config(sandbox.authUrl(), sandbox.anonKey());
    if (!redirectPath.isEmpty())
        config.setRedirectUrl(sandbox.authUrl().resolved(QUrl(redirectPath)));
    config.setTrustedHosts({hostPort(sandbox.wechatUrl())});
    config.setStorageKey(storageKey);
    return config;
}

} // namespace

class tst_LoginWidget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void signInHappyPath_data();
    void signInHappyPath();
    void qrExpiryRenewsTheFlow();
    void flowRenewedBeforeItDies();
    void wechatErrorPages_data();
    void wechatErrorPages();
    void goTrueErrorRedirect();
    void siteUrlFallbackDetected();
    void zeroConfigurationSiteUrl();
    void customSchemeRedirect_data();
    void customSchemeRedirect();
    void serverDownWhileLoading();
    void exchangeFailsThenRetry();
    void untrustedNavigationPopupsAndPermissions();
    void qrFitsWithoutScrollbars_data();
    void qrFitsWithoutScrollbars();
    void keyboardAndAccessibility();
    void prewarmedEngineIsAdopted();
    void dialogOpenedAndClosedTwentyTimes();
    void screenshots_data();
    void screenshots();

private:
    QString m_service = QStringLiteral("wechatlogin-tests");
    QString m_key;
};

void tst_LoginWidget::initTestCase()
{
    qRegisterMetaType<WeChatLogin::LoginWidget::State>();
}

void tst_LoginWidget::init()
{
    m_key = QStringLiteral("sb-e2e-%1-auth-token")
                .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
}

void tst_LoginWidget::cleanup()
{
    rawDeleteAll(m_service, m_key);
}

void tst_LoginWidget::cleanupTestCase()
{
    // Off the record: nothing of QtWebEngine on disk.
    for (const auto location : {QStandardPaths::AppDataLocation, QStandardPaths::CacheLocation}) {
        const QString dir =
            QStandardPaths::writableLocation(location) + QStringLiteral("/QtWebEngine");
        QVERIFY2(!QFileInfo::exists(dir), qPrintable(dir));
    }
}

void tst_LoginWidget::signInHappyPath_data()
{
    QTest::addColumn<SandboxOptions::ServerEra>("era");
    QTest::addColumn<SandboxOptions::PageStyle>("style");
    QTest::newRow("current, legacy page")
        << SandboxOptions::ServerEra::Current << SandboxOptions::PageStyle::Legacy;
    QTest::newRow("current, new page")
        << SandboxOptions::ServerEra::Current << SandboxOptions::PageStyle::New;
    QTest::newRow("legacy server, legacy page")
        << SandboxOptions::ServerEra::Legacy << SandboxOptions::PageStyle::Legacy;
    QTest::newRow("legacy server, new page")
        << SandboxOptions::ServerEra::Legacy << SandboxOptions::PageStyle::New;
}

void tst_LoginWidget::signInHappyPath()
{
    QFETCH(SandboxOptions::ServerEra, era);
    QFETCH(SandboxOptions::PageStyle, style);
    SandboxOptions o;
    o.serverEra = era;
    o.pageStyle = style;
    SandboxFixture f(o);
    const AuthConfig config = configFor(f.sandbox(), m_key);
    SessionManager manager(config, m_service);
    LoginWidget w(config);
    w.setSessionManager(&manager);
    w.resize(360, 440);
    w.show();
    QSignalSpy states(&w, &LoginWidget::stateChanged);
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    QVERIFY(w.webView()->page()->profile()->isOffTheRecord());

    w.start();
    QCOMPARE(w.state(), State::Loading);
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::Scanned, 10000);
    QVERIFY(f.sandbox().confirmQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);

    QCOMPARE(w.state(), State::SignedIn);
    QCOMPARE(w.session().nickname(), QStringLiteral("小微同学"));
    QList<State> seen;
    for (const auto &args : states)
        seen << args.at(0).value<State>();
    QCOMPARE(seen, QList<State>({State::Loading, State::QrShown, State::Scanned, State::Exchanging,
                                 State::SignedIn}));
    // Stored through the manager, and the redirect never fetched.
    QCOMPARE(manager.session(), w.session());
    QTRY_VERIFY(!rawReadSession(m_service, m_key).isEmpty());
    QCOMPARE(Session::fromJson(rawReadSession(m_service, m_key).toUtf8()), w.session());
    QCOMPARE(f.requestCount(QStringLiteral("/app/callback")), 0);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/callback")), 1);
}

void tst_LoginWidget::qrExpiryRenewsTheFlow()
{
    SandboxFixture f;
    LoginWidget w(configFor(f.sandbox(), m_key));
    w.show();
    QSignalSpy renewed(&w, &LoginWidget::flowRenewed);
    QSignalSpy shown(&w, &LoginWidget::qrShown);
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 15000);
    const QString first = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().expireQr(first));
    QTRY_COMPARE_WITH_TIMEOUT(renewed.count(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 15000);
    const QString second = f.sandbox().latestQrUuid();
    QVERIFY(second != first);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 2); // a whole new flow
    QVERIFY(w.statusText().contains(QLatin1String("refreshed")));
    QVERIFY(f.sandbox().confirmQr(second));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
}

void tst_LoginWidget::flowRenewedBeforeItDies()
{
    SandboxOptions o;
    o.flowStateTtlMs = 4000;
    SandboxFixture f(o);
    LoginWidget w(configFor(f.sandbox(), m_key));
    w.setFlowRenewIntervalMs(2500); // before the flow state's 4 s
    w.show();
    QSignalSpy renewed(&w, &LoginWidget::flowRenewed);
    QSignalSpy shown(&w, &LoginWidget::qrShown);
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(renewed.count(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 15000);
    // The renewed flow works: the exchange does not meet a dead flow state.
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
}

void tst_LoginWidget::wechatErrorPages_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("hint");
    QTest::newRow("AppID") << "appid=wx0000000000000000&redirect_uri={cb}&response_type=code"
                              "&scope=snsapi_login&state=s"
                           << "AppID";
    QTest::newRow("redirect_uri") << "appid={appid}&redirect_uri=http%3A%2F%2Fexample.com%2Fcb"
                                     "&response_type=code&scope=snsapi_login&state=s"
                                  << "授权回调域";
    QTest::newRow("Scope") << "appid={appid}&redirect_uri={cb}&response_type=code&scope=snsapi_base"
                              "&state=s"
                           << "网站应用";
}

void tst_LoginWidget::wechatErrorPages()
{
    QFETCH(QString, query);
    QFETCH(QString, hint);
    SandboxFixture f;
    LoginWidget w(configFor(f.sandbox(), m_key));
    w.show();
    QSignalSpy failed(&w, &LoginWidget::failed);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    // The page lands on WeChat's error page (as when GoTrue's WeChat settings are wrong).
    const QString callback = QString::fromLatin1(
        QUrl::toPercentEncoding(f.sandbox().authUrl().toString() + "/auth/v1/callback"));
    const QUrl bad = f.sandbox().wechatUrl().resolved(
        QUrl("/connect/qrconnect?"
             + QString(query).replace("{cb}", callback).replace("{appid}", f.sandbox().appId())));
    w.webView()->page()->runJavaScript(
        "location.href = "
        + QString::fromUtf8(
              QJsonDocument(QJsonArray{bad.toString()}).toJson(QJsonDocument::Compact))
              .mid(1)
              .chopped(1));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
    QCOMPARE(w.state(), State::Failed);
    QCOMPARE(w.error().kind(), AuthError::Kind::ProviderError);
    const QLabel *hintLabel = nullptr;
    for (QLabel *label : w.findChildren<QLabel *>()) {
        if (label->text().contains(hint))
            hintLabel = label;
    }
    QVERIFY2(hintLabel, qPrintable(hint));
}

void tst_LoginWidget::goTrueErrorRedirect()
{
    SandboxFixture f;
    // WeChat refuses GoTrue's code exchange: GoTrue redirects with error=server_error.
    QCOMPARE(f.control("POST", "/sandbox/faults",
                       R"({"path":"/sns/oauth2/access_token","status":200,"count":1,
                           "body":{"errcode":40029,"errmsg":"invalid code"}})")
                 .status,
             204);
    LoginWidget w(configFor(f.sandbox(), m_key));
    w.show();
    QSignalSpy failed(&w, &LoginWidget::failed);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
    QVERIFY(w.error().isError());
    QCOMPARE(w.error().serverCode(), QStringLiteral("unexpected_failure")); // error=server_error
    QCOMPARE(f.requestCount(QStringLiteral("/app/callback")), 0);
}

void tst_LoginWidget::siteUrlFallbackDetected()
{
    SandboxFixture f;
    AuthConfig config = configFor(f.sandbox(), m_key);
    config.setRedirectUrl(QUrl(QStringLiteral("https://app.example.com/callback"))); // not listed
    LoginWidget w(config);
    w.show();
    QSignalSpy failed(&w, &LoginWidget::failed);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
    QCOMPARE(w.error().kind(), AuthError::Kind::ConfigError);
    QVERIFY(w.statusText().contains(QLatin1String("did not come back")));
}

void tst_LoginWidget::zeroConfigurationSiteUrl()
{
    // No redirect URL: GoTrue sends the browser to the Site URL, which carries the code.
    SandboxFixture f;
    LoginWidget w(configFor(f.sandbox(), m_key, QString()));
    w.show();
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
}

// A custom-scheme redirect (registered before QApplication, in main() below): GoTrue's
// 302 to wechatlogin://callback?code=... ends the sign-in; not in the allow list, GoTrue
// sends the browser to the Site URL instead, which is reported.
void tst_LoginWidget::customSchemeRedirect_data()
{
    QTest::addColumn<SandboxOptions::ServerEra>("era");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("current") << SandboxOptions::ServerEra::Current << true;
    QTest::newRow("legacy server") << SandboxOptions::ServerEra::Legacy << true;
    QTest::newRow("not in the allow list") << SandboxOptions::ServerEra::Current << false;
}

void tst_LoginWidget::customSchemeRedirect()
{
    QFETCH(SandboxOptions::ServerEra, era);
    QFETCH(bool, allowed);
    SandboxOptions o;
    o.serverEra = era;
    if (!allowed)
        o.redirectAllow = {QStringLiteral("http://127.0.0.1:*/**")};
    SandboxFixture f(o);
    AuthConfig config = configFor(f.sandbox(), m_key);
    config.setRedirectUrl(QUrl(QStringLiteral("wechatlogin://callback")));
    LoginWidget w(config);
    w.show();
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    QSignalSpy failed(&w, &LoginWidget::failed);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count() + failed.count(), 1, 15000);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/callback")), 1);
    if (!allowed) {
        QCOMPARE(w.error().kind(), AuthError::Kind::ConfigError);
        QVERIFY(w.statusText().contains(QLatin1String("did not come back")));
        return;
    }
    QVERIFY2(failed.isEmpty(), qPrintable(w.error().toString()));
    QCOMPARE(w.session().nickname(), QStringLiteral("小微同学"));
}

void tst_LoginWidget::serverDownWhileLoading()
{
    SandboxFixture f;
    const AuthConfig config = configFor(f.sandbox(), m_key);
    f.sandbox().stop();
    LoginWidget w(config);
    w.show();
    QSignalSpy failed(&w, &LoginWidget::failed);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
    QCOMPARE(w.error().kind(), AuthError::Kind::Network);
    QVERIFY(!w.statusText().isEmpty());
}

void tst_LoginWidget::exchangeFailsThenRetry()
{
    SandboxFixture f;
    QCOMPARE(
        f.control("POST", "/sandbox/faults", R"({"path":"/auth/v1/token","status":503,"count":1})")
            .status,
        204);
    LoginWidget w(configFor(f.sandbox(), m_key));
    w.show();
    QSignalSpy failed(&w, &LoginWidget::failed);
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
    QCOMPARE(w.error().kind(), AuthError::Kind::ServerUnavailable);
    w.retry(); // the same code again: no new QR needed
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 1);
}

void tst_LoginWidget::untrustedNavigationPopupsAndPermissions()
{
    SandboxFixture f;
    QTcpServer elsewhere; // an untrusted origin: nothing may reach it
    QVERIFY(elsewhere.listen(QHostAddress::LocalHost));
    const QString target = QStringLiteral("http://127.0.0.1:%1/").arg(elsewhere.serverPort());
    LoginWidget w(configFor(f.sandbox(), m_key));
    w.show();
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QWebEnginePage *page = w.webView()->page();
    QSignalSpy permissions(page, &QWebEnginePage::featurePermissionRequested);
    const QUrl before = page->url();

    // A popup: refused.
    QCOMPARE(runJavaScript(page, "window.open('" + target + "popup') === null").toBool(), true);
    // Notifications and geolocation: denied.
    runJavaScript(
        page,
        "Notification.requestPermission().then(function (p) { document.title = 'n:' + p; });");
    QTRY_COMPARE_WITH_TIMEOUT(page->title(), QStringLiteral("n:denied"), 10000);
    runJavaScript(
        page, "navigator.geolocation.getCurrentPosition(function () { document.title = 'geo:ok'; },"
              " function (e) { document.title = 'geo:' + e.code; });");
    QTRY_COMPARE_WITH_TIMEOUT(page->title(), QStringLiteral("geo:1"), 10000);
    // The camera: never granted.
    runJavaScript(page, "navigator.mediaDevices.getUserMedia({video: true}).then("
                        "function () { document.title = 'cam:granted'; },"
                        "function (e) { document.title = 'cam:' + e.name; });");
    QTRY_VERIFY_WITH_TIMEOUT(page->title().startsWith(QLatin1String("cam:")), 10000);
    QVERIFY(page->title() != QLatin1String("cam:granted"));
    QVERIFY(permissions.count() >= 2);
    // A script navigating to another host: refused, the QR stays.
    QSignalSpy loading(page, &QWebEnginePage::loadingChanged);
    runJavaScript(page, "location.href = '" + target + "elsewhere';");
    QTRY_VERIFY_WITH_TIMEOUT(loading.count() > 0, 10000);
    QCOMPARE(page->url(), before);
    QCOMPARE(w.state(), State::QrShown);
    QVERIFY(!elsewhere.hasPendingConnections());
    QVERIFY(!elsewhere.waitForNewConnection(200)); // and none arriving late
}

void tst_LoginWidget::qrFitsWithoutScrollbars_data()
{
    QTest::addColumn<SandboxOptions::PageStyle>("style");
    QTest::addColumn<bool>("dark");
    QTest::newRow("legacy page, light") << SandboxOptions::PageStyle::Legacy << false;
    QTest::newRow("new page, light") << SandboxOptions::PageStyle::New << false;
    QTest::newRow("legacy page, dark") << SandboxOptions::PageStyle::Legacy << true;
    QTest::newRow("new page, dark") << SandboxOptions::PageStyle::New << true;
}

void tst_LoginWidget::qrFitsWithoutScrollbars()
{
    QFETCH(SandboxOptions::PageStyle, style);
    QFETCH(bool, dark);
    SandboxOptions o;
    o.pageStyle = style;
    SandboxFixture f(o);
    LoginWidget w(configFor(f.sandbox(), m_key));
    if (dark) {
        QPalette palette = w.palette();
        palette.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        w.setPalette(palette);
    }
    w.resize(320, 380);
    w.show();
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    const QVariantMap m =
        runJavaScript(w.webView()->page(),
                      "(function () { var r = document.querySelector('img.js_qrcode_img')"
                      ".getBoundingClientRect(); var d = document.documentElement;"
                      " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,"
                      " w: innerWidth, h: innerHeight, sw: d.scrollWidth, sh: d.scrollHeight,"
                      " bg: getComputedStyle(document.body).backgroundColor,"
                      " dpr: devicePixelRatio}; })()")
            .toMap();
    qInfo() << "QR box" << m;
    QVERIFY(m.value("right").toDouble() - m.value("left").toDouble() >= 120); // scannable
    QVERIFY(m.value("left").toDouble() >= 0 && m.value("top").toDouble() >= 0);
    QVERIFY(m.value("right").toDouble() <= m.value("w").toDouble());
    QVERIFY(m.value("bottom").toDouble() <= m.value("h").toDouble());
    QVERIFY(m.value("sw").toInt() <= m.value("w").toInt()); // no scrollbars
    QVERIFY(m.value("sh").toInt() <= m.value("h").toInt());
    QCOMPARE(m.value("bg").toString(), dark ? QStringLiteral("rgb(32, 32, 32)")
                                            : QStringLiteral("rgb(%1, %2, %3)")
                                                  .arg(w.palette().color(QPalette::Window).red())
                                                  .arg(w.palette().color(QPalette::Window).green())
                                                  .arg(w.palette().color(QPalette::Window).blue()));
}

void tst_LoginWidget::keyboardAndAccessibility()
{
    SandboxFixture f;
    const AuthConfig config = configFor(f.sandbox(), m_key);
    f.sandbox().stop(); // straight to the error state
    LoginDialog dialog(config);
    QSignalSpy failed(dialog.loginWidget(), &LoginWidget::failed);
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
    // Every control has an accessible name.
    for (QWidget *child : dialog.findChildren<QWidget *>()) {
        if (qobject_cast<QAbstractButton *>(child) && child->isVisible())
            QVERIFY2(!child->accessibleName().isEmpty()
                         || !static_cast<QAbstractButton *>(child)->text().isEmpty(),
                     child->metaObject()->className());
    }
    // Enter on the focused retry button starts again; Esc closes the dialog.
    QSignalSpy loading(dialog.loginWidget(), &LoginWidget::loading);
    QPushButton *retry = nullptr;
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->accessibleName() == QLatin1String("Retry the sign-in"))
            retry = button;
    }
    QVERIFY(retry);
    QTRY_VERIFY(retry->hasFocus() || !dialog.isActiveWindow());
    QTest::keyClick(retry, Qt::Key_Space);
    QTRY_COMPARE(loading.count(), 1);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(rejected.count(), 1);
    QVERIFY(dialog.result().isCancelled());
}

// The first widget after prewarm() adopts the warm profile and page, with every rule of
// its own; the next widget gets a fresh pair.
void tst_LoginWidget::prewarmedEngineIsAdopted()
{
    SandboxFixture f;
    const AuthConfig config = configFor(f.sandbox(), m_key);
    LoginWidget::prewarm();
    QPointer<QWebEngineProfile> warmProfile = qApp->findChild<QWebEngineProfile *>();
    QPointer<QWebEnginePage> warmPage = qApp->findChild<QWebEnginePage *>();
    QVERIFY(warmProfile && warmPage);
    {
        LoginWidget w(config);
        QCOMPARE(w.webView()->page()->profile(), warmProfile.data());
        QCOMPARE(w.webView()->page(), warmPage.data());
        QCOMPARE(warmProfile->parent(), &w);
        QCOMPARE(w.webView()->page()->parent(), &w);
        QVERIFY(warmProfile->isOffTheRecord());
        QVERIFY(!w.webView()->page()->settings()->testAttribute(
            QWebEngineSettings::JavascriptCanOpenWindows));
        QSignalSpy signedIn(&w, &LoginWidget::signedIn);
        w.resize(360, 440);
        w.show();
        w.start();
        QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
        QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
        QCOMPARE(f.requestCount(QStringLiteral("/app/callback")), 0);
        LoginWidget second(config);
        QVERIFY(second.webView()->page()->profile() != warmProfile);
        QCOMPARE(second.webView()->page()->profile()->parent(), &second);
    }
    QVERIFY(!warmProfile && !warmPage); // gone with the widget that adopted them
}

void tst_LoginWidget::dialogOpenedAndClosedTwentyTimes()
{
    SandboxFixture f;
    const AuthConfig config = configFor(f.sandbox(), m_key);
    LoginWidget::prewarm();
    for (int i = 0; i < 20; ++i) {
        auto dialog = std::make_unique<LoginDialog>(config);
        QSignalSpy loading(dialog->loginWidget(), &LoginWidget::loading);
        dialog->show();
        QCOMPARE(loading.count(), 1);
        if (i % 2 == 0) // half of them closed mid-load, half once the QR is up
            QTRY_COMPARE_WITH_TIMEOUT(dialog->loginWidget()->state(), State::QrShown, 15000);
        dialog->reject();
        dialog.reset();
    }
}

// With WECHATLOGIN_SCREENSHOTS=<dir> (under xvfb-run): the README's pictures.
void tst_LoginWidget::screenshots_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("zh") << QLocale(QLocale::Chinese, QLocale::China) << QStringLiteral("zh");
    QTest::newRow("en") << QLocale(QLocale::English, QLocale::UnitedStates) << QStringLiteral("en");
}

// Every state a person sees, in both languages: dialog-<state>-<zh|en>.png.
void tst_LoginWidget::screenshots()
{
    QFETCH(QLocale, locale);
    QFETCH(QString, suffix);
    const QString dir = qEnvironmentVariable("WECHATLOGIN_SCREENSHOTS");
    if (dir.isEmpty())
        QSKIP("set WECHATLOGIN_SCREENSHOTS=<dir> to take the README's screenshots");
    QLocale::setDefault(locale);
    loadTranslations(locale);
    const auto save = [&](QWidget &dialog, const char *state) {
        QTest::qWait(300); // the frame settles: a picture for people, not a check
        return dialog.grab().save(
            QStringLiteral("%1/dialog-%2-%3.png").arg(dir, QLatin1String(state), suffix));
    };
    SandboxFixture f;
    const AuthConfig config = configFor(f.sandbox(), m_key);
    LoginDialog dialog(config);
    LoginWidget *w = dialog.loginWidget();
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(w->state(), State::QrShown, 15000);
    QVERIFY(!waitForQrPainted(w->webView(), f).isNull());
    QVERIFY(save(dialog, "qr"));
    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(w->state(), State::Scanned, 10000);
    QVERIFY(save(dialog, "scanned"));
    QVERIFY(f.sandbox().cancelQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(w->state(), State::Cancelled, 10000);
    QVERIFY(save(dialog, "cancelled"));
    w->setRenewalLimit(0);
    QVERIFY(f.sandbox().expireQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(w->state(), State::Expired, 10000);
    QVERIFY(save(dialog, "expired"));
    f.sandbox().stop();
    w->start();
    QTRY_COMPARE_WITH_TIMEOUT(w->state(), State::Failed, 15000);
    QVERIFY(save(dialog, "error"));
    QLocale::setDefault(QLocale::c());
    loadTranslations(QLocale(QLocale::English));
}

int main(int argc, char *argv[])
{
    LoginWidget::registerUrlScheme(QStringLiteral("wechatlogin")); // before QApplication
    QApplication app(argc, argv);
    tst_LoginWidget test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_loginwidget.moc"
