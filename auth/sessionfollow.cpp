// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionManager following the other processes of the app through the keychain: the
// Secret Service's item signals (or a slow poll where there are none) make it read the
// entry again, and what another process stored becomes this one's events.

#include "authlogging.h"
#include "secretservice_p.h"
#include "sessionfollow_p.h"
#include "sessionmanager_p.h"

namespace WeChatLogin {

namespace Internal {

KeychainSignals::KeychainSignals(QObject *parent)
    : QObject(parent)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(SettleMs);
    connect(&m_settle, &QTimer::timeout, this, &KeychainSignals::changed);
    m_poll.setInterval(PollMs);
    connect(&m_poll, &QTimer::timeout, this, &KeychainSignals::changed);
    m_watch = new SecretService::ItemWatch(this);
    // A write is several D-Bus calls (and a chunked session several items): one read after
    // they settle.
    connect(m_watch, &SecretService::ItemWatch::itemsChanged, &m_settle,
            qOverload<>(&QTimer::start));
    m_poll.start();
}

QStringList KeychainSignals::collections() const
{
    return m_watch->collections();
}

} // namespace Internal

void SessionManager::setFollowsOtherProcesses(bool follow)
{
    Q_D(SessionManager);
    if (follow == bool(d->follower))
        return;
    if (!follow) {
        delete d->follower;
        d->follower = nullptr;
        return;
    }
    d->follower = new Internal::KeychainSignals(this);
    connect(d->follower, &Internal::KeychainSignals::changed, this, [d] { d->follow(); });
}

bool SessionManager::followsOtherProcesses() const
{
    return d_ptr->follower != nullptr;
}

void SessionManager::reload()
{
    d_ptr->follow();
}

void SessionManagerPrivate::follow()
{
    if (state == State::Unknown || state == State::Restoring)
        return; // restore() reads it anyway
    const quint64 gen = generation;
    readStored([this, gen](const AuthError &error, const Session &stored) {
        if (gen != generation || state == State::Restoring)
            return;
        if (keychainUnusable(error))
            return setPersistent(false, error);
        if (error.isError())
            return; // an unreadable entry: the next write replaces it
        if (!stored.isValid()) {
            if (state == State::SignedIn && !goneMeansSignedOut())
                return keepMissingEntry(); // gone, or locked and unable to say so
            if (state == State::SignedIn && persistent) {
                // The entry is gone and the keychain says so: signed out elsewhere.
                return signOutLocally(
                    Reason::SignedOutElsewhere,
                    AuthError(AuthError::Kind::NotAuthenticated,
                              QStringLiteral("another process of this app signed out")),
                    false);
            }
            return setPersistent(true, AuthError());
        }
        setPersistent(true, AuthError());
        if (state == State::SignedOut) {
            qCInfo(lcSession) << "another process of this app signed in";
            ++generation;
            session = stored;
            lastError = AuthError();
            setState(State::SignedIn);
            reschedule();
            Q_EMIT q->sessionChanged();
            Q_EMIT q->signedIn(session);
            return;
        }
        if (stored.toJson() == session.toJson())
            return;
        if (stored.accessToken() == session.accessToken()
            && stored.refreshToken() == session.refreshToken()) {
            session = stored; // the same tokens, a new profile
            Q_EMIT q->sessionChanged();
            Q_EMIT q->userUpdated(session);
            return;
        }
        if (adoptable(stored))
            adopt(stored);
    });
}

} // namespace WeChatLogin
