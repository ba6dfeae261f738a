// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionManager: access tokens, the one rotation path, and when to refresh.

#include "authlogging.h"
#include "authreply_p.h"
#include "sessionmanager.h"
#include "sessionmanager_p.h"

#include <algorithm>

namespace WeChatLogin {

using Internal::RefreshSchedule;

namespace {

// The refresh timer never sleeps longer than this, so a machine waking from suspend
// (monotonic timers stand still meanwhile) refreshes soon after even without MachineWatch.
constexpr int MaxTimerMs = 5 * 60 * 1000;

bool keychainUnreadable(const AuthError &error)
{
    return error.kind() == AuthError::Kind::KeychainLocked
           || error.kind() == AuthError::Kind::KeychainUnavailable
           || error.kind() == AuthError::Kind::KeychainError
           || error.kind() == AuthError::Kind::StoredSessionCorrupt;
}

} // namespace

// --- access tokens ------------------------------------------------------------------------

void SessionManagerPrivate::dispatchAccess(AuthReply *reply, bool strict)
{
    QPointer<AuthReply> guard(reply);
    switch (state) {
    case State::Unknown:
    case State::Restoring:
        whenRestored([this, guard, strict] {
            if (guard)
                dispatchAccess(guard, strict);
        });
        return;
    case State::SignedOut:
        // Not known because the keychain cannot be read is not "signed out".
        AuthReplyPrivate::finish(
            reply, keychainUnreadable(storageError) && !persistent ? storageError : notSignedIn());
        return;
    case State::SignedIn:
        break;
    }
    const qint64 now = nowMs();
    const bool expired = RefreshSchedule::hasExpired(session, now);
    if (!strict) {
        // Fresh enough; or still valid while a refresh cannot happen now (backing off after
        // a failure) or waits for another process's lock: callers are not made to wait for
        // an outage or a stuck peer.
        if (!RefreshSchedule::isDue(session, now)
            || (!expired
                && (schedule.isBackingOff() || (rotating && lock.isWaitingForAnotherProcess())))) {
            AuthReplyPrivate::finish(reply, AuthError(), session);
            return;
        }
        // Expired, and the last attempt failed moments ago: say so rather than spend
        // another whole request timeout on a server that just did not answer.
        if (expired && schedule.isBackingOff() && now < schedule.retryAtMs()) {
            AuthReplyPrivate::finish(reply, lastError.isError() ? lastError : notSignedIn());
            return;
        }
    }
    rotationWaiters.append([this, guard, strict](const AuthError &error) {
        if (!guard)
            return;
        const bool usable =
            state == State::SignedIn && session.isValid()
            && (strict ? !error.isError() : !RefreshSchedule::hasExpired(session, nowMs()));
        if (usable)
            AuthReplyPrivate::finish(guard, AuthError(), session);
        else
            AuthReplyPrivate::finish(guard, error.isError() ? error : notSignedIn());
    });
    // A token that still works is handed out rather than waiting for another process's
    // rotation (which may be stuck); an expired one waits, within the lock's bound.
    rotate(strict, strict || expired);
}

AuthReply *SessionManager::accessToken()
{
    Q_D(SessionManager);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::AccessToken, this);
    d->dispatchAccess(reply, false);
    return reply;
}

void SessionManager::withAccessToken(
    QObject *context,
    const std::function<void(const QString &token, const AuthError &error)> &callback)
{
    AuthReplyPrivate::onFinished(
        accessToken(), context ? context : this, [callback](AuthReply *reply) {
            callback(reply->error().isError() ? QString() : reply->session().accessToken(),
                     reply->error());
        });
}

AuthReply *SessionManager::refresh()
{
    Q_D(SessionManager);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::Refresh, this);
    d->dispatchAccess(reply, true);
    return reply;
}

// --- rotation -----------------------------------------------------------------------------

// A stored session another process rotated: a different refresh token, issued no earlier
// than ours. Issue times come from the same server's clock (the access token's iat), so
// they compare where local expiries written by different clients might not.
bool SessionManagerPrivate::adoptable(const Session &stored) const
{
    if (!stored.isValid() || stored.refreshToken() == session.refreshToken())
        return false;
    const qint64 storedIat = stored.claims().value(QStringLiteral("iat")).toInteger();
    const qint64 ownIat = session.claims().value(QStringLiteral("iat")).toInteger();
    if (storedIat > 0 && ownIat > 0 && storedIat != ownIat)
        return storedIat > ownIat;
    // Issued in the same second: the one received later (both on this machine's clock).
    return stored.localExpiresAtMs() >= session.localExpiresAtMs();
}

void SessionManagerPrivate::adopt(const Session &stored)
{
    const bool sameUser = stored.userId() == session.userId();
    qCInfo(lcSession) << "adopting the session another process stored";
    session = stored;
    schedule.succeeded();
    lastError = AuthError();
    setOffline(false);
    if (state == State::Restoring)
        return; // reported by initialSession()
    reschedule();
    Q_EMIT q->sessionChanged();
    if (sameUser)
        Q_EMIT q->tokenRefreshed(session);
    else
        Q_EMIT q->signedIn(session);
}

void SessionManagerPrivate::rotate(bool force, bool waitForLock)
{
    if (rotating)
        return; // single flight: the waiter shares the rotation under way
    rotating = true;
    const quint64 gen = generation;
    lock.acquire(
        [this, gen, force](const HoldPtr &hold) {
            if (!hold) {
                qCInfo(lcSession) << "another process is refreshing; the current token works";
                return finishRotation(AuthError());
            }
            rotateLocked(gen, force, hold);
        },
        waitForLock ? Internal::RefreshLock::Wait::ForOthers
                    : Internal::RefreshLock::Wait::NotForOthers);
}

void SessionManagerPrivate::rotateLocked(quint64 gen, bool force, const HoldPtr &hold)
{
    if (gen != generation)
        return finishRotation(AuthError());
    // Another process may have rotated while we waited: look before spending a token.
    readStored([this, gen, force, hold](const AuthError &error, const Session &stored) {
        if (gen != generation)
            return finishRotation(AuthError());
        if (!error.isError() && !stored.isValid() && persistent && !goneMeansSignedOut()) {
            keepMissingEntry(); // and the rotation goes on below
        } else if (!error.isError() && !stored.isValid() && persistent) {
            // The entry is gone and the keychain says so (a locked one cannot say "gone").
            return signOutLocally(
                Reason::SignedOutElsewhere,
                AuthError(AuthError::Kind::NotAuthenticated,
                          QStringLiteral("another process of this app signed out")),
                false);
        }
        if (!error.isError() && adoptable(stored)) {
            adopt(stored);
            return finishRotation(AuthError());
        }
        // A keychain that cannot be read now is no reason to stop: refresh what this process
        // holds, and store it when the keychain takes it again.
        if (!force && !RefreshSchedule::isDue(session, nowMs())) {
            schedule.succeeded();
            reschedule();
            return finishRotation(AuthError());
        }
        // The keychain cannot be read, so it cannot say whether another process rotated
        // since this one's session: only the record beside the lock can. A token that is not
        // the latest is retired, and using it would get the whole family revoked: wait.
        // (The record names its session: one of another sign-in, or of an earlier run, says
        // nothing about this one.)
        const QList<QByteArray> latest = lock.latest().split(' ');
        const bool unread = error.isError() || !stored.isValid(); // or locked, saying "none"
        if (unread && latest.size() == 2 && latest.at(0) == signOutKey(session)
            && latest.at(1) != tokenKey(session.refreshToken())) {
            qCInfo(lcSession) << "the keychain cannot be read and another process rotated "
                                 "since: waiting for the keychain";
            const AuthError why =
                error.isError() ? error
                                : AuthError(AuthError::Kind::KeychainUnavailable,
                                            QStringLiteral("the stored session cannot be found"));
            lastError = why;
            schedule.failed(why, nowMs());
            reschedule();
            return finishRotation(why);
        }
        // Another process rotated and could not store the result: what we hold (and the
        // keychain) is a retired refresh token, which would get the family revoked.
        if (lock.isUnsavedElsewhere()) {
            qCInfo(lcSession) << "another process holds a newer session, not saved yet";
            return finishRotation(AuthError(
                AuthError::Kind::UnsavedElsewhere,
                QStringLiteral("another process holds a newer session the keychain has not "
                               "taken yet")));
        }
        sendRefresh(gen, hold);
    });
}

void SessionManagerPrivate::sendRefresh(quint64 gen, const HoldPtr &hold)
{
    qCInfo(lcSession) << "refreshing the session";
    AuthReplyPrivate::onFinished(
        client->refreshSession(session.refreshToken()), q, [this, gen, hold](AuthReply *reply) {
            if (gen != generation)
                return finishRotation(AuthError());
            const AuthError error = reply->error();
            if (error.endsSession())
                return refreshRefused(gen, hold, error);
            if (error.isError()) {
                // Anything but GoTrue's own word is transient: keep the session, back off.
                lastError = error;
                schedule.failed(error, nowMs());
                setOffline(true);
                qCInfo(lcSession).noquote()
                    << "refresh failed, retrying in" << schedule.retryAtMs() - nowMs()
                    << "ms:" << error.toString();
                reschedule();
                return finishRotation(error);
            }
            Session fresh = reply->session();
            if (fresh.user().isEmpty())
                fresh.setUser(session.user());
            // Recorded before anything can fail: the session's key and the new token's.
            lock.setLatest(signOutKey(fresh) + ' ' + tokenKey(fresh.refreshToken()));
            // Stored before the lock is let go, so the next process finds it; a keychain that
            // cannot take it now keeps it in memory (and writeStored() tries again later),
            // and the other processes are told not to rotate the retired one meanwhile.
            writeStored(fresh, [this, gen, hold, fresh](const AuthError &stored) {
                if (stored.isError())
                    setUnsavedRotation(true);
                if (gen != generation)
                    return finishRotation(AuthError());
                session = fresh;
                schedule.succeeded();
                lastError = AuthError();
                setOffline(false);
                if (state != State::Restoring) {
                    reschedule();
                    Q_EMIT q->sessionChanged();
                    Q_EMIT q->tokenRefreshed(session);
                }
                finishRotation(AuthError());
            });
        });
}

void SessionManagerPrivate::refreshRefused(quint64 gen, const HoldPtr &hold, const AuthError &error)
{
    // "Already used" and friends: maybe another process rotated without us seeing it.
    readStored([this, gen, hold, error](const AuthError &readError, const Session &stored) {
        if (gen != generation)
            return finishRotation(AuthError());
        if (!readError.isError() && stored.isValid()
            && stored.refreshToken() != session.refreshToken()) {
            adopt(stored);
            return finishRotation(AuthError());
        }
        const bool goneElsewhere = !readError.isError() && !stored.isValid() && persistent;
        const Reason reason = goneElsewhere ? Reason::SignedOutElsewhere : reasonFor(error);
        qCInfo(lcSession).noquote() << "the server ended the session:" << error.toString();
        removeStored([this, hold, reason, error](const AuthError &) {
            signOutLocally(reason, error, false);
        });
    });
}

void SessionManagerPrivate::finishRotation(const AuthError &error)
{
    rotating = false;
    for (const auto &waiter : std::exchange(rotationWaiters, {}))
        waiter(error);
}

// --- when to refresh ----------------------------------------------------------------------

void SessionManagerPrivate::reschedule()
{
    refreshTimer->stop();
    QDateTime when;
    if (state == State::SignedIn && session.isValid()) {
        const qint64 at = schedule.nextAttemptMs(session);
        refreshTimer->start(int(std::clamp<qint64>(at - nowMs(), 0, MaxTimerMs)));
        when = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC);
    }
    if (when != nextRefresh) {
        nextRefresh = when;
        Q_EMIT q->nextRefreshChanged(when);
    }
}

void SessionManagerPrivate::onRefreshTimer()
{
    if (state != State::SignedIn || !session.isValid())
        return;
    if (nowMs() < schedule.nextAttemptMs(session))
        return reschedule(); // woke early (the timer's cap)
    // A retry after a failure tries again whatever the expiry, until the server answers:
    // that is what ends "offline".
    rotate(schedule.isBackingOff());
}

void SessionManagerPrivate::onMachineWoke(const QString &why)
{
    if (state != State::SignedIn)
        return;
    qCInfo(lcSession).noquote() << "the machine changed (" << why << "): looking again now";
    schedule.retryNow(nowMs());
    reschedule(); // a due refresh fires at once
}

} // namespace WeChatLogin
