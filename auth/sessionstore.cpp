// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "sessionstore.h"
#include "authlogging.h"
#include "authreply_p.h"
#include "keychain_p.h"
#include "sessionlayout_p.h"

// Qt
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <memory>

namespace WeChatLogin {

using Internal::Keychain;
using Internal::KeychainResult;
using Layout = Internal::SessionLayout;

class SessionStorePrivate
{
public:
    explicit SessionStorePrivate(SessionStore *store, const QString &service)
        : q(store)
        , keychain(service, store)
    {}

    SessionStore *q;
    Keychain keychain;
    QString fallbackFile;
    int chunkSize = SessionStore::ChunkSize;

    using Parts = std::function<void(const AuthError &error, const QByteArray &joined)>;
    void readParts(const QString &key, const Layout::Slot &slot, const Parts &done);
    void readManifest(AuthReply *reply, const QString &key, const Layout::Manifest &manifest,
                      int attempt);
    void readLegacy(AuthReply *reply, const QByteArray &head, const QString &key, int index);
    void writeChunked(AuthReply *reply, const QString &key, const Session &session,
                      const QByteArray &data, const Layout::Manifest &current);
    void removeLeftovers(const QString &key, const QStringList &entries, bool legacy,
                         const std::function<void()> &done);
    void removeFrom(const QString &key, const QString &slot, int index, int atLeast,
                    const std::function<void(const AuthError &)> &done);

    // Opt-in plaintext fallback, only when no keychain can be reached at all.
    bool useFallback(const KeychainResult &result) const
    {
        return !fallbackFile.isEmpty() && !result.timedOut
               && result.error.kind() == AuthError::Kind::KeychainUnavailable;
    }
    AuthError readFallback(Session *session) const;
    AuthError writeFallback(const QByteArray &data) const;
    void warnFallback() const;

    static void finish(AuthReply *reply, const AuthError &error, const Session &session = Session())
    {
        if (error.isError()) {
            qCInfo(lcSession).noquote()
                << "keychain operation" << int(reply->operation()) << "failed:" << error.toString();
        }
        AuthReplyPrivate::finish(reply, error, session);
    }
};

// --- reading ---------------------------------------------------------------------------

void SessionStorePrivate::readParts(const QString &key, const Layout::Slot &slot, const Parts &done)
{
    // All parts at once: one keychain round trip instead of one per part.
    struct Gather
    {
        QList<QByteArray> parts;
        int pending = 0;
        AuthError error;
        bool missing = false;
    };
    auto gather = std::make_shared<Gather>();
    gather->parts.resize(slot.count);
    gather->pending = slot.count;
    for (int i = 0; i < slot.count; ++i) {
        keychain.read(Layout::partName(key, slot.name, i + 1),
                      [gather, i, done](const KeychainResult &result) {
                          if (result.error.isError())
                              gather->error = result.error;
                          gather->missing |= !result.found;
                          gather->parts[i] = result.data;
                          if (--gather->pending > 0)
                              return;
                          if (gather->error.isError())
                              return done(gather->error, QByteArray());
                          done(AuthError(), gather->missing ? QByteArray() : gather->parts.join());
                      });
    }
}

void SessionStorePrivate::readManifest(AuthReply *reply, const QString &key,
                                       const Layout::Manifest &manifest, int attempt)
{
    readParts(key, manifest.current, [=](const AuthError &error, const QByteArray &joined) {
        if (error.isError())
            return finish(reply, error);
        if (Layout::matches(manifest.current, joined)) {
            AuthError parseError;
            const Session session = Session::fromJson(joined, &parseError);
            if (session.isValid())
                return finish(reply, AuthError(), session);
        }
        // A writer may have moved on while we read (the head now names the other slot):
        // look again, a few times, before falling back to the previous generation.
        if (attempt < 3) {
            return keychain.read(key, [=](const KeychainResult &head) {
                if (head.error.isError())
                    return finish(reply, head.error);
                const auto again = Layout::parseManifest(head.data);
                if (again && *again != manifest)
                    return readManifest(reply, key, *again, attempt + 1);
                if (manifest.previous.count <= 0)
                    return finish(reply, Layout::corrupt(manifest.current.count));
                readParts(key, manifest.previous,
                          [=](const AuthError &previousError, const QByteArray &previous) {
                              if (previousError.isError())
                                  return finish(reply, previousError);
                              const Session session = Session::fromJson(previous);
                              if (!Layout::matches(manifest.previous, previous)
                                  || !session.isValid())
                                  return finish(reply, Layout::corrupt(manifest.current.count));
                              qCWarning(lcSession, "the stored session's newest parts do not "
                                                   "match; read the previous generation");
                              finish(reply, AuthError(), session);
                          });
            });
        }
        finish(reply, Layout::corrupt(manifest.current.count));
    });
}

void SessionStorePrivate::readLegacy(AuthReply *reply, const QByteArray &collected,
                                     const QString &key, int index)
{
    // The layout of earlier versions: the head is the first part, key.1, key.2, ... the rest.
    keychain.read(Layout::legacyPartName(key, index), [=](const KeychainResult &result) {
        if (result.error.isError())
            return finish(reply, result.error);
        if (result.found && index < Layout::MaxParts)
            return readLegacy(reply, collected + result.data, key, index + 1);
        AuthError parseError;
        const Session session = Session::fromJson(collected, &parseError);
        if (!session.isValid())
            return finish(reply, Layout::corrupt(index, parseError.message()));
        finish(reply, AuthError(), session);
    });
}

// --- writing ---------------------------------------------------------------------------

/*
 * A session above chunkSize() is written so that no crash can lose both versions: the new
 * parts go to the slot the head does not name, then the head (slot, part count, SHA-256 of
 * the whole JSON, and the previous generation) is written in one call, and only then are
 * leftovers deleted. Until the head is written it names the old, complete generation.
 */
void SessionStorePrivate::writeChunked(AuthReply *reply, const QString &key, const Session &session,
                                       const QByteArray &data, const Layout::Manifest &current)
{
    const QList<QByteArray> parts = Layout::split(data, chunkSize);
    Layout::Manifest next;
    next.current = {Layout::otherSlot(current.current.name), int(parts.size()),
                    Layout::digest(data)};
    next.previous = current.current;
    // The slot being overwritten held the generation before the current one: parts of it
    // past the new count are left over.
    const int stale = current.previous.name == next.current.name ? current.previous.count : 0;
    auto pending = std::make_shared<int>(int(parts.size()));
    auto failed = std::make_shared<AuthError>();
    for (int i = 0; i < parts.size(); ++i) {
        keychain.write(
            Layout::partName(key, next.current.name, i + 1), parts.at(i),
            [=](const KeychainResult &result) {
                if (result.error.isError())
                    *failed = result.error;
                if (--*pending > 0)
                    return;
                if (failed->isError())
                    return finish(reply, *failed); // the head still names the old session
                keychain.write(key, Layout::manifestJson(next), [=](const KeychainResult &head) {
                    if (head.error.isError())
                        return finish(reply, head.error);
                    QStringList leftovers;
                    for (int n = next.current.count + 1; n <= stale; ++n)
                        leftovers << Layout::partName(key, next.current.name, n);
                    removeLeftovers(key, leftovers, current.isLegacy,
                                    [=] { finish(reply, AuthError(), session); });
                });
            });
    }
}

// After a write: the parts it made stale, and all parts of the legacy layout. A leftover
// that stays (the keychain went away meanwhile) is harmless: nothing names it.
void SessionStorePrivate::removeLeftovers(const QString &key, const QStringList &entries,
                                          bool legacy, const std::function<void()> &done)
{
    if (!entries.isEmpty()) {
        return keychain.remove(entries.first(), [=](const KeychainResult &) {
            removeLeftovers(key, entries.mid(1), legacy, done);
        });
    }
    if (legacy)
        return removeFrom(key, QString(), 1, 0, [done](const AuthError &) { done(); });
    done();
}

// Deletes key's parts in slot (or the legacy parts when slot is empty) from index on:
// at least up to atLeast, then while they exist.
void SessionStorePrivate::removeFrom(const QString &key, const QString &slot, int index,
                                     int atLeast,
                                     const std::function<void(const AuthError &)> &done)
{
    const QString entry =
        slot.isEmpty() ? Layout::legacyPartName(key, index) : Layout::partName(key, slot, index);
    auto next = [=] { removeFrom(key, slot, index + 1, atLeast, done); };
    if (index > Layout::MaxParts)
        return done(AuthError());
    if (index <= atLeast) {
        return keychain.remove(entry, [=](const KeychainResult &result) {
            if (result.error.isError())
                return done(result.error);
            next();
        });
    }
    // Probe before deleting: some backends report deleting a missing entry as success.
    keychain.read(entry, [=](const KeychainResult &probe) {
        if (probe.error.isError())
            return done(probe.error);
        if (!probe.found)
            return done(AuthError());
        keychain.remove(entry, [=](const KeychainResult &result) {
            if (result.error.isError())
                return done(result.error);
            next();
        });
    });
}

// --- the plaintext fallback --------------------------------------------------------------

void SessionStorePrivate::warnFallback() const
{
    qCWarning(lcSession,
              "no keychain is available: keeping the session in the plaintext file %s "
              "(the application opted in to this fallback)",
              qPrintable(QDir::toNativeSeparators(fallbackFile)));
}

AuthError SessionStorePrivate::readFallback(Session *session) const
{
    QFile file(fallbackFile);
    if (!file.exists())
        return AuthError();
    if (!file.open(QIODevice::ReadOnly))
        return AuthError(AuthError::Kind::KeychainError, file.errorString());
    AuthError error;
    *session = Session::fromJson(file.readAll(), &error);
    if (!session->isValid())
        return AuthError(AuthError::Kind::StoredSessionCorrupt, error.message());
    return AuthError();
}

AuthError SessionStorePrivate::writeFallback(const QByteArray &data) const
{
    QDir().mkpath(QFileInfo(fallbackFile).absolutePath());
    QSaveFile file(fallbackFile);
    if (!file.open(QIODevice::WriteOnly))
        return AuthError(AuthError::Kind::KeychainError, file.errorString());
    // Owner-only before any byte is written.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(data);
    if (!file.commit())
        return AuthError(AuthError::Kind::KeychainError, file.errorString());
    return AuthError();
}

// --- SessionStore ----------------------------------------------------------------------

SessionStore::SessionStore(const QString &service, QObject *parent)
    : QObject(parent)
    , d_ptr(std::make_unique<SessionStorePrivate>(
          this, service.isEmpty() ? QCoreApplication::applicationName() : service))
{}

SessionStore::~SessionStore() = default;

QString SessionStore::service() const
{
    return d_ptr->keychain.service();
}

int SessionStore::keychainTimeoutMs() const
{
    return d_ptr->keychain.timeoutMs();
}

void SessionStore::setKeychainTimeoutMs(int ms)
{
    d_ptr->keychain.setTimeoutMs(std::max(1, ms));
}

void SessionStore::setPlaintextFallbackFile(const QString &path)
{
    d_ptr->fallbackFile = path;
}

QString SessionStore::plaintextFallbackFile() const
{
    return d_ptr->fallbackFile;
}

int SessionStore::chunkSize() const
{
    return d_ptr->chunkSize;
}

void SessionStore::setChunkSize(int bytes)
{
    d_ptr->chunkSize = std::max(bytes, 256);
}

QStringList SessionStore::entryNames(const QString &key, int valueBytes, int chunkSize)
{
    if (valueBytes <= chunkSize)
        return {key};
    QStringList names{key};
    const int n = (valueBytes + chunkSize - 1) / chunkSize;
    for (int i = 1; i <= n; ++i)
        names << Layout::partName(key, QStringLiteral("a"), i);
    return names;
}

AuthReply *SessionStore::read(const QString &key)
{
    Q_D(SessionStore);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::ReadSession, this);
    d->keychain.read(key, [=](const KeychainResult &head) {
        if (d->useFallback(head)) {
            d->warnFallback();
            Session session;
            const AuthError fileError = d->readFallback(&session);
            return SessionStorePrivate::finish(reply, fileError, session);
        }
        if (head.error.isError())
            return SessionStorePrivate::finish(reply, head.error);
        if (!head.found)
            return SessionStorePrivate::finish(reply, AuthError()); // nothing stored
        if (const auto manifest = Layout::parseManifest(head.data))
            return d->readManifest(reply, key, *manifest, 0);
        const Session session = Session::fromJson(head.data);
        if (session.isValid())
            return SessionStorePrivate::finish(reply, AuthError(), session);
        d->readLegacy(reply, head.data, key, 1);
    });
    return reply;
}

AuthReply *SessionStore::write(const QString &key, const Session &session)
{
    Q_D(SessionStore);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::WriteSession, this);
    if (!session.isValid()) {
        SessionStorePrivate::finish(
            reply, AuthError(AuthError::Kind::InvalidRequest,
                             QStringLiteral("refusing to store an invalid session")));
        return reply;
    }
    const QByteArray data = session.toJson();
    // What the head names now decides where the new parts go, and what is left over after.
    d->keychain.read(key, [=](const KeychainResult &head) {
        if (d->useFallback(head)) {
            d->warnFallback();
            return SessionStorePrivate::finish(reply, d->writeFallback(data), session);
        }
        if (head.error.isError())
            return SessionStorePrivate::finish(reply, head.error);
        const Layout::Manifest current = Layout::describe(head.found, head.data);
        if (data.size() > d->chunkSize)
            return d->writeChunked(reply, key, session, data, current);
        // Small enough for one entry: one keychain call replaces the old session whole.
        d->keychain.write(key, data, [=](const KeychainResult &written) {
            if (written.error.isError())
                return SessionStorePrivate::finish(reply, written.error);
            QStringList leftovers;
            for (const Layout::Slot &slot : {current.current, current.previous}) {
                for (int n = 1; n <= slot.count; ++n)
                    leftovers << Layout::partName(key, slot.name, n);
            }
            d->removeLeftovers(key, leftovers, current.isLegacy,
                               [=] { SessionStorePrivate::finish(reply, AuthError(), session); });
        });
    });
    return reply;
}

AuthReply *SessionStore::remove(const QString &key)
{
    Q_D(SessionStore);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::DeleteSession, this);
    if (!d->fallbackFile.isEmpty())
        QFile::remove(d->fallbackFile);
    // Everything that may exist, whether or not the head can be read: the head first (a
    // reader then finds nothing), both slots and the legacy parts after.
    d->keychain.remove(key, [=](const KeychainResult &head) {
        if (d->useFallback(head))
            return SessionStorePrivate::finish(reply, AuthError());
        if (head.error.isError())
            return SessionStorePrivate::finish(reply, head.error);
        d->removeFrom(key, QStringLiteral("a"), 1, 0, [=](const AuthError &a) {
            d->removeFrom(key, QStringLiteral("b"), 1, 0, [=](const AuthError &b) {
                d->removeFrom(key, QString(), 1, 0, [=](const AuthError &legacy) {
                    const AuthError error = a.isError() ? a : b.isError() ? b : legacy;
                    SessionStorePrivate::finish(reply, error);
                });
            });
        });
    });
    return reply;
}

} // namespace WeChatLogin
