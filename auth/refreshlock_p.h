// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_REFRESHLOCK_P_H
#define WECHATLOGIN_REFRESHLOCK_P_H

// Qt
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace WeChatLogin::Internal {

/*
 * The lock every process using one keychain entry takes around a rotation: flock() on a
 * file of this user, and first come, first served within the process. acquire() hands the
 * body a Hold; the lock is released when the last copy of the Hold goes away, on every path
 * (RAII), so an async chain that captures it keeps the lock exactly as long as it runs.
 *
 * Waiting is bounded. A holder that ended is no holder (the kernel lets go), whatever the
 * file says; but nothing can take the lock from a live holder that is stopped (Ctrl-Z,
 * SIGSTOP, a debugger): after waitMs() the body runs anyway with a Hold whose timedOut()
 * is true, and the caller re-reads the keychain and goes on. That is safe because GoTrue
 * answers a reused parent refresh token with the active child. A caller that need not
 * wait at all (a token that still works) asks Wait::NotForOthers and gets a null Hold
 * instead. A path that cannot be a lock (a directory, a symlink, another user's file, an
 * unusable directory) is never waited on: the body runs, coordinated only in-process.
 *
 * Beside the lock, a process whose rotation the keychain did not take says so (its PID and
 * start time, in PATH.unsaved): others then leave the retired refresh token the keychain
 * still holds alone until it is stored.
 */
class WECHATLOGIN_AUTH_EXPORT RefreshLock
{
public:
    class Hold
    {
    public:
        ~Hold();
        bool ownsFile() const { return m_ownsFile; }
        bool timedOut() const { return m_timedOut; }

    private:
        friend class RefreshLock;
        struct State;
        Hold(std::weak_ptr<State> state, bool ownsFile, bool timedOut);
        Q_DISABLE_COPY(Hold)
        std::weak_ptr<State> m_state;
        bool m_ownsFile;
        bool m_timedOut;
    };
    using HoldPtr = std::shared_ptr<Hold>;
    using Body = std::function<void(const HoldPtr &hold)>;

    static constexpr int DefaultWaitMs = 10000;
    static constexpr int PollMs = 10;

    explicit RefreshLock(QObject *context);
    ~RefreshLock();

    QString path() const;
    void setPath(const QString &path); // ignored while held
    int waitMs() const;
    void setWaitMs(int ms);
    bool isHeld() const; // by this process
    // Whether a waiter is queued because another process holds the file.
    bool isWaitingForAnotherProcess() const;

    enum class Wait {
        ForOthers,   // wait for another process's holder (up to waitMs())
        NotForOthers // if another process holds it, run body at once with a null Hold
    };
    // Runs body once the lock is held (or waitMs() has passed); queued behind earlier
    // acquire() calls of this process, which are always waited for.
    void acquire(Body body, Wait wait = Wait::ForOthers);

    // This process holds a rotation the keychain has not taken (true) or has now (false).
    void setUnsavedRotation(bool unsaved);
    // Another running process holds one: its newer session is not in the keychain yet. A
    // marker left by a process that has ended is removed.
    bool isUnsavedElsewhere() const;
    // A sign-out's tombstone beside the lock ("<lock>.signedout"): the key of the session a
    // process of this app signed out ("*": whatever was stored). Where the keychain cannot
    // tell "locked" from "gone" (no Secret Service), only this makes a missing entry a
    // sign-out elsewhere.
    void markSignedOut(const QByteArray &sessionKey);
    bool wasSignedOut(const QByteArray &sessionKey) const;
    // The latest rotation of any process of this app ("<lock>.latest": the session's key and
    // a hash of the refresh token it got), kept beside the lock whatever the keychain does: a
    // process that cannot read the keychain refreshes only with the latest token of its
    // session, never a retired one (whose reuse gets the whole family revoked). Empty: not
    // known.
    void setLatest(const QByteArray &record);
    QByteArray latest() const;

private:
    Q_DISABLE_COPY(RefreshLock)
    std::shared_ptr<Hold::State> m_state;
};

} // namespace WeChatLogin::Internal

#endif
