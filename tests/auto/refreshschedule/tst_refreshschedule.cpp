// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// RefreshSchedule, the value that decides when a session is refreshed: on the local clock,
// with a margin that never makes a fresh token due, backing off after failures and
// honouring Retry-After.

#include <WeChatLogin/session.h>
#include <refreshschedule_p.h>

// Qt
#include <QDateTime>
#include <QJsonObject>
#include <QTest>

using namespace WeChatLogin;
using Internal::RefreshSchedule;

namespace {

// The local clock's now, in ms since the epoch: a stored expiry further ahead of the clock
// than the lifetime counts as expired (the clock went back), so the answers "arrive" now.
const qint64 Now = QDateTime::currentMSecsSinceEpoch();

// A session whose answer arrived at receivedAtMs (0: never anchored) with this lifetime;
// the server's expires_at is serverSkewMs away from the local clock.
Session session(qint64 lifetimeSeconds, qint64 receivedAtMs, qint64 serverSkewMs = 0)
{
    Session s = Session::fromJsonObject(
        {{QStringLiteral("access_token"), QStringLiteral("a.b.c")},
         {QStringLiteral("refresh_token"), QStringLiteral("r")},
         {QStringLiteral("expires_in"), lifetimeSeconds},
         {QStringLiteral("expires_at"), (Now + serverSkewMs) / 1000 + lifetimeSeconds}});
    if (receivedAtMs)
        s.setReceivedAt(receivedAtMs);
    return s;
}

} // namespace

class tst_RefreshSchedule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dueTime_data();
    void dueTime();
    void serverClockIsIgnored();
    void backoff();
    void retryAfter();
};

void tst_RefreshSchedule::dueTime_data()
{
    QTest::addColumn<qint64>("lifetime");
    QTest::addColumn<qint64>("marginMs");
    QTest::newRow("an hour: 90 s before") << qint64(3600) << qint64(90'000);
    QTest::newRow("15 minutes: 90 s") << qint64(900) << qint64(90'000);
    QTest::newRow("10 minutes: 10%") << qint64(600) << qint64(60'000);
    QTest::newRow("6 s: 10%") << qint64(6) << qint64(600);
    QTest::newRow("1 s: 10%") << qint64(1) << qint64(100);
}

void tst_RefreshSchedule::dueTime()
{
    QFETCH(qint64, lifetime);
    QFETCH(qint64, marginMs);
    const Session s = session(lifetime, Now);
    QCOMPARE(RefreshSchedule::marginMs(s), marginMs);
    QCOMPARE(RefreshSchedule::dueAtMs(s), Now + lifetime * 1000 - marginMs);
    QVERIFY(!RefreshSchedule::isDue(s, Now)); // a fresh token is never due at once
    QVERIFY(RefreshSchedule::isDue(s, Now + lifetime * 1000 - marginMs));
    QVERIFY(!RefreshSchedule::hasExpired(s, Now + lifetime * 1000 - 1));
    QVERIFY(RefreshSchedule::hasExpired(s, Now + lifetime * 1000));
}

void tst_RefreshSchedule::serverClockIsIgnored()
{
    // The server's clock 8 h ahead or behind changes nothing once anchored...
    for (const qint64 skew : {qint64(8) * 3600 * 1000, qint64(-8) * 3600 * 1000}) {
        const Session s = session(3600, Now, skew);
        QVERIFY(RefreshSchedule::isAnchored(s));
        QCOMPARE(RefreshSchedule::dueAtMs(s), Now + 3'510'000);
        QVERIFY(!RefreshSchedule::hasExpired(s, Now + 3'599'000));
    }
    // ...and a session nobody anchored (auth-js wrote it) is due at once: one refresh
    // anchors it, whatever the clocks say.
    const Session unanchored = session(3600, 0, 2 * 3600 * 1000);
    QVERIFY(!RefreshSchedule::isAnchored(unanchored));
    QVERIFY(RefreshSchedule::isDue(unanchored, Now));
}

void tst_RefreshSchedule::backoff()
{
    const Session s = session(3600, Now);
    RefreshSchedule schedule;
    QVERIFY(!schedule.isBackingOff());
    QCOMPARE(schedule.nextAttemptMs(s), RefreshSchedule::dueAtMs(s));
    const AuthError offline(AuthError::Kind::Network, QStringLiteral("down"));
    QList<int> waits;
    for (int i = 0; i < 10; ++i) {
        schedule.failed(offline, Now);
        waits << int(schedule.nextAttemptMs(s) - Now);
    }
    QCOMPARE(waits, QList<int>({200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000}));
    schedule.retryNow(Now + 5); // the machine woke up: try at once
    QCOMPARE(schedule.nextAttemptMs(s), Now + 5);
    schedule.succeeded();
    QVERIFY(!schedule.isBackingOff());
    QCOMPARE(schedule.nextAttemptMs(s), RefreshSchedule::dueAtMs(s));
}

void tst_RefreshSchedule::retryAfter()
{
    const Session s = session(3600, Now);
    RefreshSchedule schedule;
    AuthError limited(AuthError::Kind::RateLimited, QStringLiteral("slow down"), {}, 429);
    limited.setRetryAfterSeconds(30);
    schedule.failed(limited, Now);
    QCOMPARE(schedule.nextAttemptMs(s), Now + 30'000); // longer than the back-off
    schedule.retryNow(Now + 1000); // waking up does not override the server's request
    QCOMPARE(schedule.nextAttemptMs(s), Now + 30'000);
    schedule.retryNow(Now + 31'000);
    QCOMPARE(schedule.nextAttemptMs(s), Now + 31'000);
}

QTEST_APPLESS_MAIN(tst_RefreshSchedule)
#include "tst_refreshschedule.moc"
