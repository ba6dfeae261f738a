// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_REFRESHSCHEDULE_P_H
#define WECHATLOGIN_REFRESHSCHEDULE_P_H

#include "autherror.h"
#include "session.h"

namespace WeChatLogin::Internal {

/*
 * When to refresh, as a value (no timers, no server): all times are the local clock in
 * ms since the epoch, and expiry is the session's local expiry (Session::localExpiresAtMs():
 * the local time the answer arrived plus its lifetime), never the server's expires_at.
 *
 * - A session is due marginMs() before it expires: 90 s, or 10% of the lifetime for
 *   tokens living less than 15 minutes, so a fresh token is never due at once.
 * - A session whose local expiry was never recorded (stored by auth-js or an earlier
 *   version) is due at once: one refresh anchors it to this machine's clock.
 * - After a failure the next attempt backs off from 200 ms, doubling up to 30 s, or waits
 *   what the server's Retry-After asked when that is longer (at most an hour).
 */
class RefreshSchedule
{
public:
    static constexpr qint64 MarginMs = 90'000;
    static constexpr int InitialBackoffMs = 200;
    static constexpr int MaxBackoffMs = 30'000;

    static qint64 marginMs(const Session &session);
    static qint64 dueAtMs(const Session &session);
    static bool isDue(const Session &session, qint64 nowMs);
    static bool hasExpired(const Session &session, qint64 nowMs);
    static bool isAnchored(const Session &session);

    bool isBackingOff() const { return m_backoffMs > 0; }
    int backoffMs() const { return m_backoffMs; }
    qint64 retryAtMs() const { return m_retryAtMs; }
    qint64 lastFailureMs() const { return m_lastFailureMs; }

    void failed(const AuthError &error, qint64 nowMs);
    void succeeded();
    // The machine woke up or the network came back: the next attempt need not wait, but
    // for what the server asked (Retry-After).
    void retryNow(qint64 nowMs);
    // When the next attempt should start: the retry time while backing off, else the due time.
    qint64 nextAttemptMs(const Session &session) const;

private:
    int m_backoffMs = 0; // 0: not backing off
    qint64 m_retryAtMs = 0;
    qint64 m_lastFailureMs = 0;
    qint64 m_serverAskedUntilMs = 0;
};

} // namespace WeChatLogin::Internal

#endif
