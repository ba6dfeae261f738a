// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// wechat-login sign-in in a terminal, as a person over ssh meets it: the real executable in
// a real terminal (tmux), its screen read back cell by cell with the cells' colours, turned
// into an image under a dark and a light colour scheme, and decoded (ZXing) to exactly the
// text of the sandbox's QR; then the virtual phone scans and confirms that QR, and the
// session is in the real keychain. Also: a terminal too small, then resized; a renewal
// redrawn in place; cancelled and expired on the phone, Enter for a new QR; Ctrl-C with
// nothing left running; no terminal at all; --json; --timeout; and over a real ssh session
// (sshd on loopback) where the terminal is chosen by itself.

#include "testhttp.h"
#include "testkeychain.h"
#include "testqr.h"
#include "testterminal.h"
#include <WeChatLogin/authconfig.h>

// Qt
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <functional>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

const QString Service = QStringLiteral("wechat-login");
constexpr int QrMs = 60000; // spawn to a QR on the screen, on a loaded CI machine
const QSize Roomy(100, 50);

// Every process whose environment carries marker (the app, its QtWebEngine processes).
QList<qint64> processesMarked(const QByteArray &marker)
{
    QList<qint64> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile environ(QStringLiteral("/proc/%1/environ").arg(pid));
        if (environ.open(QIODevice::ReadOnly) && environ.readAll().contains(marker))
            pids << pid;
    }
    return pids;
}

} // namespace

class tst_AppTerminal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void harnessReadsAReferenceDrawing();
    void cleanup();
    void drawsAQrThatScans_data();
    void drawsAQrThatScans();
    void noColorKeepsTheQrScannable();
    void tooSmallSaysSoThenDrawsWhenResized();
    void renewalRedrawsInPlace();
    void cancelledOnThePhoneIsShown();
    void expiredAsksForEnter();
    void interruptLeavesNothingRunning();
    void withoutATerminalExitsAtOnce();
    void withoutADisplayAWindowIsRefused();
    void jsonEvents();
    void timeoutEndsIt();
    void overSshTheTerminalIsChosen();

private:
    QProcessEnvironment environment() const;
    QStringList connection(SandboxFixture &f);
    // Waits until the screen shows a QR that decodes to the sandbox's newest QR text (a QR
    // other than otherThan's).
    bool waitForQr(Tmux &tmux, SandboxFixture &f, ColorScheme scheme = ColorScheme::Dark,
                   const QString &otherThan = QString());
    QString screenQr(Tmux &tmux, ColorScheme scheme) const;
    bool waitForText(Tmux &tmux, const QString &text, int timeoutMs = 20000);

    QTemporaryDir m_home;
    QByteArray m_marker;
    QStringList m_keys;
};

void tst_AppTerminal::init()
{
    m_marker = "WECHATLOGIN_TEST_RUN=" + QUuid::createUuid().toByteArray(QUuid::Id128);
}

void tst_AppTerminal::cleanup()
{
    for (const QString &key : std::as_const(m_keys))
        rawDeleteAll(Service, key);
    m_keys.clear();
    // Whatever a test started has ended with it (tmux kills the pane's process group).
    QTRY_VERIFY_WITH_TIMEOUT(processesMarked(m_marker).isEmpty(), 20000);
}

QProcessEnvironment tst_AppTerminal::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("TERM"), QStringLiteral("xterm-256color"));
    // A session without a display, as over ssh: nothing chooses a platform for it.
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("NO_COLOR"));
    const QList<QByteArray> marker = m_marker.split('=');
    env.insert(QString::fromLatin1(marker.at(0)), QString::fromLatin1(marker.at(1)));
    return env;
}

QStringList tst_AppTerminal::connection(SandboxFixture &f)
{
    const QString key = AuthConfig(f.sandbox().authUrl(), f.sandbox().anonKey()).storageKey();
    m_keys << key;
    rawDeleteAll(Service, key);
    return {QStringLiteral(APP_PATH),
            QStringLiteral("--url"),
            f.sandbox().authUrl().toString(),
            QStringLiteral("--anon-key"),
            f.sandbox().anonKey(),
            QStringLiteral("--trust-host"),
            f.sandbox().wechatUrl().authority()};
}

QString tst_AppTerminal::screenQr(Tmux &tmux, ColorScheme scheme) const
{
    return decodeQr(terminalImage(tmux.capture(), scheme));
}

bool tst_AppTerminal::waitForQr(Tmux &tmux, SandboxFixture &f, ColorScheme scheme,
                                const QString &otherThan)
{
    // The sandbox runs in this process: its event loop turns while waiting.
    return QTest::qWaitFor(
        [&] {
            const QString uuid = f.sandbox().latestQrUuid();
            return !uuid.isEmpty() && uuid != otherThan
                   && screenQr(tmux, scheme) == f.sandbox().confirmPageUrl(uuid).toString();
        },
        QrMs);
}

bool tst_AppTerminal::waitForText(Tmux &tmux, const QString &text, int timeoutMs)
{
    return QTest::qWaitFor([&] { return tmux.text().contains(text); }, timeoutMs);
}

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
    QStringList args = connection(f)
                       << QStringLiteral("--lang") << lang << QStringLiteral("sign-in");
    if (!chosen)
        args << QStringLiteral("--terminal");
    if (!style.isEmpty())
        args << QStringLiteral("--qr-style") << style;
    Tmux tmux;
    QString why;
    QVERIFY2(tmux.start(args, environment(), Roomy, &why), qPrintable(why));
    QVERIFY2(waitForQr(tmux, f, scheme), tmux.text().toUtf8().constData());
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
    QVERIFY2(waitForText(tmux, zh ? QStringLiteral("已扫码：请在手机上确认登录。")
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
    QVERIFY(!rawReadSession(Service, m_keys.last()).isEmpty());
}

// NO_COLOR (no-color.org): the words lose their colour; the QR keeps its own, without which
// it would not scan on a dark terminal.
void tst_AppTerminal::noColorKeepsTheQrScannable()
{
    SandboxFixture f;
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("NO_COLOR"), QStringLiteral("1"));
    Tmux tmux;
    QVERIFY(tmux.start(connection(f) << QStringLiteral("sign-in"), env, Roomy));
    QVERIFY(waitForQr(tmux, f, ColorScheme::Dark));
    QVERIFY(waitForQr(tmux, f, ColorScheme::Light));
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
    QVERIFY(tmux.start(connection(f) << QStringLiteral("sign-in"), environment(), QSize(30, 16)));
    QVERIFY2(waitForText(tmux, QStringLiteral("too small"), QrMs), qPrintable(tmux.text()));
    QVERIFY(screenQr(tmux, ColorScheme::Dark).isEmpty()); // never a clipped QR
    QVERIFY(!tmux.text().contains(QChar(0x2580)));
    QVERIFY(tmux.resize(Roomy));
    QVERIFY2(waitForQr(tmux, f), qPrintable(tmux.text()));
    QVERIFY(tmux.sendKeys({QStringLiteral("C-c")}));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 1, 30000);
}

void tst_AppTerminal::renewalRedrawsInPlace()
{
    SandboxFixture f;
    Tmux tmux;
    QVERIFY(tmux.start(connection(f) << QStringLiteral("sign-in"), environment(), Roomy));
    QVERIFY(waitForQr(tmux, f));
    const QString first = screenQr(tmux, ColorScheme::Dark);
    const QString firstUuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().expireQr(firstUuid));
    QVERIFY(waitForQr(tmux, f, ColorScheme::Dark, firstUuid)); // the next QR now
    QVERIFY(screenQr(tmux, ColorScheme::Dark) != first);
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
    QVERIFY(tmux.start(connection(f) << QStringLiteral("sign-in"), environment(), Roomy));
    QVERIFY(waitForQr(tmux, f));
    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QVERIFY(waitForText(tmux, QStringLiteral("Scanned")));
    QVERIFY(f.sandbox().cancelQr(uuid));
    QVERIFY2(waitForText(tmux, QStringLiteral("Cancelled on the phone")), qPrintable(tmux.text()));
    QCOMPARE(screenQr(tmux, ColorScheme::Dark), f.sandbox().confirmPageUrl(uuid).toString());
    QVERIFY(tmux.sendKeys({QStringLiteral("C-c")}));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 1, 30000);
}

void tst_AppTerminal::expiredAsksForEnter()
{
    SandboxFixture f;
    Tmux tmux;
    QVERIFY(tmux.start(connection(f) << QStringLiteral("sign-in"), environment(), Roomy));
    // Nobody scans: WeChat expires each QR; three are renewed silently, the fourth is not.
    QString previous;
    for (int i = 0; i < 4; ++i) {
        QVERIFY2(waitForQr(tmux, f, ColorScheme::Dark, previous), qPrintable(tmux.text()));
        previous = f.sandbox().latestQrUuid();
        QVERIFY(f.sandbox().expireQr(previous));
    }
    QVERIFY2(waitForText(tmux, QStringLiteral("Press Enter for a new one.")),
             qPrintable(tmux.text()));
    QVERIFY(screenQr(tmux, ColorScheme::Dark).isEmpty()); // an expired QR is not shown
    QVERIFY(tmux.sendKeys({QStringLiteral("Enter")}));
    QVERIFY(waitForQr(tmux, f, ColorScheme::Dark, previous));
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 0, 30000);
}

void tst_AppTerminal::interruptLeavesNothingRunning()
{
    SandboxFixture f;
    Tmux tmux;
    QVERIFY(tmux.start(connection(f) << QStringLiteral("sign-in"), environment(), Roomy));
    QVERIFY(waitForQr(tmux, f));
    QVERIFY(processesMarked(m_marker).size() >= 2); // the app and QtWebEngine's processes
    QVERIFY(tmux.sendKeys({QStringLiteral("C-c")}));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 1, 30000);
    QVERIFY(tmux.text().contains(QLatin1String("Sign-in cancelled.")));
    // The pane is kept (remain-on-exit): nothing of the app, nor a Chromium process, remains.
    QTRY_VERIFY_WITH_TIMEOUT(processesMarked(m_marker).isEmpty(), 10000);
    QVERIFY(rawReadSession(Service, m_keys.last()).isEmpty());
}

void tst_AppTerminal::withoutATerminalExitsAtOnce()
{
    SandboxFixture f;
    const QStringList args = connection(f);
    for (const bool chosen : {true, false}) {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.setStandardInputFile(QProcess::nullDevice());
        QStringList verb{QStringLiteral("sign-in")};
        if (!chosen)
            verb << QStringLiteral("--terminal");
        QElapsedTimer clock;
        clock.start();
        process.start(args.first(), args.mid(1) + verb);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(clock.elapsed() < 15000); // no page was loaded, nothing waited for
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(chosen ? QLatin1String("there is no display")
                                     : QLatin1String("standard output is not one")),
                 qPrintable(err));
        QVERIFY(err.contains(QLatin1String("--json")));
    }
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 0);
}

// The window, or the dialog asked for with --window, where no display is: a sentence and
// exit 2, not Qt's abort when it cannot reach an X server.
void tst_AppTerminal::withoutADisplayAWindowIsRefused()
{
    SandboxFixture f;
    const QStringList args = connection(f);
    for (const QStringList &verb :
         {QStringList(), QStringList{QStringLiteral("sign-in"), QStringLiteral("--window")}}) {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(args.first(), args.mid(1) + verb);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("needs a display")), qPrintable(err));
        QVERIFY2(err.contains(verb.isEmpty() ? QLatin1String("wechat-login sign-in")
                                             : QLatin1String("draws the QR code in this terminal")),
                 qPrintable(err));
    }
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 0);
}

void tst_AppTerminal::jsonEvents()
{
    SandboxFixture f;
    const QStringList args = connection(f);
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(args.first(),
                  args.mid(1)
                      + QStringList{QStringLiteral("sign-in"), QStringLiteral("--terminal"),
                                    QStringLiteral("--json")});
    QByteArray all;
    const auto nextEvent = [&](QJsonObject *event) {
        if (!QTest::qWaitFor([&] { return process.canReadLine(); }, QrMs))
            return false;
        const QByteArray line = process.readLine();
        all += line;
        *event = QJsonDocument::fromJson(line).object();
        return true;
    };
    QJsonObject event;
    QVERIFY(nextEvent(&event));
    QCOMPARE(event.value(QStringLiteral("event")).toString(), QStringLiteral("qr"));
    const QString uuid = f.sandbox().latestQrUuid();
    const QJsonObject qr = event.value(QStringLiteral("qr")).toObject();
    QCOMPARE(qr.value(QStringLiteral("text")).toString(),
             f.sandbox().confirmPageUrl(uuid).toString());
    QVERIFY(qr.value(QStringLiteral("expires_in")).toInt() > 200);
    QVERIFY(f.sandbox().scanQr(uuid));
    QVERIFY(nextEvent(&event));
    QCOMPARE(event.value(QStringLiteral("event")).toString(), QStringLiteral("scanned"));
    QVERIFY(f.sandbox().cancelQr(uuid));
    QVERIFY(nextEvent(&event));
    QCOMPARE(event.value(QStringLiteral("event")).toString(), QStringLiteral("cancelled"));
    QVERIFY(f.sandbox().confirmQr(uuid));
    QVERIFY(nextEvent(&event));
    if (event.value(QStringLiteral("event")).toString() == QLatin1String("scanned"))
        QVERIFY(nextEvent(&event)); // a confirm scans first
    QCOMPARE(event.value(QStringLiteral("event")).toString(), QStringLiteral("signed_in"));
    QCOMPARE(event.value(QStringLiteral("user")).toObject().value(QStringLiteral("nickname")),
             QStringLiteral("小微同学"));
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    all += process.readAllStandardOutput();
    // Never a token on stdout, and every line is valid against the schema.
    const QString stored = rawReadSession(Service, m_keys.last());
    QVERIFY(!stored.isEmpty());
    const QJsonObject session = QJsonDocument::fromJson(stored.toUtf8()).object();
    QVERIFY(!all.contains(session.value(QStringLiteral("access_token")).toString().toUtf8()));
    QVERIFY(!all.contains(session.value(QStringLiteral("refresh_token")).toString().toUtf8()));
    QProcess validate;
    validate.start(QStringLiteral("python3"),
                   {QStringLiteral(VALIDATE_JSON),
                    QStringLiteral(SCHEMA_DIR) + QStringLiteral("/sign-in.schema.json")});
    validate.write(all);
    validate.closeWriteChannel();
    QVERIFY(validate.waitForFinished(30000));
    QVERIFY2(validate.exitCode() == 0, validate.readAllStandardError().constData());
}

void tst_AppTerminal::timeoutEndsIt()
{
    SandboxFixture f;
    Tmux tmux;
    QVERIFY(tmux.start(connection(f) << QStringLiteral("sign-in") << QStringLiteral("--timeout")
                                     << QStringLiteral("20"),
                       environment(), Roomy));
    QVERIFY(waitForQr(tmux, f));
    QTRY_VERIFY2_WITH_TIMEOUT(tmux.exitStatus() == 3, qPrintable(tmux.text()), 40000);
    QVERIFY2(tmux.text().contains(QLatin1String("--timeout")), qPrintable(tmux.text()));
}

void tst_AppTerminal::overSshTheTerminalIsChosen()
{
    // sshd on loopback with a throwaway host key and user key; the command run in the ssh
    // session gets only what any ssh session has (no DISPLAY), plus the keychain's bus.
    const QString sshd = QStringLiteral("/usr/sbin/sshd");
    QVERIFY2(QFileInfo::exists(sshd), "openssh-server is not installed (dev.sh installs it)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const QString &key : {QStringLiteral("host_key"), QStringLiteral("user_key")}) {
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"),
                                   {QStringLiteral("-q"), QStringLiteral("-t"),
                                    QStringLiteral("ed25519"), QStringLiteral("-N"), QString(),
                                    QStringLiteral("-f"), dir.filePath(key)}),
                 0);
    }
    QVERIFY(QFile::copy(dir.filePath(QStringLiteral("user_key.pub")),
                        dir.filePath(QStringLiteral("authorized_keys"))));
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    QFile config(dir.filePath(QStringLiteral("sshd_config")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("Port %1\nListenAddress 127.0.0.1\nHostKey %2\nPidFile %3\n"
                                "AuthorizedKeysFile %4\nStrictModes no\nUsePAM no\n"
                                "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
                                "KbdInteractiveAuthentication no\nX11Forwarding no\n"
                                "PrintMotd no\nPrintLastLog no\n")
                     .arg(port)
                     .arg(dir.filePath(QStringLiteral("host_key")),
                          dir.filePath(QStringLiteral("sshd.pid")),
                          dir.filePath(QStringLiteral("authorized_keys")))
                     .toUtf8());
    config.close();
    QDir().mkpath(QStringLiteral("/run/sshd")); // its privilege separation directory
    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start(sshd, {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                        config.fileName()});
    QVERIFY(server.waitForStarted());
    const auto stopServer = qScopeGuard([&] {
        server.terminate();
        server.waitForFinished(5000);
    });
    QTRY_VERIFY_WITH_TIMEOUT(QTcpSocket().bind(QHostAddress::LocalHost, port) == false, 10000);

    SandboxFixture f;
    // What the session needs beyond ssh's own: the keychain's bus, the settings' place.
    const QProcessEnvironment mine = environment();
    QStringList remote{QStringLiteral("env")};
    for (const QString &name :
         {QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("XDG_RUNTIME_DIR"),
          QStringLiteral("XDG_CONFIG_HOME"), QStringLiteral("XDG_CACHE_HOME"),
          QStringLiteral("LANG"), QStringLiteral("QTWEBENGINE_DISABLE_SANDBOX"),
          QString::fromLatin1(m_marker.split('=').at(0))}) {
        if (mine.contains(name))
            remote << name + u'=' + mine.value(name);
    }
    remote << connection(f) << QStringLiteral("sign-in");
    for (QString &word : remote)
        word = u'\'' + word.replace(u'\'', QLatin1String("'\\''")) + u'\'';
    QProcessEnvironment client = mine;
    client.insert(QStringLiteral("DISPLAY"), QStringLiteral(":0")); // ssh -X is not asked for
    Tmux tmux;
    QVERIFY(tmux.start(
        {QStringLiteral("ssh"), QStringLiteral("-tt"), QStringLiteral("-p"), QString::number(port),
         QStringLiteral("-i"), dir.filePath(QStringLiteral("user_key")), QStringLiteral("-o"),
         QStringLiteral("StrictHostKeyChecking=no"), QStringLiteral("-o"),
         QStringLiteral("UserKnownHostsFile=/dev/null"), QStringLiteral("-o"),
         QStringLiteral("BatchMode=yes"), QStringLiteral("-o"), QStringLiteral("LogLevel=ERROR"),
         qEnvironmentVariable("USER", QStringLiteral("root")) + QStringLiteral("@127.0.0.1"),
         remote.join(u' ')},
        client, Roomy));
    QVERIFY2(waitForQr(tmux, f), qPrintable(tmux.text()));
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 0, 30000);
    const QString after = tmux.text();
    QVERIFY2(after.contains(QLatin1String("No display here")), qPrintable(after));
    QVERIFY2(after.contains(QStringLiteral("Signed in as 小微同学.")), qPrintable(after));
    QVERIFY(!rawReadSession(Service, m_keys.last()).isEmpty());
}

int main(int argc, char *argv[])
{
    // Fonts for the screenshots need a QGuiApplication; the app in the terminal gets no
    // platform from this (environment() removes it).
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    tst_AppTerminal test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_appterminal.moc"
