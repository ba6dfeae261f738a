// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// BrowserSignIn's own costs, medians of 10 against the sandbox over loopback, the real
// keychain behind the SessionManager:
//   start   start() -> the /authorize URL handed to the opener, the listener ready
//           (target < 20 ms);
//   store   the browser's callback received -> finished(), the session stored, beyond
//           the token exchange itself (target < 50 ms), with the exchange alone
//           (the sandbox's POST /token as the client sees it) beside it.
// The browser is played over HTTP. It checks that it measured the right thing: the URL
// handed over is this flow's /authorize with the listener's redirect, and the listener
// answers on it; every run ends signed in, the page says so, and the keychain holds that
// very session.

#include "testbench.h"
#include "testhttp.h"
#include "testkeychain.h"
#include <WeChatLogin/browsersignin.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>
#include <cstdio>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {
const QString Service = QStringLiteral("wechatlogin-bench-browsersignin");
constexpr int Runs = 10;
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("wechatlogin.*.info=false")); // numbers only
    SandboxFixture fixture;
    const AuthConfig config = sandboxLoginConfig(fixture.sandbox());
    rawDeleteAll(Service, config.storageKey());
    SessionManager manager(config, Service);
    QList<double> starts, stores, exchanges;
    for (int run = 0; run < Runs; ++run) {
        BrowserSignIn signIn(config);
        signIn.setSessionManager(&manager);
        QElapsedTimer clock;
        qint64 handedNs = -1, returnedNs = -1, exchangedNs = -1, finishedNs = -1;
        QUrl handed;
        signIn.setUrlOpener([&](const QUrl &url, QString *) {
            handedNs = clock.nsecsElapsed();
            handed = url;
            return true;
        });
        QObject::connect(&signIn, &BrowserSignIn::browserReturned, &signIn,
                         [&] { returnedNs = clock.nsecsElapsed(); });
        QObject::connect(manager.client()->networkAccessManager(), &QNetworkAccessManager::finished,
                         &signIn, [&](QNetworkReply *reply) {
                             if (reply->url().path() == QLatin1String("/auth/v1/token"))
                                 exchangedNs = clock.nsecsElapsed();
                         });
        Session session;
        QObject::connect(&signIn, &BrowserSignIn::finished, &signIn,
                         [&](const Session &s, const AuthError &) {
                             finishedNs = clock.nsecsElapsed();
                             session = s;
                         });
        clock.start();
        signIn.start();
        // What was handed over is this flow's, and the listener is up on its redirect.
        const QUrl redirect = signIn.redirectUrl();
        if (handedNs < 0 || handed != signIn.authorizeUrl()
            || QUrlQuery(handed).queryItemValue(QStringLiteral("redirect_to"), QUrl::FullyDecoded)
                   != redirect.toString()) {
            std::printf("FAILED: the opener did not get this flow's /authorize URL\n");
            return 1;
        }
        QTcpSocket probe;
        probe.connectToHost(QHostAddress(redirect.host()), quint16(redirect.port()));
        if (!probe.waitForConnected(5000)) {
            std::printf("FAILED: nothing listens on the redirect's port\n");
            return 1;
        }
        probe.abort();
        const HttpResult back = fixture.followSignIn(handed);
        Http browser;
        const HttpResult page = browser.get(back.location());
        if (!QTest::qWaitFor([&] { return finishedNs >= 0; }, 30000)) {
            std::printf("FAILED: run %d never finished\n", run);
            return 1;
        }
        if (page.status != 200 || !session.isValid() || returnedNs < 0 || exchangedNs < returnedNs
            || finishedNs < exchangedNs) {
            std::printf("FAILED: run %d did not end signed in (page HTTP %d)\n", run, page.status);
            return 1;
        }
        const QJsonObject stored =
            QJsonDocument::fromJson(rawReadSession(Service, config.storageKey()).toUtf8()).object();
        if (stored.value(QStringLiteral("access_token")).toString() != session.accessToken()) {
            std::printf("FAILED: the keychain does not hold run %d's session\n", run);
            return 1;
        }
        starts << handedNs / 1e6;
        exchanges << (exchangedNs - returnedNs) / 1e6;
        stores << (finishedNs - exchangedNs) / 1e6;
        QObject::disconnect(manager.client()->networkAccessManager(), nullptr, &signIn, nullptr);
    }
    rawDeleteAll(Service, config.storageKey());
    std::printf("BrowserSignIn, medians of %d (sandbox over loopback, real keychain):\n", Runs);
    std::printf("  start() -> URL handed to the opener, listening   median %6.2f ms   min %6.2f "
                "  max %6.2f   (target < 20)\n",
                median(starts), *std::min_element(starts.cbegin(), starts.cend()),
                *std::max_element(starts.cbegin(), starts.cend()));
    std::printf("  callback -> session stored, beyond the exchange  median %6.2f ms   min %6.2f "
                "  max %6.2f   (target < 50)\n",
                median(stores), *std::min_element(stores.cbegin(), stores.cend()),
                *std::max_element(stores.cbegin(), stores.cend()));
    std::printf("  the token exchange itself (POST /token)          median %6.2f ms\n",
                median(exchanges));
    return 0;
}
