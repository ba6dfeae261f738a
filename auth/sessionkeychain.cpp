// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// SessionManagerPrivate and the keychain: where the lock lives, reading and writing the
// stored session, retrying a keychain that cannot be used now, and the manager's
// persistent, offline and state properties that follow from it.

#include "authlogging.h"
#include "authreply_p.h"
#include "sessionmanager.h"
#include "sessionmanager_p.h"

// Qt
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace WeChatLogin {

namespace {

// A keychain that cannot be used now is asked again after this, doubling up to the cap.
constexpr int FirstKeychainRetryMs = 1000;
constexpr int MaxKeychainRetryMs = 60000;

int nextRetry(int current)
{
    return current == 0 ? FirstKeychainRetryMs : std::min(current * 2, MaxKeychainRetryMs);
}

} // namespace

namespace {

// A directory only this user can enter: not a symlink, owned by this user, no access for
// group or others. Created (0700) first when asked.
bool isPrivateDirectory(const QString &dir, bool create)
{
    if (dir.isEmpty())
        return false;
    const QByteArray path = QFile::encodeName(dir);
    if (create)
        ::mkdir(path.constData(), 0700); // already there: judged below like any other
    struct stat st = {};
    return ::lstat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::geteuid()
           && (st.st_mode & 077) == 0;
}

} // namespace

QString SessionManagerPrivate::defaultLockPath() const
{
    // One place for every process using this keychain entry, whatever the app is called,
    // and one nobody else can plant a file in: XDG_RUNTIME_DIR (no QStandardPaths there: it
    // would warn on stderr without one, as under cron or ssh), else a private directory in
    // the user's cache, else one of this user's own under /tmp.
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    const QList<QPair<QString, bool>> candidates{
        {qEnvironmentVariable("XDG_RUNTIME_DIR"), false},
        {cache.isEmpty() || !QDir().mkpath(cache) ? QString()
                                                  : cache + QStringLiteral("/wechatlogin"),
         true},
        {QDir::tempPath() + QStringLiteral("/wechatlogin-") + QString::number(::geteuid()), true}};
    const QByteArray id =
        QCryptographicHash::hash((store->service() + u'\n' + q->storageKey()).toUtf8(),
                                 QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    for (const auto &[dir, create] : candidates) {
        if (isPrivateDirectory(dir, create))
            return dir + QStringLiteral("/wechatlogin-") + QString::fromLatin1(id)
                   + QStringLiteral(".lock");
    }
    qCWarning(lcSession) << "no private directory for the refresh lock: refreshes are not "
                            "coordinated with other processes";
    return QString();
}

// --- the keychain ------------------------------------------------------------------------

void SessionManagerPrivate::readStored(const StoredFn &done)
{
    AuthReplyPrivate::onFinished(store->read(q->storageKey()), q, [done](AuthReply *reply) {
        done(reply->error(), reply->session());
    });
}

void SessionManagerPrivate::writeStored(const Session &value, const DoneFn &done)
{
    AuthReplyPrivate::onFinished(
        store->write(q->storageKey(), value), q, [this, done](AuthReply *reply) {
            const AuthError error = reply->error();
            if (!error.isError()) {
                storeRetry->stop();
                storeRetryMs = 0;
                setUnsavedRotation(false);
                setPersistent(true, AuthError());
                return done(error);
            }
            if (persistent) { // once, when it starts
                qCWarning(lcSession).noquote() << "the session could not be saved, it is kept "
                                                  "in memory and saved again later:"
                                               << error.toString();
            }
            setPersistent(false, error);
            storeRetryMs = nextRetry(storeRetryMs);
            storeRetry->start(storeRetryMs);
            done(error);
        });
}

void SessionManagerPrivate::setUnsavedRotation(bool unsaved)
{
    if (unsavedRotation == unsaved)
        return;
    unsavedRotation = unsaved;
    lock.setUnsavedRotation(unsaved);
}

void SessionManagerPrivate::removeStored(const DoneFn &done)
{
    AuthReplyPrivate::onFinished(store->remove(q->storageKey()), q,
                                 [done](AuthReply *reply) { done(reply->error()); });
}

void SessionManagerPrivate::retryStore()
{
    if (state != State::SignedIn || !session.isValid())
        return;
    const quint64 gen = generation;
    lock.acquire([this, gen](const HoldPtr &hold) {
        readStored([this, gen, hold](const AuthError &error, const Session &stored) {
            if (gen != generation)
                return;
            if (keychainUnusable(error)) {
                setPersistent(false, error);
                storeRetryMs = nextRetry(storeRetryMs);
                return storeRetry->start(storeRetryMs);
            }
            // Another process may have stored a newer session meanwhile: never overwrite it.
            if (!error.isError() && adoptable(stored)) {
                setPersistent(true, AuthError());
                return adopt(stored);
            }
            writeStored(session, [hold](const AuthError &) {});
        });
    });
}

void SessionManagerPrivate::keepMissingEntry()
{
    if (persistent) {
        qCInfo(lcSession) << "the stored session is missing and no process of this app signed "
                             "out: kept, and stored again when the keychain takes it";
    }
    setPersistent(false, AuthError(AuthError::Kind::KeychainUnavailable,
                                   QStringLiteral("the stored session cannot be found and no "
                                                  "process of this app signed out (a locked "
                                                  "keychain that cannot say so)")));
    if (!storeRetry->isActive()) {
        storeRetryMs = nextRetry(storeRetryMs);
        storeRetry->start(storeRetryMs);
    }
}

void SessionManagerPrivate::pollKeychain()
{
    keychainPollMs = nextRetry(keychainPollMs);
    keychainPoll->start(keychainPollMs);
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
    if (value)
        machine->watchNetwork();
    Q_EMIT q->offlineChanged(value);
}

void SessionManagerPrivate::setState(State value)
{
    if (state == value)
        return;
    state = value;
    machine->setActive(value == State::SignedIn);
    Q_EMIT q->stateChanged(value);
}

} // namespace WeChatLogin
