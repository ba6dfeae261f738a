// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// When wechat-login signs in through the terminal, and what it does where it cannot: no
// terminal (exit 2 at once), no display for a window (exit 2, not Qt's abort), --json
// events for another tool (against docs/schema/sign-in.schema.json), and a real ssh
// session (sshd on loopback, throwaway keys) where the terminal is chosen by itself.

#include "appterminalfixture.h"

// Qt
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

class tst_AppTerminalChoice : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { m_run.begin(); }
    void cleanup() { QVERIFY(m_run.end()); }
    void withoutATerminalExitsAtOnce();
    void withoutADisplayAWindowIsRefused();
    void jsonEvents();
    void dumbTerminalGetsPlainLines();
    void expiredWithNoInputEnds();
    void overSshTheTerminalIsChosen();

private:
    AppTerminalFixture m_run;
};

void tst_AppTerminalChoice::withoutATerminalExitsAtOnce()
{
    SandboxFixture f;
    const QStringList args = m_run.connection(f);
    for (const bool chosen : {true, false}) {
        QProcess process;
        process.setProcessEnvironment(m_run.environment());
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
void tst_AppTerminalChoice::withoutADisplayAWindowIsRefused()
{
    SandboxFixture f;
    const QStringList args = m_run.connection(f);
    for (const QStringList &verb :
         {QStringList(), QStringList{QStringLiteral("sign-in"), QStringLiteral("--window")}}) {
        QProcess process;
        process.setProcessEnvironment(m_run.environment());
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

void tst_AppTerminalChoice::jsonEvents()
{
    SandboxFixture f;
    const QStringList args = m_run.connection(f);
    QProcess process;
    process.setProcessEnvironment(m_run.environment());
    process.start(args.first(),
                  args.mid(1)
                      + QStringList{QStringLiteral("sign-in"), QStringLiteral("--terminal"),
                                    QStringLiteral("--json")});
    QByteArray all;
    const auto nextEvent = [&](QJsonObject *event) {
        if (!QTest::qWaitFor([&] { return process.canReadLine(); }, AppTerminalFixture::QrMs))
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
    const QString stored = rawReadSession(AppTerminalFixture::Service, m_run.lastKey());
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

void tst_AppTerminalChoice::overSshTheTerminalIsChosen()
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
    const QProcessEnvironment mine = m_run.environment();
    QStringList remote{QStringLiteral("env")};
    for (const QString &name :
         {QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("XDG_RUNTIME_DIR"),
          QStringLiteral("XDG_CONFIG_HOME"), QStringLiteral("XDG_CACHE_HOME"),
          QStringLiteral("LANG"), QStringLiteral("QTWEBENGINE_DISABLE_SANDBOX"),
          QString::fromLatin1(m_run.marker().split('=').at(0))}) {
        if (mine.contains(name))
            remote << name + u'=' + mine.value(name);
    }
    remote << m_run.connection(f) << QStringLiteral("sign-in");
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
        client, AppTerminalFixture::Roomy));
    QVERIFY2(AppTerminalFixture::waitForQr(tmux, f), qPrintable(tmux.text()));
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(tmux.exitStatus(), 0, 30000);
    const QString after = tmux.text();
    QVERIFY2(after.contains(QLatin1String("No display here")), qPrintable(after));
    QVERIFY2(after.contains(QStringLiteral("Signed in as 小微同学.")), qPrintable(after));
    QVERIFY(!rawReadSession(AppTerminalFixture::Service, m_run.lastKey()).isEmpty());
}

// TERM=dumb (Emacs' shell, a CI log viewer): no escape sequence at all, the QR in ASCII,
// each new QR and status appended; it still scans (as dark text on a light background) and
// signs in. The terminal here is a real pty, recorded by script(1).
void tst_AppTerminalChoice::dumbTerminalGetsPlainLines()
{
    SandboxFixture f;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString typescript = dir.filePath(QStringLiteral("typescript"));
    QProcessEnvironment env = m_run.environment();
    env.insert(QStringLiteral("TERM"), QStringLiteral("dumb"));
    const QStringList command = m_run.connection(f) << QStringLiteral("sign-in");
    QStringList words;
    for (QString word : command)
        words << u'\'' + word.replace(u'\'', QLatin1String("'\\''")) + u'\'';
    QProcess script;
    script.setProcessEnvironment(env);
    script.start(QStringLiteral("script"), {QStringLiteral("-qfec"), words.join(u' '), typescript});
    const auto screen = [&] {
        QFile file(typescript);
        return file.open(QIODevice::ReadOnly) ? file.readAll().replace('\r', "") : QByteArray();
    };
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     const QString uuid = f.sandbox().latestQrUuid();
                     return !uuid.isEmpty()
                            && decodeQr(terminalImage(screen(), ColorScheme::Light))
                                   == f.sandbox().confirmPageUrl(uuid).toString();
                 },
                 AppTerminalFixture::QrMs),
             screen().constData());
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QVERIFY(QTest::qWaitFor([&] { return script.state() == QProcess::NotRunning; }, 30000));
    QCOMPARE(script.exitCode(), 0);
    const QByteArray all = screen();
    QVERIFY2(!all.contains('\x1b'), all.constData()); // not one escape sequence
    QVERIFY(all.contains("Waiting for a scan"));
    QVERIFY(all.contains("Signed in as "));
    QVERIFY(!rawReadSession(AppTerminalFixture::Service, m_run.lastKey()).isEmpty());
}

// Nobody to press Enter (standard input closed, as under a tool reading --json): once the
// QR expired past its renewals, the sign-in ends, saying so: exit 1.
void tst_AppTerminalChoice::expiredWithNoInputEnds()
{
    SandboxFixture f;
    const QStringList args = m_run.connection(f);
    QProcess process;
    process.setProcessEnvironment(m_run.environment());
    process.start(args.first(),
                  args.mid(1)
                      + QStringList{QStringLiteral("sign-in"), QStringLiteral("--terminal"),
                                    QStringLiteral("--json")});
    process.closeWriteChannel();
    QStringList events;
    const auto read = [&] {
        while (process.canReadLine()) {
            events << QJsonDocument::fromJson(process.readLine())
                          .object()
                          .value(QStringLiteral("event"))
                          .toString();
        }
    };
    // WeChat expires each QR nobody scans: three are renewed silently, the fourth is not.
    for (int i = 1; i <= 4; ++i) {
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         read();
                         return events.count(QStringLiteral("qr")) == i;
                     },
                     AppTerminalFixture::QrMs),
                 qPrintable(events.join(u' ')));
        QVERIFY(f.sandbox().expireQr(f.sandbox().latestQrUuid()));
    }
    QVERIFY(QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000));
    read();
    QCOMPARE(process.exitCode(), 1);
    QCOMPARE(events.mid(events.size() - 2),
             QStringList({QStringLiteral("expired"), QStringLiteral("failed")}));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(QLatin1String("The QR code expired: nobody scanned it.")),
             qPrintable(err));
}

int main(int argc, char *argv[])
{
    // Fonts for the screenshots need a QGuiApplication; the app in the terminal gets no
    // platform from this (the fixture's environment removes it).
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    tst_AppTerminalChoice test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_appterminalchoice.moc"
