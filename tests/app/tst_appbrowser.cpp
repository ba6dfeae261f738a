// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login sign-in --browser, end to end: the real executable, a real browser (Debian's
// chromium, headless, a throwaway profile) started by the desktop's opener (a stand-in
// xdg-open first on PATH, as a desktop's would be), the sandbox over loopback auto-
// confirming on the virtual phone, the session in the real keychain, and `token` after it.
// Both server eras, and the legacy one without the loopback glob in its allow list, which
// must end at once with the fix named, not hang. Also: --no-open, no display, Ctrl-C, the
// deadline, and no QtGui or QtWebEngine in the process.

#include "testapp.h"
#include "testhttp.h"
#include "testkeychain.h"
#include "testopener.h"

// Qt
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <csignal>
#include <functional>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

const QString Service = QStringLiteral("wechat-login");

struct Run
{
    int exitCode = -1;
    QString out, err;
    QStringList libraries;
};

} // namespace

class tst_AppBrowser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void signsInWithTheSystemBrowser_data();
    void signsInWithTheSystemBrowser();
    void legacyServerWithoutTheGlobNamesTheFix();
    void noOpenPrintsTheUrlAlone();
    void withoutADisplayTheUrlIsPrinted();
    void interruptCancelsCleanly();
    void deadlineNamesTheFix();
    void optionsOnlyForSignIn();

private:
    QProcessEnvironment environment(bool withBrowser = true) const;
    QStringList connection(SandboxFixture &f) const;
    // Runs wechat-login to its end; onStarted may act while it runs (e.g. play the browser
    // with what it printed).
    Run run(const QStringList &args, const QProcessEnvironment &env,
            const std::function<void(QProcess &)> &whileRunning = {}, int timeoutMs = 90000);
    void forget(SandboxFixture &f);

    QTemporaryDir m_home;
    StandInOpener m_opener{m_home.path()};
    QStringList m_keys;
};

void tst_AppBrowser::initTestCase()
{
    QVERIFY(m_home.isValid());
    QString why;
    QVERIFY2(m_opener.install(true, &why), qPrintable(why));
}

void tst_AppBrowser::cleanup()
{
    // Every browser this test started is ended, and what it signed in is removed.
    m_opener.endBrowsers();
    m_opener.forgetOpened();
    for (const QString &key : std::as_const(m_keys))
        rawDeleteAll(Service, key);
    m_keys.clear();
}

QProcessEnvironment tst_AppBrowser::environment(bool withBrowser) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    if (withBrowser) {
        // A graphical session (the headless browser needs no server behind it).
        env.insert(QStringLiteral("DISPLAY"), QStringLiteral(":wechatlogin-test"));
        env.insert(QStringLiteral("PATH"), m_opener.path(env.value(QStringLiteral("PATH"))));
    } else {
        env.remove(QStringLiteral("DISPLAY"));
    }
    return env;
}

QStringList tst_AppBrowser::connection(SandboxFixture &f) const
{
    return {QStringLiteral("--url"),        f.sandbox().authUrl().toString(),
            QStringLiteral("--anon-key"),   f.sandbox().anonKey(),
            QStringLiteral("--trust-host"), f.sandbox().wechatUrl().authority()};
}

void tst_AppBrowser::forget(SandboxFixture &f)
{
    const QString key = AuthConfig(f.sandbox().authUrl(), f.sandbox().anonKey()).storageKey();
    m_keys << key;
    rawDeleteAll(Service, key);
}

Run tst_AppBrowser::run(const QStringList &args, const QProcessEnvironment &env,
                        const std::function<void(QProcess &)> &whileRunning, int timeoutMs)
{
    LoadedLibraries loaded;
    QProcessEnvironment withLoaded = env;
    loaded.addTo(withLoaded);
    QProcess process;
    process.setProcessEnvironment(withLoaded);
    process.start(QStringLiteral(APP_PATH), args);
    process.closeWriteChannel();
    Run r;
    if (whileRunning)
        whileRunning(process);
    // The sandbox lives in this process: its event loop runs meanwhile.
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

void tst_AppBrowser::signsInWithTheSystemBrowser_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::newRow("current: any loopback port") << false;
    QTest::newRow("legacy: http://127.0.0.1:*/** in the allow list") << true;
}

void tst_AppBrowser::signsInWithTheSystemBrowser()
{
    QFETCH(bool, legacy);
    SandboxOptions o;
    o.autoConfirmMs = 500;
    o.siteUrl = QUrl(QStringLiteral("https://app.example.com/"));
    o.serverEra = legacy ? SandboxOptions::ServerEra::Legacy : SandboxOptions::ServerEra::Current;
    o.redirectAllow = legacy ? QStringList{QStringLiteral("http://127.0.0.1:*/**")}
                             : QStringList{QStringLiteral("wechatlogin://**")};
    SandboxFixture f(o);
    forget(f);
    const Run r =
        run(connection(f) + QStringList{QStringLiteral("sign-in"), QStringLiteral("--browser")},
            environment());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("Your browser was opened")), qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("Signed in as ")), qPrintable(r.out));
    // The browser was opened on GoTrue's /authorize with the loopback redirect.
    QCOMPARE(m_opener.opened().size(), 1);
    const QUrl url(m_opener.opened().constFirst());
    QCOMPARE(url.path(), QStringLiteral("/auth/v1/authorize"));
    QVERIFY(QUrlQuery(url)
                .queryItemValue(QStringLiteral("redirect_to"), QUrl::FullyDecoded)
                .startsWith(QLatin1String("http://127.0.0.1:")));
    // Neither QtGui nor QtWebEngine: it runs where neither is installed or usable.
    QVERIFY2(r.libraries.filter(QStringLiteral("libQt6Gui")).isEmpty(),
             qPrintable(r.libraries.join(u' ')));
    QVERIFY(!loadsWebEngine(r.libraries));
    // Stored in the keychain: token works.
    QVERIFY(!rawReadSession(Service, m_keys.last()).isEmpty());
    const Run token = run(connection(f) + QStringList{QStringLiteral("token")}, environment());
    QCOMPARE(token.exitCode, 0);
    QVERIFY(token.out.startsWith(QLatin1String("eyJ")));
}

void tst_AppBrowser::legacyServerWithoutTheGlobNamesTheFix()
{
    SandboxOptions o;
    o.autoConfirmMs = 500;
    o.siteUrl = QUrl(QStringLiteral("https://app.example.com/"));
    o.serverEra = SandboxOptions::ServerEra::Legacy;
    o.redirectAllow = {QStringLiteral("wechatlogin://**")};
    SandboxFixture f(o);
    forget(f);
    QElapsedTimer clock;
    clock.start();
    const Run r =
        run(connection(f) + QStringList{QStringLiteral("sign-in"), QStringLiteral("--browser")},
            environment());
    QCOMPARE(r.exitCode, 1);
    QVERIFY(clock.elapsed() < 60000); // not the 10-minute deadline
    QVERIFY2(r.err.contains(QLatin1String("http://127.0.0.1:*/**")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("重定向URL列表")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("https://app.example.com")), qPrintable(r.err));
    QVERIFY(rawReadSession(Service, m_keys.last()).isEmpty());
}

void tst_AppBrowser::noOpenPrintsTheUrlAlone()
{
    SandboxFixture f;
    forget(f);
    const Run r = run(connection(f)
                          + QStringList{QStringLiteral("sign-in"), QStringLiteral("--browser"),
                                        QStringLiteral("--no-open")},
                      environment(), [&f](QProcess &process) {
                          // The first stdout line is the URL, alone: a script takes it.
                          QVERIFY(QTest::qWaitFor([&] { return process.canReadLine(); }, 30000));
                          const QUrl url(QString::fromUtf8(process.readLine().trimmed()));
                          QCOMPARE(url.path(), QStringLiteral("/auth/v1/authorize"));
                          const HttpResult back = f.followSignIn(url);
                          QCOMPARE(back.status, 302);
                          Http browser;
                          QCOMPARE(browser.get(back.location()).status, 200);
                      });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(m_opener.opened().isEmpty()); // nothing opened
    QVERIFY(r.err.contains(QLatin1String("Open this address in a browser")));
}

void tst_AppBrowser::withoutADisplayTheUrlIsPrinted()
{
    SandboxFixture f;
    forget(f);
    const Run r = run(
        connection(f) + QStringList{QStringLiteral("sign-in"), QStringLiteral("--browser")},
        environment(false), [&f](QProcess &process) {
            // Over ssh: no browser is started; the URL is printed to open by hand.
            QString printed;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    printed += QString::fromUtf8(process.readAllStandardError());
                    return printed.contains(QLatin1String("/auth/v1/authorize"));
                },
                30000));
            QVERIFY2(printed.contains(QLatin1String("no graphical session")), qPrintable(printed));
            const qsizetype at = printed.indexOf(QLatin1String("http://"));
            const QUrl url(printed.mid(at).section(u'\n', 0, 0).trimmed());
            const HttpResult back = f.followSignIn(url);
            Http browser;
            QCOMPARE(browser.get(back.location()).status, 200);
        });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(m_opener.opened().isEmpty());
}

void tst_AppBrowser::interruptCancelsCleanly()
{
    SandboxFixture f;
    forget(f);
    const Run r = run(connection(f)
                          + QStringList{QStringLiteral("sign-in"), QStringLiteral("--browser"),
                                        QStringLiteral("--no-open")},
                      environment(), [](QProcess &process) {
                          QVERIFY(QTest::qWaitFor([&] { return process.canReadLine(); }, 30000));
                          ::kill(pid_t(process.processId()), SIGINT); // Ctrl-C
                      });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("Sign-in cancelled.")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("http://127.0.0.1:*/**")), qPrintable(r.err));
}

void tst_AppBrowser::deadlineNamesTheFix()
{
    SandboxFixture f;
    forget(f);
    const Run r = run(connection(f)
                          + QStringList{QStringLiteral("sign-in"), QStringLiteral("--browser"),
                                        QStringLiteral("--no-open"), QStringLiteral("--timeout"),
                                        QStringLiteral("2")},
                      environment());
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QLatin1String("did not come back")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("http://127.0.0.1:*/**")), qPrintable(r.err));
}

void tst_AppBrowser::optionsOnlyForSignIn()
{
    SandboxFixture f;
    for (const QString &verb : {QStringLiteral("status"), QStringLiteral("token")}) {
        for (const QString &option : {QStringLiteral("--browser"), QStringLiteral("--no-open")}) {
            const Run r = run(connection(f) + QStringList{verb, option}, environment());
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(QLatin1String("only apply to sign-in")), qPrintable(r.err));
        }
    }
}

QTEST_GUILESS_MAIN(tst_AppBrowser)
#include "tst_appbrowser.moc"
