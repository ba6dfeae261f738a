// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// End to end: the containment rules of the login page (README "Security"), each against a
// hostile page in the real LoginWidget, a real offscreen web engine and the real sandbox.
// A fake xdg-open on PATH stands in for the system browser and records every launch.

#include "testhttp.h"
#include "testkeychain.h"
#include "testqr.h"
#include "testwebengine.h"
#include <WeChatLogin/logindialog.h>
#include <WeChatLogin/loginwidget.h>

// Qt
#include <QApplication>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>
#include <QWebEngineView>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using State = LoginWidget::State;

namespace {

QString readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// What the widget logged (wechatlogin.widgets), to see what it refused and suppressed.
QStringList &widgetLog()
{
    static QStringList log;
    return log;
}

void recordWidgetLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "wechatlogin.widgets") == 0)
        widgetLog() << message;
    else if (type != QtDebugMsg) // the test's own numbers, Qt's warnings
        fprintf(stderr, "%s\n", qPrintable(message));
}

int logged(const QString &text)
{
    return int(std::count_if(widgetLog().cbegin(), widgetLog().cend(),
                             [&](const QString &line) { return line.contains(text); }));
}

} // namespace

// A trusted origin serving hostile pages; records every report the pages send.
class HostileServer
{
public:
    explicit HostileServer(const QString &script)
    {
        m_server.route(QStringLiteral("/report"), [this](const QHttpServerRequest &request) {
            m_reports << request.query().toString(QUrl::FullyDecoded);
            return QHttpServerResponse(QHttpServerResponder::StatusCode::NoContent);
        });
        m_server.route(QStringLiteral("/hostile.js"), [script] {
            return QHttpServerResponse("text/javascript", script.toUtf8());
        });
        m_server.route(QStringLiteral("/page/<arg>"), [this](const QString &name) {
            return QHttpServerResponse("text/html", m_pages.value(name).toUtf8());
        });
        m_port = m_server.listen(QHostAddress::LocalHost, 0);
    }

    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
    }
    QString hostPort() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    void setPage(const QString &name, const QString &html) { m_pages.insert(name, html); }
    QStringList reports() const { return m_reports; }
    bool hasReport(const QString &text) const { return m_reports.contains(text); }

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    QHash<QString, QString> m_pages;
    QStringList m_reports;
};

class tst_LoginContainment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void hostileScriptsCannotEscape();
    void realClickOpensTheBrowserOnce();
    void forgedCallbackAfterRenewal();
    void doubleStartIsOneFlow();
    void scriptedRedirectDuringLoad();
    void serverTextIsPlainText();
    void noFlashOfTheRawPage();
    void dialogReportsTheFailureWhenClosed();

private:
    AuthConfig configFor(SandboxFixture &f, const QStringList &moreTrusted = {}) const;
    // The hostile script's settings (JSON): where to report, what to attack.
    QString hostileConfig(SandboxFixture &f, const HostileServer &server) const;
    QStringList launches() const;
    // A real mouse click at the centre of the element the selector finds (main frame).
    bool clickElement(LoginWidget &w, const QString &selector);

    QTemporaryDir m_bin;
    QString m_launchLog;
    QString m_hostileJs;
    QTcpServer m_elsewhere; // an untrusted origin: nothing may ever reach it
    QString m_key;
};

void tst_LoginContainment::initTestCase()
{
    qRegisterMetaType<WeChatLogin::LoginWidget::State>();
    QLoggingCategory::setFilterRules(QStringLiteral("wechatlogin.widgets.info=true"));
    qInstallMessageHandler(recordWidgetLog);
    // The system browser: Qt launches xdg-open, found on PATH.
    QVERIFY(m_bin.isValid());
    m_launchLog = m_bin.filePath(QStringLiteral("launches.txt"));
    QFile fake(m_bin.filePath(QStringLiteral("xdg-open")));
    QVERIFY(fake.open(QIODevice::WriteOnly));
    fake.write(
        QStringLiteral("#!/bin/sh\nprintf '%s\\n' \"$*\" >> '%1'\n").arg(m_launchLog).toUtf8());
    fake.close();
    QVERIFY(fake.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    qputenv("PATH", m_bin.path().toUtf8() + ':' + qgetenv("PATH"));
    qunsetenv("BROWSER");
    qunsetenv("DEFAULT_BROWSER");
    m_hostileJs = readFile(QStringLiteral(HOSTILE_JS));
    QVERIFY(!m_hostileJs.isEmpty());
    QVERIFY(m_elsewhere.listen(QHostAddress::LocalHost));
}

void tst_LoginContainment::init()
{
    widgetLog().clear();
    QFile::remove(m_launchLog);
    m_key = QStringLiteral("sb-containment-%1-auth-token")
                .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
}

void tst_LoginContainment::cleanup()
{
    if (QTest::currentTestFailed())
        fprintf(stderr, "wechatlogin.widgets said:\n%s\n", qPrintable(widgetLog().join(u'\n')));
    rawDeleteAll(QStringLiteral("wechatlogin-tests"), m_key);
    QVERIFY2(!m_elsewhere.hasPendingConnections(), "the untrusted origin was reached");
}

AuthConfig tst_LoginContainment::configFor(SandboxFixture &f, const QStringList &moreTrusted) const
{
    AuthConfig config(f.sandbox().authUrl(), f.sandbox().anonKey());
    config.setRedirectUrl(f.sandbox().authUrl().resolved(QUrl(QStringLiteral("/app/callback"))));
    config.setTrustedHosts(QStringList{f.sandbox().wechatUrl().authority()} + moreTrusted);
    config.setStorageKey(m_key);
    return config;
}

QString tst_LoginContainment::hostileConfig(SandboxFixture &f, const HostileServer &server) const
{
    const QUrl auth = f.sandbox().authUrl();
    const QJsonObject cfg{
        {QStringLiteral("report"), server.url(QStringLiteral("/report")).toString()},
        {QStringLiteral("external"),
         QStringLiteral("http://127.0.0.1:%1").arg(m_elsewhere.serverPort())},
        {QStringLiteral("redirect"),
         auth.resolved(QUrl(QStringLiteral("/app/callback"))).toString()},
        {QStringLiteral("redirectWs"),
         QStringLiteral("ws://%1/app/callback").arg(auth.authority())},
        {QStringLiteral("goTrueCallback"),
         auth.resolved(QUrl(QStringLiteral("/auth/v1/callback"))).toString()},
        {QStringLiteral("trustedFrame"), server.url(QStringLiteral("/page/frame")).toString()},
        {QStringLiteral("source"), m_hostileJs},
    };
    return QString::fromUtf8(QJsonDocument(cfg).toJson(QJsonDocument::Compact));
}

QStringList tst_LoginContainment::launches() const
{
    return readFile(m_launchLog).split(u'\n', Qt::SkipEmptyParts);
}

bool tst_LoginContainment::clickElement(LoginWidget &w, const QString &selector)
{
    const QVariantMap r =
        runJavaScript(
            w.webView()->page(),
            QStringLiteral("(function () { var r = document.querySelector(%1)"
                           ".getBoundingClientRect(); return {x: r.left + r.width / 2,"
                           " y: r.top + r.height / 2}; })()")
                .arg(QString::fromUtf8(
                         QJsonDocument(QJsonArray{selector}).toJson(QJsonDocument::Compact))
                         .mid(1)
                         .chopped(1)))
            .toMap();
    if (r.isEmpty())
        return false;
    QWidget *surface = w.webView()->focusProxy();
    const QPoint at(qRound(r.value(QStringLiteral("x")).toDouble()),
                    qRound(r.value(QStringLiteral("y")).toDouble()));
    QTest::mouseMove(surface, at);
    QTest::mouseClick(surface, Qt::LeftButton, {}, at);
    return true;
}

// Third-party scripts on the QR page, and every kind of sub-frame they can make, try to
// open the system browser, take over the callback and show dialogs, without a click: all
// refused, and the sign-in goes on undisturbed.
void tst_LoginContainment::hostileScriptsCannotEscape()
{
    SandboxFixture f;
    HostileServer server(m_hostileJs);
    const QString cfg = hostileConfig(f, server);
    server.setPage(QStringLiteral("frame"),
                   QStringLiteral("<!doctype html><body><script src=\"/hostile.js\"></script>"
                                  "<script>wechatloginAttack(\"trusted-frame\", %1);</script>")
                       .arg(cfg));
    LoginWidget w(configFor(f, {server.hostPort()}));
    w.resize(360, 440);
    w.show();
    QSignalSpy states(&w, &LoginWidget::stateChanged);
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QWebEnginePage *page = w.webView()->page();
    const QUrl qrPage = page->url();

    QCOMPARE(
        runJavaScript(page, m_hostileJs
                                + QStringLiteral("\n(function () { try { wechatloginHostile(%1);"
                                                 " return 'started'; } catch (e) { return "
                                                 "String(e); } })();")
                                      .arg(cfg))
            .toString(),
        QStringLiteral("started"));
    const QStringList frames{QStringLiteral("main"),  QStringLiteral("srcdoc"),
                             QStringLiteral("data"),  QStringLiteral("sandboxed"),
                             QStringLiteral("blank"), QStringLiteral("trusted-frame")};
    for (const QString &tag : frames) {
        QTRY_VERIFY2_WITH_TIMEOUT(server.hasReport(QStringLiteral("tag=%1&done=1").arg(tag)),
                                  qPrintable(tag + u' ' + server.reports().join(u' ')), 20000);
    }
    // No dialog showed or blocked: confirm() said no, prompt() gave nothing.
    QVERIFY2(server.hasReport(QStringLiteral("tag=main&dialogs=false-null")),
             qPrintable(server.reports().join(u' ')));
    QVERIFY(server.hasReport(QStringLiteral("tag=main&open=true")));
    QTRY_VERIFY(server.hasReport(QStringLiteral("tag=main&clipboard=refused"))
                || server.hasReport(QStringLiteral("tag=main&clipboard=unavailable")));
    QVERIFY(logged(QStringLiteral("alert() suppressed")) >= 1);
    QVERIFY(logged(QStringLiteral("confirm() suppressed")) >= 1);
    QVERIFY(logged(QStringLiteral("prompt() suppressed")) >= 1);
    QVERIFY(logged(QStringLiteral("request blocked")) >= 1);

    // Nothing reached the browser, the redirect URL or GoTrue's callback; the QR stays.
    QCOMPARE(launches(), QStringList());
    QCOMPARE(f.requestCount(QStringLiteral("/app/callback")), 0);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/callback")), 0);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/token")), 0);
    QCOMPARE(page->url(), qrPage);
    QCOMPARE(w.state(), State::QrShown);

    // The sign-in goes on: the real callback still works.
    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().confirmQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
    QList<State> seen;
    for (const auto &args : states)
        seen << args.at(0).value<State>();
    QCOMPARE(seen, QList<State>({State::Loading, State::QrShown, State::Scanned, State::Exchanging,
                                 State::SignedIn}));
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/token")), 1);
    QCOMPARE(f.requestCount(QStringLiteral("/app/callback")), 0);
    QCOMPARE(launches(), QStringList());
}

// A person clicking a link: the system browser opens it, once, and the QR stays. A file
// input clicked by a person opens no chooser.
void tst_LoginContainment::realClickOpensTheBrowserOnce()
{
    SandboxFixture f;
    LoginWidget w(configFor(f));
    w.resize(360, 440);
    w.show();
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QWebEnginePage *page = w.webView()->page();
    const QUrl before = page->url();
    const QString help = QStringLiteral("http://127.0.0.1:%1/help").arg(m_elsewhere.serverPort());
    runJavaScript(
        page, QStringLiteral("var a = document.createElement('a'); a.id = 'help'; a.href = '%1';"
                             " a.textContent = 'help'; a.style.cssText = 'position:fixed; left:0;"
                             " top:0; width:120px; height:40px; display:block; z-index:99999;"
                             " background:#fff'; document.body.appendChild(a);"
                             " var f = document.createElement('input'); f.type = 'file';"
                             " f.id = 'file'; f.style.cssText = 'position:fixed; left:0; top:60px;"
                             " width:200px; height:40px; z-index:99999';"
                             " document.body.appendChild(f);")
                  .arg(help));
    // A scripted click first: nothing.
    runJavaScript(page, QStringLiteral("document.getElementById('help').click();"));
    QVERIFY(clickElement(w, QStringLiteral("#help")));
    QTRY_COMPARE_WITH_TIMEOUT(launches(), QStringList{help}, 10000);
    QVERIFY(clickElement(w, QStringLiteral("#file")));
    QTRY_VERIFY_WITH_TIMEOUT(logged(QStringLiteral("file chooser refused")) == 1, 10000);
    // Still one launch for one click, and the view stays on the QR.
    runJavaScript(page, QStringLiteral("1"));
    QCOMPARE(launches(), QStringList{help});
    QCOMPARE(page->url(), before);
    QCOMPARE(w.state(), State::QrShown);
}

// After a new flow superseded the shown one, a callback of the old flow (a real WeChat
// code for the old QR, with the old state) is refused locally: it never reaches GoTrue,
// the current verifier is never spent on it, and the new QR still signs in. The page's
// beforeunload trap does not hold the new flow back.
void tst_LoginContainment::forgedCallbackAfterRenewal()
{
    SandboxFixture f;
    LoginWidget w(configFor(f));
    w.resize(360, 440);
    w.show();
    QSignalSpy shown(&w, &LoginWidget::qrShown);
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 15000);
    QWebEnginePage *page = w.webView()->page();
    const QString oldUuid = f.sandbox().latestQrUuid();
    const QString oldState = SandboxFixture::stateOf(page->url());
    QVERIFY(!oldState.isEmpty());
    // A page that does not want to be left, with the person's click on it.
    runJavaScript(page, QStringLiteral("window.addEventListener('beforeunload', function (e) {"
                                       " e.preventDefault(); e.returnValue = 'stay'; });"
                                       "window.addEventListener('click', function (e) {"
                                       " if (e.isTrusted) window.__clicked = true; }, true);"));
    QVERIFY(clickElement(w, QStringLiteral("body")));
    // Chromium asks beforeunload only of a page a person has used: wait for the click to
    // arrive before leaving the page.
    QTRY_VERIFY_WITH_TIMEOUT(
        runJavaScript(page, QStringLiteral("window.__clicked === true")).toBool(), 10000);

    w.start(); // a new flow; the old QR is still valid at WeChat
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 15000);
    QVERIFY(logged(QStringLiteral("beforeunload prompt suppressed")) >= 1);
    const QString newUuid = f.sandbox().latestQrUuid();
    QVERIFY(newUuid != oldUuid);

    // A WeChat code for the old QR, as its poll hands it out once confirmed.
    QVERIFY(f.sandbox().confirmQr(oldUuid));
    const HttpResult poll = f.poll(oldUuid);
    const QRegularExpressionMatch code =
        QRegularExpression(QStringLiteral("wx_code='([^']+)'")).match(QString::fromUtf8(poll.body));
    QVERIFY2(code.hasMatch(), poll.body.constData());
    const QUrl forged =
        f.auth(QStringLiteral("/auth/v1/callback?code=%1&state=%2")
                   .arg(code.captured(1), QString::fromLatin1(QUrl::toPercentEncoding(oldState))));
    runJavaScript(page, QStringLiteral("location.href = '%1';").arg(forged.toString()));
    QTRY_COMPARE_WITH_TIMEOUT(w.statusText(),
                              QStringLiteral("That QR code has expired. Scan the new one."), 10000);
    QCOMPARE(w.state(), State::QrShown);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/callback")), 0);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/token")), 0);

    QVERIFY(f.sandbox().confirmQr(newUuid));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/callback")), 1);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/token")), 1);
}

// start() twice (a double-clicked "sign in"): one flow, one /authorize.
void tst_LoginContainment::doubleStartIsOneFlow()
{
    SandboxFixture f;
    LoginWidget w(configFor(f));
    w.show();
    QSignalSpy loading(&w, &LoginWidget::loading);
    w.start();
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QCOMPARE(loading.count(), 1);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 1);
    // Once the QR shows, start() is a deliberate new attempt.
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 2);
}

// A trusted page that redirects itself to the redirect URL while it loads (a client
// redirect, which Qt 6.4 reports as NavigationTypeRedirect, like GoTrue's own): not the
// callback, because it does not come from GoTrue.
void tst_LoginContainment::scriptedRedirectDuringLoad()
{
    SandboxFixture f;
    HostileServer server(m_hostileJs);
    const QUrl redirect = f.sandbox().authUrl().resolved(QUrl(QStringLiteral("/app/callback")));
    server.setPage(QStringLiteral("loading"),
                   QStringLiteral("<!doctype html><head><script>navigator.sendBeacon('%1?tag="
                                  "loading&started=1'); location.replace('%2?code=forged');"
                                  "</script></head><body>hostile</body>")
                       .arg(server.url(QStringLiteral("/report")).toString(), redirect.toString()));
    LoginWidget w(configFor(f, {server.hostPort()}));
    w.show();
    QSignalSpy states(&w, &LoginWidget::stateChanged);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    runJavaScript(w.webView()->page(),
                  QStringLiteral("location.href = '%1';")
                      .arg(server.url(QStringLiteral("/page/loading")).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(server.hasReport(QStringLiteral("tag=loading&started=1")), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(
        logged(QStringLiteral("a page navigating to the redirect URL itself")), 1, 10000);
    QCOMPARE(f.requestCount(QStringLiteral("/app/callback")), 0);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/token")), 0);
    for (const auto &args : states)
        QVERIFY(args.at(0).value<State>() != State::Exchanging);
    QVERIFY(w.state() != State::SignedIn);
}

// What a server or page says is shown as plain text, never as rich text.
void tst_LoginContainment::serverTextIsPlainText()
{
    SandboxFixture f;
    HostileServer server(m_hostileJs);
    const QString title = QStringLiteral("<b>bold</b><img src=\"http://127.0.0.1:%1/x\">")
                              .arg(m_elsewhere.serverPort());
    server.setPage(QStringLiteral("weui"),
                   QStringLiteral("<!doctype html><body><div class=\"weui_msg\"><h2 class="
                                  "\"weui_msg_title\">%1</h2></div></body>")
                       .arg(title.toHtmlEscaped()));
    LoginWidget w(configFor(f, {server.hostPort()}));
    w.show();
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    runJavaScript(w.webView()->page(),
                  QStringLiteral("location.href = '%1';")
                      .arg(server.url(QStringLiteral("/page/weui")).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::Failed, 10000);
    QCOMPARE(w.error().message(), title);
    auto *errorTitle = w.findChild<QLabel *>(QStringLiteral("errorTitle"));
    QVERIFY(errorTitle);
    QVERIFY(errorTitle->text().contains(title));
    const QList<QLabel *> labels = w.findChildren<QLabel *>();
    QVERIFY(labels.size() >= 4);
    for (QLabel *label : labels)
        QCOMPARE(label->textFormat(), Qt::PlainText);
}

// Frame by frame, from start() to the fitted QR and through a renewal: every frame of the
// widget is the native placeholder or the fitted page, never WeChat's dark standalone page.
void tst_LoginContainment::noFlashOfTheRawPage()
{
    SandboxFixture f;
    LoginWidget w(configFor(f));
    QPalette palette = w.palette();
    palette.setColor(QPalette::Window, Qt::white);
    palette.setColor(QPalette::WindowText, Qt::black);
    w.setPalette(palette);
    w.resize(360, 440);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));

    const QColor raw(0x33, 0x33, 0x33); // the standalone page's background
    int frames = 0;
    int qrFrames = 0;
    double worst = 0;
    bool pending = false;
    const auto check = [&] {
        pending = false;
        const QImage image = w.grab().toImage().convertToFormat(QImage::Format_RGB32);
        qint64 dark = 0;
        for (int y = 0; y < image.height(); ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
            for (int x = 0; x < image.width(); ++x) {
                const QColor c(line[x]);
                dark += qAbs(c.red() - raw.red()) + qAbs(c.green() - raw.green())
                            + qAbs(c.blue() - raw.blue())
                        < 12;
            }
        }
        worst = std::max(worst, double(dark) / (image.width() * image.height()));
        ++frames;
        if (f.isSandboxQr(decodeQr(image)))
            ++qrFrames;
    };
    struct Watcher : QObject
    {
        std::function<void()> onPaint;
        bool eventFilter(QObject *, QEvent *event) override
        {
            if (event->type() == QEvent::Paint)
                onPaint();
            return false;
        }
    } watcher;
    watcher.onPaint = [&] {
        if (!pending) {
            pending = true;
            QMetaObject::invokeMethod(&w, check, Qt::QueuedConnection);
        }
    };
    const QList<QWidget *> children = w.findChildren<QWidget *>();
    for (QWidget *child : children)
        child->installEventFilter(&watcher);
    w.installEventFilter(&watcher);

    // Like the real page's scripts on a real network, the polling script arrives late: the
    // page is parsed and painted up to it, unstyled, long before DOMContentLoaded.
    const HttpResult fault =
        f.control("POST", QStringLiteral("/sandbox/faults"),
                  R"({"path":"/connect/qrconnect.js","delay_ms":1500,"count":2})");
    QCOMPARE(fault.status, 204);
    QSignalSpy shown(&w, &LoginWidget::qrShown);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(qrFrames > 0, 10000);
    QVERIFY(f.sandbox().expireQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 15000);
    const int before = qrFrames;
    QTRY_VERIFY_WITH_TIMEOUT(qrFrames > before, 10000);
    for (QWidget *child : children)
        child->removeEventFilter(&watcher);
    w.removeEventFilter(&watcher);
    while (pending)
        QCoreApplication::processEvents();
    qInfo("%d frames checked, %d with the QR; the most raw-page pixels in one frame: %.2f%%",
          frames, qrFrames, worst * 100);
    QVERIFY(frames >= 4);
    QVERIFY2(worst < 0.01, qPrintable(QString::number(worst * 100) + u'%'));
}

// Closing the dialog after a failure reports that failure, not a cancellation.
void tst_LoginContainment::dialogReportsTheFailureWhenClosed()
{
    SandboxFixture f;
    AuthConfig config = configFor(f);
    config.setProvider(QStringLiteral("github")); // not enabled: GoTrue refuses /authorize
    LoginDialog dialog(config);
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(dialog.loginWidget()->state(), State::Failed, 15000);
    const AuthError failure = dialog.loginWidget()->error();
    QVERIFY(failure.isError());
    dialog.reject();
    QCOMPARE(dialog.result().error.kind(), failure.kind());
    QVERIFY(!dialog.result().isCancelled());

    // Closed while the QR shows: cancelled.
    LoginDialog second(configFor(f));
    second.show();
    QTRY_COMPARE_WITH_TIMEOUT(second.loginWidget()->state(), State::QrShown, 15000);
    second.reject();
    QVERIFY(second.result().isCancelled());
}

QTEST_MAIN(tst_LoginContainment)
#include "tst_logincontainment.moc"
