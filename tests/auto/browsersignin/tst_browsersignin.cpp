// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// BrowserSignIn against the in-process sandbox over loopback: the flow, its redirect URL,
// both server eras, the session stored in the real keychain, the pages the browser's tab
// gets, the deadline, and the listener against hostile local clients (wrong nonce, wrong
// Host, POST, a huge request line, a client sending one byte a second, 100 connections at
// once, a request after the end), each answered or dropped within bounds while the real
// callback still completes. This host links WeChatLogin::Auth only: no QtWidgets, no
// QtWebEngine is mapped. The browser is played over HTTP here (tst_browsersignin_chromium
// drives a real one).

#include "loopbackserver_p.h" // auth/: the bounds
#include "testhttp.h"
#include "testkeychain.h"
#include <WeChatLogin/browsersignin.h>
#include <WeChatLogin/sessionmanager.h>
#include <WeChatLogin/translations.h>

// Qt
#include <QFile>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <memory>
#include <vector>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using Internal::LoopbackServer;

namespace {

const QString Service = QStringLiteral("wechatlogin-tst-browsersignin");

bool mapsLibrary(const QByteArray &name)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    return maps.open(QIODevice::ReadOnly) && maps.readAll().contains(name);
}

// What a raw client got: the bytes until the server closed, and whether it closed.
struct RawAnswer
{
    QByteArray data;
    bool closed = false;
    qint64 elapsedMs = 0;
    int status() const { return data.startsWith("HTTP/1.1 ") ? data.mid(9, 3).toInt() : 0; }
};

RawAnswer rawRequest(const QUrl &server, const QByteArray &bytes, int timeoutMs = 15000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(server.host()), quint16(server.port()));
    RawAnswer a;
    if (!socket.waitForConnected(5000))
        return a;
    QElapsedTimer clock;
    clock.start();
    socket.write(bytes);
    a.closed = QTest::qWaitFor(
        [&] {
            a.data += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    a.data += socket.readAll();
    a.elapsedMs = clock.elapsed();
    return a;
}

QByteArray getRequest(const QUrl &url, const QByteArray &host = {})
{
    return "GET " + url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority) + " HTTP/1.1\r\n"
           + "Host: " + (host.isEmpty() ? url.authority().toLatin1() : host)
           + "\r\nUser-Agent: test\r\n\r\n";
}

} // namespace

class tst_BrowserSignIn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void signsInAndStoresTheSession();
    void redirectIsTheLoopbackLiteralWithANonce();
    void worksWithEitherEra_data();
    void worksWithEitherEra();
    void legacyServerWithoutTheGlobNamesTheFix();
    void deadlineNamesTheFix();
    void cancelNamesTheFixWhileWaiting();
    void serverErrorIsShownAsPlainText();
    void refusalOnTheServerEndsTheFlow();
    void openerFailureIsReported();
    void defaultOpenerWithoutADisplaySaysSo();
    void defaultOpenerThatFailsIsReported();
    void noOpenOpensNothing();
    void hostileRequestsAreRefused_data();
    void hostileRequestsAreRefused();
    void hugeRequestLineIsRefused();
    void slowClientIsDropped();
    void hundredConnectionsAtOnce();
    void secondCallbackIsRefused();
    void nothingListensAfterTheEnd();
    void pagesFollowTheLanguage();

private:
    // Starts a flow whose opener records the URL instead of opening anything.
    void startFlow(BrowserSignIn &signIn);
    // Plays the browser and the phone from the authorize URL up to the listener's answer.
    HttpResult browseAndConfirm(const QUrl &authorizeUrl);

    std::unique_ptr<SandboxFixture> m_fixture;
    QUrl m_opened;
};

void tst_BrowserSignIn::initTestCase()
{
    loadTranslations(QLocale(QLocale::English));
}

void tst_BrowserSignIn::init()
{
    m_fixture = std::make_unique<SandboxFixture>();
    m_opened.clear();
    rawDeleteAll(Service, sandboxLoginConfig(m_fixture->sandbox()).storageKey());
}

void tst_BrowserSignIn::cleanup()
{
    rawDeleteAll(Service, sandboxLoginConfig(m_fixture->sandbox()).storageKey());
    m_fixture.reset();
    loadTranslations(QLocale(QLocale::English));
}

void tst_BrowserSignIn::startFlow(BrowserSignIn &signIn)
{
    signIn.setUrlOpener([this](const QUrl &url, QString *) {
        m_opened = url;
        return true;
    });
    signIn.start();
}

HttpResult tst_BrowserSignIn::browseAndConfirm(const QUrl &authorizeUrl)
{
    const HttpResult back = m_fixture->followSignIn(authorizeUrl);
    if (back.status != 302)
        return back;
    Http browser;
    return browser.get(back.location());
}

void tst_BrowserSignIn::signsInAndStoresTheSession()
{
    const AuthConfig config = sandboxLoginConfig(m_fixture->sandbox());
    SessionManager manager(config, Service);
    BrowserSignIn signIn(config);
    signIn.setSessionManager(&manager);
    QSignalSpy states(&signIn, &BrowserSignIn::stateChanged);
    QSignalSpy opened(&signIn, &BrowserSignIn::browserOpened);
    QSignalSpy returned(&signIn, &BrowserSignIn::browserReturned);
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    QSignalSpy signedIn(&signIn, &BrowserSignIn::signedIn);
    startFlow(signIn);
    QCOMPARE(signIn.state(), BrowserSignIn::State::Waiting);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(m_opened, signIn.authorizeUrl());

    const HttpResult page = browseAndConfirm(signIn.authorizeUrl());
    QCOMPARE(page.status, 200);
    QVERIFY(page.header("content-type").startsWith("text/html"));
    QCOMPARE(page.header("cache-control"), QByteArray("no-store"));
    QVERIFY(page.header("content-security-policy").startsWith("default-src 'none'"));
    QVERIFY(page.body.contains("You are signed in"));
    QVERIFY(!page.body.contains("<script"));
    QVERIFY(!page.body.contains("src=")); // nothing fetched from anywhere
    QCOMPARE(finished.size(), 1);
    QCOMPARE(returned.size(), 1);
    QVERIFY(signIn.hasBrowserReturned());
    QCOMPARE(signedIn.size(), 1);
    const Session session = finished.at(0).at(0).value<Session>();
    QVERIFY(session.isValid());
    QVERIFY(!finished.at(0).at(1).value<AuthError>().isError());
    // finished() means stored: the keychain has it.
    QCOMPARE(manager.state(), SessionManager::State::SignedIn);
    QCOMPARE(manager.session().accessToken(), session.accessToken());
    QVERIFY(!rawReadSession(Service, config.storageKey()).isEmpty());
    QCOMPARE(signIn.state(), BrowserSignIn::State::Idle);
    QCOMPARE(states.size(), 3); // Waiting, Exchanging, Idle
    // Nothing of the code, verifier or tokens in the page.
    QVERIFY(!page.body.contains(session.accessToken().toUtf8()));
    QVERIFY(!page.body.contains(session.refreshToken().toUtf8()));
    // An Auth-only host.
    QVERIFY2(!mapsLibrary("libQt6Widgets"), "the host mapped QtWidgets");
    QVERIFY2(!mapsLibrary("libQt6WebEngineCore"), "the host mapped QtWebEngine");
}

void tst_BrowserSignIn::redirectIsTheLoopbackLiteralWithANonce()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    startFlow(signIn);
    const QUrl redirect = signIn.redirectUrl();
    QCOMPARE(redirect.scheme(), QStringLiteral("http"));
    QCOMPARE(redirect.host(), QStringLiteral("127.0.0.1")); // never "localhost"
    QVERIFY(redirect.port() > 0);
    QCOMPARE(redirect.path(), QStringLiteral("/wechat-login/callback"));
    const QString nonce = QUrlQuery(redirect).queryItemValue(QStringLiteral("wechatlogin_nonce"));
    QVERIFY(nonce.size() >= 22); // 128 bits
    const QUrlQuery authorize(signIn.authorizeUrl());
    QCOMPARE(authorize.queryItemValue(QStringLiteral("redirect_to"), QUrl::FullyDecoded),
             redirect.toString());
    QCOMPARE(authorize.queryItemValue(QStringLiteral("code_challenge_method")),
             QStringLiteral("s256"));
    QVERIFY(!authorize.queryItemValue(QStringLiteral("code_challenge")).isEmpty());
    // Each flow its own port and nonce.
    BrowserSignIn other(sandboxLoginConfig(m_fixture->sandbox()));
    other.setUrlOpener([](const QUrl &, QString *) { return true; });
    other.start();
    QVERIFY(other.redirectUrl().port() != redirect.port());
    QVERIFY(QUrlQuery(other.redirectUrl()).queryItemValue(QStringLiteral("wechatlogin_nonce"))
            != nonce);
}

void tst_BrowserSignIn::worksWithEitherEra_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::newRow("current: any loopback port") << false;
    QTest::newRow("legacy: the allow list's glob") << true;
}

void tst_BrowserSignIn::worksWithEitherEra()
{
    QFETCH(bool, legacy);
    SandboxOptions options;
    options.serverEra =
        legacy ? SandboxOptions::ServerEra::Legacy : SandboxOptions::ServerEra::Current;
    options.siteUrl = QUrl(QStringLiteral("https://app.example.com/welcome"));
    if (!legacy)
        options.redirectAllow = {QStringLiteral("wechatlogin://**")}; // the loopback rule only
    m_fixture = std::make_unique<SandboxFixture>(options);
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    startFlow(signIn);
    const HttpResult page = browseAndConfirm(signIn.authorizeUrl());
    QCOMPARE(page.status, 200);
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.at(0).at(0).value<Session>().isValid());
}

void tst_BrowserSignIn::legacyServerWithoutTheGlobNamesTheFix()
{
    SandboxOptions options;
    options.serverEra = SandboxOptions::ServerEra::Legacy;
    options.redirectAllow = {QStringLiteral("wechatlogin://**")};
    // A real project's Site URL is its website (one on 127.0.0.1 would take any loopback
    // redirect by its host alone).
    options.siteUrl = QUrl(QStringLiteral("https://app.example.com/welcome"));
    m_fixture = std::make_unique<SandboxFixture>(options);
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    QElapsedTimer clock;
    clock.start();
    startFlow(signIn);
    // Not the 10-minute deadline: the server's own dry run tells at once.
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY(clock.elapsed() < BrowserSignIn::DefaultTimeoutMs);
    const AuthError error = finished.at(0).at(1).value<AuthError>();
    QCOMPARE(error.kind(), AuthError::Kind::BrowserDidNotReturn);
    QVERIFY2(error.userMessage().contains(QLatin1String("http://127.0.0.1:*/**")),
             qPrintable(error.userMessage()));
    QVERIFY(error.userMessage().contains(QStringLiteral("重定向URL列表")));
    QVERIFY2(error.userMessage().contains(
                 m_fixture->sandbox().siteUrl().toString(QUrl::StripTrailingSlash)),
             qPrintable(error.userMessage())); // where the browser would have gone
    QCOMPARE(signIn.state(), BrowserSignIn::State::Idle);
}

void tst_BrowserSignIn::deadlineNamesTheFix()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    signIn.setTimeoutMs(500);
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    startFlow(signIn);
    QTRY_COMPARE(finished.size(), 1);
    const AuthError error = finished.at(0).at(1).value<AuthError>();
    QCOMPARE(error.kind(), AuthError::Kind::BrowserDidNotReturn);
    QVERIFY(error.userMessage().contains(QLatin1String("did not come back")));
    QVERIFY(error.userMessage().contains(QLatin1String("http://127.0.0.1:*/**")));
}

void tst_BrowserSignIn::cancelNamesTheFixWhileWaiting()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    startFlow(signIn);
    const QUrl redirect = signIn.redirectUrl();
    signIn.cancel();
    QCOMPARE(finished.size(), 1);
    const AuthError error = finished.at(0).at(1).value<AuthError>();
    QCOMPARE(error.kind(), AuthError::Kind::Cancelled);
    QVERIFY(!signIn.hasBrowserReturned()); // so the message says what to add, and where
    QVERIFY(error.message().contains(QLatin1String("http://127.0.0.1:*/**")));
    signIn.cancel(); // nothing more
    QCOMPARE(finished.size(), 1);
    QVERIFY(rawRequest(redirect, getRequest(redirect)).data.isEmpty()); // nobody listens
}

void tst_BrowserSignIn::serverErrorIsShownAsPlainText()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    startFlow(signIn);
    QUrl back = signIn.redirectUrl();
    QUrlQuery query(back);
    query.addQueryItem(QStringLiteral("error"), QStringLiteral("access_denied"));
    query.addQueryItem(QStringLiteral("error_code"), QStringLiteral("provider_disabled"));
    query.addQueryItem(QStringLiteral("error_description"),
                       QStringLiteral("<script>alert(1)</script> Provider is disabled"));
    back.setQuery(query);
    const RawAnswer page = rawRequest(back, getRequest(back));
    QCOMPARE(page.status(), 200);
    QVERIFY2(page.data.contains("&lt;script&gt;alert(1)&lt;/script&gt; Provider is disabled"),
             page.data.constData());
    QVERIFY(!page.data.contains("<script>"));
    QVERIFY(page.data.contains("Sign-in failed"));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(1).value<AuthError>().kind(), AuthError::Kind::AccessDenied);
}

void tst_BrowserSignIn::refusalOnTheServerEndsTheFlow()
{
    // WeChat's refusal: its page sends the browser to GoTrue's callback with a state and no
    // code; GoTrue sends it on to us with the error.
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    startFlow(signIn);
    const HttpResult authorize = m_fixture->http().get(signIn.authorizeUrl());
    const QString state = SandboxFixture::stateOf(authorize.location());
    const HttpResult refused = m_fixture->http().get(
        m_fixture->auth(QStringLiteral("/auth/v1/callback?state=")
                        + QString::fromLatin1(QUrl::toPercentEncoding(state))));
    QCOMPARE(refused.status, 302);
    const RawAnswer page = rawRequest(refused.location(), getRequest(refused.location()));
    QCOMPARE(page.status(), 200);
    QVERIFY(page.data.contains("Sign-in failed"));
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.at(0).at(1).value<AuthError>().isError());
    QVERIFY(!finished.at(0).at(0).value<Session>().isValid());
}

void tst_BrowserSignIn::openerFailureIsReported()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy failed(&signIn, &BrowserSignIn::browserOpenFailed);
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    signIn.setUrlOpener([](const QUrl &, QString *why) {
        *why = QStringLiteral("no browser here");
        return false;
    });
    signIn.start();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("no browser here"));
    // The flow goes on: the URL opened by hand still signs in.
    QCOMPARE(signIn.state(), BrowserSignIn::State::Waiting);
    QCOMPARE(browseAndConfirm(signIn.authorizeUrl()).status, 200);
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.at(0).at(0).value<Session>().isValid());
}

void tst_BrowserSignIn::defaultOpenerWithoutADisplaySaysSo()
{
    const QByteArray display = qgetenv("DISPLAY"), wayland = qgetenv("WAYLAND_DISPLAY");
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy failed(&signIn, &BrowserSignIn::browserOpenFailed);
    signIn.start();
    if (!display.isEmpty())
        qputenv("DISPLAY", display);
    if (!wayland.isEmpty())
        qputenv("WAYLAND_DISPLAY", wayland);
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("DISPLAY")),
             qPrintable(failed.at(0).at(0).toString()));
    QString why;
    qunsetenv("DISPLAY");
    QVERIFY(!BrowserSignIn::openInSystemBrowser(QUrl(QStringLiteral("http://127.0.0.1:9/")), &why));
    if (!display.isEmpty())
        qputenv("DISPLAY", display);
    QVERIFY(!why.isEmpty());
}

// xdg-open without a browser to start exits 3 ("a required tool could not be found"):
// said as browserOpenFailed(), the flow goes on for the URL to be opened by hand.
void tst_BrowserSignIn::defaultOpenerThatFailsIsReported()
{
    QTemporaryDir bin;
    QFile opener(bin.filePath(QStringLiteral("xdg-open")));
    QVERIFY(opener.open(QIODevice::WriteOnly));
    opener.write(
        "#!/bin/sh\necho \"xdg-open: no method available for opening '$1'\" >&2\nexit 3\n");
    opener.close();
    QVERIFY(opener.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QByteArray path = qgetenv("PATH"), display = qgetenv("DISPLAY");
    qputenv("PATH", QFile::encodeName(bin.path()) + ':' + path);
    qputenv("DISPLAY", ":wechatlogin-test");
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy opened(&signIn, &BrowserSignIn::browserOpened);
    QSignalSpy failed(&signIn, &BrowserSignIn::browserOpenFailed);
    signIn.start();
    qputenv("PATH", path);
    if (display.isEmpty())
        qunsetenv("DISPLAY");
    else
        qputenv("DISPLAY", display);
    QCOMPARE(opened.size(), 1);     // started...
    QTRY_COMPARE(failed.size(), 1); // ...and said it could not
    QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("exit code 3")),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(signIn.state(), BrowserSignIn::State::Waiting);
    QCOMPARE(browseAndConfirm(signIn.authorizeUrl()).status, 200);
}

void tst_BrowserSignIn::noOpenOpensNothing()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    signIn.setOpensBrowser(false);
    QSignalSpy opened(&signIn, &BrowserSignIn::browserOpened);
    QSignalSpy failed(&signIn, &BrowserSignIn::browserOpenFailed);
    startFlow(signIn);
    QVERIFY(m_opened.isEmpty());
    QCOMPARE(opened.size() + failed.size(), 0);
    QVERIFY(signIn.authorizeUrl().isValid());
    QCOMPARE(browseAndConfirm(signIn.authorizeUrl()).status, 200);
}

void tst_BrowserSignIn::hostileRequestsAreRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("status");
    QTest::newRow("wrong nonce") << "wrong nonce" << 400;
    QTest::newRow("missing nonce") << "missing nonce" << 400;
    QTest::newRow("two nonces") << "two nonces" << 400;
    QTest::newRow("wrong Host (DNS rebinding)") << "wrong host" << 400;
    QTest::newRow("no Host") << "no host" << 400;
    QTest::newRow("POST") << "post" << 405;
    QTest::newRow("favicon") << "favicon" << 404;
    QTest::newRow("another path") << "path" << 404;
    QTest::newRow("not HTTP") << "garbage" << 404;
}

void tst_BrowserSignIn::hostileRequestsAreRefused()
{
    QFETCH(QString, kind);
    QFETCH(int, status);
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    startFlow(signIn);
    const QUrl redirect = signIn.redirectUrl();
    const QString nonce = QUrlQuery(redirect).queryItemValue(QStringLiteral("wechatlogin_nonce"));
    QUrl target = redirect;
    QByteArray request;
    if (kind == QLatin1String("wrong nonce")) {
        target.setQuery(QStringLiteral("wechatlogin_nonce=AAAAAAAAAAAAAAAAAAAAAA&code=x"));
    } else if (kind == QLatin1String("missing nonce")) {
        target.setQuery(QStringLiteral("code=x"));
    } else if (kind == QLatin1String("two nonces")) {
        target.setQuery(
            QStringLiteral("wechatlogin_nonce=%1&wechatlogin_nonce=x&code=x").arg(nonce));
    } else if (kind == QLatin1String("favicon")) {
        target.setPath(QStringLiteral("/favicon.ico"));
        target.setQuery(QString());
    } else if (kind == QLatin1String("path")) {
        target.setPath(QStringLiteral("/wechat-login/callback/x"));
    }
    request = getRequest(target);
    if (kind == QLatin1String("wrong host"))
        request = getRequest(target, "attacker.example:" + QByteArray::number(target.port()));
    if (kind == QLatin1String("no host"))
        request.replace(QByteArray("Host: " + target.authority().toLatin1() + "\r\n"), "");
    if (kind == QLatin1String("post"))
        request.replace(0, 3, "POST");
    if (kind == QLatin1String("garbage"))
        request = "\x16\x03\x01 hello\r\n\r\n";
    const RawAnswer answer = rawRequest(redirect, request);
    QVERIFY(answer.closed);
    QCOMPARE(answer.status(), status);
    QVERIFY(!answer.data.contains(nonce.toLatin1())); // the page never echoes the request
    // Nothing taken: the flow waits on, and the real callback completes.
    QCOMPARE(finished.size(), 0);
    QCOMPARE(signIn.state(), BrowserSignIn::State::Waiting);
    QCOMPARE(browseAndConfirm(signIn.authorizeUrl()).status, 200);
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.at(0).at(0).value<Session>().isValid());
}

void tst_BrowserSignIn::hugeRequestLineIsRefused()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    startFlow(signIn);
    const QUrl redirect = signIn.redirectUrl();
    const QByteArray huge = "GET /wechat-login/callback?x=" + QByteArray(1 << 20, 'a')
                            + " HTTP/1.1\r\nHost: " + redirect.authority().toLatin1() + "\r\n\r\n";
    const RawAnswer answer = rawRequest(redirect, huge);
    QVERIFY(answer.closed);
    // Answered 431, or cut off once over the bound (the rest of a megabyte unread).
    QVERIFY2(answer.status() == 431 || answer.data.isEmpty(), answer.data.left(200).constData());
    QVERIFY(answer.elapsedMs < LoopbackServer::ReadTimeoutMs + 3000);
    QCOMPARE(finished.size(), 0);
    QCOMPARE(browseAndConfirm(signIn.authorizeUrl()).status, 200);
    QCOMPARE(finished.size(), 1);
}

void tst_BrowserSignIn::slowClientIsDropped()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    startFlow(signIn);
    const QUrl redirect = signIn.redirectUrl();
    QTcpSocket slow;
    slow.connectToHost(QHostAddress(redirect.host()), quint16(redirect.port()));
    QVERIFY(slow.waitForConnected(5000));
    const QByteArray request = getRequest(redirect);
    int sent = 0;
    QTimer drip; // one byte a second
    connect(&drip, &QTimer::timeout, &slow, [&] {
        if (sent < request.size() && slow.state() == QAbstractSocket::ConnectedState)
            slow.write(request.mid(sent++, 1));
    });
    drip.start(1000);
    QElapsedTimer clock;
    clock.start();
    // Meanwhile, the real browser comes back and is answered.
    QCOMPARE(browseAndConfirm(signIn.authorizeUrl()).status, 200);
    QCOMPARE(finished.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(slow.state(), QAbstractSocket::UnconnectedState,
                              LoopbackServer::ReadTimeoutMs + 3000);
    QVERIFY(clock.elapsed() < LoopbackServer::ReadTimeoutMs + 3000);
    QVERIFY(sent < request.size()); // it never got to finish its request
}

void tst_BrowserSignIn::hundredConnectionsAtOnce()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    startFlow(signIn);
    const QUrl redirect = signIn.redirectUrl();
    std::vector<std::unique_ptr<QTcpSocket>> crowd;
    for (int i = 0; i < 100; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress(redirect.host()), quint16(redirect.port()));
        crowd.push_back(std::move(socket));
    }
    // All connected (the listener accepts them as the event loop runs), each with an
    // unfinished request.
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(crowd.cbegin(), crowd.cend(),
                    [](const auto &s) { return s->state() == QAbstractSocket::ConnectedState; }),
        10000);
    for (auto &socket : crowd)
        socket->write("GET /wechat-login/callback?wechatlogin_nonce=x HTTP/1.1\r\n");
    QCOMPARE(browseAndConfirm(signIn.authorizeUrl()).status, 200);
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.at(0).at(0).value<Session>().isValid());
    // Every one of them is closed within the bound.
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(crowd.cbegin(), crowd.cend(),
                    [](const auto &s) { return s->state() == QAbstractSocket::UnconnectedState; }),
        LoopbackServer::ReadTimeoutMs + 5000);
}

void tst_BrowserSignIn::secondCallbackIsRefused()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    signIn.setSessionManager(nullptr);
    QSignalSpy returned(&signIn, &BrowserSignIn::browserReturned);
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    startFlow(signIn);
    const QUrl redirect = signIn.redirectUrl();
    // The first valid callback is held while its code is exchanged; a second one then is
    // refused, and does not disturb the first.
    bool refusedSecond = false;
    connect(&signIn, &BrowserSignIn::browserReturned, this, [&] {
        QUrl again = redirect;
        QUrlQuery query(again);
        query.addQueryItem(QStringLiteral("code"), QStringLiteral("another"));
        again.setQuery(query);
        refusedSecond = rawRequest(again, getRequest(again)).status() == 409;
    });
    QCOMPARE(browseAndConfirm(signIn.authorizeUrl()).status, 200);
    QVERIFY(refusedSecond);
    QCOMPARE(returned.size(), 1);
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.at(0).at(0).value<Session>().isValid());
}

void tst_BrowserSignIn::nothingListensAfterTheEnd()
{
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    startFlow(signIn);
    const QUrl redirect = signIn.redirectUrl();
    QCOMPARE(browseAndConfirm(signIn.authorizeUrl()).status, 200);
    QTcpSocket late;
    late.connectToHost(QHostAddress(redirect.host()), quint16(redirect.port()));
    QVERIFY(!late.waitForConnected(3000)); // refused: the port is closed
    QCOMPARE(late.error(), QAbstractSocket::ConnectionRefusedError);
}

void tst_BrowserSignIn::pagesFollowTheLanguage()
{
    loadTranslations(QLocale(QLocale::Chinese, QLocale::China));
    BrowserSignIn signIn(sandboxLoginConfig(m_fixture->sandbox()));
    startFlow(signIn);
    const HttpResult page = browseAndConfirm(signIn.authorizeUrl());
    QCOMPARE(page.status, 200);
    const QString html = QString::fromUtf8(page.body);
    QVERIFY2(html.contains(QLatin1String("lang=\"zh-CN\"")), qPrintable(html.left(300)));
    QVERIFY2(html.contains(QStringLiteral("已登录")), qPrintable(html));
}

QTEST_GUILESS_MAIN(tst_BrowserSignIn)
#include "tst_browsersignin.moc"
