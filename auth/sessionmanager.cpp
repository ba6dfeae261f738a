// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "sessionmanager.h"
#include "authlogging.h"
#include "authreply_p.h"

// Qt
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QPointer>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <utility>

namespace WeChatLogin {

namespace {

// A refresh lock older than this is taken over even if its owner still runs.
constexpr int StaleLockMs = 60000;
// How often a process waiting for another's rotation looks at the lock again.
constexpr int LockPollMs = 10;
// The refresh timer never sleeps longer than this, so a machine waking from suspend
// (monotonic timers stand still meanwhile) refreshes soon after.
constexpr int MaxTimerMs = 5 * 60 * 1000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 marginMs(const Session &session)
{
    const qint64 lifetimeSeconds = session.expiresIn() > 0 ? session.expiresIn() : 3600;
    return std::min<qint64>(qint64(SessionManager::RefreshMarginSeconds) * 1000,
                            lifetimeSeconds * 100); // 10% of the lifetime
}

qint64 refreshDueMs(const Session &session)
{
    return session.expiresAt() * 1000 - marginMs(session);
}

bool needsRefresh(const Session &session)
{
    return nowMs() >= refreshDueMs(session);
}

bool hasExpired(const Session &session)
{
    return nowMs() >= session.expiresAt() * 1000;
}

// Refresh failures after which the refresh token can never work again.
bool isFinal(const AuthError &error)
{
    switch (error.kind()) {
    case AuthError::Kind::RefreshTokenReused:
    case AuthError::Kind::RefreshTokenNotFound:
    case AuthError::Kind::SessionNotFound:
    case AuthError::Kind::AccessDenied:
        return true;
    default:
        return false;
    }
}

SessionManager::SignOutReason reasonFor(const AuthError &error)
{
    switch (error.kind()) {
    case AuthError::Kind::SessionNotFound:
        return SessionManager::SignOutReason::SessionExpired;
    case AuthError::Kind::AccessDenied:
        return SessionManager::SignOutReason::AccessDenied;
    default:
        return SessionManager::SignOutReason::RefreshTokenRevoked;
    }
}

// A logout answered like this means the server had already ended the session.
bool alreadySignedOut(const AuthError &error)
{
    const int status = error.httpStatus();
    return status == 401 || status == 403 || status == 404
           || error.kind() == AuthError::Kind::NotAuthenticated
           || error.kind() == AuthError::Kind::SessionNotFound
           || error.kind() == AuthError::Kind::RefreshTokenNotFound
           || error.kind() == AuthError::Kind::RefreshTokenReused;
}

void finishReply(AuthReply *reply, const AuthError &error, const Session &session = Session())
{
    if (!reply)
        return;
    AuthReplyPrivate::get(reply)->session = session;
    AuthReplyPrivate::get(reply)->user = session.user();
    AuthReplyPrivate::finish(reply, error);
}

AuthError notSignedIn()
{
    return AuthError(AuthError::Kind::NotAuthenticated,
                     QStringLiteral("not signed in: there is no session"));
}

} // namespace

class SessionManagerPrivate
{
public:
    using State = SessionManager::State;
    using Reason = SessionManager::SignOutReason;
    using StoredFn = std::function<void(const AuthError &error, const Session &stored)>;
    using DoneFn = std::function<void(const AuthError &error)>;

    explicit SessionManagerPrivate(SessionManager *manager)
        : q(manager)
    {}

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
    int backoffMs = 0;    // 0: not backing off
    qint64 retryAtMs = 0; // when backing off
    // Bumped whenever the session is replaced or dropped: work begun for an older
    // session only releases the lock when it comes back.
    quint64 generation = 0;

    QTimer *refreshTimer = nullptr;
    QTimer *lockRetry = nullptr;
    QString lockPath;
    std::unique_ptr<QLockFile> lockFile;
    bool lockHeld = false;
    bool lockFileMissing = false; // held without a file: the lock directory is unusable
    bool lockWarned = false;
    QList<std::function<void()>> lockQueue;

    bool rotating = false;
    QList<DoneFn> rotationWaiters;
    QList<QPointer<AuthReply>> restoreReplies;
    QList<std::function<void()>> afterRestore;

    QString defaultLockPath() const;

    // The cross-process lock, FIFO within the process; body must call releaseLock().
    void withLock(std::function<void()> body);
    void tryLock();
    void releaseLock();

    void readStored(const StoredFn &done);
    void writeStored(const Session &value, const DoneFn &done);
    void removeStored(const DoneFn &done);
    void setPersistent(bool value, const AuthError &error);
    void setOffline(bool value);
    void setState(State value);

    void restoreFinished(const AuthError &error);
    void whenRestored(std::function<void()> then);
    void dispatchAccess(AuthReply *reply, bool strict);

    bool adoptable(const Session &stored) const;
    void adopt(const Session &stored);
    void startRotation(bool force);
    void sendRefresh(quint64 gen);
    void refreshFailedFinally(quint64 gen, const AuthError &error);
    void endRotation(const AuthError &error);
    void abandonRotation(const AuthError &error = AuthError());
    void signOutLocally(Reason reason, const AuthError &error, bool removeEntry,
                        const DoneFn &removed = {});
    void tellServer(const Session &ended, AuthClient::SignOutScope scope, const DoneFn &done);
    void schedule();
    void onRefreshTimer();
};

// --- the cross-process lock -----------------------------------------------------------

QString SessionManagerPrivate::defaultLockPath() const
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    const QByteArray id =
        QCryptographicHash::hash((store->service() + u'\n' + q->storageKey()).toUtf8(),
                                 QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    return dir + QStringLiteral("/wechatlogin-") + QString::fromLatin1(id)
           + QStringLiteral(".lock");
}

void SessionManagerPrivate::withLock(std::function<void()> body)
{
    lockQueue.append(std::move(body));
    if (!lockHeld && lockQueue.size() == 1)
        tryLock();
}

void SessionManagerPrivate::tryLock()
{
    if (lockHeld || lockQueue.isEmpty())
        return;
    if (!lockFile) {
        const QString path = lockPath.isEmpty() ? defaultLockPath() : lockPath;
        QDir().mkpath(QFileInfo(path).absolutePath());
        lockFile = std::make_unique<QLockFile>(path);
        lockFile->setStaleLockTime(StaleLockMs);
    }
    lockFileMissing = false;
    if (!lockFile->tryLock(0)) {
        if (lockFile->error() == QLockFile::LockFailedError) {
            lockRetry->start(LockPollMs); // another process is rotating
            return;
        }
        // No usable lock file: go on uncoordinated rather than never refreshing.
        if (!lockWarned) {
            qCWarning(lcSession).noquote()
                << "cannot create the refresh lock" << lockFile->fileName()
                << "- refreshes are not coordinated with other processes";
            lockWarned = true;
        }
        lockFileMissing = true;
    }
    lockHeld = true;
    const auto body = lockQueue.takeFirst();
    body();
}

void SessionManagerPrivate::releaseLock()
{
    if (!lockHeld)
        return;
    if (!lockFileMissing)
        lockFile->unlock();
    lockHeld = false;
    if (!lockQueue.isEmpty())
        lockRetry->start(0);
}

// --- the keychain ------------------------------------------------------------------------

void SessionManagerPrivate::readStored(const StoredFn &done)
{
    AuthReply *reply = store->read(q->storageKey());
    QObject::connect(reply, &AuthReply::finished, q, [reply, done] {
        reply->deleteLater();
        done(reply->error(), reply->session());
    });
}

void SessionManagerPrivate::writeStored(const Session &value, const DoneFn &done)
{
    AuthReply *reply = store->write(q->storageKey(), value);
    QObject::connect(reply, &AuthReply::finished, q, [this, reply, done] {
        reply->deleteLater();
        const AuthError error = reply->error();
        if (error.isError() && persistent) { // once, when it starts
            qCWarning(lcSession).noquote()
                << "the session is kept in memory only:" << error.toString();
        }
        setPersistent(!error.isError(), error);
        done(error);
    });
}

void SessionManagerPrivate::removeStored(const DoneFn &done)
{
    AuthReply *reply = store->remove(q->storageKey());
    QObject::connect(reply, &AuthReply::finished, q, [reply, done] {
        reply->deleteLater();
        done(reply->error());
    });
}

void SessionManagerPrivate::setPersistent(bool value, const AuthError &error)
{
    storageError = error;
    if (persistent == value)
        return;
    persistent = value;
    Q_EMIT q->persistentChanged(value);
}

void SessionManagerPrivate::setOffline(bool value)
{
    if (offline == value)
        return;
    offline = value;
    Q_EMIT q->offlineChanged(value);
}

void SessionManagerPrivate::setState(State value)
{
    if (state == value)
        return;
    state = value;
    Q_EMIT q->stateChanged(value);
}

// --- restore --------------------------------------------------------------------------

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
    schedule();
    qCInfo(lcSession) << "restored:" << (session.isValid() ? "signed in" : "signed out");
    for (const auto &reply : std::exchange(restoreReplies, {}))
        finishReply(reply, error, session);
    for (const auto &then : std::exchange(afterRestore, {}))
        then();
}

void SessionManagerPrivate::whenRestored(std::function<void()> then)
{
    afterRestore.append(std::move(then));
    if (state == State::Unknown) {
        AuthReply *reply = q->restore();
        QObject::connect(reply, &AuthReply::finished, reply, &QObject::deleteLater);
    }
}

// --- refresh ----------------------------------------------------------------------------

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
        finishReply(reply, notSignedIn());
        return;
    case State::SignedIn:
        break;
    }
    // Fresh enough, or backing off after a failed refresh while the token still works
    // (the retry timer keeps trying; callers are not made to wait for an outage).
    if (!strict && (!needsRefresh(session) || (backoffMs > 0 && !hasExpired(session)))) {
        finishReply(reply, AuthError(), session);
        return;
    }
    rotationWaiters.append([this, guard, strict](const AuthError &error) {
        if (!guard)
            return;
        const bool usable = state == State::SignedIn && session.isValid()
                            && (strict ? !error.isError() : !hasExpired(session));
        if (usable)
            finishReply(guard, AuthError(), session);
        else
            finishReply(guard, error.isError() ? error : notSignedIn());
    });
    startRotation(strict);
}

bool SessionManagerPrivate::adoptable(const Session &stored) const
{
    return stored.isValid() && stored.refreshToken() != session.refreshToken()
           && stored.expiresAt() >= session.expiresAt();
}

void SessionManagerPrivate::adopt(const Session &stored)
{
    const bool sameUser = stored.userId() == session.userId();
    qCInfo(lcSession) << "adopting the session another process stored";
    session = stored;
    backoffMs = 0;
    lastError = AuthError();
    setOffline(false);
    if (state == State::Restoring)
        return; // reported by initialSession()
    schedule();
    Q_EMIT q->sessionChanged();
    if (sameUser)
        Q_EMIT q->tokenRefreshed(session);
    else
        Q_EMIT q->signedIn(session);
}

void SessionManagerPrivate::startRotation(bool force)
{
    if (rotating)
        return; // single flight: the waiter shares the refresh under way
    rotating = true;
    const quint64 gen = generation;
    withLock([this, gen, force] {
        if (gen != generation)
            return releaseLock();
        // Another process may have rotated while we waited: look before spending a token.
        readStored([this, gen, force](const AuthError &error, const Session &stored) {
            if (gen != generation)
                return releaseLock();
            if (!error.isError() && !stored.isValid() && persistent) {
                releaseLock();
                return signOutLocally(
                    Reason::SignedOutElsewhere,
                    AuthError(AuthError::Kind::NotAuthenticated,
                              QStringLiteral("another process of this app signed out")),
                    false);
            }
            if (!error.isError() && adoptable(stored)) {
                adopt(stored);
                releaseLock();
                return endRotation(AuthError());
            }
            if (!force && !needsRefresh(session)) {
                releaseLock();
                backoffMs = 0;
                schedule();
                return endRotation(AuthError());
            }
            sendRefresh(gen);
        });
    });
}

void SessionManagerPrivate::sendRefresh(quint64 gen)
{
    qCInfo(lcSession) << "refreshing the session";
    AuthReply *reply = client->refreshSession(session.refreshToken());
    QObject::connect(reply, &AuthReply::finished, q, [this, reply, gen] {
        reply->deleteLater();
        if (gen != generation)
            return releaseLock();
        const AuthError error = reply->error();
        if (isFinal(error))
            return refreshFailedFinally(gen, error);
        if (error.isError()) {
            releaseLock();
            lastError = error;
            setOffline(true);
            backoffMs = backoffMs == 0 ? SessionManager::InitialBackoffMs
                                       : std::min(backoffMs * 2, SessionManager::MaxBackoffMs);
            retryAtMs = nowMs() + backoffMs;
            qCInfo(lcSession).noquote()
                << "refresh failed, retrying in" << backoffMs << "ms:" << error.toString();
            schedule();
            return endRotation(error);
        }
        Session fresh = reply->session();
        if (fresh.user().isEmpty())
            fresh.setUser(session.user());
        // Store before letting the next process in, so it finds the rotated session.
        writeStored(fresh, [this, gen, fresh](const AuthError &) {
            releaseLock();
            if (gen != generation)
                return;
            session = fresh;
            backoffMs = 0;
            lastError = AuthError();
            setOffline(false);
            if (state != State::Restoring) {
                schedule();
                Q_EMIT q->sessionChanged();
                Q_EMIT q->tokenRefreshed(session);
            }
            endRotation(AuthError());
        });
    });
}

void SessionManagerPrivate::refreshFailedFinally(quint64 gen, const AuthError &error)
{
    // "Already used" and friends: maybe another process rotated without us seeing it.
    readStored([this, gen, error](const AuthError &readError, const Session &stored) {
        if (gen != generation)
            return releaseLock();
        if (!readError.isError() && stored.isValid()
            && stored.refreshToken() != session.refreshToken()) {
            adopt(stored);
            releaseLock();
            return endRotation(AuthError());
        }
        const bool goneElsewhere = !readError.isError() && !stored.isValid() && persistent;
        const Reason reason = goneElsewhere ? Reason::SignedOutElsewhere : reasonFor(error);
        qCInfo(lcSession).noquote() << "the session cannot be refreshed:" << error.toString();
        removeStored([this, reason, error](const AuthError &) {
            releaseLock();
            signOutLocally(reason, error, false);
        });
    });
}

void SessionManagerPrivate::endRotation(const AuthError &error)
{
    rotating = false;
    for (const auto &waiter : std::exchange(rotationWaiters, {}))
        waiter(error);
}

void SessionManagerPrivate::abandonRotation(const AuthError &error)
{
    // Work under way finds a new generation and stops; waiters get the new state.
    rotating = false;
    for (const auto &waiter : std::exchange(rotationWaiters, {}))
        waiter(error);
}

void SessionManagerPrivate::signOutLocally(Reason reason, const AuthError &error, bool removeEntry,
                                           const DoneFn &removed)
{
    ++generation;
    const bool restoring = state == State::Restoring;
    const bool wasSignedIn = session.isValid();
    session = Session();
    backoffMs = 0;
    if (error.isError())
        lastError = error;
    if (restoring) {
        restoreFinished(error); // reported as the initial state: signed out
    } else {
        setState(State::SignedOut);
        schedule();
        if (wasSignedIn) {
            Q_EMIT q->sessionChanged();
            Q_EMIT q->signedOut(reason, error);
        }
    }
    abandonRotation(error);
    if (!removeEntry) {
        if (removed)
            removed(AuthError());
        return;
    }
    withLock([this, removed] {
        removeStored([this, removed](const AuthError &removeError) {
            releaseLock();
            if (removed)
                removed(removeError);
        });
    });
}

void SessionManagerPrivate::tellServer(const Session &ended, AuthClient::SignOutScope scope,
                                       const DoneFn &done)
{
    const auto logout = [this, scope, done](const QString &accessToken) {
        AuthReply *reply = client->signOut(accessToken, scope);
        QObject::connect(reply, &AuthReply::finished, q, [reply, done] {
            reply->deleteLater();
            const AuthError error = reply->error();
            done(error.isError() && !alreadySignedOut(error) ? error : AuthError());
        });
    };
    if (!hasExpired(ended))
        return logout(ended.accessToken());
    // An expired access token cannot sign out: refresh first (as auth-js does).
    AuthReply *reply = client->refreshSession(ended.refreshToken());
    QObject::connect(reply, &AuthReply::finished, q, [reply, done, logout] {
        reply->deleteLater();
        const AuthError error = reply->error();
        if (!error.isError())
            return logout(reply->session().accessToken());
        done(isFinal(error) ? AuthError() : error); // a dead refresh token: already signed out
    });
}

// --- scheduling -------------------------------------------------------------------------

void SessionManagerPrivate::schedule()
{
    refreshTimer->stop();
    QDateTime when;
    if (state == State::SignedIn && session.isValid()) {
        const qint64 at = backoffMs > 0 ? retryAtMs : refreshDueMs(session);
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
    const qint64 at = backoffMs > 0 ? retryAtMs : refreshDueMs(session);
    if (nowMs() < at)
        return schedule(); // woke early (the timer's cap)
    startRotation(false);
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
    d->refreshTimer = new QTimer(this);
    d->refreshTimer->setSingleShot(true);
    d->refreshTimer->setTimerType(Qt::PreciseTimer);
    connect(d->refreshTimer, &QTimer::timeout, this, [d] { d->onRefreshTimer(); });
    d->lockRetry = new QTimer(this);
    d->lockRetry->setSingleShot(true);
    connect(d->lockRetry, &QTimer::timeout, this, [d] { d->tryLock(); });
}

SessionManager::~SessionManager() = default; // QLockFile unlocks a lock still held

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
    Q_D(const SessionManager);
    return d->lockPath.isEmpty() ? d->defaultLockPath() : d->lockPath;
}

void SessionManager::setLockFilePath(const QString &path)
{
    Q_D(SessionManager);
    if (d->lockHeld)
        return; // never swap the lock while holding it
    d->lockPath = path;
    d->lockFile.reset();
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
        finishReply(reply, AuthError(), d->session);
        return reply;
    }
    d->restoreReplies.append(reply);
    d->setState(State::Restoring);
    const quint64 gen = d->generation;
    d->readStored([d, gen](const AuthError &error, const Session &stored) {
        if (gen != d->generation)
            return;
        if (error.isError()) {
            // Unreachable keychain: memory only. A corrupt entry is replaced at the next
            // sign-in, so the keychain itself stays usable.
            d->setPersistent(error.kind() == AuthError::Kind::StoredSessionCorrupt, error);
            return d->restoreFinished(error);
        }
        d->setPersistent(true, AuthError());
        d->session = stored;
        if (!stored.isValid() || !needsRefresh(stored))
            return d->restoreFinished(AuthError());
        // Expired or about to: refresh before reporting signed in.
        d->rotationWaiters.append(
            [d](const AuthError &refreshError) { d->restoreFinished(refreshError); });
        d->startRotation(false);
    });
    return reply;
}

AuthReply *SessionManager::setSession(const Session &session)
{
    Q_D(SessionManager);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::WriteSession, this);
    if (!session.isValid()) {
        finishReply(reply, AuthError(AuthError::Kind::InvalidRequest,
                                     QStringLiteral("not a complete session (access token, "
                                                    "refresh token and expiry are needed)")));
        return reply;
    }
    ++d->generation;
    const bool restoring = d->state == State::Restoring;
    d->session = session;
    d->backoffMs = 0;
    d->lastError = AuthError();
    d->setOffline(false);
    d->setState(State::SignedIn);
    if (restoring) {
        for (const auto &pending : std::exchange(d->restoreReplies, {}))
            finishReply(pending, AuthError(), session);
    }
    d->abandonRotation();
    d->schedule();
    Q_EMIT sessionChanged();
    Q_EMIT signedIn(session);
    for (const auto &then : std::exchange(d->afterRestore, {}))
        then();
    const QPointer<AuthReply> guard(reply);
    d->withLock([d, guard, session] {
        d->writeStored(session, [d, guard, session](const AuthError &error) {
            d->releaseLock();
            finishReply(guard, error, session); // an error: kept in memory only
        });
    });
    return reply;
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
    AuthReply *reply = accessToken();
    connect(reply, &AuthReply::finished, reply, &QObject::deleteLater);
    connect(reply, &AuthReply::finished, context ? context : this, [reply, callback] {
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

AuthReply *SessionManager::fetchUser()
{
    Q_D(SessionManager);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::FetchUser, this);
    const QPointer<AuthReply> guard(reply);
    AuthReply *token = accessToken();
    connect(token, &AuthReply::finished, this, [d, guard, token] {
        token->deleteLater();
        if (!guard)
            return;
        if (token->error().isError())
            return finishReply(guard, token->error());
        const quint64 gen = d->generation;
        AuthReply *user = d->client->fetchUser(token->session().accessToken());
        connect(user, &AuthReply::finished, d->q, [d, guard, user, gen] {
            user->deleteLater();
            const AuthError error = user->error();
            if (gen != d->generation)
                return finishReply(guard, error.isError() ? error : notSignedIn());
            if (error.kind() == AuthError::Kind::SessionNotFound
                || error.kind() == AuthError::Kind::AccessDenied) {
                // The server ended this session (or the user): sign out here too.
                finishReply(guard, error);
                return d->signOutLocally(reasonFor(error), error, true);
            }
            if (error.isError())
                return finishReply(guard, error);
            const QJsonObject profile = user->user();
            d->withLock([d, guard, gen, profile] {
                if (gen != d->generation) {
                    d->releaseLock();
                    return finishReply(guard, notSignedIn());
                }
                // Store the profile on the newest tokens, whoever rotated them.
                d->readStored(
                    [d, guard, gen, profile](const AuthError &readError, const Session &stored) {
                        if (gen != d->generation) {
                            d->releaseLock();
                            return finishReply(guard, notSignedIn());
                        }
                        if (!readError.isError() && d->adoptable(stored))
                            d->adopt(stored);
                        Session updated = d->session;
                        updated.setUser(profile);
                        d->writeStored(updated, [d, guard, gen, updated](const AuthError &) {
                            d->releaseLock();
                            if (gen != d->generation)
                                return finishReply(guard, notSignedIn());
                            d->session = updated;
                            Q_EMIT d->q->sessionChanged();
                            Q_EMIT d->q->userUpdated(updated);
                            finishReply(guard, AuthError(), updated);
                        });
                    });
            });
        });
    });
    return reply;
}

AuthReply *SessionManager::signOut(AuthClient::SignOutScope scope)
{
    Q_D(SessionManager);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::SignOut, this);
    const QPointer<AuthReply> guard(reply);
    if (scope == AuthClient::SignOutScope::Others) {
        withAccessToken(this, [d, guard](const QString &token, const AuthError &error) {
            if (error.isError())
                return finishReply(guard, error);
            AuthReply *logout = d->client->signOut(token, AuthClient::SignOutScope::Others);
            connect(logout, &AuthReply::finished, d->q, [guard, logout] {
                logout->deleteLater();
                finishReply(guard, logout->error());
            });
        });
        return reply;
    }
    if (d->state == State::Unknown || d->state == State::Restoring) {
        // Sign out what is stored, even before anything was restored.
        d->whenRestored([this, guard, scope] {
            AuthReply *inner = signOut(scope);
            connect(inner, &AuthReply::finished, this, [guard, inner] {
                inner->deleteLater();
                finishReply(guard, inner->error());
            });
        });
        return reply;
    }
    if (d->state == State::SignedOut) {
        finishReply(reply, AuthError());
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
        if (--outcome->pending > 0)
            return;
        if (outcome->server.isError()) {
            const AuthError &e = outcome->server;
            return finishReply(guard, AuthError(e.kind(),
                                                tr("Signed out on this device, but the server "
                                                   "could not be told: %1")
                                                    .arg(e.userMessage()),
                                                e.serverCode(), e.httpStatus()));
        }
        finishReply(guard, outcome->storage);
    };
    d->signOutLocally(
        SignOutReason::UserAction, AuthError(), true, [d, outcome, settle](const AuthError &error) {
            // Memory only: nothing was stored, so nothing is left behind.
            const bool nothingStored =
                !d->persistent && error.kind() == AuthError::Kind::KeychainUnavailable;
            outcome->storage = nothingStored ? AuthError() : error;
            settle();
        });
    d->tellServer(ended, scope, [outcome, settle](const AuthError &error) {
        outcome->server = error;
        settle();
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
    }
    return QString();
}

} // namespace WeChatLogin
