// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// LoginProcessWire: what LoginProcess and the dialog's process say to each other survives
// the trip (the whole config, the proxy with its credentials, the CA certificates, the
// language; commands; the session or the error), the request is read without taking what
// follows it, and anything else is refused, never half read.

#include <loginprocesswire_p.h>

// Qt
#include <QCoreApplication>
#include <QNetworkProxyFactory>
#include <QSslConfiguration>
#include <QTest>

#include <unistd.h>

using namespace WeChatLogin;

namespace {

// A throwaway CA (openssl req -x509, prime256v1), trusted by nothing but this test.
constexpr char TestCa[] = R"(-----BEGIN CERTIFICATE-----
MIIBkjCCATmgAwIBAgIUe0fRZ2kOpNTAA1C18INuQ5K0Bu0wCgYIKoZIzj0EAwIw
HjEcMBoGA1UEAwwTV2VDaGF0TG9naW4gdGVzdCBDQTAgFw0yNjExMzAyMTIyNTFa
GA8yMTI2MTEwNjIxMjI1MVowHjEcMBoGA1UEAwwTV2VDaGF0TG9naW4gdGVzdCBD
QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABA/QoGmTRnemtIF20FUWh7pAztak
YtBIwZ+v7UcjbLQq0E9Nj+YdDcYkmJpw0Mc+viuJdh1cacrIbIgqW1/YzFyjUzBR
MB0GA1UdDgQWBBRSyel/6xoru5EcJ09jXEL8ZFaDijAfBgNVHSMEGDAWgBRSyel/
6xoru5EcJ09jXEL8ZFaDijAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cA
MEQCIB87ei+sGjH5+6pZQWK8s7p1nbrru0XzfyYj21txyyNOAiAgShVHFXyGuuRp
gzLopsTeUC4voTxVQF7ufR8Sy9lxGg==
-----END CERTIFICATE-----
)";

AuthConfig fullConfig()
{
    AuthConfig config(QUrl(QStringLiteral("https://abc.memfiredb.com")),
                      QStringLiteral("anon-key"));
    config.setRedirectUrl(QUrl(QStringLiteral("myapp://callback")));
    config.setProvider(QStringLiteral("wechat_qr"));
    config.setScopes(QStringLiteral("snsapi_login"));
    config.setStorageKey(QStringLiteral("sb-sandbox-auth-token"));
    config.setRequestTimeoutMs(12000);
    config.setTrustedHosts({QStringLiteral("127.0.0.1:4000"), QStringLiteral("wx.example")});
    config.setExtraAuthorizeParams({{QStringLiteral("lang"), QStringLiteral("en")}});
    return config;
}

} // namespace

class tst_LoginProcessWire : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void requestRoundTrip();
    void networkOfThisProcessTravels_data();
    void networkOfThisProcessTravels();
    void requestIsReadAloneFromThePipe();
    void silentPipeIsRefused();
    void commands();
    void sessionRoundTrip();
    void errorRoundTrip();
    void events();
    void refusesWhatIsNotOurs_data();
    void refusesWhatIsNotOurs();
};

void tst_LoginProcessWire::cleanup()
{
    QNetworkProxyFactory::setUseSystemConfiguration(false);
    QNetworkProxy::setApplicationProxy(QNetworkProxy::DefaultProxy);
}

void tst_LoginProcessWire::requestRoundTrip()
{
    LoginProcessWire::Request sent;
    sent.config = fullConfig();
    sent.proxyMode = LoginProcessWire::Request::ProxyMode::Explicit;
    sent.proxy = QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("proxy.example"), 3128,
                               QStringLiteral("alice"), QStringLiteral("s@cret"));
    sent.caCertificates = QSslCertificate::fromData(TestCa);
    QCOMPARE(sent.caCertificates.size(), 1);
    sent.language = QStringLiteral("zh_CN");
    sent.start = LoginProcessWire::Request::Start::Spare;
    const QByteArray json = LoginProcessWire::encodeRequest(sent);
    QVERIFY(json.endsWith('\n'));
    QCOMPARE(json.count('\n'), 1); // one line: the child reads up to it

    LoginProcessWire::Request request;
    QVERIFY(LoginProcessWire::decodeRequest(json, &request));
    QCOMPARE(request.config, sent.config);
    QCOMPARE(request.language, QStringLiteral("zh_CN"));
    QCOMPARE(request.start, LoginProcessWire::Request::Start::Spare);
    QCOMPARE(request.proxyMode, LoginProcessWire::Request::ProxyMode::Explicit);
    QCOMPARE(request.proxy.type(), QNetworkProxy::HttpProxy);
    QCOMPARE(request.proxy.user(), QStringLiteral("alice"));
    QCOMPARE(request.proxy.password(), QStringLiteral("s@cret"));
    QCOMPARE(request.proxy.hostName(), QStringLiteral("proxy.example"));
    QCOMPARE(request.proxy.port(), quint16(3128));
    QCOMPARE(request.caCertificates, sent.caCertificates);
}

void tst_LoginProcessWire::networkOfThisProcessTravels_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QNetworkProxy>("proxy");
    using Mode = LoginProcessWire::Request::ProxyMode;
    // Qt reads an unset application proxy as NoProxy: the child is told the same.
    QTest::newRow("Qt's default") << int(Mode::Direct)
                                  << QNetworkProxy(QNetworkProxy::DefaultProxy);
    QTest::newRow("system") << int(Mode::System) << QNetworkProxy();
    QTest::newRow("direct") << int(Mode::Direct) << QNetworkProxy(QNetworkProxy::NoProxy);
    QTest::newRow("socks5 with credentials")
        << int(Mode::Explicit)
        << QNetworkProxy(QNetworkProxy::Socks5Proxy, QStringLiteral("10.0.0.1"), 1080,
                         QStringLiteral("bob"), QStringLiteral("pa:ss"));
}

void tst_LoginProcessWire::networkOfThisProcessTravels()
{
    QFETCH(int, mode);
    QFETCH(QNetworkProxy, proxy);
    using Mode = LoginProcessWire::Request::ProxyMode;
    // The host's set-up, as an app (or wechat-login's NetworkSettings) makes it.
    if (Mode(mode) == Mode::System) {
        QNetworkProxyFactory::setUseSystemConfiguration(true);
    } else {
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        QNetworkProxy::setApplicationProxy(proxy);
    }
    const QSslConfiguration before = QSslConfiguration::defaultConfiguration();
    LoginProcessWire::Request untouched;
    untouched.captureNetwork();
    QVERIFY(untouched.caCertificates.isEmpty()); // the system's store is the child's own
    QSslConfiguration tls = before;
    tls.addCaCertificates(QSslCertificate::fromData(TestCa));
    QSslConfiguration::setDefaultConfiguration(tls);

    LoginProcessWire::Request sent;
    sent.config = fullConfig();
    sent.captureNetwork();
    QSslConfiguration::setDefaultConfiguration(before);
    QCOMPARE(int(sent.proxyMode), mode);
    QCOMPARE(sent.caCertificates, QSslCertificate::fromData(TestCa)); // only the added one

    // The child's side: a process with Qt's defaults takes it over.
    cleanup();
    LoginProcessWire::Request request;
    QVERIFY(LoginProcessWire::decodeRequest(LoginProcessWire::encodeRequest(sent), &request));
    request.applyNetwork();
    QCOMPARE(QNetworkProxyFactory::usesSystemConfiguration(), Mode(mode) == Mode::System);
    if (Mode(mode) != Mode::System) {
        const QNetworkProxy applied = QNetworkProxy::applicationProxy();
        QCOMPARE(applied.type(), proxy.type() == QNetworkProxy::DefaultProxy
                                     ? QNetworkProxy::NoProxy
                                     : proxy.type());
        QCOMPARE(applied.hostName(), proxy.hostName());
        QCOMPARE(applied.port(), proxy.port());
        QCOMPARE(applied.user(), proxy.user());
        QCOMPARE(applied.password(), proxy.password());
    }
    QVERIFY(QSslConfiguration::defaultConfiguration().caCertificates().contains(
        QSslCertificate::fromData(TestCa).constFirst()));
    QSslConfiguration::setDefaultConfiguration(before);
}

void tst_LoginProcessWire::requestIsReadAloneFromThePipe()
{
    // The host may write "show" right behind the request: the child reads the request
    // before its event loop exists, and the command must still be there afterwards.
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    LoginProcessWire::Request sent;
    sent.config = fullConfig();
    const QByteArray bytes =
        LoginProcessWire::encodeRequest(sent) + LoginProcessWire::showCommand();
    QCOMPARE(::write(fds[1], bytes.constData(), size_t(bytes.size())), ssize_t(bytes.size()));
    LoginProcessWire::Request request;
    QVERIFY(LoginProcessWire::readRequest(fds[0], &request, 5000));
    QCOMPARE(request.config, sent.config);
    char rest[256] = {};
    const ssize_t n = ::read(fds[0], rest, sizeof rest);
    QCOMPARE(LoginProcessWire::decodeCommand(QByteArray(rest, int(n))).kind,
             LoginProcessWire::Command::Kind::Show);
    ::close(fds[0]);
    ::close(fds[1]);
}

void tst_LoginProcessWire::silentPipeIsRefused()
{
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    LoginProcessWire::Request request;
    QVERIFY(!LoginProcessWire::readRequest(fds[0], &request, 50)); // nothing within 50 ms
    ::close(fds[1]);
    QVERIFY(!LoginProcessWire::readRequest(fds[0], &request, 5000)); // closed: at once
    ::close(fds[0]);
}

void tst_LoginProcessWire::commands()
{
    QCOMPARE(LoginProcessWire::decodeCommand(LoginProcessWire::showCommand()).kind,
             LoginProcessWire::Command::Kind::Show);
    QCOMPARE(LoginProcessWire::decodeCommand(LoginProcessWire::prestartCommand()).kind,
             LoginProcessWire::Command::Kind::Prestart);
    QCOMPARE(LoginProcessWire::decodeCommand(LoginProcessWire::discardCommand()).kind,
             LoginProcessWire::Command::Kind::Discard);
    const LoginProcessWire::Command language =
        LoginProcessWire::decodeCommand(LoginProcessWire::languageCommand(QStringLiteral("en")));
    QCOMPARE(language.kind, LoginProcessWire::Command::Kind::Language);
    QCOMPARE(language.language, QStringLiteral("en"));
    QCOMPARE(LoginProcessWire::decodeCommand(R"({"schema":1,"command":"rm -rf"})").kind,
             LoginProcessWire::Command::Kind::Unknown);
    QCOMPARE(LoginProcessWire::decodeCommand("show\n").kind,
             LoginProcessWire::Command::Kind::Unknown);
}

void tst_LoginProcessWire::sessionRoundTrip()
{
    const QByteArray stored =
        R"({"access_token":"a.b.c","token_type":"bearer","expires_in":3600,"expires_at":1767225600,)"
        R"("refresh_token":"r1","user":{"id":"u1","user_metadata":{"nickname":"小微"}}})";
    const Session session = Session::fromJson(stored);
    QVERIFY(session.isValid());
    const LoginProcessWire::Message m =
        LoginProcessWire::decodeMessage(LoginProcessWire::result(session, AuthError()));
    QCOMPARE(m.kind, LoginProcessWire::Message::Kind::Result);
    QCOMPARE(m.session.accessToken(), session.accessToken());
    QCOMPARE(m.session.refreshToken(), session.refreshToken());
    QCOMPARE(m.session.userId(), QStringLiteral("u1"));
    QCOMPARE(m.session.nickname(), QStringLiteral("小微"));
    QVERIFY(!m.error.isError());
}

void tst_LoginProcessWire::errorRoundTrip()
{
    const AuthError sent(AuthError::Kind::FlowExpired, QStringLiteral("flow state expired"));
    LoginProcessWire::Message m =
        LoginProcessWire::decodeMessage(LoginProcessWire::result(Session(), sent));
    QCOMPARE(m.kind, LoginProcessWire::Message::Kind::Result);
    QVERIFY(!m.session.isValid());
    QCOMPARE(m.error.kind(), AuthError::Kind::FlowExpired);
    QCOMPARE(m.error.message(), sent.message());
    m = LoginProcessWire::decodeMessage(LoginProcessWire::result(
        Session(), AuthError(AuthError::Kind::Cancelled, QStringLiteral("closed"))));
    QCOMPARE(m.error.kind(), AuthError::Kind::Cancelled);
}

void tst_LoginProcessWire::events()
{
    QCOMPARE(LoginProcessWire::decodeMessage(LoginProcessWire::spareEvent()).kind,
             LoginProcessWire::Message::Kind::Spare);
    QCOMPARE(LoginProcessWire::decodeMessage(LoginProcessWire::readyEvent()).kind,
             LoginProcessWire::Message::Kind::Ready);
    QCOMPARE(LoginProcessWire::decodeMessage(LoginProcessWire::discardedEvent()).kind,
             LoginProcessWire::Message::Kind::Discarded);
    QCOMPARE(LoginProcessWire::decodeMessage(LoginProcessWire::shownEvent()).kind,
             LoginProcessWire::Message::Kind::Shown);
}

void tst_LoginProcessWire::refusesWhatIsNotOurs_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("nothing") << QByteArray();
    QTest::newRow("a crash's half line") << QByteArray(R"({"schema":1,"sess)");
    QTest::newRow("another schema") << QByteArray(R"({"schema":2,"error":{"kind":"Network"}})");
    QTest::newRow("neither") << QByteArray(R"({"schema":1})");
    QTest::newRow("a session without tokens")
        << QByteArray(R"({"schema":1,"session":{"user":{"id":"u"}}})");
    QTest::newRow("text") << QByteArray("Segmentation fault\n");
    QTest::newRow("a proxy without a host")
        << QByteArray(R"({"schema":1,"config":{"project_url":"https://a.b"},"start":"shown",)"
                      R"("proxy":{"mode":"explicit","port":3128}})");
    QTest::newRow("an unknown proxy mode")
        << QByteArray(R"({"schema":1,"config":{"project_url":"https://a.b"},"start":"shown",)"
                      R"("proxy":{"mode":"pac"}})");
    QTest::newRow("an unknown way to start")
        << QByteArray(R"({"schema":1,"config":{"project_url":"https://a.b"},"start":"open"})");
}

void tst_LoginProcessWire::refusesWhatIsNotOurs()
{
    QFETCH(QByteArray, json);
    QCOMPARE(LoginProcessWire::decodeMessage(json).kind, LoginProcessWire::Message::Kind::Unknown);
    LoginProcessWire::Request request;
    QVERIFY(!LoginProcessWire::decodeRequest(json, &request));
}

QTEST_GUILESS_MAIN(tst_LoginProcessWire)
#include "tst_loginprocesswire.moc"
