// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_SESSIONMANAGER_P_H
#define WECHATLOGIN_SESSIONMANAGER_P_H

#include "machinewatch_p.h"
#include "refreshlock_p.h"
#include "refreshschedule_p.h"
#include "sessionfollow_p.h"
#include "sessionmanager.h"

// Qt
#include <QPointer>
#include <QTimer>

#include <functional>

namespace WeChatLogin {

/*
 * The guarantees, and where they live:
 * - only GoTrue's own word ends a session (AuthError::endsSession(), rotate());
 * - expiry is judged on the local clock (Internal::RefreshSchedule);
 * - a rotation stores before it lets another process in, under a lock released on every
 *   path (Internal::RefreshLock); nobody waits for a hung holder longer than its bound;
 * - an unreadable or unwritable keychain is never a sign-out (readStored(), writeStored():
 *   the session is kept in memory and the write retried);
 * - the machine waking up or the network coming back retries at once (MachineWatch).
 * sessionmanager.cpp: the public API, restore and the keychain; sessionrefresh.cpp:
 * access tokens, rotation and scheduling; sessionsignout.cpp: sign-out and the profile.
 */
// The keychain cannot be used now (locked, not answering, refusing): nothing is known about
// what it holds.
inline bool keychainUnusable(const AuthError &error)
{
    return error.kind() == AuthError::Kind::KeychainLocked
           || error.kind() == AuthError::Kind::KeychainUnavailable
           || error.kind() == AuthError::Kind::KeychainError;
}

class SessionManagerPrivate
{
public:
    using State = SessionManager::State;
    using Reason = SessionManager::SignOutReason;
    using HoldPtr = Internal::RefreshLock::HoldPtr;
    using StoredFn = std::function<void(const AuthError &error, const Session &stored)>;
    using DoneFn = std::function<void(const AuthError &error)>;

    explicit SessionManagerPrivate(SessionManager *manager);

    SessionManager *q;
    AuthClient *client = nullptr;
    SessionStore *store = nullptr;

    State state = State::Unknown;
    Session session;
    bool persistent = true;
    AuthError storageError;
    bool offline = false;
    AuthError lastError;
    QDateTime nextRefresh;
    Internal::RefreshSchedule schedule;
    // Bumped whenever the session is replaced or dropped: work begun for an older session
    // finds it changed and stops.
    quint64 generation = 0;

    QTimer *refreshTimer = nullptr;
    Internal::RefreshLock lock;
    Internal::MachineWatch *machine = nullptr;
    bool rotating = false;
    QList<DoneFn> rotationWaiters;
    QList<QPointer<AuthReply>> restoreReplies;
    QList<std::function<void()>> afterRestore;

    // A session the keychain could not take (locked, not answering) is written again.
    QTimer *storeRetry = nullptr;
    int storeRetryMs = 0;
    // This process rotated and the keychain has not taken the result: the lock's marker
    // says so to the other processes until it has.
    bool unsavedRotation = false;
    void setUnsavedRotation(bool unsaved);
    // A keychain that could not be read at restore is read again until it can be.
    QTimer *keychainPoll = nullptr;
    int keychainPollMs = 0;

    static qint64 nowMs();
    QString defaultLockPath() const;

    // sessionmanager.cpp: state and the keychain
    void readStored(const StoredFn &done);
    // Stores value; a keychain that cannot take it now keeps it in memory and retries.
    void writeStored(const Session &value, const DoneFn &done);
    void removeStored(const DoneFn &done);
    void retryStore();
    void pollKeychain();
    void setPersistent(bool value, const AuthError &error);
    void setOffline(bool value);
    void setState(State value);
    void restoreRead(const AuthError &error, const Session &stored);
    void restoreFinished(const AuthError &error);
    void whenRestored(std::function<void()> then);

    // sessionrefresh.cpp: access, rotation, schedule
    void dispatchAccess(AuthReply *reply, bool strict);
    bool adoptable(const Session &stored) const;
    // The stored entry is missing while this process holds a session: a sign-out elsewhere,
    // unless the keychain cannot tell "gone" from "locked" (no Secret Service: qtkeychain's
    // backends say "not found" for both) and no process of this app left its tombstone.
    bool goneMeansSignedOut() const;
    // Not a sign-out: the session is kept, not persistent, and written again (retryStore()).
    void keepMissingEntry();
    static QByteArray signOutKey(const Session &session);    // the session's, rotation-proof
    static QByteArray tokenKey(const QString &refreshToken); // a hash, never the token
    void adopt(const Session &stored);
    // The one rotation path: lock, look at the keychain, refresh if still needed, store,
    // release. waitForLock false: when another process holds the lock, do nothing.
    void rotate(bool force, bool waitForLock = true);
    void rotateLocked(quint64 gen, bool force, const HoldPtr &hold);
    void sendRefresh(quint64 gen, const HoldPtr &hold);
    void refreshRefused(quint64 gen, const HoldPtr &hold, const AuthError &error);
    void finishRotation(const AuthError &error);
    void reschedule();
    void onRefreshTimer();
    void onMachineWoke(const QString &why);

    // sessionfollow.cpp: what other processes of the app stored
    Internal::KeychainSignals *follower = nullptr;
    void follow();

    // sessionsignout.cpp
    void signOutLocally(Reason reason, const AuthError &error, bool removeEntry,
                        const DoneFn &removed = {});
    void tellServer(const Session &ended, AuthClient::SignOutScope scope, const DoneFn &done);
    void logout(const QString &accessToken, AuthClient::SignOutScope scope, bool mayRefresh,
                const Session &ended, const DoneFn &done);
    void storeProfile(AuthReply *reply, quint64 gen, AuthReply *user);

    static Reason reasonFor(const AuthError &error);
    static AuthError notSignedIn();
};

} // namespace WeChatLogin

#endif
