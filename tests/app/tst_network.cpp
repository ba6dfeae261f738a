// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Proxies and certificates, with real tools: a real proxy (tinyproxy) started here, the
// sandbox's auth origin over HTTPS with a CA made here (openssl), the real wechat-login
// process, and QtWebEngine trusting that CA only through an NSS store (certutil), as a
// corporate CA would be trusted.
//
// Qt and Chromium never send loopback addresses through a proxy (Qt: QNetworkProxy's
// documented rule, no override; Chromium: its implicit <-loopback> bypass, which
// QtWebEngine's proxy configuration does not lift), so the sandbox listens on this
// machine's first non-loopback IPv4 address.

#include "reliability.h"
#include "testendless.h"
#include "testkeychain.h"
#include "testproxy.h"

// Qt
#include <QFile>
#include <QNetworkInterface>
#include <QScopeGuard>
#include <QSslConfiguration>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

const QString Service = QLatin1String(AppRunner::Service);

bool runTool(const QString &program, const QStringList &args, QString *output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    const bool ok =
        p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (output)
        *output = QString::fromUtf8(p.readAll());
    return ok;
}

} // namespace

class tst_Network : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void apiCallsThroughAnExplicitProxy_data();
    void apiCallsThroughAnExplicitProxy();
    void systemProxyByDefault();
    void noProxyConfiguredNothingThroughIt();
    void directOverridesTheSystem();
    void signInPageThroughTheProxy();
    void proxyAskingForCredentials();
    void caFileForTheApiCalls_data() { apiCallsThroughAnExplicitProxy_data(); }
    void caFileForTheApiCalls();
    void signInPageTrustsTheNssStoreOnly();
    void captivePortal_data();
    void captivePortal();
    void endlessAnswer();
    void badSettings_data();
    void badSettings();

private:
    SandboxOptions options(bool legacy = false) const;
    // The app's environment: no proxy of the caller's, HOME with (or without) the NSS store.
    QProcessEnvironment env(bool nss = false) const;
    // A signed-in session whose access token has expired: token must refresh it.
    void storeExpired(SandboxFixture &f, const AppRunner &app);

    QTemporaryDir m_dir;
    QHostAddress m_address;
    QString m_ca, m_cert, m_key, m_nssHome, m_plainHome, m_fifo, m_hugeCa;
    QString m_key_;
};

void tst_Network::initTestCase()
{
    m_address = nonLoopbackAddress();
    if (m_address.isNull())
        QFAIL("this machine has no non-loopback IPv4 address; Qt and Chromium never proxy "
              "loopback, so the proxy tests need one");
    for (const char *tool : {"tinyproxy", "openssl", "certutil"}) {
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 is missing (./dev.sh test installs it)")
                                 .arg(QLatin1String(tool))));
    }
    // A CA and a server certificate for this machine's address (and loopback).
    const QString d = m_dir.path();
    m_ca = d + QStringLiteral("/ca.pem");
    m_cert = d + QStringLiteral("/server.pem");
    m_key = d + QStringLiteral("/server.key");
    QFile ext(d + QStringLiteral("/ext.cnf"));
    QVERIFY(ext.open(QIODevice::WriteOnly));
    ext.write("subjectAltName=IP:" + m_address.toString().toLatin1()
              + ",IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    ext.close();
    QString out;
    QVERIFY2(
        runTool(QStringLiteral("openssl"),
                {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                 QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                 d + QStringLiteral("/ca.key"), QStringLiteral("-out"), m_ca,
                 QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                 QStringLiteral("/CN=WeChatLogin Test CA"), QStringLiteral("-addext"),
                 QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                 QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                &out),
        qPrintable(out));
    QVERIFY2(runTool(QStringLiteral("openssl"),
                     {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                      QStringLiteral("-nodes"), QStringLiteral("-keyout"), m_key,
                      QStringLiteral("-out"), d + QStringLiteral("/server.csr"),
                      QStringLiteral("-subj"), QStringLiteral("/CN=sandbox")},
                     &out),
             qPrintable(out));
    QVERIFY2(runTool(QStringLiteral("openssl"),
                     {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                      d + QStringLiteral("/server.csr"), QStringLiteral("-CA"), m_ca,
                      QStringLiteral("-CAkey"), d + QStringLiteral("/ca.key"),
                      QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), m_cert,
                      QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                      ext.fileName()},
                     &out),
             qPrintable(out));
    // A HOME whose NSS store trusts the CA (for QtWebEngine), and one that does not.
    m_nssHome = d + QStringLiteral("/home-nss");
    m_plainHome = d + QStringLiteral("/home-plain");
    const QString db = m_nssHome + QStringLiteral("/.pki/nssdb");
    QVERIFY(QDir().mkpath(db) && QDir().mkpath(m_plainHome));
    QVERIFY2(runTool(QStringLiteral("certutil"),
                     {QStringLiteral("-d"), QStringLiteral("sql:") + db, QStringLiteral("-N"),
                      QStringLiteral("--empty-password")},
                     &out),
             qPrintable(out));
    QVERIFY2(runTool(QStringLiteral("certutil"),
                     {QStringLiteral("-d"), QStringLiteral("sql:") + db, QStringLiteral("-A"),
                      QStringLiteral("-t"), QStringLiteral("C,,"), QStringLiteral("-n"),
                      QStringLiteral("wechatlogin-test"), QStringLiteral("-i"), m_ca},
                     &out),
             qPrintable(out));
    // This process (the sandbox's client in the fixture) trusts the CA too.
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.addCaCertificates(m_ca);
    QSslConfiguration::setDefaultConfiguration(tls);
    // CA files that are none: a FIFO nobody writes to, and 9 MiB that start like PEM.
    m_fifo = m_dir.filePath(QStringLiteral("ca.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(m_fifo).constData(), 0600), 0);
    m_hugeCa = m_dir.filePath(QStringLiteral("huge.pem"));
    QFile huge(m_hugeCa);
    QVERIFY(huge.open(QIODevice::WriteOnly));
    huge.write("-----BEGIN CERTIFICATE-----\n");
    QVERIFY(huge.resize(9 << 20));
}

void tst_Network::init()
{
    m_key_.clear();
}

void tst_Network::cleanup()
{
    if (!m_key_.isEmpty())
        rawDeleteAll(Service, m_key_);
}

SandboxOptions tst_Network::options(bool legacy) const
{
    SandboxOptions o;
    o.serverEra = legacy ? SandboxOptions::ServerEra::Legacy : SandboxOptions::ServerEra::Current;
    o.host = m_address;
    o.tlsCertificateFile = m_cert;
    o.tlsKeyFile = m_key;
    return o;
}

QProcessEnvironment tst_Network::env(bool nss) const
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                             "ALL_PROXY", "no_proxy", "NO_PROXY"})
        e.remove(QLatin1String(name));
    e.insert(QStringLiteral("HOME"), nss ? m_nssHome : m_plainHome);
    return e;
}

void tst_Network::storeExpired(SandboxFixture &f, const AppRunner &app)
{
    m_key_ = app.storageKey();
    QVERIFY(storeSession(Service, m_key_,
                         withLocalExpiry(anchored(Session::fromJsonObject(f.signIn())), -1000)));
}

void tst_Network::apiCallsThroughAnExplicitProxy_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::newRow("current GoTrue") << false;
    QTest::newRow("legacy GoTrue") << true;
}

void tst_Network::apiCallsThroughAnExplicitProxy()
{
    QFETCH(bool, legacy);
    Tinyproxy proxy;
    QVERIFY(proxy.isReady());
    SandboxFixture f(options(legacy));
    AppRunner app(f);
    storeExpired(f, app);
    const int before = refreshRequests(f);
    const AppRun r = app.run({QStringLiteral("token"), QStringLiteral("--proxy"), proxy.url(),
                              QStringLiteral("--ca-file"), m_ca},
                             env());
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(refreshRequests(f), before + 1);
    QVERIFY(serverAccepts(f, r.out.trimmed()));
    const QString tunnel = QStringLiteral("CONNECT %1").arg(f.sandbox().authUrl().authority());
    QVERIFY2(proxy.count(tunnel) >= 1, qPrintable(proxy.requests().join(u'\n')));
}

void tst_Network::systemProxyByDefault()
{
    Tinyproxy proxy;
    QVERIFY(proxy.isReady());
    SandboxFixture f(options());
    AppRunner app(f);
    storeExpired(f, app);
    QProcessEnvironment e = env();
    e.insert(QStringLiteral("https_proxy"), proxy.url());
    e.insert(QStringLiteral("http_proxy"), proxy.url());
    const AppRun r = app.run({QStringLiteral("token"), QStringLiteral("--ca-file"), m_ca}, e);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(proxy.count(QStringLiteral("CONNECT ") + f.sandbox().authUrl().authority()) >= 1,
             qPrintable(proxy.requests().join(u'\n')));
}

void tst_Network::noProxyConfiguredNothingThroughIt()
{
    Tinyproxy proxy;
    QVERIFY(proxy.isReady());
    SandboxFixture f(options());
    AppRunner app(f);
    storeExpired(f, app);
    const AppRun r = app.run({QStringLiteral("token"), QStringLiteral("--ca-file"), m_ca}, env());
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(proxy.requests(), QStringList());
}

void tst_Network::directOverridesTheSystem()
{
    Tinyproxy proxy;
    QVERIFY(proxy.isReady());
    SandboxFixture f(options());
    AppRunner app(f);
    storeExpired(f, app);
    QProcessEnvironment e = env();
    e.insert(QStringLiteral("https_proxy"), proxy.url());
    e.insert(QStringLiteral("http_proxy"), proxy.url());
    e.insert(QStringLiteral("WECHAT_LOGIN_PROXY"), QStringLiteral("direct"));
    const AppRun r = app.run({QStringLiteral("token"), QStringLiteral("--ca-file"), m_ca}, e);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(proxy.requests(), QStringList());
}

// The same proxy reaches QtWebEngine: doctor loads WeChat's page through it.
void tst_Network::signInPageThroughTheProxy()
{
    Tinyproxy proxy;
    QVERIFY(proxy.isReady());
    SandboxFixture f(options());
    AppRunner app(f);
    const QStringList args{QStringLiteral("doctor"),
                           QStringLiteral("--proxy"),
                           proxy.url(),
                           QStringLiteral("--ca-file"),
                           m_ca,
                           QStringLiteral("--redirect-to"),
                           QStringLiteral("http://127.0.0.1/wechat-login/callback"),
                           QStringLiteral("--trust-host"),
                           f.sandbox().wechatUrl().authority()};
    const AppRun r = app.run(args, env(true), 90000);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.out.contains(QStringLiteral("[ OK ] Proxy: %1").arg(proxy.url())));
    // The page (only the web view asks for WeChat's QR page) and the API, both proxied.
    const QString page =
        QStringLiteral("GET %1/connect/qrconnect").arg(f.sandbox().wechatUrl().toString());
    QVERIFY2(proxy.count(page) >= 1, qPrintable(proxy.requests().join(u'\n')));
    QVERIFY(proxy.count(QStringLiteral("CONNECT ") + f.sandbox().authUrl().authority()) >= 1);
}

// A proxy that asks for credentials: a clear message and exit 3 without them, the session
// kept; with them in the URL it works, and the password is never printed.
void tst_Network::proxyAskingForCredentials()
{
    const QString password = QStringLiteral("s3cret-pw");
    Tinyproxy proxy(QStringLiteral("alice ") + password);
    QVERIFY(proxy.isReady());
    SandboxFixture f(options());
    AppRunner app(f);
    storeExpired(f, app);
    const AppRun refused = app.run({QStringLiteral("token"), QStringLiteral("--proxy"), proxy.url(),
                                    QStringLiteral("--ca-file"), m_ca},
                                   env());
    QCOMPARE(refused.exitCode, 3);
    QVERIFY2(refused.err.contains(QLatin1String("The proxy asks for a user name and password")),
             qPrintable(describe(refused)));
    QVERIFY(Session::fromJson(rawReadSession(Service, m_key_).toUtf8()).isValid());

    QString withCredentials = proxy.url();
    withCredentials.replace(QLatin1String("http://"),
                            QStringLiteral("http://alice:") + password + u'@');
    const AppRun ok = app.run({QStringLiteral("token"), QStringLiteral("--proxy"), withCredentials,
                               QStringLiteral("--ca-file"), m_ca},
                              env());
    QVERIFY2(ok.exitCode == 0, qPrintable(describe(ok)));
    const AppRun doctor = app.run({QStringLiteral("doctor"), QStringLiteral("--proxy"),
                                   withCredentials, QStringLiteral("--ca-file"), m_ca},
                                  env(true), 90000);
    QVERIFY(doctor.out.contains(QLatin1String("[ OK ] Server:")));
    QVERIFY(doctor.out.contains(QLatin1String("http://alice@127.0.0.1:")));
    for (const AppRun &run : {refused, ok, doctor})
        QVERIFY(!run.out.contains(password) && !run.err.contains(password));
}

// --ca-file: the API calls trust a CA the system does not; TLS errors are never ignored.
void tst_Network::caFileForTheApiCalls()
{
    QFETCH(bool, legacy);
    SandboxFixture f(options(legacy));
    AppRunner app(f);
    storeExpired(f, app);
    const AppRun refused = app.run({QStringLiteral("token")}, env());
    QCOMPARE(refused.exitCode, 3);
    QVERIFY2(refused.err.contains(QLatin1String("certificate")), qPrintable(describe(refused)));
    QVERIFY(Session::fromJson(rawReadSession(Service, m_key_).toUtf8()).isValid());
    const AppRun doctor =
        app.run({QStringLiteral("doctor"), QStringLiteral("--json")}, env(), 90000);
    QCOMPARE(doctor.exitCode, 1);
    QVERIFY2(doctor.out.contains(QLatin1String("--ca-file")), qPrintable(doctor.out));

    const AppRun ok = app.run({QStringLiteral("token"), QStringLiteral("--ca-file"), m_ca}, env());
    QVERIFY2(ok.exitCode == 0, qPrintable(describe(ok)));
    QVERIFY(serverAccepts(f, ok.out.trimmed()));
}

// The web view trusts the system's NSS store, not --ca-file: doctor says so and how.
void tst_Network::signInPageTrustsTheNssStoreOnly()
{
    SandboxFixture f(options());
    AppRunner app(f);
    const QStringList args{QStringLiteral("doctor"),
                           QStringLiteral("--ca-file"),
                           m_ca,
                           QStringLiteral("--redirect-to"),
                           QStringLiteral("http://127.0.0.1/wechat-login/callback"),
                           QStringLiteral("--trust-host"),
                           f.sandbox().wechatUrl().authority()};
    const AppRun without = app.run(args, env(false), 90000);
    QCOMPARE(without.exitCode, 1);
    QVERIFY2(without.out.contains(QLatin1String("[ OK ] Server:")), qPrintable(without.out));
    QVERIFY(without.out.contains(QLatin1String("[FAIL] Sign-in page:")));
    QVERIFY(without.out.contains(QLatin1String("certutil -d sql:$HOME/.pki/nssdb")));
    const AppRun with = app.run(args, env(true), 90000);
    QVERIFY2(with.exitCode == 0, qPrintable(describe(with)));
    QVERIFY(with.out.contains(QLatin1String("[ OK ] Sign-in page:")));
}

// The network's own page answers instead of GoTrue (a hotel's or an airport's Wi-Fi sign-in):
// reported as such, exit 3, the session kept; doctor says the same.
void tst_Network::captivePortal_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::newRow("200 HTML page") << ForeignServer::html(200);
    QTest::newRow("302 to the portal")
        << ForeignServer::html(302, "Location: http://portal.example.net/login?ret=x\r\n");
}

void tst_Network::captivePortal()
{
    QFETCH(QByteArray, answer);
    SandboxFixture f;
    AppRunner app(f);
    storeExpired(f, app);
    ForeignServer portal(answer);
    // The stored session's project, reached through the portal (the same storage key).
    QProcessEnvironment e = env();
    const QStringList viaPortal{QStringLiteral("--url"), portal.url().toString()};
    const QString key = AuthConfig(portal.url(), f.sandbox().anonKey()).storageKey();
    QVERIFY(
        storeSession(Service, key, Session::fromJson(rawReadSession(Service, m_key_).toUtf8())));
    auto drop = qScopeGuard([key] { rawDeleteAll(Service, key); });
    const AppRun token = app.run(QStringList{QStringLiteral("token")} + viaPortal, e);
    QCOMPARE(token.exitCode, 3);
    QVERIFY2(token.err.contains(QLatin1String("captive portal")), qPrintable(describe(token)));
    QVERIFY(Session::fromJson(rawReadSession(Service, key).toUtf8()).isValid());
    const AppRun doctor = app.run(QStringList{QStringLiteral("doctor")} + viaPortal, env(), 90000);
    QCOMPARE(doctor.exitCode, 1);
    QVERIFY2(doctor.out.contains(QLatin1String("[FAIL] Server:"))
                 && doctor.out.contains(QLatin1String("captive portal")),
             qPrintable(doctor.out));
}

// A portal or proxy whose answer never ends: token stops reading at 1 MiB (exit 3, the
// session kept), and doctor names it, neither waiting out a timeout.
void tst_Network::endlessAnswer()
{
    SandboxFixture f;
    AppRunner app(f);
    storeExpired(f, app);
    EndlessServer endless("application/json");
    const QStringList viaEndless{QStringLiteral("--url"), endless.url().toString()};
    const QString key = AuthConfig(endless.url(), f.sandbox().anonKey()).storageKey();
    QVERIFY(
        storeSession(Service, key, Session::fromJson(rawReadSession(Service, m_key_).toUtf8())));
    auto drop = qScopeGuard([key] { rawDeleteAll(Service, key); });
    const AppRun token = app.run(QStringList{QStringLiteral("token")} + viaEndless, env());
    QCOMPARE(token.exitCode, 3);
    QVERIFY2(token.err.contains(QLatin1String("does not understand")), qPrintable(describe(token)));
    QVERIFY2(token.elapsedMs < 15'000, qPrintable(describe(token)));
    QVERIFY(Session::fromJson(rawReadSession(Service, key).toUtf8()).isValid());
    const AppRun doctor = app.run(QStringList{QStringLiteral("doctor")} + viaEndless, env(), 90000);
    QCOMPARE(doctor.exitCode, 1);
    QVERIFY2(doctor.out.contains(QLatin1String("[FAIL] Server:"))
                 && doctor.out.contains(QLatin1String("did not stop")),
             qPrintable(doctor.out));
}

void tst_Network::badSettings_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("message");
    QTest::newRow("ftp proxy") << QStringList{QStringLiteral("--proxy"),
                                              QStringLiteral("ftp://p:21")}
                               << QString()
                               << QStringLiteral("--proxy: \"ftp://p:21\" is not a proxy");
    QTest::newRow("no port") << QStringList{QStringLiteral("--proxy"), QStringLiteral("http://p")}
                             << QString()
                             << QStringLiteral("--proxy: the proxy http://p has no port");
    QTest::newRow("variable") << QStringList{} << QStringLiteral("nonsense")
                              << QStringLiteral("WECHAT_LOGIN_PROXY: \"nonsense\" is not a proxy");
    QTest::newRow("password not shown")
        << QStringList{QStringLiteral("--proxy"), QStringLiteral("http://bob:hunter2@p")}
        << QString() << QStringLiteral("the proxy http://bob@p has no port");
    QTest::newRow("missing CA file")
        << QStringList{QStringLiteral("--ca-file"), QStringLiteral("/nonexistent/ca.pem")}
        << QString() << QStringLiteral("--ca-file: the CA file /nonexistent/ca.pem cannot be read");
    QTest::newRow("not a certificate")
        << QStringList{QStringLiteral("--ca-file"), QStringLiteral(SCHEMA_DIR "/token.schema.json")}
        << QString() << QStringLiteral("holds no certificate (PEM or DER)");
    // Never waited on, never read without end (was: /dev/zero read to 1.7 GB, a FIFO hung).
    QTest::newRow("/dev/zero") << QStringList{QStringLiteral("--ca-file"),
                                              QStringLiteral("/dev/zero")}
                               << QString() << QStringLiteral("is not a regular file");
    QTest::newRow("a FIFO") << QStringList{QStringLiteral("--ca-file"), m_fifo} << QString()
                            << QStringLiteral("is not a regular file");
    QTest::newRow("a directory") << QStringList{QStringLiteral("--ca-file"), m_dir.path()}
                                 << QString() << QStringLiteral("is not a regular file");
    QTest::newRow("9 MiB") << QStringList{QStringLiteral("--ca-file"), m_hugeCa} << QString()
                           << QStringLiteral("is larger than 8 MiB");
}

void tst_Network::badSettings()
{
    QFETCH(QStringList, args);
    QFETCH(QString, variable);
    QFETCH(QString, message);
    SandboxFixture f;
    AppRunner app(f);
    QProcessEnvironment e = env();
    if (!variable.isEmpty())
        e.insert(QStringLiteral("WECHAT_LOGIN_PROXY"), variable);
    const AppRun r = app.run(QStringList{QStringLiteral("status")} + args, e);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY2(r.elapsedMs < 10'000, qPrintable(describe(r)));
    QVERIFY(!r.err.contains(QLatin1String("hunter2")));
}

QTEST_GUILESS_MAIN(tst_Network)
#include "tst_network.moc"
