// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Nothing of a sign-in made ready ahead is on the screen before it is shown: not the flow
// pre-warmed in process (LoginWidget::prewarm(config), in a small embedding app), not the
// dialog's process kept as a spare or pre-started (LoginProcess). On a desktop of its own
// (Xvfb with openbox, or none: WECHATLOGIN_TEST_WM=none) the windows a person can see are
// listed and the screen grabbed, and real clicks go where a mouse's would; on Wayland (a
// headless weston, when installed) the compositor's own log says which surfaces became
// windows (xdg_toplevel).
//
// Why it could happen: QtWebEngine adds its view's render widget (render-to-texture) when
// the page gets its web contents; added after the top-level's native window exists, Qt
// destroys and re-creates that window, and the new one is mapped even under
// WA_DontShowOnScreen. LoginWidget now creates its page's contents first.

#include "testdesktop.h"
#include "testhttp.h"
#include "testprocmem.h"
#include "testqr.h"
#include <WeChatLogin/loginprocess.h>

// Qt
#include <QGuiApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/prctl.h>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

constexpr int StartMs = 30000; // a cold QtWebEngine on a loaded 2-core machine

// A headless weston whose log names every request its clients make (WAYLAND_DEBUG=server).
class Compositor
{
public:
    Compositor()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("weston")).isEmpty()) {
            m_error = QStringLiteral("weston is not installed (apt-get install weston "
                                     "qt6-wayland; ./dev.sh test does)");
            return;
        }
        m_runtime.setAutoRemove(true);
        QFile::setPermissions(m_runtime.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                    | QFileDevice::ExeOwner);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtime.path());
        env.insert(QStringLiteral("WAYLAND_DEBUG"), QStringLiteral("server"));
        env.remove(QStringLiteral("DISPLAY")); // headless, not nested in X
        m_weston.setProcessEnvironment(env);
        m_weston.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        QObject::connect(&m_weston, &QProcess::readyReadStandardError, &m_weston,
                         [this] { m_log += m_weston.readAllStandardError(); });
        m_weston.start(QStringLiteral("weston"),
                       {QStringLiteral("--backend=headless-backend.so"),
                        QStringLiteral("--socket=") + Socket, QStringLiteral("--idle-time=0")});
        if (!QTest::qWaitFor([this] { return QFile::exists(m_runtime.filePath(Socket)); }, StartMs))
            m_error =
                QStringLiteral("weston did not start: ") + QString::fromUtf8(m_log.right(500));
    }
    ~Compositor()
    {
        m_weston.terminate();
        if (!m_weston.waitForFinished(5000))
            m_weston.kill();
    }
    QString errorString() const { return m_error; }
    // An environment whose Qt programs open their windows here.
    QProcessEnvironment clientEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtime.path());
        env.insert(QStringLiteral("WAYLAND_DISPLAY"), Socket);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("wayland"));
        env.remove(QStringLiteral("DISPLAY"));
        return env;
    }
    // How many surfaces became top-level windows so far (xdg_surface.get_toplevel).
    int toplevels() const
    {
        static const QRegularExpression request(
            QStringLiteral(R"(xdg_surface@\d+\.get_toplevel\()"));
        return int(QString::fromUtf8(m_log).count(request));
    }

private:
    inline static const QString Socket = QStringLiteral("wayland-wechatlogin-test");
    QTemporaryDir m_runtime;
    QProcess m_weston;
    QByteArray m_log;
    QString m_error;
};

// The embedding app (prewarmhost), and what it says.
class Host
{
public:
    Host(SandboxFixture &f, const QProcessEnvironment &env)
    {
        const QUrl wechat = f.sandbox().wechatUrl();
        m_process.setProcessEnvironment(env);
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                         [this] { m_said += m_process.readAllStandardOutput(); });
        m_process.start(QStringLiteral(HOST_PATH),
                        {f.sandbox().authUrl().toString(), f.sandbox().anonKey(),
                         f.sandbox().authUrl().resolved(QUrl(QStringLiteral("/app/cb"))).toString(),
                         wechat.host() + u':' + QString::number(wechat.port())});
    }
    ~Host()
    {
        m_process.closeWriteChannel(); // it quits
        if (!m_process.waitForFinished(10000))
            m_process.kill();
    }
    qint64 pid() const { return m_process.processId(); }
    bool said(const QByteArray &line) const { return m_said.split('\n').contains(line); }
    void command(const QByteArray &line) { m_process.write(line + '\n'); }

private:
    QProcess m_process;
    QByteArray m_said;
};

QList<Desktop::Window> windowsOf(const Desktop &desktop, qint64 pid)
{
    QList<Desktop::Window> found;
    for (const Desktop::Window &w : desktop.visibleWindows()) {
        if (w.pid == pid)
            found << w;
    }
    return found;
}

} // namespace

class tst_HiddenWindows : public QObject
{
    Q_OBJECT
public:
    explicit tst_HiddenWindows(Desktop *desktop)
        : m_desktop(desktop)
    {}

private Q_SLOTS:
    void initTestCase();
    void prewarmedFlowIsNotOnTheScreen();
    void spareAndPrestartedChildAreNotOnTheScreen();
    void nothingBecomesAWaylandWindowBeforeItIsShown();

private:
    Desktop *m_desktop;
};

void tst_HiddenWindows::initTestCase()
{
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    qInfo("desktop: %s on %s", qPrintable(m_desktop->windowManagerName()),
          qPrintable(m_desktop->display()));
    QVERIFY(m_desktop->visibleWindows().isEmpty());
}

// The README's instant QR in process: the embedding app's own window is all there is until
// the click, which reaches its button (nothing invisible lies over it) and shows the
// dialog with the pre-warmed QR.
void tst_HiddenWindows::prewarmedFlowIsNotOnTheScreen()
{
    SandboxFixture f;
    Host host(f, QProcessEnvironment::systemEnvironment());
    QTRY_VERIFY_WITH_TIMEOUT(host.said("warm"), StartMs);
    QList<Desktop::Window> windows;
    QTRY_COMPARE_WITH_TIMEOUT((windows = windowsOf(*m_desktop, host.pid())).size(), 1, 10000);
    QCOMPARE(windows.first().name, QStringLiteral("Embedding app"));
    QCOMPARE(m_desktop->visibleWindows().size(), 1);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 1);

    const QPoint button = windows.first().geometry.center();
    QVERIFY(m_desktop->moveTo(button));
    QTRY_COMPARE(m_desktop->windowUnderPointer(), windows.first().id);
    QVERIFY(m_desktop->click());
    QTRY_VERIFY_WITH_TIMEOUT(host.said("shown"), StartMs);
    QTRY_COMPARE(windowsOf(*m_desktop, host.pid()).size(), 2); // the window and its dialog
    const QString uuid = f.sandbox().latestQrUuid();
    QTRY_VERIFY_WITH_TIMEOUT(f.isSandboxQr(decodeQr(m_desktop->grab())), 10000);
    QCOMPARE(decodeQr(m_desktop->grab()), f.sandbox().confirmPageUrl(uuid).toString());
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 1); // the pre-warmed flow
}

// LoginProcess: a spare, then a pre-started child, hold no window; open() maps exactly one,
// the dialog, with its QR; cancel() takes it away.
void tst_HiddenWindows::spareAndPrestartedChildAreNotOnTheScreen()
{
    SandboxFixture f;
    LoginProcess login(sandboxLoginConfig(f.sandbox()));
    QSignalSpy spare(&login, &LoginProcess::spareReady);
    QSignalSpy ready(&login, &LoginProcess::ready);
    QSignalSpy shown(&login, &LoginProcess::qrShown);
    QSignalSpy finished(&login, &LoginProcess::finished);
    login.startSpare();
    QTRY_COMPARE_WITH_TIMEOUT(spare.size(), 1, StartMs);
    const qint64 pid = descendantRunning("/wechat-login-dialog").toLongLong();
    QVERIFY(pid > 0);
    QTest::qWait(1000); // anything it would map, it would have mapped by now
    QCOMPARE(m_desktop->visibleWindows().size(), 0);
    login.prestart();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    QTest::qWait(1000);
    QString seen = Desktop::describe(m_desktop->visibleWindows());
    QVERIFY2(m_desktop->visibleWindows().isEmpty(), qPrintable(seen));

    login.open();
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, StartMs);
    QTRY_COMPARE(windowsOf(*m_desktop, pid).size(), 1);
    QCOMPARE(m_desktop->visibleWindows().size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(decodeQr(m_desktop->grab()),
                              f.sandbox().confirmPageUrl(f.sandbox().latestQrUuid()).toString(),
                              10000);
    login.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QTRY_COMPARE(m_desktop->visibleWindows().size(), 0);
}

// The same on Wayland, as the compositor sees it: the embedding app makes one top-level
// (its window) until the click, then the dialog's; the dialog's process makes none as a
// spare or pre-started, then one when opened.
void tst_HiddenWindows::nothingBecomesAWaylandWindowBeforeItIsShown()
{
    Compositor weston;
    if (!weston.errorString().isEmpty())
        QSKIP(qPrintable(weston.errorString()));
    SandboxFixture f;
    {
        Host host(f, weston.clientEnvironment());
        QTRY_VERIFY_WITH_TIMEOUT(host.said("warm"), StartMs);
        QTest::qWait(1000);
        QCOMPARE(weston.toplevels(), 1);
        host.command("click");
        QTRY_VERIFY_WITH_TIMEOUT(host.said("shown"), StartMs);
        QCOMPARE(weston.toplevels(), 2);
    }

    // The dialog's process, started in the compositor's environment.
    LoginProcess login(sandboxLoginConfig(f.sandbox()));
    QSignalSpy ready(&login, &LoginProcess::ready);
    QSignalSpy shown(&login, &LoginProcess::qrShown);
    QSignalSpy finished(&login, &LoginProcess::finished);
    {
        const char *names[] = {"XDG_RUNTIME_DIR", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"};
        QList<QByteArray> saved;
        const QProcessEnvironment env = weston.clientEnvironment();
        for (const char *name : names) {
            saved << qgetenv(name);
            qputenv(name, env.value(QLatin1String(name)).toLocal8Bit());
        }
        login.startSpare();         // the child takes this environment as it starts
        for (int i = 0; i < 3; ++i) // this process stays on X
            saved.at(i).isNull() ? qunsetenv(names[i]) : qputenv(names[i], saved.at(i));
    }
    login.prestart();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, StartMs);
    QTest::qWait(1000);
    QCOMPARE(weston.toplevels(), 2); // none of its own
    login.open();
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, StartMs);
    QCOMPARE(weston.toplevels(), 3);
    login.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
}

int main(int argc, char *argv[])
{
    Desktop desktop(Desktop::windowManagerFromEnvironment(), QSize(1024, 768));
    if (!desktop.isValid()) {
        std::fprintf(stderr, "tst_hiddenwindows: %s\n", qPrintable(desktop.errorString()));
        return 1;
    }
    QGuiApplication app(argc, argv);
    tst_HiddenWindows test(&desktop);
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_hiddenwindows.moc"
