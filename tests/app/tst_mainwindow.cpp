// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// MainWindow in a real X window (xvfb-run), in sandbox mode as a first-time user sees it,
// with the real keychain: the whole journey, the "play the phone" button, offline shown,
// the language switched at run time, the sign-in verb cancelled, and the README's
// screenshots (WECHATLOGIN_SCREENSHOTS=<dir>).

#include "sandboxhost.h"
#include "testapp.h"
#include "testhttp.h"
#include "testkeychain.h"
#include "testprocmem.h"
#include "testreply.h"
#include <WeChatLogin/loginprocess.h>
#include <WeChatLogin/sandbox.h>
#include <WeChatLogin/sessionmanager.h>
#include <appconfig.h>
#include <appcontext.h>
#include <avatarloader.h>
#include <mainwindow.h>
#include <settingsdialog.h>
#include <verbs.h>

// Qt
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDialog>
#include <QDir>
#include <QLabel>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <sys/prctl.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using Page = MainWindow::Page;

namespace {

const QString Service = QLatin1String(AppConfig::KeychainService);
const QString Key = QLatin1String(AppConfig::SandboxStorageKey);

std::unique_ptr<AppContext> sandboxContext(const QStringList &args = {})
{
    AppConfig config;
    QString error;
    if (!loadAppConfig(args, &config, &error))
        qFatal("config: %s", qPrintable(error));
    auto context = std::make_unique<AppContext>(config);
    if (!context->start(&error))
        qFatal("start: %s", qPrintable(error));
    return context;
}

template<typename T>
T *child(QWidget *w, const char *name)
{
    return w->findChild<T *>(QLatin1String(name));
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void signInQuitRelaunchSignOut();
    void prestartedHelperShowsItsQrAtOnce(); // before anything here loads QtWebEngine
    void closedDialogIsStartedAheadAgain();
    void playThePhone();
    void offlineIsShown();
    void languageSwitchesAtRunTime();
    void signInVerbCancelled();
    void closingTheWindowEndsTheSignIn();
    void customSchemeRedirectThroughTheHelper();
    void screenshots();

private:
    QTemporaryDir m_home;
};

void tst_MainWindow::initTestCase()
{
    prctl(PR_SET_CHILD_SUBREAPER, 1); // what the sign-in helper leaves behind stays visible
    QVERIFY(m_home.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("cache"))));
    QCoreApplication::setApplicationName(QStringLiteral("wechat-login"));
    QCoreApplication::setOrganizationName(QStringLiteral("wechat-login"));
    qRegisterMetaType<MainWindow::Page>();
}

void tst_MainWindow::init()
{
    AppConfig::applyLanguage(QStringLiteral("en"));
    rawDeleteAll(Service, Key);
}

void tst_MainWindow::cleanup()
{
    rawDeleteAll(Service, Key);
}

void tst_MainWindow::signInQuitRelaunchSignOut()
{
    {
        auto context = sandboxContext({QStringLiteral("--auto-confirm-ms"), QStringLiteral("400")});
        MainWindow w(context.get());
        w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE(w.page(), Page::SignedOut);
        QVERIFY(child<QWidget>(&w, "sandboxBanner")->isVisible());
        QPushButton *signIn = child<QPushButton>(&w, "signInButton");
        QCOMPARE(signIn->text(), QStringLiteral("Sign in with WeChat"));
        const QStringList before = descendantPids();
        QTest::mouseClick(signIn, Qt::LeftButton);
        QVERIFY(w.isSigningIn());
        QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 20000);
        QTRY_VERIFY(!w.isSigningIn());
        // The dialog ran in a child process: this one never mapped QtWebEngine, and
        // nothing of Chromium outlives the sign-in (orphans would be ours: subreaper).
        QVERIFY2(!mapsWebEngine(), "the window's process mapped QtWebEngine");
        QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), before, 10000);
        QCOMPARE(child<QLabel>(&w, "nickname")->text(), QStringLiteral("小微同学"));
        // What the server says (nickname, ids, errors) is shown as plain text.
        for (const char *name : {"nickname", "userId", "statusLabel", "offlineLabel"})
            QCOMPARE(child<QLabel>(&w, name)->textFormat(), Qt::PlainText);
        QCOMPARE(child<QLabel>(&w, "userId")->text(),
                 context->sessionManager()->session().userId());
        QTRY_VERIFY(!rawReadSession(Service, Key).isEmpty());
        // The avatar is fetched from the sandbox and cached.
        QTRY_COMPARE_WITH_TIMEOUT(QDir(AvatarLoader::cacheDir()).entryList(QDir::Files).size(), 1,
                                  10000);
        QTRY_VERIFY(!w.findChild<AvatarLoader *>()->isPlaceholder());
        QVERIFY(!child<QLabel>(&w, "avatar")->pixmap().isNull());
        w.close();
    }

    // Relaunch the real executable: signed in at once, QtWebEngine never loaded.
    QString log;
    const QStringList loaded = runWindowUntilSignedIn(
        QStringLiteral(APP_PATH), {}, QProcessEnvironment::systemEnvironment(), &log);
    QVERIFY2(!loaded.isEmpty(), qPrintable(log));
    QVERIFY2(log.contains(QStringLiteral("signed in as \"小微同学\"")), qPrintable(log));
    QVERIFY(!loaded.filter(QStringLiteral("libQt6XcbQpa")).isEmpty()
            || !loaded.filter(QStringLiteral("libqxcb")).isEmpty());
    QVERIFY2(!loadsWebEngine(loaded), "the relaunched window loaded QtWebEngine");

    // And sign out from the window: the keychain entry goes.
    auto context = sandboxContext();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
    w.show();
    QTRY_COMPARE(w.page(), Page::SignedIn);
    QTest::mouseClick(child<QPushButton>(&w, "signOutButton"), Qt::LeftButton);
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QVERIFY(rawReadSession(Service, Key).isEmpty());
    QCOMPARE(child<QLabel>(&w, "statusLabel")->text(), QStringLiteral("You signed out."));
}

// Signed out, the window starts the dialog's process ahead, hidden, with its QR loaded:
// the sign-in shows that very QR (no new flow), and follows a language switch made while
// it is open; after the sign-in nothing of it is left.
void tst_MainWindow::prestartedHelperShowsItsQrAtOnce()
{
    auto context = sandboxContext(); // no auto-confirm: that would sign in unseen
    Http http;
    const auto requests = [&](const QString &path, const QString &query) {
        const QUrl log =
            context->sandbox()->authUrl().resolved(QUrl(QStringLiteral("/sandbox/requests")));
        return SandboxFixture::requestCount(http.get(log).jsonArray(), path, query);
    };
    const QStringList before = descendantPids();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH));
    LoginProcess *login = w.loginProcess();
    QSignalSpy ready(login, &LoginProcess::ready);
    QSignalSpy shown(login, &LoginProcess::qrShown);
    w.show();
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QTRY_COMPARE(login->state(), LoginProcess::State::Prestarted);
    QVERIFY(!w.isSigningIn());
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 30000);
    const QString uuid = context->sandbox()->latestQrUuid();
    QTest::mouseClick(child<QPushButton>(&w, "signInButton"), Qt::LeftButton);
    QVERIFY(w.isSigningIn());
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 30000);
    QCOMPARE(context->sandbox()->latestQrUuid(), uuid);
    QCOMPARE(requests(QStringLiteral("/auth/v1/authorize"), QString()), 1);
    QCOMPARE(requests(QStringLiteral("/connect/qrconnect"), QStringLiteral("lang=en")), 1);

    // The window switches to Chinese: the open dialog's page follows, in the same flow.
    AppConfig::applyLanguage(QStringLiteral("zh_CN"));
    QTRY_COMPARE_WITH_TIMEOUT(
        requests(QStringLiteral("/connect/qrconnect"), QStringLiteral("lang=cn")), 1, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, 30000);
    QCOMPARE(requests(QStringLiteral("/auth/v1/authorize"), QString()), 1);

    QString error;
    QVERIFY2(context->sandbox()->confirmQr(context->sandbox()->latestQrUuid(), &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 20000);
    QTRY_COMPARE(login->state(), LoginProcess::State::Idle); // not pre-started again
    QVERIFY2(!mapsWebEngine(), "the window's process mapped QtWebEngine");
    QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), before, 10000);
}

// The dialog closed without a sign-in: the next click is instant too. Closing the window
// ends the pre-started helper and its Chromium processes.
void tst_MainWindow::closedDialogIsStartedAheadAgain()
{
    auto context = sandboxContext();
    const QStringList before = descendantPids();
    {
        MainWindow w(context.get());
        w.setSignInProgram(QStringLiteral(APP_PATH));
        LoginProcess *login = w.loginProcess();
        QSignalSpy ready(login, &LoginProcess::ready);
        QSignalSpy shown(login, &LoginProcess::qrShown);
        QSignalSpy finished(login, &LoginProcess::finished);
        w.show();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 30000);
        w.signIn();
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 30000);
        login->cancel(); // as if the person closed the dialog
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QVERIFY(child<QLabel>(&w, "statusLabel")->text().isEmpty()); // a close says nothing
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 30000);           // a new helper, its QR loaded
        QCOMPARE(login->state(), LoginProcess::State::Prestarted);
        QVERIFY(!w.isSigningIn());
        QCOMPARE(w.page(), Page::SignedOut);
    }
    QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), before, 10000);
}

void tst_MainWindow::playThePhone()
{
    auto context = sandboxContext();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
    w.show();
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QPushButton *play = nullptr;
    for (QPushButton *b : w.findChildren<QPushButton *>()) {
        if (b->text() == QLatin1String("Play the phone: scan and confirm"))
            play = b;
    }
    QVERIFY(play);
    QVERIFY(!play->isEnabled()); // nothing to scan yet
    w.signIn();
    QTRY_VERIFY_WITH_TIMEOUT(play->isEnabled(), 15000);
    QTest::mouseClick(play, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 15000);
}

void tst_MainWindow::offlineIsShown()
{
    auto context = sandboxContext({QStringLiteral("--auto-confirm-ms"), QStringLiteral("300")});
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
    w.show();
    QTRY_COMPARE(w.page(), Page::SignedOut);
    w.signIn();
    QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 20000);
    QLabel *offline = child<QLabel>(&w, "offlineLabel");
    QVERIFY(!offline->isVisible());
    context->sandbox()->stop();
    AuthReply *reply = kept(context->sessionManager()->refresh());
    QTRY_VERIFY(reply->isFinished());
    QTRY_VERIFY(offline->isVisible());
    QVERIFY(offline->text().startsWith(QLatin1String("Offline: the server cannot be reached.")));
    QCOMPARE(w.page(), Page::SignedIn); // kept
}

void tst_MainWindow::languageSwitchesAtRunTime()
{
    auto context = sandboxContext();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
    w.show();
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QPushButton *signIn = child<QPushButton>(&w, "signInButton");
    w.openSettings();
    QPointer<SettingsDialog> dialog = w.findChild<SettingsDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    auto *combo = dialog->findChild<QComboBox *>();
    combo->setCurrentIndex(combo->findData(QStringLiteral("zh_CN")));
    // Everything switches while the dialog is still open.
    QTRY_COMPARE(signIn->text(), QStringLiteral("微信扫码登录"));
    QCOMPARE(dialog->windowTitle(), QStringLiteral("设置"));
    QCOMPARE(w.windowTitle(), QStringLiteral("微信扫码登录（沙盒）"));
    dialog->accept(); // saved
    QTRY_VERIFY(!dialog);
    QCOMPARE(signIn->text(), QStringLiteral("微信扫码登录"));
    // Cancelling goes back to the language before.
    w.openSettings();
    dialog = w.findChild<SettingsDialog *>();
    QVERIFY(dialog);
    combo = dialog->findChild<QComboBox *>();
    QCOMPARE(combo->currentData().toString(), QStringLiteral("zh_CN"));
    combo->setCurrentIndex(combo->findData(QStringLiteral("en")));
    QTRY_COMPARE(signIn->text(), QStringLiteral("Sign in with WeChat"));
    dialog->reject();
    QTRY_COMPARE(signIn->text(), QStringLiteral("微信扫码登录"));
    // The choice was saved.
    AppConfig saved;
    QString error;
    QVERIFY(loadAppConfig({}, &saved, &error));
    QCOMPARE(saved.language(), QStringLiteral("zh_CN"));
    QVERIFY(QFile::remove(AppConfig::filePath()));
}

// The window goes while its sign-in dialog is open: the helper process and its Chromium
// processes go with it.
void tst_MainWindow::closingTheWindowEndsTheSignIn()
{
    auto context = sandboxContext();
    QString uuid;
    connect(context->sandbox(), &SandboxHost::qrCreated, this,
            [&uuid](const QString &id) { uuid = id; });
    // What an earlier in-process test left (signInVerbCancelled's QtWebEngine) is not ours.
    const QStringList before = descendantPids();
    {
        MainWindow w(context.get());
        w.setSignInProgram(QStringLiteral(APP_PATH));
        w.show();
        QTRY_COMPARE(w.page(), Page::SignedOut);
        w.signIn();
        QTRY_VERIFY_WITH_TIMEOUT(!uuid.isEmpty(), 20000); // the dialog's page is up
        QVERIFY(w.isSigningIn());
        QVERIFY(descendantPids().size() > before.size());
    }
    QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), before, 10000);
    QVERIFY(rawReadSession(Service, Key).isEmpty());
}

// A project given only on the window's command line, with a custom-scheme redirect URL:
// the helper has none of it on its own command line, and still signs in (the scheme is
// registered from what the window sends, before the helper's QApplication exists).
void tst_MainWindow::customSchemeRedirectThroughTheHelper()
{
    SandboxOptions o;
    o.autoConfirmMs = 400;
    SandboxFixture f(o);
    const QUrl wechat = f.sandbox().wechatUrl();
    AppConfig config;
    QString error;
    QVERIFY2(
        loadAppConfig({QStringLiteral("--url"), f.sandbox().authUrl().toString(),
                       QStringLiteral("--anon-key"), f.sandbox().anonKey(),
                       QStringLiteral("--redirect-to"), QStringLiteral("wechatlogin://callback"),
                       QStringLiteral("--trust-host"),
                       wechat.host() + u':' + QString::number(wechat.port())},
                      &config, &error),
        qPrintable(error));
    AppContext context(config);
    QVERIFY2(context.start(&error), qPrintable(error));
    const QString key = context.authConfig().storageKey();
    {
        MainWindow w(&context);
        w.setSignInProgram(QStringLiteral(APP_PATH));
        // This sandbox confirms every QR it serves, one started ahead included: this
        // window only knows it as a project, so it is told not to start one.
        w.setPrestartsSignIn(false);
        w.show();
        QTRY_COMPARE(w.page(), Page::SignedOut);
        w.signIn();
        QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 30000);
        QCOMPARE(context.sessionManager()->session().nickname(), QStringLiteral("小微同学"));
        QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/callback")), 1);
    }
    rawDeleteAll(Service, key);
}

void tst_MainWindow::signInVerbCancelled()
{
    auto context = sandboxContext();
    QTimer closer;
    closer.setInterval(50);
    connect(&closer, &QTimer::timeout, this, [] {
        for (QWidget *window : QApplication::topLevelWidgets()) {
            if (auto *dialog = qobject_cast<QDialog *>(window); dialog && dialog->isVisible())
                dialog->reject(); // the user closes the sign-in dialog
        }
    });
    closer.start();
    QCOMPARE(Verbs::signIn(*context), int(Verbs::NotSignedIn));
    QVERIFY(rawReadSession(Service, Key).isEmpty());
}

void tst_MainWindow::screenshots()
{
    const QString dir = qEnvironmentVariable("WECHATLOGIN_SCREENSHOTS");
    if (dir.isEmpty())
        QSKIP("set WECHATLOGIN_SCREENSHOTS=<dir> to take the README's screenshots");
    for (const QString &language : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
        rawDeleteAll(Service, Key);
        AppConfig::applyLanguage(language);
        const QString suffix =
            language == QLatin1String("zh_CN") ? QStringLiteral("zh") : QStringLiteral("en");
        auto context = sandboxContext({QStringLiteral("--auto-confirm-ms"), QStringLiteral("300")});
        MainWindow w(context.get());
        w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE(w.page(), Page::SignedOut);
        QVERIFY(w.grab().save(dir + QStringLiteral("/app-start-%1.png").arg(suffix)));
        w.signIn();
        QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 20000);
        QTRY_VERIFY(!w.findChild<AvatarLoader *>()->isPlaceholder());
        QTRY_VERIFY(!w.isSigningIn());
        QVERIFY(w.grab().save(dir + QStringLiteral("/app-signed-in-%1.png").arg(suffix)));
    }
}

int main(int argc, char *argv[])
{
    // As wechat-login's main() does: QtWebEngine arrives later, in the sign-in plugin.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    tst_MainWindow test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
