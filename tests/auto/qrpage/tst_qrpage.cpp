// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// The sandbox's QR page running its own script in a real (offscreen) web engine.

#include "testwebengine.h"
#include <WeChatLogin/sandbox.h>

// Qt
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineView>

using namespace WeChatLogin;

namespace {

// Records every navigation; lets nothing reach GoTrue's callback.
class RecordingPage : public QWebEnginePage
{
public:
    using QWebEnginePage::QWebEnginePage;
    QList<QUrl> navigations;
    QUrl callback;

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType, bool) override
    {
        navigations.append(url);
        if (url.path() == QLatin1String("/auth/v1/callback")) {
            callback = url;
            return false;
        }
        return true;
    }
};

} // namespace

class tst_QrPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void confirmNavigatesToCallback_data();
    void confirmNavigatesToCallback();
    void cancelShowsBlockAndKeepsPolling_data() { confirmNavigatesToCallback_data(); }
    void cancelShowsBlockAndKeepsPolling();
    void expiryReloadsWithNewUuid();

private:
    void open(SandboxOptions::PageStyle style);
    QVariant js(const QString &script);
    bool visible(const QString &selector);

    std::unique_ptr<Sandbox> m_sandbox;
    // The profile outlives the page: QtWebEngine needs pages destroyed first.
    std::unique_ptr<QWebEngineProfile> m_profile;
    std::unique_ptr<QWebEngineView> m_view;
    RecordingPage *m_page = nullptr;
};

void tst_QrPage::init()
{
    m_profile = std::make_unique<QWebEngineProfile>(); // off the record
    m_view = std::make_unique<QWebEngineView>();
    m_page = new RecordingPage(m_profile.get(), m_view.get());
    m_view->setPage(m_page);
    m_view->resize(600, 700);
}

void tst_QrPage::cleanup()
{
    m_view.reset();
    m_profile.reset();
    m_sandbox.reset();
    m_page = nullptr;
}

void tst_QrPage::open(SandboxOptions::PageStyle style)
{
    SandboxOptions options;
    options.pageStyle = style;
    m_sandbox = std::make_unique<Sandbox>(options);
    QVERIFY(m_sandbox->start());
    QSignalSpy loaded(m_page, &QWebEnginePage::loadFinished);
    m_view->show();
    m_view->load(
        QUrl(m_sandbox->authUrl().toString()
             + QStringLiteral(
                 "/auth/v1/authorize?provider=wechat_qr&redirect_to=http%3A%2F%2F127.0.0.1%3A9%2Fcb"
                 "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_"
                 "method=s256")));
    QVERIFY(loaded.wait(20000));
    QVERIFY(loaded.first().first().toBool());
    QVERIFY(!m_sandbox->latestQrUuid().isEmpty());
    // the page's script is polling
    QTRY_VERIFY_WITH_TIMEOUT(
        js(QStringLiteral("typeof window.wx_errcode")).toString() == QLatin1String("undefined")
            && js(QStringLiteral(
                      "document.querySelectorAll('script[src*=\"/connect/l/qrconnect\"]').length"))
                       .toInt()
                   == 1,
        10000);
}

QVariant tst_QrPage::js(const QString &script)
{
    return WeChatLogin::Test::runJavaScript(m_page, script);
}

bool tst_QrPage::visible(const QString &selector)
{
    return js(QStringLiteral("(function(){var e=document.querySelector('%1');return !!e && "
                             "getComputedStyle(e).display!=='none';})()")
                  .arg(selector))
        .toBool();
}

void tst_QrPage::confirmNavigatesToCallback_data()
{
    QTest::addColumn<SandboxOptions::PageStyle>("style");
    QTest::newRow("legacy markup") << SandboxOptions::PageStyle::Legacy;
    QTest::newRow("new markup") << SandboxOptions::PageStyle::New;
}

void tst_QrPage::confirmNavigatesToCallback()
{
    QFETCH(SandboxOptions::PageStyle, style);
    open(style);
    const QUrl wechatPage = m_page->url();
    QCOMPARE(wechatPage.path(), QStringLiteral("/connect/qrconnect"));
    const QString state =
        QUrlQuery(wechatPage).queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    QVERIFY(!state.isEmpty());
    QVERIFY(visible(QStringLiteral(".js_wx_default_tip")));
    QVERIFY(m_sandbox->confirmQr(m_sandbox->latestQrUuid()));
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->callback.isEmpty(), 15000);
    const QUrl cb = m_page->callback;
    QCOMPARE(cb.toString(QUrl::RemoveQuery),
             m_sandbox->authUrl().toString() + QStringLiteral("/auth/v1/callback"));
    const QUrlQuery query(cb);
    QCOMPARE(query.queryItemValue(QStringLiteral("code")).size(), 32);
    QCOMPARE(query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded), state);
}

void tst_QrPage::cancelShowsBlockAndKeepsPolling()
{
    QFETCH(SandboxOptions::PageStyle, style);
    open(style);
    const QString uuid = m_sandbox->latestQrUuid();
    QVERIFY(m_sandbox->scanQr(uuid));
    QTRY_VERIFY_WITH_TIMEOUT(visible(QStringLiteral(".js_wx_after_scan")), 10000);
    QVERIFY(!visible(QStringLiteral(".js_wx_default_tip")));
    QVERIFY(m_sandbox->cancelQr(uuid));
    QTRY_VERIFY_WITH_TIMEOUT(visible(QStringLiteral(".js_wx_after_cancel")), 10000);
    QVERIFY(!visible(QStringLiteral(".js_wx_after_scan")));
    // still polling: a rescan and a confirm still reach the page
    QVERIFY(m_sandbox->scanQr(uuid));
    QTRY_VERIFY_WITH_TIMEOUT(visible(QStringLiteral(".js_wx_after_scan")), 10000);
    QVERIFY(m_sandbox->confirmQr(uuid));
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->callback.isEmpty(), 15000);
    QCOMPARE(m_sandbox->latestQrUuid(), uuid); // no reload happened
}

void tst_QrPage::expiryReloadsWithNewUuid()
{
    open(SandboxOptions::PageStyle::Legacy);
    const QString first = m_sandbox->latestQrUuid();
    QSignalSpy created(m_sandbox.get(), &Sandbox::qrCreated);
    QVERIFY(m_sandbox->expireQr(first));
    QTRY_VERIFY_WITH_TIMEOUT(!created.isEmpty(), 15000);
    const QString second = created.first().first().toString();
    QVERIFY(second != first);
    QTRY_COMPARE_WITH_TIMEOUT(
        js(QStringLiteral("document.querySelector('.js_qrcode_img').getAttribute('src')"))
            .toString(),
        QStringLiteral("/connect/qrcode/") + second, 10000);
    // and the new QR signs in
    QVERIFY(m_sandbox->confirmQr(second));
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->callback.isEmpty(), 15000);
}

QTEST_MAIN(tst_QrPage)
#include "tst_qrpage.moc"
