// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_MACHINEWATCH_P_H
#define WECHATLOGIN_MACHINEWATCH_P_H

// Qt
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace WeChatLogin::Internal {

/*
 * Tells a SessionManager that the machine changed under it: woke() after a suspend or a
 * clock change (the wall clock moved more than JumpMs against the monotonic clock, which
 * stands still while the machine sleeps), and when the network comes back
 * (QNetworkInformation, where a backend is available). Timers alone would wait out their
 * whole interval, or a backed-off retry, first.
 */
class MachineWatch : public QObject
{
    Q_OBJECT
public:
    static constexpr int CheckMs = 2000;
    static constexpr qint64 JumpMs = 3000;

    explicit MachineWatch(QObject *parent = nullptr);

    void setActive(bool active); // only while someone is signed in
    // Starts following the network (loads a QNetworkInformation backend, so only when a
    // refresh has failed: a short-lived process never pays for it).
    void watchNetwork();

Q_SIGNALS:
    void woke(const QString &why);

private:
    void check();

    QTimer m_timer;
    QElapsedTimer m_monotonic;
    qint64 m_wallAtStart = 0;
    bool m_networkWatched = false;
};

} // namespace WeChatLogin::Internal

#endif
