// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "interruptwatch.h"

// Qt
#include <QSocketNotifier>

#include <csignal>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace WeChatLogin {

namespace {
#ifdef Q_OS_UNIX
int interruptPipe[2] = {-1, -1};
struct sigaction previousInt = {}, previousTerm = {};

extern "C" void onInterrupt(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(interruptPipe[0], &byte, 1);
}
#endif
} // namespace

InterruptWatch::InterruptWatch(QObject *parent)
    : QObject(parent)
{
#ifdef Q_OS_UNIX
    if (interruptPipe[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM, 0, interruptPipe) != 0)
        return; // one at a time
    m_notifier = std::make_unique<QSocketNotifier>(interruptPipe[1], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        [[maybe_unused]] const auto read = ::read(interruptPipe[1], &byte, 1);
        Q_EMIT interrupted();
    });
    struct sigaction action = {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &previousInt);
    sigaction(SIGTERM, &action, &previousTerm);
#endif
}

InterruptWatch::~InterruptWatch()
{
#ifdef Q_OS_UNIX
    if (!m_notifier)
        return;
    sigaction(SIGINT, &previousInt, nullptr);
    sigaction(SIGTERM, &previousTerm, nullptr);
    m_notifier.reset();
    ::close(interruptPipe[0]);
    ::close(interruptPipe[1]);
    interruptPipe[0] = interruptPipe[1] = -1;
#endif
}

} // namespace WeChatLogin
