// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionManager benchmark against the in-process sandbox and the real keychain. Prints
// numbers; the only thing it checks is the single-flight invariant (1 request).
//
//   1,000 concurrent accessToken() calls while the token is about to expire:
//     refresh requests sent, wall time until every caller has its token (from
//     setSession(), including storing it and the rotation's keychain round trips).
//   restore(): keychain read to signed-in state, fresh manager each time.

#include "testhttp.h"
#include "testkeychain.h"
#include "testreply.h"
#include "testwait.h"
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QUuid>

#include <algorithm>
#include <cstdio>

using namespace WeChatLogin;
using namespace WeChatLogin::Test;

namespace {

int refreshRequests(SandboxFixture &f)
{
    return f.requestCount(QStringLiteral("/auth/v1/token"),
                          QStringLiteral("grant_type=refresh_token"));
}

struct Stats
{
    double min = 0, median = 0, max = 0;
};

Stats stats(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return {v.first(), v.at(v.size() / 2), v.last()};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    constexpr int Callers = 1000;
    constexpr int Rounds = 10;
    const QString service = QStringLiteral("wechatlogin-bench");
    const QString key = QStringLiteral("sb-bench-%1-auth-token")
                            .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));

    SandboxFixture f;
    AuthConfig config(f.sandbox().authUrl(), f.sandbox().anonKey());
    config.setStorageKey(key);
    int failures = 0;

    // 1. Concurrent callers, token about to expire.
    QList<double> wall;
    QList<int> requests;
    for (int round = 0; round < Rounds; ++round) {
        QJsonObject json = f.signIn();
        json.insert(QStringLiteral("expires_at"), QDateTime::currentSecsSinceEpoch() + 30);
        json.insert(QStringLiteral("local_expires_at_ms"),
                    QDateTime::currentMSecsSinceEpoch() + 30'000);
        const Session s = Session::fromJsonObject(json);
        SessionManager manager(config, service);
        const int before = refreshRequests(f);
        QList<AuthReply *> replies;
        replies.reserve(Callers);
        // All in one turn of the event loop, before the refresh timer can fire: the
        // callers share the rotation (store the new session, take the lock, re-read the
        // keychain, POST /token, store the result).
        QElapsedTimer timer;
        timer.start();
        manager.setSession(s);
        for (int i = 0; i < Callers; ++i)
            replies << kept(manager.accessToken());
        if (!waitWithoutSleeping([&] {
                return std::all_of(replies.begin(), replies.end(),
                                   [](AuthReply *r) { return r->isFinished(); });
            }))
            return 2;
        wall << timer.nsecsElapsed() / 1e6;
        requests << refreshRequests(f) - before;
        for (AuthReply *r : replies) {
            if (r->error().isError() || r->session().refreshToken() == s.refreshToken())
                ++failures;
        }
        if (requests.last() != 1)
            ++failures;
    }
    const Stats w = stats(wall);
    std::printf("accessToken() x %d concurrent, token about to expire (%d rounds)\n", Callers,
                Rounds);
    std::printf("  /token refresh requests per round: %s\n", qPrintable([&] {
                    QStringList l;
                    for (int n : requests)
                        l << QString::number(n);
                    return l.join(u' ');
                }()));
    std::printf("  wall time until all %d have a token: min %.1f ms, median %.1f ms, max %.1f "
                "ms\n",
                Callers, w.min, w.median, w.max);

    // 2. restore(): keychain -> signed in.
    QList<double> restoreMs;
    for (int round = 0; round < 20; ++round) {
        SessionManager manager(config, service);
        QElapsedTimer timer;
        timer.start();
        AuthReply *r = kept(manager.restore());
        if (!waitWithoutSleeping([&] { return r->isFinished(); }))
            return 2;
        restoreMs << timer.nsecsElapsed() / 1e6;
        if (!manager.isSignedIn())
            ++failures;
    }
    const Stats r = stats(restoreMs);
    const QByteArray stored = rawReadSession(service, key).toUtf8();
    std::printf("stored session: %d bytes in %d keychain entries\n", int(stored.size()),
                int(SessionStore::entryNames(key, int(stored.size())).size()));
    std::printf("restore() from the keychain to signed in (%d runs): min %.1f ms, median %.1f "
                "ms, max %.1f ms\n",
                int(restoreMs.size()), r.min, r.median, r.max);

    rawDeleteAll(service, key);
    if (failures)
        std::printf("FAILED: %d callers without a fresh token or rounds with != 1 request\n",
                    failures);
    return failures ? 1 : 0;
}
