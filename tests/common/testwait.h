// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTWAIT_H
#define WECHATLOGIN_TESTS_TESTWAIT_H

// Qt
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <functional>

namespace WeChatLogin::Test {

// Runs the event loop until done() or timeoutMs, without sleeping: QTest::qWaitFor sleeps
// 10 ms between rounds, which the benchmarks would measure (~10 ms per keychain D-Bus
// step). A 100 ms tick wakes the loop to re-check the deadline.
inline bool waitWithoutSleeping(const std::function<bool()> &done, int timeoutMs = 30000)
{
    QTimer tick;
    tick.start(100);
    QElapsedTimer elapsed;
    elapsed.start();
    while (!done()) {
        if (elapsed.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

} // namespace WeChatLogin::Test

#endif
