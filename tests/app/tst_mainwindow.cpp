// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// MainWindow as a person meets it: on a desktop of its own (Xvfb with openbox, or with no
// window manager: WECHATLOGIN_TEST_WM=none), driven with real X input (the pointer, clicks
// and keys go to whatever window is under them, as a mouse's would), checked by the windows
// a person can see and by grabs of the whole screen; in sandbox mode, as a first-time user
// sees it, with the real keychain and the real sign-in helper process. The README's
// screenshots come from here too (WECHATLOGIN_SCREENSHOTS=<dir>).

#include "sandboxhost.h"
#include "testapp.h"
#include "testdesktop.h"
#include "testhttp.h"
#include "testkeychain.h"
#include "testopener.h"
#include "testprocmem.h"
#include "testqr.h"
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
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/prctl.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using Page = MainWindow::Page;
using State = LoginProcess::State;

namespace {

const QString Service = QLatin1String(AppConfig::KeychainService);
const QString Key = QLatin1String(AppConfig::SandboxStorageKey);
constexpr int StartMs = 30000; // a cold QtWebEngine on a loaded 2-core machine

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

int authorizeRequests(AppContext *context)
{
    Http http;
    const QUrl log =
        context->sandbox()->authUrl().resolved(QUrl(QStringLiteral("/sandbox/requests")));
    return SandboxFixture::requestCount(http.get(log).jsonArray(),
                                        QStringLiteral("/auth/v1/authorize"));
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT
public:
    explicit tst_MainWindow(Desktop *desktop)
        : m_desktop(desktop)
    {}

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void onlyTheWindowIsOnTheScreen();
    void intentLoadsTheQrTheClickShowsIt(); // before anything here loads QtWebEngine
    void intentThatGoesDropsTheQr();
    void outOfUseEndsTheSpare();
    void signInQuitRelaunchSignOut();
    void playThePhone();
    void browserSignInFromTheWindow();
    void browserSignInCancelledNamesTheFix();
    void offlineIsShown();
    void languageSwitchesAtRunTime();
    void closingTheWindowEndsTheSignIn();
    void customSchemeRedirectThroughTheHelper();
    void signInVerbCancelled();
    void screenshots();

private:
    // Exactly window is on the screen: nothing else a person could see or click.
    bool onlyOnScreen(QWidget *window, QString *seen) const;
    // The sign-in dialog's window (the helper's, another process), if it is on the screen.
    Desktop::Window dialogOnScreen() const;
    bool clickOn(const QWidget *widget) const
    {
        return m_desktop->clickAt(Desktop::centreOf(widget));
    }
    // The pointer where it touches no button: the window's left margin, or off it.
    bool restPointer(const QWidget *window) const;
    // The QR a person sees on the whole screen now, as its text.
    QString qrOnScreen() const { return decodeQr(m_desktop->grab()); }
    void pickLanguage(SettingsDialog *dialog, const QString &language) const;
    // The desktop's opener first on PATH (testopener.h), with or without a browser.
    void useOpener(bool withBrowser);

    Desktop *m_desktop;
    QTemporaryDir m_home;
    StandInOpener m_opener{m_home.path()};
};

bool tst_MainWindow::onlyOnScreen(QWidget *window, QString *seen) const
{
    const QList<Desktop::Window> windows = m_desktop->visibleWindows();
    *seen = QStringLiteral("on the screen (%1): %2")
                .arg(m_desktop->windowManagerName(), Desktop::describe(windows));
    return windows.size() == 1 && windows.first().id == window->winId();
}

Desktop::Window tst_MainWindow::dialogOnScreen() const
{
    for (const Desktop::Window &w : m_desktop->visibleWindows()) {
        if (w.pid != QCoreApplication::applicationPid() && w.className == u"wechat-login")
            return w;
    }
    return {};
}

bool tst_MainWindow::restPointer(const QWidget *window) const
{
    const QRect frame = window->geometry();
    return m_desktop->moveTo(QPoint(frame.left() + 6, frame.center().y()));
}

void tst_MainWindow::pickLanguage(SettingsDialog *dialog, const QString &language) const
{
    auto *combo = dialog->findChild<QComboBox *>();
    QVERIFY(clickOn(combo));
    QTRY_VERIFY(combo->view()->isVisible());
    const QModelIndex item = combo->model()->index(combo->findData(language), 0);
    QAbstractItemView *list = combo->view();
    QVERIFY(m_desktop->clickAt(list->viewport()->mapToGlobal(list->visualRect(item).center())));
    QTRY_COMPARE(combo->currentData().toString(), language);
}

void tst_MainWindow::initTestCase()
{
    prctl(PR_SET_CHILD_SUBREAPER, 1); // what the sign-in helper leaves behind stays visible
    QVERIFY(m_home.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("cache"))));
    QCoreApplication::setApplicationName(QStringLiteral("wechat-login"));
    QCoreApplication::setOrganizationName(QStringLiteral("wechat-login"));
    qRegisterMetaType<MainWindow::Page>();
    qInfo("desktop: %s on %s", qPrintable(m_desktop->windowManagerName()),
          qPrintable(m_desktop->display()));
}

void tst_MainWindow::init()
{
    AppConfig::applyLanguage(QStringLiteral("en"));
    rawDeleteAll(Service, Key);
    QDir(AvatarLoader::cacheDir()).removeRecursively(); // what an earlier sign-in fetched
    m_desktop->moveTo(QPoint(1, 1));
}

void tst_MainWindow::cleanup()
{
    rawDeleteAll(Service, Key);
}

// What a person sees, whatever they do: exactly the window, at every step, with and without
// a window manager; and real clicks reach what is under them.
void tst_MainWindow::onlyTheWindowIsOnTheScreen()
{
    auto context = sandboxContext();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH));
    LoginProcess *login = w.loginProcess();
    QSignalSpy spare(login, &LoginProcess::spareReady);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QVERIFY(restPointer(&w));
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 1, StartMs); // the sign-in child waits, hidden
    QString seen;
    QVERIFY2(onlyOnScreen(&w, &seen), qPrintable(seen));

    // Signed out for 30 s: still only the window, and no flow on the server.
    QElapsedTimer signedOut;
    signedOut.start();
    while (signedOut.elapsed() < 30000) {
        QVERIFY2(onlyOnScreen(&w, &seen), qPrintable(seen));
        QTest::qWait(1000);
    }
    QCOMPARE(authorizeRequests(context.get()), 0);

    // A real click on the Help menu opens it: nothing of ours lies over the menu bar.
    QMenuBar *menus = w.menuBar();
    QMenu *help = menus->actions().at(1)->menu();
    const QPoint helpTitle = menus->mapToGlobal(menus->actionGeometry(help->menuAction()).center());
    QVERIFY(m_desktop->moveTo(helpTitle));
    QTRY_COMPARE(m_desktop->windowUnderPointer(), quint64(w.winId()));
    QVERIFY(m_desktop->click());
    QTRY_VERIFY(help->isVisible());
    QVERIFY(m_desktop->key(QStringLiteral("Escape")));
    QTRY_VERIFY(!help->isVisible());

    // The pointer rests on the sign-in button: the QR loads, hidden; the window is still
    // all there is, and the button is what lies under the pointer. The click opens the
    // dialog; Escape closes it.
    QSignalSpy ready(login, &LoginProcess::ready);
    QPushButton *signIn = child<QPushButton>(&w, "signInButton");
    const QWidget *active = QApplication::activeWindow();
    QVERIFY(m_desktop->moveTo(Desktop::centreOf(signIn)));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    QTest::qWait(1000); // anything it would map, it would have mapped by now
    QVERIFY2(onlyOnScreen(&w, &seen), qPrintable(seen));
    QCOMPARE(m_desktop->windowUnderPointer(), quint64(w.winId()));
    // No focus taken: the window keeps it (without a window manager, X gives the focus to
    // the window under the pointer: ours).
    QVERIFY(QApplication::activeWindow() == &w || (!active && !QApplication::activeWindow()));
    QVERIFY(m_desktop->click());
    QTRY_VERIFY(w.isSigningIn());
    QTRY_VERIFY_WITH_TIMEOUT(dialogOnScreen().id != 0, StartMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        context->sandbox()->confirmPageUrl(context->sandbox()->latestQrUuid()).toString()
            == qrOnScreen(),
        StartMs);
    QCOMPARE(m_desktop->visibleWindows().size(), 2); // the window and its dialog
    QVERIFY(restPointer(&w));
    QVERIFY(m_desktop->key(QStringLiteral("Escape")));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isSigningIn(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 2, StartMs); // a new spare, hidden again
    QTRY_VERIFY2(onlyOnScreen(&w, &seen), qPrintable(seen));

    // Signed in: the window alone, and no child.
    const QString cancelled = context->sandbox()->latestQrUuid();
    QVERIFY(clickOn(signIn));
    QTRY_VERIFY_WITH_TIMEOUT(dialogOnScreen().id != 0, StartMs);
    QTRY_VERIFY_WITH_TIMEOUT(context->sandbox()->latestQrUuid() != cancelled, StartMs);
    const QString uuid = context->sandbox()->latestQrUuid();
    QTRY_COMPARE_WITH_TIMEOUT(qrOnScreen(), context->sandbox()->confirmPageUrl(uuid).toString(),
                              StartMs);
    QString error;
    QVERIFY2(context->sandbox()->confirmQr(uuid, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, StartMs);
    QTRY_COMPARE_WITH_TIMEOUT(login->state(), State::Idle, 10000);
    QTRY_VERIFY2(onlyOnScreen(&w, &seen), qPrintable(seen));

    // Signed out with a real click: the window alone again, its spare hidden.
    QVERIFY(clickOn(child<QPushButton>(&w, "signOutButton")));
    QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedOut, 10000);
    QVERIFY(restPointer(&w));
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 3, StartMs);
    QTRY_VERIFY2(onlyOnScreen(&w, &seen), qPrintable(seen));
}

// Signed out, the window keeps its dialog's process as a spare: no flow on the server. The
// pointer resting on the button is the intent: the QR loads hidden, and the click shows
// that very QR (no new flow); the open dialog follows a language switch; after the sign-in
// nothing of it is left.
void tst_MainWindow::intentLoadsTheQrTheClickShowsIt()
{
    auto context = sandboxContext(); // no auto-confirm: that would sign in unseen
    const auto requests = [&](const QString &path, const QString &query) {
        Http http;
        const QUrl log =
            context->sandbox()->authUrl().resolved(QUrl(QStringLiteral("/sandbox/requests")));
        return SandboxFixture::requestCount(http.get(log).jsonArray(), path, query);
    };
    const QStringList before = descendantPids();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH));
    LoginProcess *login = w.loginProcess();
    QSignalSpy spare(login, &LoginProcess::spareReady);
    QSignalSpy ready(login, &LoginProcess::ready);
    QSignalSpy shown(login, &LoginProcess::qrShown);
    w.show();
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QVERIFY(restPointer(&w));
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 1, StartMs);
    QCOMPARE(login->state(), State::Spare);
    QCOMPARE(authorizeRequests(context.get()), 0);

    QPushButton *signIn = child<QPushButton>(&w, "signInButton");
    QVERIFY(m_desktop->moveTo(Desktop::centreOf(signIn)));
    QTRY_COMPARE(login->state(), State::Prestarted);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    QCOMPARE(authorizeRequests(context.get()), 1);
    const QString uuid = context->sandbox()->latestQrUuid();
    QVERIFY(m_desktop->click());
    QTRY_VERIFY(w.isSigningIn());
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, StartMs);
    QTRY_COMPARE_WITH_TIMEOUT(qrOnScreen(), context->sandbox()->confirmPageUrl(uuid).toString(),
                              10000);
    QCOMPARE(context->sandbox()->latestQrUuid(), uuid);
    QCOMPARE(requests(QStringLiteral("/auth/v1/authorize"), QString()), 1);
    QCOMPARE(requests(QStringLiteral("/connect/qrconnect"), QStringLiteral("lang=en")), 1);

    // The window switches to Chinese: the open dialog's page follows, in the same flow.
    AppConfig::applyLanguage(QStringLiteral("zh_CN"));
    QTRY_COMPARE_WITH_TIMEOUT(
        requests(QStringLiteral("/connect/qrconnect"), QStringLiteral("lang=cn")), 1, StartMs);
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, StartMs);
    QCOMPARE(requests(QStringLiteral("/auth/v1/authorize"), QString()), 1);

    QString error;
    QVERIFY2(context->sandbox()->confirmQr(context->sandbox()->latestQrUuid(), &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 20000);
    QTRY_COMPARE(login->state(), State::Idle); // nothing kept once signed in
    QVERIFY2(!mapsWebEngine(), "the window's process mapped QtWebEngine");
    QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), before, 10000);
}

// An intent that goes without a click (the pointer moves on, the keyboard's focus leaves)
// drops its QR after the grace: the spare stays, and the server renews nothing.
void tst_MainWindow::intentThatGoesDropsTheQr()
{
    auto context = sandboxContext();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH));
    w.setIntentGraceMs(1500);
    LoginProcess *login = w.loginProcess();
    QSignalSpy spare(login, &LoginProcess::spareReady);
    QSignalSpy ready(login, &LoginProcess::ready);
    QSignalSpy finished(login, &LoginProcess::finished);
    w.show();
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QVERIFY(restPointer(&w));
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 1, StartMs);
    const QStringList spareProcesses = descendantPids();

    // The pointer passes over the button and goes.
    QPushButton *signIn = child<QPushButton>(&w, "signInButton");
    QVERIFY(m_desktop->moveTo(Desktop::centreOf(signIn)));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    QVERIFY(restPointer(&w));
    QTRY_COMPARE_WITH_TIMEOUT(login->state(), State::Spare, 10000);
    // The same spare, no new process (the dropped page's renderer ends a moment after:
    // one CI run saw it still there when the state changed).
    QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), spareProcesses, 10000);

    // Tab to the button: the keyboard's intent, dropped once the focus leaves it.
    QVERIFY(m_desktop->activate(w.winId()));
    for (int i = 0; i < 6 && !signIn->hasFocus(); ++i) {
        QVERIFY(m_desktop->key(QStringLiteral("Tab")));
        QTest::qWait(100);
    }
    QVERIFY(signIn->hasFocus());
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, StartMs);
    QCOMPARE(authorizeRequests(context.get()), 2);
    QVERIFY(m_desktop->key(QStringLiteral("Tab")));
    QTRY_VERIFY(!signIn->hasFocus());
    QTRY_COMPARE_WITH_TIMEOUT(login->state(), State::Spare, 10000);
    QCOMPARE(authorizeRequests(context.get()), 2);
    QVERIFY(finished.isEmpty()); // nothing said: nobody asked for the dialog
}

// Another window in use for longer than the window's grace: the spare ends, and Chromium's
// memory with it; back in use, a new spare waits again.
void tst_MainWindow::outOfUseEndsTheSpare()
{
    auto context = sandboxContext();
    const QStringList before = descendantPids();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH));
    w.setOutOfUseMs(1500);
    LoginProcess *login = w.loginProcess();
    QSignalSpy spare(login, &LoginProcess::spareReady);
    w.show();
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QVERIFY(restPointer(&w));
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 1, StartMs);

    QWidget other; // a person reads something else
    other.setWindowTitle(QStringLiteral("Another app"));
    other.setGeometry(w.frameGeometry().right() + 40, 40, 200, 120);
    other.show();
    QVERIFY(QTest::qWaitForWindowExposed(&other));
    QVERIFY(clickOn(&other));
    QTRY_VERIFY(other.isActiveWindow());
    QTRY_COMPARE_WITH_TIMEOUT(login->state(), State::Idle, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), before, 10000);

    QVERIFY(m_desktop->activate(w.winId())); // back: its taskbar entry, or Alt+Tab
    QTRY_VERIFY(w.isActiveWindow());
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 2, StartMs);
    QCOMPARE(login->state(), State::Spare);
    QCOMPARE(authorizeRequests(context.get()), 0);
}

void tst_MainWindow::signInQuitRelaunchSignOut()
{
    {
        auto context = sandboxContext({QStringLiteral("--auto-confirm-ms"), QStringLiteral("400")});
        const QStringList before = descendantPids();
        MainWindow w(context.get());
        w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE(w.page(), Page::SignedOut);
        QVERIFY(child<QWidget>(&w, "sandboxBanner")->isVisible());
        QPushButton *signIn = child<QPushButton>(&w, "signInButton");
        QCOMPARE(signIn->text(), QStringLiteral("Sign in with WeChat"));
        QVERIFY(clickOn(signIn));
        QTRY_VERIFY(w.isSigningIn());
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

    // And sign out from the window, with a real click: the keychain entry goes.
    auto context = sandboxContext();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(w.page(), Page::SignedIn);
    QVERIFY(clickOn(child<QPushButton>(&w, "signOutButton")));
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QVERIFY(rawReadSession(Service, Key).isEmpty());
    QCOMPARE(child<QLabel>(&w, "statusLabel")->text(), QStringLiteral("You signed out."));
}

void tst_MainWindow::playThePhone()
{
    auto context = sandboxContext();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QPushButton *play = nullptr;
    for (QPushButton *b : w.findChildren<QPushButton *>()) {
        if (b->text() == QLatin1String("Play the phone: scan and confirm"))
            play = b;
    }
    QVERIFY(play);
    QVERIFY(!play->isEnabled()); // nothing to scan yet
    QVERIFY(clickOn(child<QPushButton>(&w, "signInButton")));
    QTRY_VERIFY_WITH_TIMEOUT(play->isEnabled(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(dialogOnScreen().id != 0, StartMs);
    // The dialog may cover the banner: the window comes forward first, as a person does.
    QVERIFY(m_desktop->activate(w.winId()));
    QTRY_VERIFY(w.isActiveWindow());
    QVERIFY(m_desktop->moveTo(Desktop::centreOf(play)));
    QTRY_COMPARE(m_desktop->windowUnderPointer(), quint64(w.winId()));
    QVERIFY(m_desktop->click());
    QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 15000);
}

void tst_MainWindow::useOpener(bool withBrowser)
{
    QString why;
    QVERIFY2(m_opener.install(withBrowser, &why), qPrintable(why));
    const QByteArray path = qgetenv("PATH");
    if (!path.startsWith(QFile::encodeName(m_opener.binDir())))
        qputenv("PATH", QFile::encodeName(m_opener.path(QString::fromLocal8Bit(path))));
}

// "Sign in with your browser", below the QR button: a real click opens the system browser
// on the sign-in, the window shows the address with Copy and Cancel, and the browser's
// return signs in (the sandbox confirms on its virtual phone).
void tst_MainWindow::browserSignInFromTheWindow()
{
    useOpener(true);
    auto cleanupBrowsers = qScopeGuard([this] { m_opener.endBrowsers(); });
    auto context = sandboxContext({QStringLiteral("--auto-confirm-ms"), QStringLiteral("500")});
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(w.page(), Page::SignedOut);
    auto *link = child<QPushButton>(&w, "browserSignInButton");
    QVERIFY(link->isVisible());
    QVERIFY(clickOn(link));
    QTRY_VERIFY(child<QWidget>(&w, "browserWaiting")->isVisible());
    const QString url = child<QLineEdit>(&w, "browserSignInUrl")->text();
    QVERIFY2(url.startsWith(context->authConfig().projectUrl().toString()
                            + QStringLiteral("/auth/v1/authorize")),
             qPrintable(url));
    QVERIFY(child<QPushButton>(&w, "browserSignInCancel")->isVisible());
    QVERIFY(child<QPushButton>(&w, "browserSignInCopy")->isVisible());
    // The browser got that very address, and came back signed in.
    QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 60000);
    QCOMPARE(m_opener.opened(), QStringList{url});
    QTRY_VERIFY(!rawReadSession(Service, Key).isEmpty());
    QString seen;
    QVERIFY2(onlyOnScreen(&w, &seen), qPrintable(seen)); // no window of anyone else's
}

void tst_MainWindow::browserSignInCancelledNamesTheFix()
{
    useOpener(false); // the browser never comes back
    auto context = sandboxContext();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QVERIFY(clickOn(child<QPushButton>(&w, "browserSignInButton")));
    auto *cancel = child<QPushButton>(&w, "browserSignInCancel");
    QTRY_VERIFY(cancel->isVisible());
    QVERIFY(clickOn(cancel));
    QTRY_VERIFY(child<QPushButton>(&w, "browserSignInButton")->isVisible());
    QVERIFY(!child<QWidget>(&w, "browserWaiting")->isVisible());
    const QString said = child<QLabel>(&w, "statusLabel")->text();
    QVERIFY2(said.contains(QLatin1String("http://127.0.0.1:*/**")), qPrintable(said));
    QCOMPARE(w.page(), Page::SignedOut);
}

void tst_MainWindow::offlineIsShown()
{
    auto context = sandboxContext({QStringLiteral("--auto-confirm-ms"), QStringLiteral("300")});
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QVERIFY(clickOn(child<QPushButton>(&w, "signInButton")));
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

// File > Settings with real clicks; the language picked in its list applies at once, OK
// keeps it, Cancel goes back.
void tst_MainWindow::languageSwitchesAtRunTime()
{
    auto context = sandboxContext();
    MainWindow w(context.get());
    w.setSignInProgram(QStringLiteral(APP_PATH)); // its dialog in a child process
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(w.page(), Page::SignedOut);
    QPushButton *signIn = child<QPushButton>(&w, "signInButton");
    const auto openSettings = [&]() -> SettingsDialog * {
        QMenuBar *menus = w.menuBar();
        QMenu *file = menus->actions().at(0)->menu();
        if (!m_desktop->clickAt(
                menus->mapToGlobal(menus->actionGeometry(file->menuAction()).center())))
            return nullptr;
        if (!QTest::qWaitFor([&] { return file->isVisible(); }))
            return nullptr;
        QAction *settings = file->actions().at(0);
        if (!m_desktop->clickAt(file->mapToGlobal(file->actionGeometry(settings).center())))
            return nullptr;
        SettingsDialog *dialog = nullptr;
        if (!QTest::qWaitFor([&] {
                dialog = w.findChild<SettingsDialog *>();
                return dialog && dialog->isVisible() && QTest::qWaitForWindowExposed(dialog);
            }))
            return nullptr;
        return dialog;
    };
    QPointer<SettingsDialog> dialog = openSettings();
    QVERIFY(dialog);
    pickLanguage(dialog, QStringLiteral("zh_CN"));
    // Everything switches while the dialog is still open.
    QTRY_COMPARE(signIn->text(), QStringLiteral("微信扫码登录"));
    QCOMPARE(dialog->windowTitle(), QStringLiteral("设置"));
    QCOMPARE(w.windowTitle(), QStringLiteral("微信扫码登录（沙盒）"));
    QPushButton *ok = nullptr;
    for (QPushButton *b : dialog->findChildren<QPushButton *>()) {
        if (b->text() == QStringLiteral("确定"))
            ok = b;
    }
    QVERIFY(ok);
    QVERIFY(clickOn(ok)); // saved
    QTRY_VERIFY(!dialog);
    QCOMPARE(signIn->text(), QStringLiteral("微信扫码登录"));
    // Cancelling goes back to the language before.
    dialog = openSettings();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QComboBox *>()->currentData().toString(), QStringLiteral("zh_CN"));
    pickLanguage(dialog, QStringLiteral("en"));
    QTRY_COMPARE(signIn->text(), QStringLiteral("Sign in with WeChat"));
    QVERIFY(m_desktop->key(QStringLiteral("Escape")));
    QTRY_VERIFY(!dialog);
    QTRY_COMPARE(signIn->text(), QStringLiteral("微信扫码登录"));
    // The choice was saved.
    AppConfig saved;
    QString error;
    QVERIFY(loadAppConfig({}, &saved, &error));
    QCOMPARE(saved.language(), QStringLiteral("zh_CN"));
    QVERIFY(QFile::remove(AppConfig::filePath()));
}

// The person quits the window (Ctrl+Q) while its sign-in dialog is open: the helper process
// and its Chromium processes go with it.
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
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE(w.page(), Page::SignedOut);
        QVERIFY(clickOn(child<QPushButton>(&w, "signInButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!uuid.isEmpty(), 20000); // the dialog's page is up
        QTRY_VERIFY_WITH_TIMEOUT(dialogOnScreen().id != 0, StartMs);
        QVERIFY(w.isSigningIn());
        QVERIFY(descendantPids().size() > before.size());
        QVERIFY(m_desktop->activate(w.winId()));
        QTRY_VERIFY(w.isActiveWindow());
        QVERIFY(m_desktop->key(QStringLiteral("ctrl+q")));
        QTRY_VERIFY(!w.isVisible());
    }
    QTRY_COMPARE_WITH_TIMEOUT(descendantPids(), before, 10000);
    QTRY_COMPARE(dialogOnScreen().id, quint64(0));
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
    auto context = std::make_unique<AppContext>(config);
    QVERIFY2(context->start(&error), qPrintable(error));
    const QString key = context->authConfig().storageKey();
    rawDeleteAll(Service, key); // a loopback project's key: whatever another run left
    {
        MainWindow w(context.get());
        w.setSignInProgram(QStringLiteral(APP_PATH));
        // This sandbox confirms every QR it serves, one loaded on a hover included: this
        // window only knows it as a project, so it makes nothing ready before the click.
        w.setSignInReadiness(MainWindow::SignInReadiness::Off);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE(w.page(), Page::SignedOut);
        QVERIFY(clickOn(child<QPushButton>(&w, "signInButton")));
        QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 30000);
        QCOMPARE(context->sessionManager()->session().nickname(), QStringLiteral("小微同学"));
        QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/callback")), 1);
    }
    context.reset(); // its last writes (the profile fetched after the sign-in) are done
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

// The README's screenshots: the whole screen a person sees (the window manager's frame
// included), signed out and signed in, in both languages.
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
        QVERIFY(restPointer(&w));
        QTRY_COMPARE_WITH_TIMEOUT(w.loginProcess()->state(), State::Spare, StartMs);
        QTest::qWait(500); // the window manager's frame drawn
        QVERIFY(m_desktop->grab().save(dir + QStringLiteral("/app-start-%1.png").arg(suffix)));
        QVERIFY(clickOn(child<QPushButton>(&w, "signInButton")));
        QTRY_COMPARE_WITH_TIMEOUT(w.page(), Page::SignedIn, 20000);
        QTRY_VERIFY(!w.findChild<AvatarLoader *>()->isPlaceholder());
        QTRY_VERIFY(!w.isSigningIn());
        QVERIFY(restPointer(&w));
        QString seen;
        QTRY_VERIFY2(onlyOnScreen(&w, &seen), qPrintable(seen));
        QTest::qWait(500);
        QVERIFY(m_desktop->grab().save(dir + QStringLiteral("/app-signed-in-%1.png").arg(suffix)));
    }
}

int main(int argc, char *argv[])
{
    // A desktop of its own, before the QApplication: this process and the helper use it.
    Desktop desktop(Desktop::windowManagerFromEnvironment(), QSize(1024, 768));
    if (!desktop.isValid()) {
        std::fprintf(stderr, "tst_mainwindow: %s\n", qPrintable(desktop.errorString()));
        return 1;
    }
    // As wechat-login's main() does: QtWebEngine arrives later, in the sign-in plugin.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    tst_MainWindow test(&desktop);
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
