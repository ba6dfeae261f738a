// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "signinflows_p.h"

namespace WeChatLogin {

void SignInFlows::begin(const QString &verifier)
{
    retire();
    m_active = true;
    m_verifier = verifier;
}

void SignInFlows::learnState(const QString &state)
{
    if (isActive() && m_state.isEmpty() && !state.isEmpty() && !m_superseded.contains(state))
        m_state = state;
}

void SignInFlows::end()
{
    retire();
}

void SignInFlows::retire()
{
    if (!m_state.isEmpty()) {
        m_superseded.append(m_state);
        while (m_superseded.size() > RememberedFlows)
            m_superseded.removeFirst();
    }
    m_active = false;
    m_verifier.clear();
    m_state.clear();
}

SignInFlows::Match SignInFlows::match(const QString &state) const
{
    if (isActive() && !m_state.isEmpty() && state == m_state)
        return Match::Current;
    if (!state.isEmpty() && m_superseded.contains(state))
        return Match::Superseded;
    if (isActive() && m_state.isEmpty())
        return Match::NotLearned;
    return Match::Unknown;
}

} // namespace WeChatLogin
