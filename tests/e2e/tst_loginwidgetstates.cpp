// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// End to end, what a person sees of a QR through its life: scanned (dimmed under a check
// mark), cancelled on the phone (the QR stays usable), renewed silently a bounded number
// of times, then expired with a click (or Enter) to refresh; each change announced to
// screen readers. The real LoginWidget in a real web engine, the real sandbox; run under
// xvfb by with-screen-reader.sh, so Qt's AT-SPI bridge is on as with a screen reader.

#include "testhttp.h"
#include "testqr.h"
#include "testwebengine.h"
#include <WeChatLogin/loginwidget.h>
#include <WeChatLogin/translations.h>

// Qt
#include <QAccessible>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QWebEnginePage>
#include <QWebEngineView>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using State = LoginWidget::State;

namespace {

// What screen readers were told: the accessible events of the widget's status line.
struct Announcements
{
    static inline QStringList heard;
    static inline QStringList alerts;
    static void handler(QAccessibleEvent *event)
    {
        auto *label = qobject_cast<QLabel *>(event->object());
        if (!label || label->objectName() != QLatin1String("status"))
            return;
        if (event->type() == QAccessible::NameChanged)
            heard << label->text();
        else if (event->type() == QAccessible::Alert)
            alerts << label->text();
    }
};

// The widget's own timers: none runs once the QR is shown expired.
int activeTimers(const LoginWidget &w)
{
    int active = 0;
    for (const QTimer *timer : w.findChildren<QTimer *>(Qt::FindDirectChildrenOnly))
        active += timer->isActive() ? 1 : 0;
    return active;
}

// The widget whose pixels a person sees at the centre of the QR area.
QWidget *topmostOverQr(LoginWidget &w)
{
    QWebEngineView *view = w.webView();
    return w.childAt(view->mapTo(&w, view->rect().center()));
}

QString pageText(LoginWidget &w)
{
    return runJavaScript(w.webView()->page(), QStringLiteral("document.body.innerText")).toString();
}

QString pageBackground(LoginWidget &w)
{
    return runJavaScript(w.webView()->page(),
                         QStringLiteral("getComputedStyle(document.body).backgroundColor"))
        .toString();
}

bool isOrIsIn(QWidget *widget, const QString &objectName)
{
    for (; widget; widget = widget->parentWidget()) {
        if (widget->objectName() == objectName)
            return true;
    }
    return false;
}

} // namespace

class tst_LoginWidgetStates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void scannedDimsTheQrUnderACheckMark();
    void cancelledOnPhoneKeepsTheQrUsable();
    void renewalLimitThenClickToRefresh();
    void expiredQrRefreshesWithEnter();
    void scanResetsTheRenewalCount();
    void languageSwitchReloadsTheQrInPlace();
    void paletteSwitchRecoloursThePage();
};

void tst_LoginWidgetStates::init()
{
    Announcements::heard.clear();
    Announcements::alerts.clear();
    QAccessible::installUpdateHandler(&Announcements::handler);
}

void tst_LoginWidgetStates::cleanup()
{
    QAccessible::installUpdateHandler(nullptr);
}

void tst_LoginWidgetStates::scannedDimsTheQrUnderACheckMark()
{
    SandboxFixture f;
    LoginWidget w(sandboxLoginConfig(f.sandbox()));
    w.resize(360, 440);
    w.show();
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    w.start();
    const PaintedQr first = waitForQrPainted(w.webView(), f);
    QVERIFY(!first.isNull());
    QVERIFY(!isOrIsIn(topmostOverQr(w), QStringLiteral("qrOverlay")));

    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::Scanned, 10000);
    // The overlay covers the QR: the dimmed frame, a check mark and the headline.
    QVERIFY(isOrIsIn(topmostOverQr(w), QStringLiteral("qrOverlay")));
    auto *headline = w.findChild<QLabel *>(QStringLiteral("qrOverlayHeadline"));
    QVERIFY(headline && headline->isVisible());
    QCOMPARE(headline->text(), QStringLiteral("Scanned. Confirm on your phone."));
    QVERIFY(!w.findChild<QPushButton *>(QStringLiteral("qrRefresh"))->isVisible());
    // Dimmed: the QR area of what a person sees no longer decodes.
    QCOMPARE(decodeQr(w.grab().toImage()), QString());
    QVERIFY(Announcements::heard.contains(w.statusText()));

    QVERIFY(f.sandbox().confirmQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
}

void tst_LoginWidgetStates::cancelledOnPhoneKeepsTheQrUsable()
{
    SandboxFixture f;
    LoginWidget w(sandboxLoginConfig(f.sandbox()));
    w.resize(360, 440);
    w.show();
    QSignalSpy cancelled(&w, &LoginWidget::cancelledOnPhone);
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::Scanned, 10000);
    QVERIFY(f.sandbox().cancelQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 10000);
    // Said, announced, and the same QR is readable again (no overlay).
    QVERIFY(w.statusText().contains(QLatin1String("cancelled")));
    QVERIFY(Announcements::heard.contains(w.statusText()));
    QVERIFY(!isOrIsIn(topmostOverQr(w), QStringLiteral("qrOverlay")));
    const PaintedQr again =
        waitForQrPainted(w.webView(), [&](const QString &text) { return text.contains(uuid); });
    QVERIFY2(!again.isNull(), "the cancelled QR is not readable");
    // Scanned again on the phone, then confirmed: the same flow signs in.
    QVERIFY(f.sandbox().scanQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::Scanned, 10000);
    QVERIFY(f.sandbox().confirmQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
}

// Renewed twice without a scan, then shown expired: nothing runs on, no new flow is made
// until a click asks for one, and that fresh flow signs in.
void tst_LoginWidgetStates::renewalLimitThenClickToRefresh()
{
    SandboxFixture f;
    LoginWidget w(sandboxLoginConfig(f.sandbox()));
    w.setFlowRenewIntervalMs(1500);
    w.setRenewalLimit(2);
    w.resize(360, 440);
    w.show();
    QSignalSpy renewed(&w, &LoginWidget::flowRenewed);
    QSignalSpy expired(&w, &LoginWidget::expired);
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(expired.count(), 1, 30000);
    QCOMPARE(renewed.count(), 2);
    QCOMPARE(w.state(), State::Expired);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 3);
    QCOMPARE(activeTimers(w), 0);
    QTRY_VERIFY(!w.webView()->url().toString().contains(QLatin1String("qrconnect")));
    QVERIFY(isOrIsIn(topmostOverQr(w), QStringLiteral("qrOverlay")));
    QCOMPARE(w.findChild<QLabel *>(QStringLiteral("qrOverlayHeadline"))->text(),
             QStringLiteral("The QR code has expired."));
    auto *refresh = w.findChild<QPushButton *>(QStringLiteral("qrRefresh"));
    QVERIFY(refresh && refresh->isVisible());
    QCOMPARE(refresh->text(), QStringLiteral("Click to refresh"));
    QVERIFY(!refresh->accessibleName().isEmpty());
    QVERIFY(Announcements::alerts.contains(w.statusText())); // an alert, not a murmur

    // A click anywhere on the expired QR: a fresh flow, and it works.
    QWidget *overlay = w.findChild<QWidget *>(QStringLiteral("qrOverlay"));
    QTest::mouseClick(overlay, Qt::LeftButton, {}, QPoint(10, 10));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::QrShown, 15000);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 4);
    QVERIFY(!isOrIsIn(topmostOverQr(w), QStringLiteral("qrOverlay")));
    QVERIFY(f.sandbox().confirmQr(f.sandbox().latestQrUuid()));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
}

// With no silent renewal allowed, WeChat's own QR expiry shows the expired state at once;
// Enter on the focused refresh button brings a new QR.
void tst_LoginWidgetStates::expiredQrRefreshesWithEnter()
{
    SandboxFixture f;
    LoginWidget w(sandboxLoginConfig(f.sandbox()));
    w.setRenewalLimit(0);
    w.resize(360, 440);
    w.show();
    QSignalSpy expired(&w, &LoginWidget::expired);
    QSignalSpy shown(&w, &LoginWidget::qrShown);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 15000);
    const QString first = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().expireQr(first));
    QTRY_COMPARE_WITH_TIMEOUT(expired.count(), 1, 15000);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 1);
    auto *refresh = w.findChild<QPushButton *>(QStringLiteral("qrRefresh"));
    QVERIFY(refresh);
    QTRY_VERIFY(refresh->hasFocus() || !w.isActiveWindow());
    QTest::keyClick(refresh, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 15000);
    QVERIFY(f.sandbox().latestQrUuid() != first);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 2);
}

// Somebody scanning counts as use: the renewals before it do not count towards the limit.
void tst_LoginWidgetStates::scanResetsTheRenewalCount()
{
    SandboxFixture f;
    LoginWidget w(sandboxLoginConfig(f.sandbox()));
    w.setRenewalLimit(1);
    w.resize(360, 440);
    w.show();
    QSignalSpy renewed(&w, &LoginWidget::flowRenewed);
    QSignalSpy shown(&w, &LoginWidget::qrShown);
    QSignalSpy expired(&w, &LoginWidget::expired);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 15000);
    QVERIFY(f.sandbox().expireQr(f.sandbox().latestQrUuid())); // renewal 1 of 1
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 15000);
    const QString second = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(second));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::Scanned, 10000);
    QVERIFY(f.sandbox().cancelQr(second));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::Cancelled, 10000);
    QVERIFY(f.sandbox().expireQr(second)); // after the scan: renewed, not expired
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 3, 15000);
    QCOMPARE(renewed.count(), 2);
    QCOMPARE(expired.count(), 0);
    QVERIFY(f.sandbox().expireQr(f.sandbox().latestQrUuid())); // now the limit holds
    QTRY_COMPARE_WITH_TIMEOUT(expired.count(), 1, 15000);
}

// The UI switches language while a QR waits: the page comes again in that language, in the
// same flow (no new /authorize), and still signs in.
void tst_LoginWidgetStates::languageSwitchReloadsTheQrInPlace()
{
    SandboxFixture f;
    loadTranslations(QLocale(QLocale::English));
    LoginWidget w(sandboxLoginConfig(f.sandbox()));
    w.resize(360, 440);
    w.show();
    QSignalSpy shown(&w, &LoginWidget::qrShown);
    QSignalSpy signedIn(&w, &LoginWidget::signedIn);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 15000);
    QVERIFY(pageText(w).contains(QLatin1String("WeChat Login")));
    QCOMPARE(f.requestCount(QStringLiteral("/connect/qrconnect"), QStringLiteral("lang=en")), 1);

    loadTranslations(QLocale(QLocale::Chinese, QLocale::China));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 15000);
    QVERIFY(pageText(w).contains(QStringLiteral("微信登录")));
    QCOMPARE(f.requestCount(QStringLiteral("/connect/qrconnect"), QStringLiteral("lang=cn")), 1);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 1); // the same flow
    QCOMPARE(w.statusText(), QStringLiteral("请使用微信扫描二维码登录。"));

    // Scanned, the page stays as it is; the status line follows.
    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::Scanned, 10000);
    loadTranslations(QLocale(QLocale::English));
    QTRY_COMPARE(w.statusText(),
                 QStringLiteral("Scanned. Confirm the sign-in in WeChat on your phone."));
    QCOMPARE(w.state(), State::Scanned);
    QCOMPARE(f.requestCount(QStringLiteral("/connect/qrconnect"), QStringLiteral("lang=en")), 1);
    QVERIFY(f.sandbox().confirmQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 15000);
}

// The app turns dark (or light) while the QR shows: the page shown takes the colours at
// once, keeps reporting (a scan still arrives), and the next QR page has them too.
void tst_LoginWidgetStates::paletteSwitchRecoloursThePage()
{
    SandboxFixture f;
    LoginWidget w(sandboxLoginConfig(f.sandbox()));
    w.resize(360, 440);
    w.show();
    QSignalSpy shown(&w, &LoginWidget::qrShown);
    w.start();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 15000);
    const QColor light = w.palette().color(QPalette::Window);
    QCOMPARE(
        pageBackground(w),
        QStringLiteral("rgb(%1, %2, %3)").arg(light.red()).arg(light.green()).arg(light.blue()));
    QPalette dark = w.palette();
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    w.setPalette(dark);
    QTRY_COMPARE_WITH_TIMEOUT(pageBackground(w), QStringLiteral("rgb(32, 32, 32)"), 5000);
    QCOMPARE(w.webView()->page()->backgroundColor(), QColor(0x20, 0x20, 0x20));
    const QString uuid = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().scanQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::Scanned, 10000);
    QVERIFY(f.sandbox().cancelQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(), State::Cancelled, 10000);
    QVERIFY(f.sandbox().expireQr(uuid)); // a new flow, a new page: dark from the start
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 15000);
    QCOMPARE(pageBackground(w), QStringLiteral("rgb(32, 32, 32)"));
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    tst_LoginWidgetStates test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_loginwidgetstates.moc"
