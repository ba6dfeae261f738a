// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login-sandbox as a process: its flags, its ready line, its logs, its exit.

#include "testhttp.h"

// Qt
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace WeChatLogin::Test;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

struct Running
{
    std::unique_ptr<QProcess> process;
    QByteArray readyLine;
    QJsonObject ready;
};

Running start(const QStringList &args)
{
    Running r;
    r.process = std::make_unique<QProcess>();
    // The request log is on by default; make sure the caller's rules do not hide it.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("wechatlogin.sandbox.info=true"));
    r.process->setProcessEnvironment(env);
    r.process->start(QStringLiteral(SANDBOX_EXE), args);
    if (!r.process->waitForStarted(10000))
        return r;
    QDeadlineTimer deadline(10000);
    while (!r.process->canReadLine() && r.process->state() == QProcess::Running
           && !deadline.hasExpired())
        r.process->waitForReadyRead(int(deadline.remainingTime()));
    r.readyLine = r.process->readLine();
    r.ready = QJsonDocument::fromJson(r.readyLine).object();
    return r;
}

int stop(Running &r, int signal)
{
    ::kill(pid_t(r.process->processId()), signal);
    if (!r.process->waitForFinished(10000))
        return -1;
    return r.process->exitStatus() == QProcess::NormalExit ? r.process->exitCode() : -2;
}

} // namespace

class tst_SandboxProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readyLine();
    void fixedPortsAndSigint();
    void badFlags_data();
    void badFlags();
    void portInUse();
    void logsHoldNoSecrets();
};

void tst_SandboxProcess::readyLine()
{
    Running r = start({});
    QVERIFY2(r.readyLine.endsWith('\n'), r.readyLine.constData());
    // exactly one compact JSON object, keys in the contract's order
    static const QRegularExpression shape(
        QStringLiteral("^\\{\"auth_url\":\"http://127\\.0\\.0\\.1:\\d+\",\"wechat_url\":\"http://"
                       "127\\.0\\.0\\.1:\\d+\","
                       "\"anon_key\":\"[\\w-]+\\.[\\w-]+\\.[\\w-]+\",\"site_url\":\"http://"
                       "127\\.0\\.0\\.1:3000\",\"app_id\":\"wx[0-9a-f]{16}\"\\}\\n$"));
    QVERIFY2(shape.match(QString::fromUtf8(r.readyLine)).hasMatch(), r.readyLine.constData());
    QVERIFY(r.ready.value(QStringLiteral("auth_url"))
            != r.ready.value(QStringLiteral("wechat_url")));
    // the anon key is a JWT with role anon, and it opens the gateway
    const QString key = r.ready.value(QStringLiteral("anon_key")).toString();
    const QJsonObject claims =
        QJsonDocument::fromJson(QByteArray::fromBase64(key.section(u'.', 1, 1).toLatin1(),
                                                       QByteArray::Base64UrlEncoding))
            .object();
    QCOMPARE(claims.value(QStringLiteral("role")).toString(), QStringLiteral("anon"));
    Http http;
    QCOMPARE(http.get(QUrl(r.ready.value(QStringLiteral("auth_url")).toString()
                           + QStringLiteral("/auth/v1/health")),
                      {{"apikey", key.toLatin1()}})
                 .status,
             200);
    // nothing else on stdout
    QCOMPARE(stop(r, SIGTERM), 0);
    QCOMPARE(r.process->readAllStandardOutput(), QByteArray());
}

void tst_SandboxProcess::fixedPortsAndSigint()
{
    const quint16 authPort = freePort();
    quint16 wechatPort = freePort();
    while (wechatPort == authPort)
        wechatPort = freePort();
    Running r = start(
        {QStringLiteral("--auth-port"), QString::number(authPort), QStringLiteral("--wechat-port"),
         QString::number(wechatPort), QStringLiteral("--site-url"),
         QStringLiteral("https://app.example.com/"), QStringLiteral("--server-era"),
         QStringLiteral("legacy"), QStringLiteral("--page-style"), QStringLiteral("new"),
         QStringLiteral("--flow-state-ttl"), QStringLiteral("2"),
         QStringLiteral("--redirect-allow"), QStringLiteral("myapp://**"),
         QStringLiteral("--redirect-allow"), QStringLiteral("http://127.0.0.1:*/cb")});
    QCOMPARE(r.ready.value(QStringLiteral("auth_url")).toString(),
             QStringLiteral("http://127.0.0.1:%1").arg(authPort));
    QCOMPARE(r.ready.value(QStringLiteral("wechat_url")).toString(),
             QStringLiteral("http://127.0.0.1:%1").arg(wechatPort));
    QCOMPARE(r.ready.value(QStringLiteral("site_url")).toString(),
             QStringLiteral("https://app.example.com/"));
    QCOMPARE(stop(r, SIGINT), 0);
}

void tst_SandboxProcess::badFlags_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("era") << QStringList{QStringLiteral("--server-era"), QStringLiteral("2019")}
                         << QStringLiteral("--server-era");
    QTest::newRow("style") << QStringList{QStringLiteral("--page-style"), QStringLiteral("fancy")}
                           << QStringLiteral("--page-style");
    QTest::newRow("ttl zero") << QStringList{QStringLiteral("--flow-state-ttl"),
                                             QStringLiteral("0")}
                              << QStringLiteral("--flow-state-ttl");
    QTest::newRow("ttl text") << QStringList{QStringLiteral("--qr-ttl"), QStringLiteral("soon")}
                              << QStringLiteral("--qr-ttl");
    QTest::newRow("port") << QStringList{QStringLiteral("--auth-port"), QStringLiteral("70000")}
                          << QStringLiteral("--auth-port");
    QTest::newRow("host") << QStringList{QStringLiteral("--host"), QStringLiteral("not-an-ip")}
                          << QStringLiteral("--host");
    QTest::newRow("site url") << QStringList{QStringLiteral("--site-url"),
                                             QStringLiteral("relative/path")}
                              << QStringLiteral("--site-url");
    QTest::newRow("long poll") << QStringList{QStringLiteral("--long-poll-ms"),
                                              QStringLiteral("-5")}
                               << QStringLiteral("--long-poll-ms");
    QTest::newRow("positional") << QStringList{QStringLiteral("extra")} << QStringLiteral("extra");
}

void tst_SandboxProcess::badFlags()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    QProcess p;
    p.start(QStringLiteral(SANDBOX_EXE), args);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    QCOMPARE(p.readAllStandardOutput(), QByteArray());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(mentions), qPrintable(err));
}

void tst_SandboxProcess::portInUse()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    QProcess p;
    p.start(QStringLiteral(SANDBOX_EXE),
            {QStringLiteral("--auth-port"), QString::number(taken.serverPort())});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 1);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(QString::number(taken.serverPort())), qPrintable(err));
}

void tst_SandboxProcess::logsHoldNoSecrets()
{
    Running r = start({});
    const QString authUrl = r.ready.value(QStringLiteral("auth_url")).toString();
    const QString wechatUrl = r.ready.value(QStringLiteral("wechat_url")).toString();
    const QByteArray key = r.ready.value(QStringLiteral("anon_key")).toString().toLatin1();
    Http http;
    const QList<QPair<QByteArray, QByteArray>> api{{"apikey", key},
                                                   {"Authorization", "Bearer " + key}};
    // a whole sign-in against the process
    const HttpResult authorize = http.get(
        QUrl(authUrl
             + QStringLiteral("/auth/v1/"
                              "authorize?provider=wechat_qr&redirect_to=http%3A%2F%2F127.0.0.1%3A9%"
                              "2Fcb&code_challenge=")
             + QLatin1String(kRfcChallenge) + QStringLiteral("&code_challenge_method=s256")));
    QCOMPARE(http.get(authorize.location()).status, 200);
    const QString uuid = http.get(QUrl(wechatUrl + QStringLiteral("/sandbox/qr/latest")))
                             .json()
                             .value(QStringLiteral("uuid"))
                             .toString();
    QCOMPARE(http.send("POST", QUrl(wechatUrl + QStringLiteral("/sandbox/qr/%1/confirm").arg(uuid)))
                 .status,
             204);
    const QString polled = QString::fromUtf8(
        http.get(QUrl(wechatUrl + QStringLiteral("/connect/l/qrconnect?uuid=") + uuid)).body);
    const QString wxCode = polled.section(u'\'', 1, 1);
    const QString state = SandboxFixture::stateOf(authorize.location());
    const HttpResult cb = http.get(
        QUrl(authUrl + QStringLiteral("/auth/v1/callback?code=%1&state=%2").arg(wxCode, state)));
    const QString authCode = SandboxFixture::queryValue(cb.location(), QStringLiteral("code"));
    const HttpResult token =
        http.send("POST", QUrl(authUrl + QStringLiteral("/auth/v1/token?grant_type=pkce")), api,
                  QByteArray(R"({"auth_code":")") + authCode.toLatin1() + R"(","code_verifier":")"
                      + kRfcVerifier + R"("})");
    QCOMPARE(token.status, 200);
    const QJsonObject session = token.json();
    QCOMPARE(stop(r, SIGTERM), 0);

    const QString log = QString::fromUtf8(r.process->readAllStandardError());
    // one line per request
    QCOMPARE(log.count(QStringLiteral("GET /auth/v1/authorize 302")), 1);
    QCOMPARE(log.count(QStringLiteral("GET /connect/qrconnect 200")), 1);
    QCOMPARE(log.count(QStringLiteral("GET /sns/oauth2/access_token 200")), 1);
    QCOMPARE(log.count(QStringLiteral("POST /auth/v1/token 200")), 1);
    // and no secret in any of them
    const QStringList secrets{wxCode,
                              authCode,
                              state,
                              QLatin1String(kRfcVerifier),
                              QLatin1String(kRfcChallenge),
                              QString::fromLatin1(key),
                              session.value(QStringLiteral("access_token")).toString(),
                              session.value(QStringLiteral("refresh_token")).toString(),
                              session.value(QStringLiteral("provider_token")).toString(),
                              session.value(QStringLiteral("provider_refresh_token")).toString()};
    for (const QString &secret : secrets) {
        QVERIFY(secret.size() >= 12);
        QVERIFY2(!log.contains(secret),
                 qPrintable(QStringLiteral("leaked %1...").arg(secret.left(4))));
    }
}

QTEST_GUILESS_MAIN(tst_SandboxProcess)
#include "tst_sandboxprocess.moc"
