// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionManager: signing out (here, and telling the server honestly) and the profile.

#include "authlogging.h"
#include "authreply_p.h"
#include "secretservice_p.h"
#include "sessionmanager.h"
#include "sessionmanager_p.h"

// Qt
#include <QCryptographicHash>

namespace WeChatLogin {

using Internal::RefreshSchedule;

namespace {

// GoTrue itself said the session is already gone: as good as a confirmed logout. A bare
// 401/403/404 from something in front of it proves nothing.
bool serverSaysGone(const AuthError &error)
{
    return error.kind() == AuthError::Kind::SessionNotFound
           || error.kind() == AuthError::Kind::RefreshTokenNotFound;
}

// The access token expired (GoTrue's bad_jwt): refresh, then log out.
bool accessTokenRejected(const AuthError &error)
{
    return error.kind() == AuthError::Kind::NotAuthenticated
           && error.serverCode() == QLatin1String("bad_jwt");
}

} // namespace

void SessionManagerPrivate::signOutLocally(Reason reason, const AuthError &error, bool removeEntry,
                                           const DoneFn &removed)
{
    ++generation;
    const bool restoring = state == State::Restoring;
    const bool wasSignedIn = session.isValid();
    if (removeEntry) // the other processes follow this sign-out, whatever their keychain says
        lock.markSignedOut(wasSignedIn ? signOutKey(session) : QByteArrayLiteral("*"));
    session = Session();
    schedule.succeeded();
    storeRetry->stop();
    setUnsavedRotation(false);
    if (error.isError())
        lastError = error;
    if (restoring) {
        restoreFinished(error); // reported as the initial state: signed out
    } else {
        setState(State::SignedOut);
        reschedule();
        if (wasSignedIn) {
            Q_EMIT q->sessionChanged();
            Q_EMIT q->signedOut(reason, error);
        }
    }
    finishRotation(error); // work under way finds a new generation and stops
    if (!removeEntry) {
        if (removed)
            removed(AuthError());
        return;
    }
    lock.acquire([this, removed](const HoldPtr &hold) {
        removeStored([hold, removed](const AuthError &removeError) {
            if (removed)
                removed(removeError);
        });
    });
}

void SessionManagerPrivate::tellServer(const Session &ended, AuthClient::SignOutScope scope,
                                       const DoneFn &done)
{
    if (!RefreshSchedule::hasExpired(ended, nowMs()))
        return logout(ended.accessToken(), scope, true, ended, done);
    // An expired access token cannot sign out: refresh first (as auth-js does).
    AuthReplyPrivate::onFinished(client->refreshSession(ended.refreshToken()), q,
                                 [this, scope, ended, done](AuthReply *reply) {
                                     const AuthError error = reply->error();
                                     if (!error.isError())
                                         return logout(reply->session().accessToken(), scope, false,
                                                       ended, done);
                                     done(serverSaysGone(error) ? AuthError() : error);
                                 });
}

void SessionManagerPrivate::logout(const QString &accessToken, AuthClient::SignOutScope scope,
                                   bool mayRefresh, const Session &ended, const DoneFn &done)
{
    AuthReplyPrivate::onFinished(
        client->signOut(accessToken, scope), q,
        [this, scope, mayRefresh, ended, done](AuthReply *reply) {
            const AuthError error = reply->error();
            if (!error.isError() || serverSaysGone(error))
                return done(AuthError());
            // The server's clock says the token expired where ours did not: refresh once.
            if (mayRefresh && accessTokenRejected(error)) {
                return AuthReplyPrivate::onFinished(
                    client->refreshSession(ended.refreshToken()), q,
                    [this, scope, ended, done](AuthReply *refreshed) {
                        const AuthError refreshError = refreshed->error();
                        if (refreshError.isError())
                            return done(serverSaysGone(refreshError) ? AuthError() : refreshError);
                        logout(refreshed->session().accessToken(), scope, false, ended, done);
                    });
            }
            done(error);
        });
}

AuthReply *SessionManager::signOut(AuthClient::SignOutScope scope)
{
    Q_D(SessionManager);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::SignOut, this);
    const QPointer<AuthReply> guard(reply);
    if (scope == AuthClient::SignOutScope::Others) {
        withAccessToken(this, [d, guard](const QString &token, const AuthError &error) {
            if (error.isError())
                return AuthReplyPrivate::finish(guard, error);
            d->logout(token, AuthClient::SignOutScope::Others, true, d->session,
                      [guard](const AuthError &logoutError) {
                          if (guard)
                              AuthReplyPrivate::finish(guard, logoutError);
                      });
        });
        return reply;
    }
    if (d->state == State::Unknown || d->state == State::Restoring) {
        // Sign out what is stored, even before anything was restored.
        d->whenRestored([this, guard, scope] {
            AuthReplyPrivate::onFinished(signOut(scope), this, [guard](AuthReply *inner) {
                if (guard)
                    AuthReplyPrivate::finish(guard, inner->error());
            });
        });
        return reply;
    }
    if (d->state == State::SignedOut) {
        // Nothing usable in memory, but the keychain may still hold parts of an unreadable
        // session (with a live refresh token): remove every one of them.
        d->lock.acquire([d, guard](const SessionManagerPrivate::HoldPtr &hold) {
            d->removeStored([hold, guard](const AuthError &error) {
                if (guard)
                    AuthReplyPrivate::finish(guard, error);
            });
        });
        return reply;
    }
    qCInfo(lcSession) << "signing out, scope" << int(scope);
    const Session ended = d->session;
    // Both halves report here; the reply finishes when both are done.
    struct Outcome
    {
        int pending = 2;
        AuthError server;
        AuthError storage;
    };
    auto outcome = std::make_shared<Outcome>();
    const auto settle = [guard, outcome] {
        if (--outcome->pending > 0 || !guard)
            return;
        if (outcome->storage.isError())
            return AuthReplyPrivate::finish(guard, outcome->storage);
        if (outcome->server.isError()) {
            const AuthError &e = outcome->server;
            AuthError told(e.kind(),
                           tr("Signed out on this device, but the server could not be told: %1")
                               .arg(e.userMessage()),
                           e.serverCode(), e.httpStatus());
            return AuthReplyPrivate::finish(guard, told);
        }
        AuthReplyPrivate::finish(guard, AuthError());
    };
    d->signOutLocally(SignOutReason::UserAction, AuthError(), true,
                      [d, outcome, settle](const AuthError &error) {
                          // Memory only and no keychain at all: nothing was stored, nothing is left
                          // behind.
                          const bool nothingStored =
                              !d->persistent && error.kind() == AuthError::Kind::KeychainUnavailable
                              && d->storageError.kind() == AuthError::Kind::KeychainUnavailable;
                          outcome->storage = nothingStored ? AuthError() : error;
                          settle();
                      });
    d->tellServer(ended, scope, [outcome, settle](const AuthError &error) {
        outcome->server = error;
        settle();
    });
    return reply;
}

// --- the profile --------------------------------------------------------------------------

AuthReply *SessionManager::fetchUser()
{
    Q_D(SessionManager);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::FetchUser, this);
    const QPointer<AuthReply> guard(reply);
    withAccessToken(this, [d, guard](const QString &token, const AuthError &tokenError) {
        if (!guard)
            return;
        if (tokenError.isError())
            return AuthReplyPrivate::finish(guard, tokenError);
        const quint64 gen = d->generation;
        AuthReplyPrivate::onFinished(d->client->fetchUser(token), d->q,
                                     [d, guard, gen](AuthReply *user) {
                                         if (guard)
                                             d->storeProfile(guard, gen, user);
                                     });
    });
    return reply;
}

// Stores a fetched profile on the newest tokens (whoever rotated them) and reports it.
// An error from /user: only GoTrue's own word (the session or the user is gone) signs out.
void SessionManagerPrivate::storeProfile(AuthReply *reply, quint64 gen, AuthReply *user)
{
    const AuthError error = user->error();
    if (gen != generation)
        return AuthReplyPrivate::finish(reply, error.isError() ? error : notSignedIn());
    if (error.endsSession()) {
        AuthReplyPrivate::finish(reply, error);
        return signOutLocally(reasonFor(error), error, true);
    }
    if (error.isError())
        return AuthReplyPrivate::finish(reply, error);
    const QPointer<AuthReply> guard(reply);
    const QJsonObject profile = user->user();
    lock.acquire([this, guard, gen, profile](const HoldPtr &hold) {
        readStored(
            [this, guard, gen, profile, hold](const AuthError &readError, const Session &stored) {
                if (gen != generation) {
                    if (guard)
                        AuthReplyPrivate::finish(guard, notSignedIn());
                    return;
                }
                if (!readError.isError() && adoptable(stored))
                    adopt(stored);
                Session updated = session;
                updated.setUser(profile);
                session = updated;
                Q_EMIT q->sessionChanged();
                Q_EMIT q->userUpdated(updated);
                writeStored(updated, [guard, hold, updated](const AuthError &) {
                    if (guard) // not stored: kept in memory and written again later
                        AuthReplyPrivate::finish(guard, AuthError(), updated);
                });
            });
    });
}

QByteArray SessionManagerPrivate::signOutKey(const Session &session)
{
    // GoTrue's session_id stays the same across rotations; the user for servers without it.
    return QCryptographicHash::hash((session.userId() + u'/' + session.sessionId()).toUtf8(),
                                    QCryptographicHash::Sha256)
        .toHex();
}

QByteArray SessionManagerPrivate::tokenKey(const QString &refreshToken)
{
    return QCryptographicHash::hash(refreshToken.toUtf8(), QCryptographicHash::Sha256)
        .toHex()
        .left(32);
}

bool SessionManagerPrivate::goneMeansSignedOut() const
{
    return Internal::SecretService::isEnabled() || lock.wasSignedOut(signOutKey(session));
}

} // namespace WeChatLogin
