// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The Qt Quick example (examples/quick) as a person meets it: on a desktop of its own (Xvfb
// with openbox), started with the sandbox's project, driven with real keys (Tab to the
// sign-in button, Space): LoginProcess's dialog comes up in its own process, its QR on the
// screen decodes to the sandbox's newest QR, the virtual phone confirms, and the example
// says who signed in; the session is in the keychain. WECHATLOGIN_SCREENSHOTS=<dir> keeps
// the screen before and after, for the README.

#include "testdesktop.h"
#include "testhttp.h"
#include "testkeychain.h"
#include "testqr.h"

// Qt
#include <QGuiApplication>
#include <QProcess>
#include <QTest>

#include <cstdio>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

class tst_QuickExample : public QObject
{
    Q_OBJECT
public:
    explicit tst_QuickExample(Desktop *desktop)
        : m_desktop(desktop)
    {}

private Q_SLOTS:
    void signsInWithTheVirtualPhone();

private:
    void screenshot(const QString &name, const QRect &area) const;

    Desktop *m_desktop;
};

void tst_QuickExample::screenshot(const QString &name, const QRect &area) const
{
    const QString dir = qEnvironmentVariable("WECHATLOGIN_SCREENSHOTS");
    if (!dir.isEmpty())
        m_desktop->grab().copy(area).save(dir + u'/' + name + QStringLiteral(".png"));
}

namespace {
// Whether an area of the screen shows more than one colour (a window that has painted).
bool painted(const QImage &screen, const QRect &area)
{
    const QImage part = screen.copy(area).convertToFormat(QImage::Format_RGB32);
    const QRgb first = part.pixel(0, 0);
    for (int y = 0; y < part.height(); y += 4)
        for (int x = 0; x < part.width(); x += 4)
            if (part.pixel(x, y) != first)
                return true;
    return false;
}
} // namespace

void tst_QuickExample::signsInWithTheVirtualPhone()
{
    SandboxFixture f;
    const QString service = QStringLiteral("wechatlogin-quick-example");
    const QString key = AuthConfig(f.sandbox().authUrl(), f.sandbox().anonKey()).storageKey();
    rawDeleteAll(service, key);
    const auto forget = qScopeGuard([&] { rawDeleteAll(service, key); });

    QProcess example;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QML_IMPORT_PATH"), QStringLiteral(WECHATLOGIN_QML_DIR));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("en_US.UTF-8"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("qml.info=true"));
    example.setProcessEnvironment(env);
    example.setProcessChannelMode(QProcess::MergedChannels);
    example.start(QStringLiteral(EXAMPLE_PATH),
                  {f.sandbox().authUrl().toString(), f.sandbox().anonKey(),
                   f.sandbox().wechatUrl().authority()});
    const auto stop = qScopeGuard([&] {
        example.terminate();
        if (!example.waitForFinished(10000))
            example.kill();
    });
    QString log;
    const auto said = [&](const QString &text) {
        log += QString::fromUtf8(example.readAll());
        return log.contains(text);
    };
    // Its window, signed out (the keychain has nothing), painted.
    Desktop::Window window;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     const QList<Desktop::Window> windows = m_desktop->visibleWindows();
                     for (const Desktop::Window &w : windows) {
                         if (w.name.contains(QLatin1String("WeChatLogin for Qt Quick"))
                             && painted(m_desktop->grab(), w.geometry)) {
                             window = w;
                             return true;
                         }
                     }
                     return false;
                 },
                 30000),
             qPrintable(log + Desktop::describe(m_desktop->visibleWindows())));
    const QRect area = window.geometry.adjusted(-8, -32, 8, 8);
    screenshot(QStringLiteral("quick-signed-out"), area);
    // A person's keys: the window in front, Tab to the sign-in button, Space.
    QVERIFY(m_desktop->activate(window.id));
    QVERIFY(m_desktop->key(QStringLiteral("Tab")));
    QVERIFY(m_desktop->key(QStringLiteral("space")));
    // The dialog, in its own process, shows the sandbox's newest QR on the screen.
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     const QString uuid = f.sandbox().latestQrUuid();
                     return !uuid.isEmpty()
                            && decodeQr(m_desktop->grab())
                                   == f.sandbox().confirmPageUrl(uuid).toString();
                 },
                 60000),
             qPrintable(log + Desktop::describe(m_desktop->visibleWindows())));
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QVERIFY2(QTest::qWaitFor([&] { return said(QStringLiteral("signed in as 小微同学")); }, 30000),
             qPrintable(log));
    QTRY_VERIFY_WITH_TIMEOUT(!rawReadSession(service, key).isEmpty(), 10000);
    // The dialog is gone; the example's window shows the nickname (looked at in the README).
    QTRY_VERIFY_WITH_TIMEOUT(m_desktop->visibleWindows().size() == 1, 30000);
    screenshot(QStringLiteral("quick-signed-in"), area);
    QCOMPARE(example.state(), QProcess::Running);
}

int main(int argc, char *argv[])
{
    Desktop desktop(Desktop::WindowManager::Openbox, QSize(1024, 768));
    if (!desktop.isValid()) {
        std::fprintf(stderr, "tst_quickexample: %s\n", qPrintable(desktop.errorString()));
        return 1;
    }
    QGuiApplication app(argc, argv);
    tst_QuickExample test(&desktop);
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_quickexample.moc"
