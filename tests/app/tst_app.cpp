// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The real wechat-login executable against the sandbox (over loopback, configured as a
// real project would be) and the real keychain: every verb with its exit code and
// messages, and which shared libraries each one loads (LD_DEBUG=files also sees dlopen).

#include "testapp.h"
#include "testhttp.h"
#include "testkeychain.h"
#include "testreply.h"
#include <WeChatLogin/authclient.h>
#include <WeChatLogin/authconfig.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/sessionstore.h>

// Qt
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out, err;
    QStringList libraries; // every shared object the process loaded
};

const QString Service = QStringLiteral("wechat-login");
// In run()'s extra environment: remove the variable.
const QString Unset = QStringLiteral("<unset>");

// Stores session (made to expire a minute ago) as SessionStore would, chunks and all.
void storeExpired(const QString &key, const QString &json)
{
    QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    object[QStringLiteral("expires_at")] = QDateTime::currentSecsSinceEpoch() - 60;
    object[QStringLiteral("local_expires_at_ms")] = QDateTime::currentMSecsSinceEpoch() - 60'000;
    SessionStore store(Service);
    AuthReply *reply = kept(store.write(key, Session::fromJsonObject(object)));
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
    QCOMPARE(reply->error().kind(), AuthError::Kind::NoError);
    delete reply;
}

} // namespace

class tst_App : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void helpAndVersion();
    void badUsage_data();
    void badUsage();
    void garbageSettingsFileIsUsage();
    void verbs();
    void signInSlowerThanTheTimeoutIsStored();
    void stderrCarriesOnlyOurMessages();
    void windowRestoresWithoutWebEngine();

private:
    Run run(const QStringList &args, const QProcessEnvironment &extra = {}, int timeoutMs = 60000);
    QStringList connection(SandboxFixture &f) const;
    QString storageKey(SandboxFixture &f) const;

    QTemporaryDir m_home;
    QStringList m_keys; // keychain entries to remove
};

void tst_App::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(QFileInfo::exists(QStringLiteral(APP_PATH)));
}

void tst_App::cleanup()
{
    for (const QString &key : std::as_const(m_keys))
        rawDeleteAll(Service, key);
    m_keys.clear();
}

Run tst_App::run(const QStringList &args, const QProcessEnvironment &extra, int timeoutMs)
{
    LoadedLibraries loaded;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    loaded.addTo(env);
    for (const QString &key : extra.keys()) {
        if (extra.value(key) == Unset)
            env.remove(key);
        else
            env.insert(key, extra.value(key));
    }
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(APP_PATH), args);
    process.closeWriteChannel(); // nothing on standard input
    // The sandbox lives in this process: keep its event loop running meanwhile.
    Run r;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeoutMs)) {
        process.kill();
        process.waitForFinished();
        r.err = QStringLiteral("<timed out>");
        return r;
    }
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    r.libraries = loaded.libraries();
    return r;
}

QStringList tst_App::connection(SandboxFixture &f) const
{
    return {QStringLiteral("--url"),
            f.sandbox().authUrl().toString(),
            QStringLiteral("--anon-key"),
            f.sandbox().anonKey(),
            QStringLiteral("--redirect-to"),
            f.sandbox().authUrl().toString() + QStringLiteral("/app/callback"),
            QStringLiteral("--trust-host"),
            f.sandbox().wechatUrl().authority()};
}

QString tst_App::storageKey(SandboxFixture &f) const
{
    return AuthConfig(f.sandbox().authUrl(), f.sandbox().anonKey()).storageKey();
}

static bool loadsWebEngine(const Run &r)
{
    return WeChatLogin::Test::loadsWebEngine(r.libraries);
}

void tst_App::helpAndVersion()
{
    const Run version = run({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out.trimmed(), QStringLiteral("wechat-login 0.1.0"));
    const Run help = run({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *word : {"sign-in", "status", "token", "session --json", "sign-out [--all]",
                             "--url", "--anon-key", "--redirect-to", "--trust-host", "--lang",
                             "--timeout", "Exit codes", "4 the keychain is locked"})
        QVERIFY2(help.out.contains(QLatin1String(word)), word);
    QVERIFY(!loadsWebEngine(help));
    const Run chinese =
        run({QStringLiteral("--lang"), QStringLiteral("zh_CN"), QStringLiteral("--help")});
    QVERIFY2(chinese.out.contains(QStringLiteral("令牌")), qPrintable(chinese.out));
}

void tst_App::badUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown command") << QStringList{"bogus"} << "Unknown command: bogus";
    QTest::newRow("two commands") << QStringList{"status", "token"} << "Unexpected argument: token";
    QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "Unknown option 'frobnicate'";
    QTest::newRow("--all elsewhere")
        << QStringList{"status", "--all"} << "--all only applies to sign-out.";
    QTest::newRow("bad language") << QStringList{"--lang", "fr", "status"}
                                  << "--lang: \"fr\" is not a supported language";
    QTest::newRow("timeout zero") << QStringList{"--timeout", "0", "token"}
                                  << "--timeout needs a positive number of seconds";
    QTest::newRow("timeout text") << QStringList{"token", "--timeout", "soon"}
                                  << "--timeout needs a positive number of seconds";
    QTest::newRow("url without key")
        << QStringList{"--url", "https://x.baseapi.memfiredb.com", "token"}
        << "--url is set but the anon key is missing";
    const QString key = QStringLiteral("sb_publishable_abcdef");
    QTest::newRow("javascript: redirect")
        << QStringList{"--url",         "https://x.baseapi.memfiredb.com",   "--anon-key", key,
                       "--redirect-to", "javascript:alert(document.cookie)", "sign-in"}
        << "--redirect-to: the redirect URL \"javascript:alert(document.cookie)\" must be";
    QTest::newRow("file: redirect")
        << QStringList{"--url",         "https://x.baseapi.memfiredb.com",
                       "--anon-key",    key,
                       "--redirect-to", "file:///etc/passwd",
                       "status"}
        << "--redirect-to: the redirect URL \"file:///etc/passwd\" must be";
    QTest::newRow("http redirect")
        << QStringList{"--url",         "https://x.baseapi.memfiredb.com", "--anon-key", key,
                       "--redirect-to", "http://app.example.com/cb",       "status"}
        << "must use https://";
    QTest::newRow("the window's sign-in helper, by hand")
        << QStringList{"sign-in-helper"}
        << "sign-in-helper is started by the wechat-login window, not by hand.";
    QTest::newRow("password in url")
        << QStringList{"--url", "https://admin:hunter2@x.baseapi.memfiredb.com", "--anon-key", key,
                       "status"}
        << "--url: the project URL must not contain a user name or password";
}

void tst_App::badUsage()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = run(args);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(!r.err.contains(QLatin1String("hunter2")), qPrintable(r.err));
}

// A settings file of binary garbage is a usage error naming it (was: silently sandbox mode).
void tst_App::garbageSettingsFileIsUsage()
{
    const QString dir = m_home.filePath(QStringLiteral("config/wechat-login"));
    QVERIFY(QDir().mkpath(dir));
    QFile ini(dir + QStringLiteral("/wechat-login.ini"));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write(QByteArray("\x7f"
                         "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                         16));
    ini.close();
    auto remove = qScopeGuard([&ini] { ini.remove(); });
    const Run r = run({QStringLiteral("status")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(
        r.err.contains(QStringLiteral("The settings file %1 cannot be used").arg(ini.fileName())),
        qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void tst_App::verbs()
{
    SandboxOptions o;
    o.autoConfirmMs = 400;
    SandboxFixture f(o);
    const QStringList c = connection(f);
    const QString key = storageKey(f);
    m_keys << key;
    rawDeleteAll(Service, key);

    // Signed out: every verb says so.
    for (const QString &verb : {QStringLiteral("status"), QStringLiteral("token"),
                                QStringLiteral("session"), QStringLiteral("sign-out")}) {
        const Run r = run(c + QStringList{verb});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.err.contains(QLatin1String("Not signed in. Run \"wechat-login sign-in\" first.")),
            qPrintable(verb + u' ' + r.err));
        QVERIFY(r.out.isEmpty());
        QVERIFY2(!loadsWebEngine(r), qPrintable(verb));
    }

    // sign-in: the dialog only, the virtual phone confirms; stored before exit 0.
    const Run signIn = run(c + QStringList{QStringLiteral("sign-in")});
    QVERIFY2(signIn.exitCode == 0, qPrintable(signIn.err));
    QCOMPARE(signIn.out, QStringLiteral("Signed in as 小微同学.\n"));
    QVERIFY(loadsWebEngine(signIn)); // the method sees the plugin's QtWebEngine
    const QString stored = rawReadSession(Service, key);
    QVERIFY(!stored.isEmpty());
    const Session session = Session::fromJson(stored.toUtf8());
    QCOMPARE(f.requestCount(QStringLiteral("/app/callback")), 0);

    const Run status = run(c + QStringList{QStringLiteral("status")});
    QCOMPARE(status.exitCode, 0);
    QVERIFY(status.out.startsWith(QStringLiteral("Signed in as 小微同学 (wechat_qr)\n")));
    QVERIFY(status.out.contains(QStringLiteral("User ID: ") + session.userId()));
    QVERIFY(status.out.contains(QLatin1String("Access token expires: ")));
    QVERIFY(status.out.contains(QLatin1String("Stored in: the system keychain")));
    QVERIFY(!loadsWebEngine(status));

    // token: exactly the token on stdout, and no QtWebEngine in the process.
    const Run token = run(c + QStringList{QStringLiteral("token")});
    QCOMPARE(token.exitCode, 0);
    QCOMPARE(token.out, session.accessToken() + u'\n');
    QVERIFY(token.err.isEmpty());
    QVERIFY(!token.libraries.isEmpty());
    QVERIFY2(!loadsWebEngine(token), qPrintable(token.libraries.join(u'\n')));
    // ...nor QtGui, QtWidgets or the sandbox: what `token` maps is what it costs to start.
    for (const char *heavy :
         {"libQt6Gui", "libQt6Widgets", "libWeChatLoginSandbox", "libQt6HttpServer", "libqrencode"})
        QVERIFY2(token.libraries.filter(QLatin1String(heavy)).isEmpty(), heavy);

    const Run json = run(c + QStringList{QStringLiteral("session"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject document = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(document.value(QLatin1String("schema")).toInt(), 1);
    QCOMPARE(Session::fromJsonObject(document.value(QLatin1String("session")).toObject()), session);

    // An expired token: token refreshes it (one request) and prints the new one.
    storeExpired(key, stored);
    const int refreshes =
        f.requestCount(QStringLiteral("/auth/v1/token"), QStringLiteral("refresh_token"));
    const Run refreshed = run(c + QStringList{QStringLiteral("token")});
    QVERIFY2(refreshed.exitCode == 0, qPrintable(refreshed.err));
    // (the JWT may equal the old one within the same second; the refresh token rotates)
    QVERIFY(Session::fromJson(rawReadSession(Service, key).toUtf8()).refreshToken()
            != session.refreshToken());
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/token"), QStringLiteral("refresh_token")),
             refreshes + 1);
    QCOMPARE(Session::fromJson(rawReadSession(Service, key).toUtf8()).accessToken(),
             refreshed.out.trimmed());

    // Two instances at once on an expired token: one refresh, the same token for both.
    storeExpired(key, rawReadSession(Service, key));
    const int before =
        f.requestCount(QStringLiteral("/auth/v1/token"), QStringLiteral("refresh_token"));
    QProcess first, second;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    for (QProcess *p : {&first, &second}) {
        p->setProcessEnvironment(env);
        p->start(QStringLiteral(APP_PATH), c + QStringList{QStringLiteral("token")});
    }
    QVERIFY(QTest::qWaitFor(
        [&] {
            return first.state() == QProcess::NotRunning && second.state() == QProcess::NotRunning;
        },
        60000));
    QCOMPARE(first.exitCode(), 0);
    QCOMPARE(second.exitCode(), 0);
    const QByteArray firstToken = first.readAllStandardOutput();
    QCOMPARE(second.readAllStandardOutput(), firstToken);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/token"), QStringLiteral("refresh_token")),
             before + 1);
    QCOMPARE(Session::fromJson(rawReadSession(Service, key).toUtf8()).accessToken() + u'\n',
             QString::fromUtf8(firstToken));

    // Offline past expiry: exit 3, the session kept.
    storeExpired(key, rawReadSession(Service, key));
    f.sandbox().stop();
    const Run offline = run(c + QStringList{QStringLiteral("token")});
    QCOMPARE(offline.exitCode, 3);
    QVERIFY2(offline.err.startsWith(QLatin1String("Offline: the access token has expired")),
             qPrintable(offline.err));
    QVERIFY(offline.out.isEmpty());
    QVERIFY(!rawReadSession(Service, key).isEmpty());
    const Run offlineStatus = run(c + QStringList{QStringLiteral("status")});
    QCOMPARE(offlineStatus.exitCode, 0);
    QVERIFY2(offlineStatus.out.contains(QLatin1String("Offline: the server could not be reached")),
             qPrintable(offlineStatus.out));
    // Signing out offline: done here, the server not told (exit 3).
    const Run offlineSignOut = run(c + QStringList{QStringLiteral("sign-out")});
    QCOMPARE(offlineSignOut.exitCode, 3);
    QCOMPARE(offlineSignOut.out, QStringLiteral("Signed out on this device.\n"));
    QVERIFY(offlineSignOut.err.contains(QLatin1String("The server could not be told")));
    QVERIFY(rawReadSession(Service, key).isEmpty());

    // Back online: sign in again, sign out everywhere.
    QVERIFY(f.sandbox().start());
    const QStringList c2 = connection(f);
    QVERIFY(run(c2 + QStringList{QStringLiteral("sign-in")}).exitCode == 0);
    const Run all = run(c2 + QStringList{QStringLiteral("sign-out"), QStringLiteral("--all")});
    QCOMPARE(all.exitCode, 0);
    QCOMPARE(all.out, QStringLiteral("Signed out on every device.\n"));
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/logout"), QStringLiteral("scope=global")), 1);
    QVERIFY(rawReadSession(Service, key).isEmpty());
    QCOMPARE(run(c2 + QStringList{QStringLiteral("status")}).exitCode, 1);

    // A custom-scheme redirect URL: registered before QApplication, the sign-in completes.
    const Run custom =
        run(c2
            + QStringList{QStringLiteral("--redirect-to"), QStringLiteral("wechatlogin://callback"),
                          QStringLiteral("sign-in")});
    QVERIFY2(custom.exitCode == 0, qPrintable(custom.err));
    QCOMPARE(custom.out, QStringLiteral("Signed in as 小微同学.\n"));
    QCOMPARE(run(c2 + QStringList{QStringLiteral("sign-out")}).exitCode, 0);

    // Chinese messages.
    const Run chinese = run(
        c2
        + QStringList{QStringLiteral("--lang"), QStringLiteral("zh_CN"), QStringLiteral("status")});
    QCOMPARE(chinese.exitCode, 1);
    QVERIFY2(chinese.err.contains(QStringLiteral("未登录")), qPrintable(chinese.err));
    // Chinese by default on a Chinese system, English otherwise.
    QProcessEnvironment zh;
    zh.insert(QStringLiteral("LANG"), QStringLiteral("zh_CN.UTF-8"));
    zh.insert(QStringLiteral("LC_ALL"), QString());
    zh.insert(QStringLiteral("LANGUAGE"), QString());
    QVERIFY(
        run(c2 + QStringList{QStringLiteral("status")}, zh).err.contains(QStringLiteral("未登录")));
    QVERIFY(run(c2 + QStringList{QStringLiteral("status")})
                .err.startsWith(QLatin1String("Not signed in")));
}

// Whatever the environment (cron and ssh have no XDG_RUNTIME_DIR; a person may have any
// QT_LOGGING_RULES), a verb's stderr carries only our own messages: nothing at all when it
// succeeds, sign-in included (QtWebEngine's sandbox and GL notes, the offscreen plugin).
// Our own logging categories still get through when asked for.
// A person takes longer at the dialog than the verb's --timeout (default 40 s): the dialog
// has no deadline, and storing what it gave gets its own (was: exit 3 "the session is kept"
// while nothing was stored).
void tst_App::signInSlowerThanTheTimeoutIsStored()
{
    SandboxOptions o;
    o.autoConfirmMs = 2500; // the phone confirms after the 1 s --timeout
    SandboxFixture f(o);
    const QStringList c = connection(f);
    const QString key = storageKey(f);
    m_keys << key;
    rawDeleteAll(Service, key);
    const Run signIn = run(
        c
        + QStringList{QStringLiteral("sign-in"), QStringLiteral("--timeout"), QStringLiteral("1")});
    QVERIFY2(signIn.exitCode == 0, qPrintable(signIn.err));
    QVERIFY(!rawReadSession(Service, key).isEmpty());
    QCOMPARE(run(c + QStringList{QStringLiteral("status")}).exitCode, 0);
}

void tst_App::stderrCarriesOnlyOurMessages()
{
    SandboxOptions o;
    o.autoConfirmMs = 400;
    SandboxFixture f(o);
    const QStringList c = connection(f);
    const QString key = storageKey(f);
    m_keys << key;
    rawDeleteAll(Service, key);

    QProcessEnvironment plain;
    plain.insert(QStringLiteral("XDG_RUNTIME_DIR"), Unset); // as under cron
    plain.insert(QStringLiteral("QT_LOGGING_RULES"), Unset);
    QProcessEnvironment noisy;
    noisy.insert(QStringLiteral("XDG_RUNTIME_DIR"), QStringLiteral("/nonexistent/runtime"));
    noisy.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("qt.*=true"));
    for (const QProcessEnvironment &env : {plain, noisy}) {
        const Run signIn = run(c + QStringList{QStringLiteral("sign-in")}, env);
        QCOMPARE(signIn.exitCode, 0);
        QCOMPARE(signIn.err, QString());
        for (const QString &verb :
             {QStringLiteral("status"), QStringLiteral("token"), QStringLiteral("session")}) {
            const Run r = run(c + QStringList{verb}, env);
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.err.isEmpty(), qPrintable(verb + QStringLiteral(": ") + r.err));
        }
        const Run signOut = run(c + QStringList{QStringLiteral("sign-out")}, env);
        QCOMPARE(signOut.exitCode, 0);
        QCOMPARE(signOut.err, QString());
        // A failure says ours, and only ours.
        const Run signedOut = run(c + QStringList{QStringLiteral("token")}, env);
        QCOMPARE(signedOut.exitCode, 1);
        QCOMPARE(signedOut.err,
                 QStringLiteral("Not signed in. Run \"wechat-login sign-in\" first.\n"));
    }
    // Our own categories are never hidden.
    QProcessEnvironment debug = plain;
    debug.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("wechatlogin.*=true"));
    const Run traced = run(c + QStringList{QStringLiteral("status")}, debug);
    QCOMPARE(traced.exitCode, 1);
    QVERIFY2(traced.err.contains(QLatin1String("wechatlogin.")), qPrintable(traced.err));
}

// The window, relaunched with a stored session: signed in, QtWebEngine never loaded.
void tst_App::windowRestoresWithoutWebEngine()
{
    SandboxFixture f;
    const QStringList c = connection(f);
    const QString key = storageKey(f);
    m_keys << key;
    {
        SessionStore store(Service);
        AuthReply *reply = kept(store.write(key, Session::fromJsonObject(f.signIn())));
        QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
        delete reply;
    }

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    QString log;
    const QStringList libraries = runWindowUntilSignedIn(QStringLiteral(APP_PATH), c, env, &log);
    QVERIFY2(!libraries.isEmpty(), qPrintable(log));
    QVERIFY2(log.contains(QStringLiteral("signed in as \"小微同学\"")), qPrintable(log));
    QVERIFY(!libraries.filter(QStringLiteral("libQt6Widgets")).isEmpty());
    QVERIFY2(!loadsWebEngine(libraries), "the window loaded QtWebEngine");
}

QTEST_GUILESS_MAIN(tst_App)
#include "tst_app.moc"
