// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// LoginWidget::prewarm(config): the flow started ahead of time, kept fresh while it waits,
// handed to the next LoginDialog with its QR up; an expired one never shown. The real
// dialog in a real offscreen web engine, against the real sandbox.

#include "testhttp.h"
#include "testwebengine.h"
#include <WeChatLogin/logindialog.h>
#include <WeChatLogin/loginwidget.h>

// Qt
#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QWebEngineView>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;
using State = LoginWidget::State;

namespace {

LoginWidget *prewarmedWidget()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (w->objectName() == QLatin1String("prewarmedLoginWidget"))
            return qobject_cast<LoginWidget *>(w);
    }
    return nullptr;
}

} // namespace

class tst_Prewarm : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void prewarmedFlowIsHandedOver();
    void flowRenewedWhileWaiting();
    void expiredPrewarmedFlowIsNeverShown();
    void anotherConfigGetsItsOwnFlow();
};

void tst_Prewarm::prewarmedFlowIsHandedOver()
{
    SandboxFixture f;
    const AuthConfig config = sandboxLoginConfig(f.sandbox());
    LoginWidget::prewarm(config);
    QPointer<LoginWidget> warm = prewarmedWidget();
    QVERIFY(warm);
    QVERIFY(warm->testAttribute(Qt::WA_DontShowOnScreen)); // laid out and painted, unseen
    QTRY_COMPARE_WITH_TIMEOUT(warm->state(), State::QrShown, 15000);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 1);
    LoginWidget::prewarm(config); // the same config: nothing new
    QCOMPARE(prewarmedWidget(), warm.data());
    const QString uuid = f.sandbox().latestQrUuid();

    LoginDialog dialog(config);
    QCOMPARE(dialog.loginWidget(), warm.data()); // adopted, not made
    QVERIFY(!prewarmedWidget());
    QVERIFY(!warm->testAttribute(Qt::WA_DontShowOnScreen));
    QVERIFY(!warm->isWindow());
    dialog.show();
    QCOMPARE(dialog.loginWidget()->state(), State::QrShown); // no new flow on show
    const PaintedQr painted = waitForQrPainted(
        dialog.loginWidget()->webView(), [&](const QString &text) { return text.contains(uuid); });
    QVERIFY2(!painted.isNull(), "the pre-warmed QR was not painted");
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 1);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QVERIFY(f.sandbox().confirmQr(uuid));
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 15000);
    QVERIFY(dialog.result().isSignedIn());
}

// WeChat's QR expires while nobody looks: the hidden widget renews the flow as a shown one
// does, and the dialog gets the fresh QR.
void tst_Prewarm::flowRenewedWhileWaiting()
{
    SandboxFixture f;
    const AuthConfig config = sandboxLoginConfig(f.sandbox());
    LoginWidget::prewarm(config);
    QPointer<LoginWidget> warm = prewarmedWidget();
    QVERIFY(warm);
    QSignalSpy renewed(warm.data(), &LoginWidget::flowRenewed);
    QTRY_COMPARE_WITH_TIMEOUT(warm->state(), State::QrShown, 15000);
    const QString first = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().expireQr(first));
    QTRY_COMPARE_WITH_TIMEOUT(renewed.count(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(warm->state(), State::QrShown, 15000);
    const QString second = f.sandbox().latestQrUuid();
    QVERIFY(second != first);
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 2);

    LoginDialog dialog(config);
    QCOMPARE(dialog.loginWidget(), warm.data());
    dialog.show();
    QVERIFY(!waitForQrPainted(dialog.loginWidget()->webView(), [&](const QString &text) {
                 return text.contains(second);
             }).isNull());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QVERIFY(f.sandbox().confirmQr(second));
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 15000);
}

// Past its renewals, the hidden flow expired: the dialog starts a fresh one, and the first
// QR anyone sees is the fresh one.
void tst_Prewarm::expiredPrewarmedFlowIsNeverShown()
{
    SandboxFixture f;
    const AuthConfig config = sandboxLoginConfig(f.sandbox());
    LoginWidget::prewarm(config);
    QPointer<LoginWidget> warm = prewarmedWidget();
    QVERIFY(warm);
    warm->setRenewalLimit(0);
    QTRY_COMPARE_WITH_TIMEOUT(warm->state(), State::QrShown, 15000);
    const QString expired = f.sandbox().latestQrUuid();
    QVERIFY(f.sandbox().expireQr(expired));
    QTRY_COMPARE_WITH_TIMEOUT(warm->state(), State::Expired, 15000);

    LoginDialog dialog(config);
    QCOMPARE(dialog.loginWidget(), warm.data());
    QCOMPARE(dialog.loginWidget()->state(), State::Idle); // not handed over as it was
    dialog.show();
    QCOMPARE(dialog.loginWidget()->state(), State::Loading);
    QString firstSeen;
    const PaintedQr painted =
        waitForQrPainted(dialog.loginWidget()->webView(), [&](const QString &text) {
            firstSeen = text;
            return true;
        });
    QVERIFY(!painted.isNull());
    QVERIFY2(!firstSeen.contains(expired), "the expired pre-warmed QR was shown");
    QVERIFY(firstSeen.contains(f.sandbox().latestQrUuid()));
    QCOMPARE(f.requestCount(QStringLiteral("/auth/v1/authorize")), 2);
}

void tst_Prewarm::anotherConfigGetsItsOwnFlow()
{
    SandboxFixture f;
    AuthConfig config = sandboxLoginConfig(f.sandbox());
    LoginWidget::prewarm(config);
    QPointer<LoginWidget> warm = prewarmedWidget();
    QVERIFY(warm);
    AuthConfig other = config;
    other.setRedirectUrl(f.sandbox().authUrl().resolved(QUrl(QStringLiteral("/other/callback"))));
    {
        LoginDialog dialog(other);
        QVERIFY(dialog.loginWidget() != warm.data());
    }
    QCOMPARE(prewarmedWidget(), warm.data()); // still waiting for its own config
    LoginWidget::prewarm(other);              // replaces it
    QTRY_VERIFY(!warm);
    QVERIFY(prewarmedWidget());
    QCOMPARE(prewarmedWidget()->config(), other);
    delete prewarmedWidget();
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    tst_Prewarm test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_prewarm.moc"
