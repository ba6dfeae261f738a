// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "refreshschedule_p.h"

#include <algorithm>

namespace WeChatLogin::Internal {

qint64 RefreshSchedule::marginMs(const Session &session)
{
    const qint64 lifetimeSeconds = session.lifetime() > 0 ? session.lifetime() : 3600;
    return std::min<qint64>(MarginMs, lifetimeSeconds * 100); // 10% of the lifetime
}

bool RefreshSchedule::isAnchored(const Session &session)
{
    return session.hasLocalExpiry();
}

qint64 RefreshSchedule::dueAtMs(const Session &session)
{
    if (!isAnchored(session))
        return 0; // judged by the server's clock until one refresh anchors it
    return session.localExpiresAtMs() - marginMs(session);
}

bool RefreshSchedule::isDue(const Session &session, qint64 nowMs)
{
    return nowMs >= dueAtMs(session);
}

bool RefreshSchedule::hasExpired(const Session &session, qint64 nowMs)
{
    return nowMs >= session.localExpiresAtMs();
}

void RefreshSchedule::failed(const AuthError &error, qint64 nowMs)
{
    m_backoffMs = m_backoffMs == 0 ? InitialBackoffMs : std::min(m_backoffMs * 2, MaxBackoffMs);
    const qint64 asked = qint64(error.retryAfterSeconds()) * 1000;
    m_retryAtMs = nowMs + std::max<qint64>(m_backoffMs, asked);
    m_serverAskedUntilMs = asked > 0 ? nowMs + asked : 0;
    m_lastFailureMs = nowMs;
}

void RefreshSchedule::succeeded()
{
    m_backoffMs = 0;
    m_retryAtMs = 0;
    m_serverAskedUntilMs = 0;
}

void RefreshSchedule::retryNow(qint64 nowMs)
{
    if (m_backoffMs > 0)
        m_retryAtMs = std::max(nowMs, m_serverAskedUntilMs);
}

qint64 RefreshSchedule::nextAttemptMs(const Session &session) const
{
    return m_backoffMs > 0 ? m_retryAtMs : dueAtMs(session);
}

} // namespace WeChatLogin::Internal
