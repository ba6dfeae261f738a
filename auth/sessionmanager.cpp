// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionManager's public API and restore (the keychain as it uses it: sessionkeychain.cpp).

#include "sessionmanager.h"
#include "authlogging.h"
#include "authreply_p.h"
#include "sessionmanager_p.h"

#include <utility>

namespace WeChatLogin {

SessionManagerPrivate::SessionManagerPrivate(SessionManager *manager)
    : q(manager)
    , lock(manager)
{}

qint64 SessionManagerPrivate::nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

SessionManagerPrivate::Reason SessionManagerPrivate::reasonFor(const AuthError &error)
{
    switch (error.kind()) {
    case AuthError::Kind::SessionNotFound:
        return Reason::SessionExpired;
    case AuthError::Kind::AccessDenied:
        return Reason::AccessDenied;
    case AuthError::Kind::StoredSessionCorrupt:
        return Reason::StoredSessionUnreadable;
    default:
        return Reason::RefreshTokenRevoked;
    }
}

AuthError SessionManagerPrivate::notSignedIn()
{
    return AuthError(AuthError::Kind::NotAuthenticated,
                     QStringLiteral("not signed in: there is no session"));
}

// --- restore --------------------------------------------------------------------------

void SessionManagerPrivate::restoreRead(const AuthError &error, const Session &stored)
{
    if (error.isError()) {
        // A corrupt entry: the keychain works, the entry is replaced at the next sign-in.
        // A locked or unreachable keychain: not signed out, only not known yet; it is read
        // again until it can be.
        const bool corrupt = error.kind() == AuthError::Kind::StoredSessionCorrupt;
        setPersistent(corrupt, error);
        if (!corrupt)
            pollKeychain();
        return restoreFinished(error);
    }
    setPersistent(true, AuthError());
    session = stored;
    const qint64 now = nowMs();
    if (!stored.isValid() || !Internal::RefreshSchedule::isDue(stored, now))
        return restoreFinished(AuthError());
    // Due: refresh before reporting signed in. A token that still works is not held up by
    // another process's rotation.
    rotationWaiters.append(
        [this](const AuthError &refreshError) { restoreFinished(refreshError); });
    rotate(false, Internal::RefreshSchedule::hasExpired(stored, now));
}

void SessionManagerPrivate::restoreFinished(const AuthError &error)
{
    if (state != State::Restoring)
        return; // superseded by setSession()
    if (error.isError())
        lastError = error;
    setState(session.isValid() ? State::SignedIn : State::SignedOut);
    if (session.isValid())
        Q_EMIT q->sessionChanged();
    Q_EMIT q->initialSession(session);
    if (!session.isValid() && error.kind() == AuthError::Kind::StoredSessionCorrupt)
        Q_EMIT q->signedOut(Reason::StoredSessionUnreadable, error);
    reschedule();
    qCInfo(lcSession).noquote() << "restored:" << (session.isValid() ? "signed in" : "signed out")
                                << (error.isError() ? error.toString() : QString());
    for (const auto &reply : std::exchange(restoreReplies, {})) {
        if (reply)
            AuthReplyPrivate::finish(reply, error, session);
    }
    for (const auto &then : std::exchange(afterRestore, {}))
        then();
}

void SessionManagerPrivate::whenRestored(std::function<void()> then)
{
    afterRestore.append(std::move(then));
    if (state == State::Unknown)
        q->restore(); // deletes itself; the callbacks above report
}

// --- SessionManager --------------------------------------------------------------------

SessionManager::SessionManager(const AuthConfig &config, const QString &service, QObject *parent)
    : QObject(parent)
    , d_ptr(std::make_unique<SessionManagerPrivate>(this))
{
    Q_D(SessionManager);
    qRegisterMetaType<WeChatLogin::Session>();
    qRegisterMetaType<WeChatLogin::AuthError>();
    d->client = new AuthClient(config, this);
    d->store = new SessionStore(service, this);
    d->lock.setPath(d->defaultLockPath());
    d->machine = new Internal::MachineWatch(this);
    connect(d->machine, &Internal::MachineWatch::woke, this,
            [d](const QString &why) { d->onMachineWoke(why); });
    auto timer = [this](auto slot) {
        auto *t = new QTimer(this);
        t->setSingleShot(true);
        t->setTimerType(Qt::PreciseTimer);
        connect(t, &QTimer::timeout, this, slot);
        return t;
    };
    d->refreshTimer = timer([d] { d->onRefreshTimer(); });
    d->storeRetry = timer([d] { d->retryStore(); });
    d->keychainPoll = timer([d] {
        d->readStored([d](const AuthError &error, const Session &stored) {
            if (keychainUnusable(error))
                return d->pollKeychain();
            d->keychainPollMs = 0;
            d->setPersistent(true, AuthError());
            if (d->state != State::SignedOut || error.isError() || !stored.isValid())
                return d->retryStore(); // signed in meanwhile: store that session
            // The keychain opened (unlocked, started): the stored session works as it is.
            qCInfo(lcSession) << "the keychain can be read again: signed in";
            d->session = stored;
            d->lastError = AuthError();
            d->setState(State::SignedIn);
            d->reschedule();
            Q_EMIT d->q->sessionChanged();
            Q_EMIT d->q->signedIn(d->session);
        });
    });
}

SessionManager::~SessionManager()
{
    // A rotation never stored is lost with this process: nothing left to wait for. (A lock
    // still held goes with the lock's file descriptor.)
    d_ptr->setUnsavedRotation(false);
}

AuthClient *SessionManager::client() const
{
    return d_ptr->client;
}

SessionStore *SessionManager::store() const
{
    return d_ptr->store;
}

QString SessionManager::storageKey() const
{
    return d_ptr->client->config().storageKey();
}

QString SessionManager::lockFilePath() const
{
    return d_ptr->lock.path();
}

void SessionManager::setLockFilePath(const QString &path)
{
    Q_D(SessionManager);
    d->lock.setPath(path.isEmpty() ? d->defaultLockPath() : path);
}

int SessionManager::lockTimeoutMs() const
{
    return d_ptr->lock.waitMs();
}

void SessionManager::setLockTimeoutMs(int ms)
{
    d_ptr->lock.setWaitMs(ms);
}

SessionManager::State SessionManager::state() const
{
    return d_ptr->state;
}

bool SessionManager::isSignedIn() const
{
    return d_ptr->state == State::SignedIn;
}

Session SessionManager::session() const
{
    return d_ptr->session;
}

bool SessionManager::isPersistent() const
{
    return d_ptr->persistent;
}

AuthError SessionManager::storageError() const
{
    return d_ptr->storageError;
}

bool SessionManager::isOffline() const
{
    return d_ptr->offline;
}

AuthError SessionManager::lastError() const
{
    return d_ptr->lastError;
}

QDateTime SessionManager::nextRefresh() const
{
    return d_ptr->nextRefresh;
}

AuthReply *SessionManager::restore()
{
    Q_D(SessionManager);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::ReadSession, this);
    if (d->state == State::Restoring) {
        d->restoreReplies.append(reply);
        return reply;
    }
    if (d->state != State::Unknown) {
        AuthReplyPrivate::finish(reply, AuthError(), d->session);
        return reply;
    }
    d->restoreReplies.append(reply);
    d->setState(State::Restoring);
    const quint64 gen = d->generation;
    d->readStored([d, gen](const AuthError &error, const Session &stored) {
        if (gen == d->generation)
            d->restoreRead(error, stored);
    });
    return reply;
}

AuthReply *SessionManager::setSession(const Session &session)
{
    Q_D(SessionManager);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::WriteSession, this);
    if (!session.isValid()) {
        AuthReplyPrivate::finish(
            reply, AuthError(AuthError::Kind::InvalidRequest,
                             QStringLiteral("not a complete session (access token, refresh "
                                            "token and expiry are needed)")));
        return reply;
    }
    ++d->generation;
    const bool restoring = d->state == State::Restoring;
    d->session = session;
    // A session handed over without a local expiry (not from this library's AuthClient)
    // was just received: its lifetime counts from now, on this machine's clock.
    if (!Internal::RefreshSchedule::isAnchored(session))
        d->session.setReceivedAt(SessionManagerPrivate::nowMs());
    d->schedule.succeeded();
    d->lastError = AuthError();
    d->setOffline(false);
    d->setState(State::SignedIn);
    if (restoring) {
        for (const auto &pending : std::exchange(d->restoreReplies, {})) {
            if (pending)
                AuthReplyPrivate::finish(pending, AuthError(), d->session);
        }
    }
    d->finishRotation(AuthError());
    d->reschedule();
    Q_EMIT sessionChanged();
    Q_EMIT signedIn(d->session);
    for (const auto &then : std::exchange(d->afterRestore, {}))
        then();
    const QPointer<AuthReply> guard(reply);
    d->lock.acquire([d, guard, session = d->session](const SessionManagerPrivate::HoldPtr &hold) {
        d->writeStored(session, [hold, guard, session](const AuthError &error) {
            if (guard) // an error: kept in memory, and written again later
                AuthReplyPrivate::finish(guard, error, session);
        });
    });
    return reply;
}

QString SessionManager::reasonText(SignOutReason reason)
{
    switch (reason) {
    case SignOutReason::UserAction:
        return tr("You signed out.");
    case SignOutReason::RefreshTokenRevoked:
        return tr("Your sign-in was revoked, for example by signing out on all devices. "
                  "Please sign in again.");
    case SignOutReason::SessionExpired:
        return tr("Your session has ended on the server. Please sign in again.");
    case SignOutReason::AccessDenied:
        return tr("This account is no longer allowed to sign in.");
    case SignOutReason::SignedOutElsewhere:
        return tr("You signed out in another window of this app.");
    case SignOutReason::StoredSessionUnreadable:
        return tr("The saved sign-in could not be read. Please sign in again.");
    }
    return QString();
}

} // namespace WeChatLogin
