// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login sign-in in a terminal, as a person over ssh meets it: the real executable in
// a real terminal (tmux), its screen read back cell by cell with the cells' colours, turned
// into an image under a dark and a light colour scheme, and decoded (ZXing) to exactly the
// text of the sandbox's QR; then the virtual phone scans and confirms that QR, and the
// session is in the real keychain. Also: NO_COLOR; a terminal too small, then resized; a
// renewal redrawn in place; cancelled and expired on the phone, Enter for a new QR; Ctrl-C
// with nothing left running; --timeout. (When the terminal is chosen, and what happens
// without one: tst_appterminalchoice.)

#include "appterminalfixture.h"

// Qt
#include <QGuiApplication>
#include <QProcess>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

class tst_AppTerminal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { m_run.begin(); }
    void cleanup() { QVERIFY(m_run.end()); }
    void harnessReadsAReferenceDrawing();
    void drawsAQrThatScans_data();
    void drawsAQrThatScans();
    void noColorKeepsTheQrScannable();
    void tooSmallSaysSoThenDrawsWhenResized();
    void renewalRedrawsInPlace();
    void cancelledOnThePhoneIsShown();
    void expiredAsksForEnter();
    void interruptLeavesNothingRunning();
    void timeoutEndsIt();

private:
    AppTerminalFixture m_run;
};

// The harness itself: qrencode's own terminal drawing (white blocks on black) decodes to its
// text, on either scheme; a screen without a QR decodes to nothing.
void tst_AppTerminal::harnessReadsAReferenceDrawing()
{
    const QString text = QStringLiteral("http://127.0.0.1:1/connect/confirm?uuid=reference");
    QProcess qrencode;
    qrencode.start(QStringLiteral("qrencode"),
                   {QStringLiteral("-t"), QStringLiteral("ANSIUTF8"), text});
    QVERIFY2(qrencode.waitForFinished(10000) && qrencode.exitCode() == 0,
             "qrencode (Debian's qrencode) is needed");
    const QByteArray drawing = qrencode.readAllStandardOutput();
    QCOMPARE(decodeQr(terminalImage(drawing, ColorScheme::Dark)), text);
    QCOMPARE(decodeQr(terminalImage(drawing, ColorScheme::Light)), text);
    QCOMPARE(decodeQr(terminalImage("Waiting for a scan\n\x1b[1mbold\x1b[0m\n", ColorScheme::Dark)),
             QString());
    // Half of it is not a QR.
    const QList<QByteArray> lines = drawing.split('\n');
    QCOMPARE(decodeQr(terminalImage(lines.mid(0, lines.size() / 2).join('\n'), ColorScheme::Dark)),
             QString());
}

void tst_AppTerminal::drawsAQrThatScans_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<ColorScheme>("scheme");
    QTest::addColumn<bool>("chosen"); // no --terminal: chosen by itself without a display
    QTest::addColumn<QString>("lang");
    QTest::newRow("half blocks, dark, chosen")
        << QString() << ColorScheme::Dark << true << QStringLiteral("en");
    QTest::newRow("half blocks, light")
        << QStringLiteral("half") << ColorScheme::Light << false << QStringLiteral("en");
    QTest::newRow("blocks, dark") << QStringLiteral("blocks") << ColorScheme::Dark << false
                                  << QStringLiteral("en");
    QTest::newRow("blocks, light")
        << QStringLiteral("blocks") << ColorScheme::Light << false << QStringLiteral("en");
    QTest::newRow("ascii, light") << QStringLiteral("ascii") << ColorScheme::Light << false
                                  << QStringLiteral("en");
    QTest::newRow("half blocks, dark, Chinese")
        << QString() << ColorScheme::Dark << true << QStringLiteral("zh_CN");
}

void tst_AppTerminal::drawsAQrThatScans()
{
    QFETCH(QString, style);
    QFETCH(ColorScheme, scheme);
    QFETCH(bool, chosen);
    QFETCH(QString, lang);
    const bool zh = lang == QLatin1String("zh_CN");
    SandboxFixture f;
    QStringList args = m_run.connection(f)
                       << QStringLiteral("--lang") << lang << QStringLiteral("sign-in");
    if (!chosen)
        args << QStringLiteral("--terminal");
    if (!style.isEmpty())
        args << QStringLiteral("--qr-style") << style;
    Tmux tmux;
    QString why;
    QVERIFY2(tmux.start(args, m_run.environment(), AppTerminalFixture::Roomy, &why),
             qPrintable(why));
    QVERIFY2(AppTerminalFixture::waitForQr(tmux, f, scheme), tmux.text().toUtf8().constData());
    QVERIFY2(tmux.text().contains(zh ? QStringLiteral("等待扫码")
                                     : QStringLiteral("Waiting for a scan")),
             qPrintable(tmux.text()));
    // WECHATLOGIN_SCREENSHOTS=<dir>: the screen as captured, for the README.
    const QString shots = qEnvironmentVariable("WECHATLOGIN_SCREENSHOTS");
    if (!shots.isEmpty() && chosen) {
        const QStringList lines = tmux.text().split(u'\n');
        qsizetype used = lines.size();
        while (used > 0 && lines.at(used - 1).trimmed().isEmpty())
            --used;
        QVERIFY(terminalScreenshot(tmux.capture(), scheme, 72, int(used) + 1)
                    .save(shots + QStringLiteral("/terminal-%1.png").arg(lang)));
        QFile text(shots + QStringLiteral("/terminal-%1.txt").arg(lang));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write(tmux.text().toUtf8());
    }
    if (style == QLatin1String("ascii")) // no colour at all: the scheme's own
        QVERIFY(!tmux.capture().contains("\x1b[38;5"));
    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QVERIFY2(AppTerminalFixture::waitForText(
                 tmux, zh ? QStringLiteral("已扫码：请在手机上确认登录。")
                          : QStringLiteral("Scanned: confirm the sign-in on your phone.")),
             qPrintable(tmux.text()));
    QVERIFY(f.sandbox().confirmQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 0, 30000);
    const QString after = tmux.text(); // the normal screen again: what stays in the terminal
    QVERIFY2(after.contains(zh ? QStringLiteral("已登录：小微同学。")
                               : QStringLiteral("Signed in as 小微同学.")),
             qPrintable(after));
    QCOMPARE(
        after.contains(zh ? QStringLiteral("这里没有图形界面") : QStringLiteral("No display here")),
        chosen);
    QVERIFY(!rawReadSession(AppTerminalFixture::Service, m_run.lastKey()).isEmpty());
}

// NO_COLOR (no-color.org): the words lose their colour; the QR keeps its own, without which
// it would not scan on a dark terminal.
void tst_AppTerminal::noColorKeepsTheQrScannable()
{
    SandboxFixture f;
    QProcessEnvironment env = m_run.environment();
    env.insert(QStringLiteral("NO_COLOR"), QStringLiteral("1"));
    Tmux tmux;
    QVERIFY(tmux.start(m_run.connection(f) << QStringLiteral("sign-in"), env,
                       AppTerminalFixture::Roomy));
    QVERIFY(AppTerminalFixture::waitForQr(tmux, f, ColorScheme::Dark));
    QVERIFY(AppTerminalFixture::waitForQr(tmux, f, ColorScheme::Light));
    const QList<QByteArray> lines = tmux.capture().split('\n');
    for (QByteArray line : lines) {
        if (!line.contains("Waiting for a scan") && !line.contains("Sign in with WeChat"))
            continue;
        // tmux's capture resets the previous line's colours; nothing else may be set
        line.replace("\x1b[39m", "").replace("\x1b[49m", "").replace("\x1b[0m", "");
        QVERIFY2(!line.contains("\x1b["), line.constData()); // plain words
    }
    QVERIFY(tmux.sendKeys({QStringLiteral("C-c")}));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 1, 30000);
}

void tst_AppTerminal::tooSmallSaysSoThenDrawsWhenResized()
{
    SandboxFixture f;
    Tmux tmux;
    QVERIFY(tmux.start(m_run.connection(f) << QStringLiteral("sign-in"), m_run.environment(),
                       QSize(30, 16)));
    QVERIFY2(AppTerminalFixture::waitForText(tmux, QStringLiteral("too small"),
                                             AppTerminalFixture::QrMs),
             qPrintable(tmux.text()));
    QVERIFY(AppTerminalFixture::screenQr(tmux, ColorScheme::Dark).isEmpty()); // never a clipped QR
    QVERIFY(!tmux.text().contains(QChar(0x2580)));
    QVERIFY(tmux.resize(AppTerminalFixture::Roomy));
    QVERIFY2(AppTerminalFixture::waitForQr(tmux, f), qPrintable(tmux.text()));
    QVERIFY(tmux.sendKeys({QStringLiteral("C-c")}));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 1, 30000);
}

void tst_AppTerminal::renewalRedrawsInPlace()
{
    SandboxFixture f;
    Tmux tmux;
    QVERIFY(tmux.start(m_run.connection(f) << QStringLiteral("sign-in"), m_run.environment(),
                       AppTerminalFixture::Roomy));
    QVERIFY(AppTerminalFixture::waitForQr(tmux, f));
    const QString first = AppTerminalFixture::screenQr(tmux, ColorScheme::Dark);
    const QString firstUuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().expireQr(firstUuid));
    QVERIFY(
        AppTerminalFixture::waitForQr(tmux, f, ColorScheme::Dark, firstUuid)); // the next QR now
    QVERIFY(AppTerminalFixture::screenQr(tmux, ColorScheme::Dark) != first);
    // One QR on the screen, not two: its rows are all the rows with blocks, one title line.
    const QString text = tmux.text();
    const QStringList lines = text.split(u'\n');
    qsizetype qrLines = 0;
    for (const QString &line : lines)
        qrLines += line.contains(QChar(0x2580)) || line.contains(QChar(0x2584))
                           || line.contains(QChar(0x2588))
                       ? 1
                       : 0;
    QVERIFY2(qrLines >= 15 && qrLines <= 30, qPrintable(text)); // one code of 29-41 modules
    QCOMPARE(text.count(QStringLiteral("Sign in with WeChat")), 1);
    QCOMPARE(text.count(QStringLiteral("Waiting for a scan")), 1);
    QVERIFY(tmux.sendKeys({QStringLiteral("C-c")}));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 1, 30000);
}

void tst_AppTerminal::cancelledOnThePhoneIsShown()
{
    SandboxFixture f;
    Tmux tmux;
    QVERIFY(tmux.start(m_run.connection(f) << QStringLiteral("sign-in"), m_run.environment(),
                       AppTerminalFixture::Roomy));
    QVERIFY(AppTerminalFixture::waitForQr(tmux, f));
    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QVERIFY(AppTerminalFixture::waitForText(tmux, QStringLiteral("Scanned")));
    QVERIFY(f.sandbox().cancelQr(uuid));
    QVERIFY2(AppTerminalFixture::waitForText(tmux, QStringLiteral("Cancelled on the phone")),
             qPrintable(tmux.text()));
    QCOMPARE(AppTerminalFixture::screenQr(tmux, ColorScheme::Dark),
             f.sandbox().confirmPageUrl(uuid).toString());
    QVERIFY(tmux.sendKeys({QStringLiteral("C-c")}));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 1, 30000);
}

void tst_AppTerminal::expiredAsksForEnter()
{
    SandboxFixture f;
    Tmux tmux;
    QVERIFY(tmux.start(m_run.connection(f) << QStringLiteral("sign-in"), m_run.environment(),
                       AppTerminalFixture::Roomy));
    // Nobody scans: WeChat expires each QR; three are renewed silently, the fourth is not.
    QString previous;
    for (int i = 0; i < 4; ++i) {
        QVERIFY2(AppTerminalFixture::waitForQr(tmux, f, ColorScheme::Dark, previous),
                 qPrintable(tmux.text()));
        previous = f.sandbox().latestQrUuid();
        QVERIFY(f.sandbox().expireQr(previous));
    }
    QVERIFY2(AppTerminalFixture::waitForText(tmux, QStringLiteral("Press Enter for a new one.")),
             qPrintable(tmux.text()));
    QVERIFY(AppTerminalFixture::screenQr(tmux, ColorScheme::Dark)
                .isEmpty()); // an expired QR is not shown
    QVERIFY(tmux.sendKeys({QStringLiteral("Enter")}));
    QVERIFY(AppTerminalFixture::waitForQr(tmux, f, ColorScheme::Dark, previous));
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 0, 30000);
}

void tst_AppTerminal::interruptLeavesNothingRunning()
{
    SandboxFixture f;
    Tmux tmux;
    QVERIFY(tmux.start(m_run.connection(f) << QStringLiteral("sign-in"), m_run.environment(),
                       AppTerminalFixture::Roomy));
    QVERIFY(AppTerminalFixture::waitForQr(tmux, f));
    QVERIFY(AppTerminalFixture::processesMarked(m_run.marker()).size()
            >= 2); // the app and QtWebEngine's processes
    QVERIFY(tmux.sendKeys({QStringLiteral("C-c")}));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 1, 30000);
    QVERIFY(tmux.text().contains(QLatin1String("Sign-in cancelled.")));
    // The pane is kept (remain-on-exit): nothing of the app, nor a Chromium process, remains.
    QTRY_VERIFY_WITH_TIMEOUT(AppTerminalFixture::processesMarked(m_run.marker()).isEmpty(), 10000);
    QVERIFY(rawReadSession(AppTerminalFixture::Service, m_run.lastKey()).isEmpty());
}

void tst_AppTerminal::timeoutEndsIt()
{
    SandboxFixture f;
    Tmux tmux;
    QVERIFY(tmux.start(m_run.connection(f) << QStringLiteral("sign-in")
                                           << QStringLiteral("--timeout") << QStringLiteral("20"),
                       m_run.environment(), AppTerminalFixture::Roomy));
    QVERIFY(AppTerminalFixture::waitForQr(tmux, f));
    QTRY_VERIFY2_WITH_TIMEOUT(tmux.exitStatus() == 3, qPrintable(tmux.text()), 40000);
    QVERIFY2(tmux.text().contains(QLatin1String("--timeout")), qPrintable(tmux.text()));
}

int main(int argc, char *argv[])
{
    // Fonts for the screenshots need a QGuiApplication; the app in the terminal gets no
    // platform from this (the fixture's environment removes it).
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    tst_AppTerminal test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_appterminal.moc"
