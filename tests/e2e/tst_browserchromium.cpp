// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// BrowserSignIn with a real browser: Debian's chromium (headless, a throwaway profile)
// opened through the library's opener hook runs GoTrue's /authorize, WeChat's QR page and
// its long poll against the sandbox over loopback (auto-confirming on its virtual phone),
// and comes back to the listener; the session lands in the real keychain. And the pages
// the browser's tab gets, as Chromium renders them: success and failure, in Simplified
// Chinese and English (WECHATLOGIN_SCREENSHOTS=<dir> keeps the PNGs to look at).

#include "testhttp.h"
#include "testkeychain.h"
#include <WeChatLogin/browsersignin.h>
#include <WeChatLogin/sessionmanager.h>
#include <WeChatLogin/translations.h>

// Qt
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

const QString Service = QStringLiteral("wechatlogin-tst-browserchromium");

QStringList chromiumArguments(const QString &profile)
{
    return {QStringLiteral("--headless=old"), QStringLiteral("--no-sandbox"),
            QStringLiteral("--disable-gpu"), QStringLiteral("--no-first-run"),
            QStringLiteral("--user-data-dir=") + profile};
}

// How many pixels of image are within a few steps of colour.
int pixelsOf(const QImage &image, QColor colour)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (qAbs(c.red() - colour.red()) < 12 && qAbs(c.green() - colour.green()) < 12
                && qAbs(c.blue() - colour.blue()) < 12)
                ++n;
        }
    }
    return n;
}

} // namespace

class tst_BrowserChromium : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void openerHookStartsARealBrowser();
    void pagesAsChromiumShowsThem_data();
    void pagesAsChromiumShowsThem();

private:
    QString m_chromium;
    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<QProcess>> m_browsers;
};

void tst_BrowserChromium::initTestCase()
{
    m_chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
    QVERIFY2(!m_chromium.isEmpty(), "chromium is missing (./dev.sh test installs it)");
    QVERIFY(m_dir.isValid());
}

void tst_BrowserChromium::cleanup()
{
    for (auto &browser : m_browsers) {
        browser->terminate();
        if (!browser->waitForFinished(5000))
            browser->kill();
        browser->waitForFinished();
    }
    m_browsers.clear();
    loadTranslations(QLocale(QLocale::English));
}

void tst_BrowserChromium::openerHookStartsARealBrowser()
{
    loadTranslations(QLocale(QLocale::English));
    SandboxOptions options;
    options.autoConfirmMs = 500;
    SandboxFixture fixture(options);
    const AuthConfig config = sandboxLoginConfig(fixture.sandbox());
    rawDeleteAll(Service, config.storageKey());
    SessionManager manager(config, Service);
    BrowserSignIn signIn(config);
    signIn.setSessionManager(&manager);
    signIn.setUrlOpener([this](const QUrl &url, QString *why) {
        auto browser = std::make_unique<QProcess>();
        browser->setProcessChannelMode(QProcess::MergedChannels); // its chatter stays here
        browser->start(m_chromium, chromiumArguments(m_dir.filePath(QStringLiteral("profile")))
                                       << url.toString(QUrl::FullyEncoded));
        if (!browser->waitForStarted(10000)) {
            *why = browser->errorString();
            return false;
        }
        m_browsers.push_back(std::move(browser));
        return true;
    });
    QSignalSpy returned(&signIn, &BrowserSignIn::browserReturned);
    QSignalSpy finished(&signIn, &BrowserSignIn::finished);
    signIn.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY2(finished.at(0).at(0).value<Session>().isValid(),
             qPrintable(finished.at(0).at(1).value<AuthError>().toString()));
    QCOMPARE(returned.size(), 1);
    QCOMPARE(manager.state(), SessionManager::State::SignedIn);
    QVERIFY(!rawReadSession(Service, config.storageKey()).isEmpty());
    // The browser ran the real page: it fetched the QR image and long-polled.
    QVERIFY(fixture.requestCount(QStringLiteral("/connect/qrconnect")) >= 1);
    QVERIFY(fixture.requestCount(QStringLiteral("/connect/l/qrconnect")) >= 1);
    rawDeleteAll(Service, config.storageKey());
}

void tst_BrowserChromium::pagesAsChromiumShowsThem_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("success");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zh_CN signed in") << "zh_CN" << true << QStringLiteral("已登录");
    QTest::newRow("zh_CN failed") << "zh_CN" << false << QStringLiteral("登录失败");
    QTest::newRow("en signed in") << "en" << true << QStringLiteral("Signed in");
    QTest::newRow("en failed") << "en" << false << QStringLiteral("Sign-in failed");
}

void tst_BrowserChromium::pagesAsChromiumShowsThem()
{
    QFETCH(QString, language);
    QFETCH(bool, success);
    QFETCH(QString, expected);
    loadTranslations(language == QLatin1String("zh_CN") ? QLocale(QLocale::Chinese, QLocale::China)
                                                        : QLocale(QLocale::English));
    SandboxFixture fixture;
    BrowserSignIn signIn(sandboxLoginConfig(fixture.sandbox()));
    signIn.setUrlOpener([](const QUrl &, QString *) { return true; });
    signIn.start();
    // The page as the listener serves it: after a real sign-in, or for GoTrue's error
    // (whose text, with markup in it, must show as text).
    QByteArray html;
    if (success) {
        const HttpResult back = fixture.followSignIn(signIn.authorizeUrl());
        Http browser;
        const HttpResult page = browser.get(back.location());
        QCOMPARE(page.status, 200);
        html = page.body;
    } else {
        QUrl back = signIn.redirectUrl();
        QUrlQuery query(back);
        query.addQueryItem(QStringLiteral("error"), QStringLiteral("access_denied"));
        query.addQueryItem(QStringLiteral("error_description"),
                           QStringLiteral("<b>Provider</b> is disabled"));
        back.setQuery(query);
        Http browser;
        const HttpResult page = browser.get(back);
        QCOMPARE(page.status, 200);
        html = page.body;
    }
    QVERIFY2(QString::fromUtf8(html).contains(expected), html.constData());
    const QString name =
        QStringLiteral("browser-%1-%2").arg(language, success ? "signed-in" : "failed");
    const QString htmlFile = m_dir.filePath(name + QStringLiteral(".html"));
    QFile out(htmlFile);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(html);
    out.close();
    const QString keep = qEnvironmentVariable("WECHATLOGIN_SCREENSHOTS");
    const QString png =
        (keep.isEmpty() ? m_dir.path() : keep) + u'/' + name + QStringLiteral(".png");
    QProcess shot;
    shot.setProcessChannelMode(QProcess::MergedChannels);
    shot.start(m_chromium, chromiumArguments(m_dir.filePath(QStringLiteral("shots")))
                               << QStringLiteral("--window-size=640,480")
                               << QStringLiteral("--screenshot=") + png
                               << QUrl::fromLocalFile(htmlFile).toString());
    QVERIFY(QTest::qWaitFor([&] { return shot.state() == QProcess::NotRunning; }, 60000));
    const QImage image(png);
    QVERIFY2(!image.isNull(), qPrintable(QString::fromUtf8(shot.readAll())));
    QCOMPARE(image.size(), QSize(640, 480));
    // The mark in its colour (green: signed in; red: failed), a white card on grey, and
    // text on it: a page rendered whole, not blank.
    const int mark = pixelsOf(image, success ? QColor(0x07, 0xc1, 0x60) : QColor(0xd9, 0x30, 0x25));
    QVERIFY2(mark > 500, qPrintable(QString::number(mark)));
    QVERIFY(pixelsOf(image, QColor(0xff, 0xff, 0xff)) > 20000);
    QVERIFY(pixelsOf(image, QColor(0x1f, 0x1f, 0x1f)) > 200);
    if (!keep.isEmpty())
        qInfo("%s", qPrintable(png));
}

QTEST_GUILESS_MAIN(tst_BrowserChromium)
#include "tst_browserchromium.moc"
