// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTREPLY_H
#define WECHATLOGIN_TESTS_TESTREPLY_H

#include <WeChatLogin/authclient.h>

// Qt
#include <QCoreApplication>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

namespace WeChatLogin::Test {

// The reply, kept after it finishes so that a test can read it afterwards (replies delete
// themselves by default); the test deletes it.
inline AuthReply *kept(AuthReply *reply)
{
    reply->setAutoDelete(false);
    return reply;
}

// Waits for a reply that was just created and checks that finished() came exactly once.
// A reply that deletes itself (the default) may be gone by the time this returns: it is
// only ever deleted after it finished, so gone counts as finished.
inline bool waitForReply(AuthReply *reply, int timeoutMs = 20000)
{
    const QPointer<AuthReply> alive(reply);
    QSignalSpy finished(reply, &AuthReply::finished);
    if (!QTest::qWaitFor([&] { return finished.count() > 0; }, timeoutMs))
        return false;
    QCoreApplication::processEvents(); // a second emission would be queued by now
    return finished.count() == 1 && (alive.isNull() || alive->isFinished());
}

} // namespace WeChatLogin::Test

#endif
