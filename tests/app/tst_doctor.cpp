// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login doctor, the real process, against the sandbox over loopback (both server
// eras), the real keychain and a real offscreen QtWebEngine: a correct set-up passes;
// each broken one is found and named with its fix: a redirect URL outside the allow list
// (GoTrue's silent Site URL fallback), the clock 2 h off (faketime), the keychain locked
// (its own Lock call), the server down. --json validated against docs/schema.

#include "reliability.h"
#include "testjson.h"
#include "testkeychain.h"

// Qt
#include <QJsonArray>
#include <QScopeGuard>
#include <QTcpServer>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

// The check with this id from doctor --json.
QJsonObject check(const QString &json, const QString &id)
{
    const QJsonArray checks =
        QJsonDocument::fromJson(json.toUtf8()).object().value(QLatin1String("checks")).toArray();
    for (const QJsonValue &c : checks) {
        if (c.toObject().value(QLatin1String("id")).toString() == id)
            return c.toObject();
    }
    return {};
}

QString status(const QString &json, const QString &id)
{
    return check(json, id).value(QLatin1String("status")).toString();
}

} // namespace

class tst_Doctor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void healthy_data();
    void healthy();
    void redirectOutsideTheAllowList_data() { healthy_data(); }
    void redirectOutsideTheAllowList();
    void browserRedirect_data();
    void browserRedirect();
    void clockTwoHoursAhead();
    void keychainLocked();
    void serverDown();

private:
    // --url, --anon-key, --redirect-to (allowed), --trust-host (the sandbox's WeChat origin).
    static QStringList setup(SandboxFixture &f, const QString &redirect = QString());
    AppRun doctor(AppRunner &app, const QStringList &extra,
                  const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
};

QStringList tst_Doctor::setup(SandboxFixture &f, const QString &redirect)
{
    return {QStringLiteral("--redirect-to"),
            redirect.isEmpty() ? f.sandbox().authUrl().toString() + QStringLiteral("/app/callback")
                               : redirect,
            QStringLiteral("--trust-host"), f.sandbox().wechatUrl().authority()};
}

AppRun tst_Doctor::doctor(AppRunner &app, const QStringList &extra, const QProcessEnvironment &env)
{
    AppRun r = app.run(QStringList{QStringLiteral("doctor")} + extra, env, 90000);
    // Each run's report, for the reader of the test log.
    qInfo().noquote() << "doctor" << extra.join(u' ') << "->" << r.exitCode << '\n' << r.out;
    return r;
}

void tst_Doctor::healthy_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::newRow("current GoTrue") << false;
    QTest::newRow("legacy GoTrue") << true;
}

void tst_Doctor::healthy()
{
    QFETCH(bool, legacy);
    SandboxOptions o;
    o.serverEra = legacy ? SandboxOptions::ServerEra::Legacy : SandboxOptions::ServerEra::Current;
    SandboxFixture f(o);
    AppRunner app(f);
    const AppRun text = doctor(app, setup(f));
    QVERIFY2(text.exitCode == 0, qPrintable(describe(text)));
    for (const char *title : {"[ OK ] Configuration:", "[ OK ] Server:", "[ OK ] Clock:",
                              "[ OK ] Redirect URL:", "[ OK ] Browser sign-in (loopback redirect):",
                              "[ OK ] Keychain:", "[ OK ] Proxy:", "[ OK ] Sign-in page:"})
        QVERIFY2(text.out.contains(QLatin1String(title)), qPrintable(title + text.out));
    QVERIFY(text.out.contains(QLatin1String("Everything works.")));
    QVERIFY(text.out.contains(QLatin1String("Chromium ")));
    // No secret in the report: the anon key is named, never printed.
    QVERIFY(!text.out.contains(f.sandbox().anonKey()));

    const AppRun json = doctor(app, setup(f) + QStringList{QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    QVERIFY2(validateJson(QStringLiteral("doctor"), json.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("doctor"), json.out)));
    QCOMPARE(QJsonDocument::fromJson(json.out.toUtf8()).object()[QLatin1String("ok")].toBool(),
             true);
    // The dry run never reached the app's callback, and nobody signed in.
    QCOMPARE(f.requestCount(QStringLiteral("/app/callback")), 0);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/token")), 0);
}

// The most common MemFire mistake: the redirect URL missing from 重定向URL列表. GoTrue
// then sends the browser to the Site URL without a word; doctor sees where it went.
void tst_Doctor::redirectOutsideTheAllowList()
{
    QFETCH(bool, legacy);
    SandboxOptions o;
    o.serverEra = legacy ? SandboxOptions::ServerEra::Legacy : SandboxOptions::ServerEra::Current;
    SandboxFixture f(o);
    AppRunner app(f);
    const QString redirect = QStringLiteral("https://app.example.com/wechat-login/callback");
    const AppRun r = doctor(app, setup(f, redirect) + QStringList{QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(validateJson(QStringLiteral("doctor"), r.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("doctor"), r.out)));
    const QJsonObject c = check(r.out, QStringLiteral("redirect"));
    QCOMPARE(c[QLatin1String("status")].toString(), QStringLiteral("failed"));
    const QString site = o.siteUrl.toString();
    QVERIFY2(c[QLatin1String("detail")].toString().contains(site), qPrintable(r.out));
    QVERIFY(c[QLatin1String("detail")].toString().contains(QLatin1String("Site URL")));
    QVERIFY(c[QLatin1String("fix")].toString().contains(QStringLiteral("重定向URL列表")));
    QVERIFY(c[QLatin1String("fix")].toString().contains(redirect));
    QCOMPARE(status(r.out, QStringLiteral("server")), QStringLiteral("ok"));

    const AppRun text = doctor(app, setup(f, redirect));
    QCOMPARE(text.exitCode, 1);
    QVERIFY(text.out.contains(QLatin1String("[FAIL] Redirect URL:")));
    QVERIFY(text.out.contains(QLatin1String("1 problem found")));
}

void tst_Doctor::browserRedirect_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::addColumn<QStringList>("allow");
    QTest::addColumn<QString>("expected");
    const QStringList app{QStringLiteral("http://127.0.0.1:*/app/**")};
    QTest::newRow("current: any loopback port") << false << app << "ok";
    QTest::newRow("legacy with the loopback glob")
        << true << QStringList{QStringLiteral("http://127.0.0.1:*/**")} << "ok";
    QTest::newRow("legacy without it") << true << app << "warning";
}

// sign-in --browser needs GoTrue to send the browser back to a loopback address: doctor
// checks it with the same dry run, and names the allow-list entry to add. The dialog does
// not need it: a warning, not a failure.
void tst_Doctor::browserRedirect()
{
    QFETCH(bool, legacy);
    QFETCH(QStringList, allow);
    QFETCH(QString, expected);
    SandboxOptions o;
    o.serverEra = legacy ? SandboxOptions::ServerEra::Legacy : SandboxOptions::ServerEra::Current;
    o.siteUrl = QUrl(QStringLiteral("https://app.example.com/"));
    o.redirectAllow = allow;
    SandboxFixture f(o);
    AppRunner app(f);
    const AppRun r = doctor(app, setup(f) + QStringList{QStringLiteral("--json")});
    QVERIFY2(validateJson(QStringLiteral("doctor"), r.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("doctor"), r.out)));
    QCOMPARE(r.exitCode, 0); // the dialog's redirect works either way
    const QJsonObject c = check(r.out, QStringLiteral("browser_redirect"));
    QCOMPARE(c[QLatin1String("status")].toString(), expected);
    if (expected == QLatin1String("warning")) {
        QVERIFY2(c[QLatin1String("detail")].toString().contains(QLatin1String("app.example.com")),
                 qPrintable(r.out));
        QVERIFY(c[QLatin1String("fix")].toString().contains(QStringLiteral("重定向URL列表")));
        QVERIFY(
            c[QLatin1String("fix")].toString().contains(QLatin1String("http://127.0.0.1:*/**")));
    }
}

void tst_Doctor::clockTwoHoursAhead()
{
    if (libfaketime().isEmpty())
        QFAIL("libfaketime is missing: install faketime (the README's test command does)");
    SandboxFixture f;
    AppRunner app(f);
    const AppRun r = doctor(app, setup(f), fakedClock(QStringLiteral("+2h")));
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r))); // a warning, not a failure
    QVERIFY2(r.out.contains(QLatin1String("[WARN] Clock: this machine's clock is 2 h 0 min "
                                          "ahead of the server's")),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("Sessions still work")));
    QVERIFY(r.out.contains(QLatin1String("1 warning")));
}

void tst_Doctor::keychainLocked()
{
    SandboxFixture f;
    AppRunner app(f);
    QVERIFY(lockKeyring());
    auto unlock = qScopeGuard([] { unlockKeyring(); });
    const AppRun r = doctor(app, setup(f) + QStringList{QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(validateJson(QStringLiteral("doctor"), r.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("doctor"), r.out)));
    const QJsonObject c = check(r.out, QStringLiteral("keychain"));
    QCOMPARE(c[QLatin1String("status")].toString(), QStringLiteral("failed"));
    QVERIFY2(c[QLatin1String("detail")].toString().contains(QLatin1String("locked")),
             qPrintable(r.out));
    QVERIFY(c[QLatin1String("fix")].toString().contains(QLatin1String("Unlock")));
    QCOMPARE(status(r.out, QStringLiteral("server")), QStringLiteral("ok"));
}

void tst_Doctor::serverDown()
{
    SandboxFixture f;
    AppRunner app(f);
    QTcpServer closed; // a port nothing answers on once it is closed again
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    const QStringList args{QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1").arg(port),
                           QStringLiteral("--json")};
    const AppRun r = doctor(app, setup(f) + args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(validateJson(QStringLiteral("doctor"), r.out).isEmpty(),
             qPrintable(validateJson(QStringLiteral("doctor"), r.out)));
    const QJsonObject c = check(r.out, QStringLiteral("server"));
    QCOMPARE(c[QLatin1String("status")].toString(), QStringLiteral("failed"));
    QVERIFY2(c[QLatin1String("detail")].toString().contains(QLatin1String("cannot be reached")),
             qPrintable(r.out));
    QCOMPARE(status(r.out, QStringLiteral("redirect")), QStringLiteral("skipped"));
    QCOMPARE(status(r.out, QStringLiteral("clock")), QStringLiteral("skipped"));
    QCOMPARE(status(r.out, QStringLiteral("webengine")), QStringLiteral("skipped"));
    QVERIFY(r.elapsedMs < 60000);
}

QTEST_GUILESS_MAIN(tst_Doctor)
#include "tst_doctor.moc"
