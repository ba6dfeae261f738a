// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_INTERRUPTWATCH_H
#define WECHATLOGIN_APP_INTERRUPTWATCH_H

// Qt
#include <QObject>

#include <memory>

class QSocketNotifier;

namespace WeChatLogin {

/*
 * Ctrl-C (SIGINT) and SIGTERM, turned into a signal of the event loop (a self-pipe), for a
 * verb that runs until interrupted or must end cleanly when it is (watch, sign-in
 * --browser). While one exists, the signals no longer end the process by themselves; the
 * previous handlers come back when it is destroyed.
 */
class InterruptWatch : public QObject
{
    Q_OBJECT
public:
    explicit InterruptWatch(QObject *parent = nullptr);
    ~InterruptWatch() override;

Q_SIGNALS:
    void interrupted();

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace WeChatLogin

#endif
