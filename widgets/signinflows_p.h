// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_SIGNINFLOWS_P_H
#define WECHATLOGIN_SIGNINFLOWS_P_H

// Qt
#include <QString>
#include <QStringList>

namespace WeChatLogin {

/*
 * The widget's sign-in flows, one at a time, each with its own PKCE verifier and the
 * `state` GoTrue gave WeChat for it. A renewal starts a new flow: the old verifier is
 * dropped at once (no verifier outlives its flow) and only the old state is remembered,
 * so a late callback of the superseded flow is recognised and refused locally instead of
 * consuming the current verifier. A value type, no web engine.
 */
class SignInFlows
{
public:
    enum class Match {
        Current,    // the current flow's callback
        Superseded, // a flow this widget renewed away: its QR has expired
        Unknown,    // no flow of this widget
        NotLearned, // the current flow's state is not known yet: cannot tell
    };

    // A new flow with this verifier; the current one, if any, is superseded.
    void begin(const QString &verifier);
    // The current flow's state, as GoTrue sent it to WeChat; the first one learned stays.
    void learnState(const QString &state);
    // Ends the current flow (signed in, cancelled, given up): its verifier is dropped.
    void end();

    bool isActive() const { return m_active; }
    QString verifier() const { return m_verifier; }
    QString state() const { return m_state; }
    Match match(const QString &state) const;

    static constexpr int RememberedFlows = 16;

private:
    void retire();

    bool m_active = false;
    QString m_verifier; // empty for the implicit flow
    QString m_state;
    QStringList m_superseded; // newest last, at most RememberedFlows
};

} // namespace WeChatLogin

#endif
