// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// HeadlessLogin end to end: the real web engine on the offscreen platform (no display), the
// sandbox over loopback, the real keychain. The QR text it hands over is exactly what the
// sandbox's QR image carries; it follows renewals, the phone and the renewal limit; nothing
// is ever put on a screen. And QrImageReader, which reads it, on images made here.

#include "testhttp.h"
#include "testkeychain.h"
#include "testqr.h"
#include <WeChatLogin/headlesslogin.h>
#include <WeChatLogin/sessionmanager.h>

#include "qrimagereader_p.h" // widgets/
#include "terminalqr.h"      // app/: a QR code's modules, to paint test images

// Qt
#include <QApplication>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <QWidget>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using State = HeadlessLogin::State;

namespace {

AuthConfig configFor(Sandbox &sandbox, const QString &storageKey)
{
    AuthConfig config(sandbox.authUrl(), sandbox.anonKey());
    config.setRedirectUrl(sandbox.authUrl().resolved(QUrl(QStringLiteral("/app/callback"))));
    config.setTrustedHosts(
        {sandbox.wechatUrl().host() + u':' + QString::number(sandbox.wechatUrl().port())});
    config.setStorageKey(storageKey);
    return config;
}

// What the sandbox's newest QR image encodes (SANDBOX.md).
QString newestQrText(Sandbox &sandbox)
{
    return sandbox.confirmPageUrl(sandbox.latestQrUuid()).toString();
}

// text's QR code painted black on white, modules of `module` pixels, quiet zone of 4.
QImage paintedQr(const QByteArray &text, int module = 6)
{
    const std::optional<TerminalQr> qr = TerminalQr::encode(text);
    if (!qr)
        return {};
    const int side = (qr->modules() + 8) * module;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    for (int y = 0; y < qr->modules(); ++y)
        for (int x = 0; x < qr->modules(); ++x)
            if (qr->isDark(x, y))
                painter.fillRect((x + 4) * module, (y + 4) * module, module, module, Qt::black);
    return image;
}

QList<State> statesOf(const QSignalSpy &spy)
{
    QList<State> seen;
    for (const auto &args : spy)
        seen << args.at(0).value<State>();
    return seen;
}

} // namespace

class tst_HeadlessLogin : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void signsInWithTheQrTextItRead_data();
    void signsInWithTheQrTextItRead();
    void aRenewalBringsTheNextQrText();
    void cancelledOnThePhoneKeepsTheQr();
    void expiresAfterTheRenewalLimitAndStartsAgain();
    void cancelStopsEverything();
    void readerTakesOnlyAPrintableQr();

private:
    QString m_key;
    const QString m_service = QStringLiteral("wechatlogin-tests");
};

void tst_HeadlessLogin::initTestCase()
{
    qRegisterMetaType<WeChatLogin::LoginWidget::State>();
    QCOMPARE(QGuiApplication::platformName(), QStringLiteral("offscreen")); // no display
}

void tst_HeadlessLogin::init()
{
    m_key = QStringLiteral("sb-headless-%1-auth-token")
                .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
}

void tst_HeadlessLogin::cleanup()
{
    rawDeleteAll(m_service, m_key);
}

void tst_HeadlessLogin::signsInWithTheQrTextItRead_data()
{
    QTest::addColumn<SandboxOptions::PageStyle>("style");
    QTest::newRow("legacy page") << SandboxOptions::PageStyle::Legacy;
    QTest::newRow("new page") << SandboxOptions::PageStyle::New;
}

void tst_HeadlessLogin::signsInWithTheQrTextItRead()
{
    QFETCH(SandboxOptions::PageStyle, style);
    SandboxOptions o;
    o.pageStyle = style;
    SandboxFixture f(o);
    const AuthConfig config = configFor(f.sandbox(), m_key);
    SessionManager manager(config, m_service);
    HeadlessLogin login(config);
    login.setSessionManager(&manager);
    QSignalSpy states(&login, &HeadlessLogin::stateChanged);
    QSignalSpy qr(&login, &HeadlessLogin::qrChanged);
    QSignalSpy signedIn(&login, &HeadlessLogin::signedIn);

    login.start();
    QCOMPARE(login.state(), State::Loading);
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), State::QrShown, 20000);
    // Shown means read: the text is the sandbox's, taken from the painted page.
    QCOMPARE(qr.count(), 1);
    QCOMPARE(login.qrText(), newestQrText(f.sandbox()));
    QCOMPARE(qr.at(0).at(0).toString(), login.qrText());
    const qint64 left = login.qrDeadline().remainingTime();
    QVERIFY2(left > 200000 && left <= login.flowRenewIntervalMs(),
             qPrintable(QString::number(left)));
    // Nothing on a screen: the page's widget is shown only to the offscreen painter.
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    QCOMPARE(windows.size(), 1);
    QVERIFY(windows.first()->testAttribute(Qt::WA_DontShowOnScreen));

    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), State::Scanned, 10000);
    QCOMPARE(login.qrText(), newestQrText(f.sandbox())); // the same QR
    QVERIFY(f.sandbox().confirmQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
    QCOMPARE(login.session().nickname(), QStringLiteral("小微同学"));
    QCOMPARE(statesOf(states), QList<State>({State::Loading, State::QrShown, State::Scanned,
                                             State::Exchanging, State::SignedIn}));
    QVERIFY(login.qrText().isEmpty());
    QCOMPARE(qr.last().at(0).toString(), QString()); // the QR is gone
    // Stored through the manager before signedIn() (a tool may quit then); the redirect
    // never fetched.
    QVERIFY(!rawReadSession(m_service, m_key).isEmpty());
    QCOMPARE(Session::fromJson(rawReadSession(m_service, m_key).toUtf8()), login.session());
    QCOMPARE(f.requestCount(QStringLiteral("/app/callback")), 0);
}

void tst_HeadlessLogin::aRenewalBringsTheNextQrText()
{
    SandboxFixture f;
    HeadlessLogin login(configFor(f.sandbox(), m_key));
    QSignalSpy qr(&login, &HeadlessLogin::qrChanged);
    QSignalSpy renewed(&login, &HeadlessLogin::flowRenewed);
    login.start();
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), State::QrShown, 20000);
    const QString first = login.qrText();
    QVERIFY(f.sandbox().expireQr(f.sandbox().latestQrUuid())); // WeChat expires the QR
    QTRY_COMPARE_WITH_TIMEOUT(renewed.count(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(qr.count(), 3, 20000); // first, none, the next
    QCOMPARE(qr.at(1).at(0).toString(), QString());
    QCOMPARE(login.state(), State::QrShown);
    QVERIFY(login.qrText() != first);
    QCOMPARE(login.qrText(), newestQrText(f.sandbox()));
}

void tst_HeadlessLogin::cancelledOnThePhoneKeepsTheQr()
{
    SandboxFixture f;
    HeadlessLogin login(configFor(f.sandbox(), m_key));
    QSignalSpy cancelled(&login, &HeadlessLogin::cancelledOnPhone);
    login.start();
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), State::QrShown, 20000);
    const QString text = login.qrText();
    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), State::Scanned, 10000);
    QVERIFY(f.sandbox().cancelQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 10000);
    QCOMPARE(login.state(), State::Cancelled);
    QCOMPARE(login.qrText(), text);
}

void tst_HeadlessLogin::expiresAfterTheRenewalLimitAndStartsAgain()
{
    SandboxFixture f;
    HeadlessLogin login(configFor(f.sandbox(), m_key));
    login.setRenewalLimit(0);
    login.setFlowRenewIntervalMs(3000);
    QSignalSpy expired(&login, &HeadlessLogin::expired);
    login.start();
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), State::QrShown, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(expired.count(), 1, 15000);
    QCOMPARE(login.state(), State::Expired);
    QVERIFY(login.qrText().isEmpty()); // an expired QR is never handed over
    const QString before = f.sandbox().latestQrUuid();
    login.start(); // Enter, in the terminal
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), State::QrShown, 20000);
    QVERIFY(f.sandbox().latestQrUuid() != before);
    QCOMPARE(login.qrText(), newestQrText(f.sandbox()));
}

void tst_HeadlessLogin::cancelStopsEverything()
{
    SandboxFixture f;
    HeadlessLogin login(configFor(f.sandbox(), m_key));
    login.start();
    QTRY_COMPARE_WITH_TIMEOUT(login.state(), State::QrShown, 20000);
    login.cancel();
    QCOMPARE(login.state(), State::Idle);
    QVERIFY(login.qrText().isEmpty());
    QVERIFY(login.qrDeadline().hasExpired());
}

void tst_HeadlessLogin::readerTakesOnlyAPrintableQr()
{
    const QByteArray url = "http://127.0.0.1:1/connect/confirm?uuid=abc";
    QCOMPARE(QrImageReader::read(paintedQr(url)), QString::fromLatin1(url));
    QCOMPARE(decodeQr(paintedQr(url)), QString::fromLatin1(url)); // the tests' reader agrees
    QCOMPARE(QrImageReader::read(paintedQr("你好 WeChat")), QStringLiteral("你好 WeChat"));
    // A QR that would write to the terminal: escape sequences, line breaks.
    QCOMPARE(QrImageReader::read(paintedQr("\x1b[2J\x1b[31mpwned")), QString());
    QCOMPARE(QrImageReader::read(paintedQr("line\nbreak")), QString());
    // No QR, half a QR, nothing.
    QImage blank(300, 300, QImage::Format_RGB32);
    blank.fill(Qt::white);
    QCOMPARE(QrImageReader::read(blank), QString());
    QCOMPARE(QrImageReader::read(paintedQr(url).copy(0, 0, 150, 300)), QString());
    QCOMPARE(QrImageReader::read(QImage()), QString());
    // Too big to read: refused unread.
    QImage huge(QrImageReader::MaxSide + 1, 64, QImage::Format_Grayscale8);
    huge.fill(255);
    QCOMPARE(QrImageReader::read(huge), QString());
}

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen"); // what wechat-login sign-in --terminal runs on
    QApplication app(argc, argv);
    tst_HeadlessLogin test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_headlesslogin.moc"
