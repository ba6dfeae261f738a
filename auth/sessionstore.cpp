// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "sessionstore.h"
#include "authlogging.h"
#include "authreply_p.h"

// Qt
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <qt6keychain/keychain.h>

#include <functional>

namespace WeChatLogin {

namespace {

// Split on UTF-8 character boundaries, each part at most ChunkSize bytes.
QList<QByteArray> splitUtf8(const QByteArray &data, int chunkSize)
{
    QList<QByteArray> parts;
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype end = std::min<qsizetype>(pos + chunkSize, data.size());
        while (end < data.size() && end > pos && (uchar(data.at(end)) & 0xC0) == 0x80)
            --end; // never cut a character in two
        parts << data.mid(pos, end - pos);
        pos = end;
    }
    if (parts.isEmpty())
        parts << QByteArray();
    return parts;
}

QString chunkName(const QString &key, int index)
{
    return index == 0 ? key : key + u'.' + QString::number(index);
}

AuthError keychainError(QKeychain::Error error, const QString &message)
{
    switch (error) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
        return AuthError();
    // Without a Secret Service (no bus, nothing providing org.freedesktop.secrets, a locked
    // collection) libsecret fails with OtherError, not NoBackendAvailable, and its messages
    // vary: every OtherError means the keychain cannot be used now.
    case QKeychain::OtherError:
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return AuthError(AuthError::Kind::KeychainUnavailable, message);
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    return AuthError(AuthError::Kind::KeychainError, message);
}

} // namespace

class SessionStorePrivate
{
public:
    SessionStore *q;
    QString service;
    QString fallbackFile;

    using Done = std::function<void(const AuthError &error, bool found, const QByteArray &data)>;

    void readEntry(const QString &entry, Done done);
    void writeEntry(const QString &entry, const QByteArray &data, Done done);
    void deleteEntry(const QString &entry, Done done);
    void readChunks(AuthReply *reply, const QString &key, int index, QByteArray collected);
    void writeChunks(AuthReply *reply, const QString &key, const QList<QByteArray> &parts,
                     int index);
    void deleteChunksFrom(AuthReply *reply, const QString &key, int index);

    // Opt-in plaintext fallback.
    bool useFallback(const AuthError &error) const
    {
        return !fallbackFile.isEmpty() && error.kind() == AuthError::Kind::KeychainUnavailable;
    }
    AuthError readFallback(Session *session) const;
    AuthError writeFallback(const QByteArray &data) const;
    void warnFallback() const;

    static void finish(AuthReply *reply, const AuthError &error)
    {
        if (error.isError()) {
            qCInfo(lcSession).noquote()
                << "keychain operation" << int(reply->operation()) << "failed:" << error.toString();
        }
        AuthReplyPrivate::finish(reply, error);
    }
};

void SessionStorePrivate::readEntry(const QString &entry, Done done)
{
    // Jobs own themselves (they delete themselves when finished) and are never children of
    // the store: libsecret calls back into a job when its D-Bus call ends, so a job deleted
    // with its store mid-flight crashed the process. The connection's context (q) keeps
    // a late answer away from a store that is gone.
    auto *job = new QKeychain::ReadPasswordJob(service);
    job->setKey(entry);
    QObject::connect(job, &QKeychain::Job::finished, q, [job, done = std::move(done)] {
        const bool found = job->error() == QKeychain::NoError;
        done(keychainError(job->error(), job->errorString()), found,
             found ? job->textData().toUtf8() : QByteArray());
    });
    job->start();
}

void SessionStorePrivate::writeEntry(const QString &entry, const QByteArray &data, Done done)
{
    auto *job = new QKeychain::WritePasswordJob(service); // owns itself, see readEntry()
    job->setKey(entry);
    job->setTextData(QString::fromUtf8(data));
    QObject::connect(job, &QKeychain::Job::finished, q, [job, done = std::move(done)] {
        done(keychainError(job->error(), job->errorString()), true, QByteArray());
    });
    job->start();
}

void SessionStorePrivate::deleteEntry(const QString &entry, Done done)
{
    auto *job = new QKeychain::DeletePasswordJob(service); // owns itself, see readEntry()
    job->setKey(entry);
    QObject::connect(job, &QKeychain::Job::finished, q, [job, done = std::move(done)] {
        // libsecret reports deleting a missing entry as success; others say EntryNotFound.
        done(keychainError(job->error(), job->errorString()),
             job->error() != QKeychain::EntryNotFound, QByteArray());
    });
    job->start();
}

void SessionStorePrivate::readChunks(AuthReply *reply, const QString &key, int index,
                                     QByteArray collected)
{
    readEntry(chunkName(key, index), [=](const AuthError &error, bool found,
                                         const QByteArray &data) mutable {
        if (error.isError())
            return finish(reply, error);
        if (found && index < 1000) {
            collected += data;
            return readChunks(reply, key, index + 1, collected);
        }
        AuthError parseError;
        const Session session = Session::fromJson(collected, &parseError);
        if (!session.isValid()) {
            return finish(
                reply,
                AuthError(AuthError::Kind::StoredSessionCorrupt,
                          QStringLiteral(
                              "the stored session (%1 entries) is incomplete or not a session: %2")
                              .arg(index)
                              .arg(parseError.message())));
        }
        AuthReplyPrivate::get(reply)->session = session;
        finish(reply, AuthError());
    });
}

void SessionStorePrivate::writeChunks(AuthReply *reply, const QString &key,
                                      const QList<QByteArray> &parts, int index)
{
    // Parts 1..n-1 first and the main entry last, so a reader never sees a new head on old parts.
    const int n = int(parts.size());
    const int entry = index < n - 1 ? index + 1 : 0;
    writeEntry(chunkName(key, entry), parts.at(entry),
               [=](const AuthError &error, bool, const QByteArray &) {
                   if (error.isError())
                       return finish(reply, error);
                   if (entry != 0)
                       return writeChunks(reply, key, parts, index + 1);
                   deleteChunksFrom(reply, key, n); // parts left over from a longer session
               });
}

void SessionStorePrivate::deleteChunksFrom(AuthReply *reply, const QString &key, int index)
{
    // Probe before deleting: some backends report deleting a missing entry as success.
    readEntry(chunkName(key, index), [=](const AuthError &error, bool found, const QByteArray &) {
        if (error.isError())
            return finish(reply, error);
        if (!found || index >= 1000)
            return finish(reply, AuthError());
        deleteEntry(chunkName(key, index),
                    [=](const AuthError &deleteError, bool, const QByteArray &) {
                        if (deleteError.isError())
                            return finish(reply, deleteError);
                        deleteChunksFrom(reply, key, index + 1);
                    });
    });
}

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

SessionStore::SessionStore(const QString &service, QObject *parent)
    : QObject(parent)
    , d_ptr(std::make_unique<SessionStorePrivate>())
{
    d_ptr->q = this;
    d_ptr->service = service.isEmpty() ? QCoreApplication::applicationName() : service;
}

SessionStore::~SessionStore() = default;

QString SessionStore::service() const
{
    return d_ptr->service;
}

void SessionStore::setPlaintextFallbackFile(const QString &path)
{
    d_ptr->fallbackFile = path;
}

QString SessionStore::plaintextFallbackFile() const
{
    return d_ptr->fallbackFile;
}

QStringList SessionStore::entryNames(const QString &key, int valueBytes)
{
    QStringList names;
    const int n = std::max(1, (valueBytes + ChunkSize - 1) / ChunkSize);
    for (int i = 0; i < n; ++i)
        names << chunkName(key, i);
    return names;
}

AuthReply *SessionStore::read(const QString &key)
{
    Q_D(SessionStore);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::ReadSession, this);
    d->readEntry(key, [=](const AuthError &error, bool found, const QByteArray &data) {
        if (d->useFallback(error)) {
            d->warnFallback();
            Session session;
            const AuthError fileError = d->readFallback(&session);
            AuthReplyPrivate::get(reply)->session = session;
            return SessionStorePrivate::finish(reply, fileError);
        }
        if (error.isError())
            return SessionStorePrivate::finish(reply, error);
        if (!found)
            return SessionStorePrivate::finish(reply, AuthError()); // nothing stored
        d->readChunks(reply, key, 1, data);
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
    AuthReplyPrivate::get(reply)->session = session;
    const QByteArray data = session.toJson();
    const QList<QByteArray> parts = splitUtf8(data, ChunkSize);
    // Probe the keychain with the first write; fall back to the file only if it is unreachable.
    const int first = parts.size() > 1 ? 1 : 0;
    d->writeEntry(chunkName(key, first), parts.at(first),
                  [=](const AuthError &error, bool, const QByteArray &) {
                      if (d->useFallback(error)) {
                          d->warnFallback();
                          return SessionStorePrivate::finish(reply, d->writeFallback(data));
                      }
                      if (error.isError())
                          return SessionStorePrivate::finish(reply, error);
                      if (first == 0)
                          return d->deleteChunksFrom(reply, key, 1);
                      d->writeChunks(reply, key, parts, 1);
                  });
    return reply;
}

AuthReply *SessionStore::remove(const QString &key)
{
    Q_D(SessionStore);
    AuthReply *reply = AuthReplyPrivate::create(AuthReply::Operation::DeleteSession, this);
    if (!d->fallbackFile.isEmpty())
        QFile::remove(d->fallbackFile);
    d->deleteEntry(key, [=](const AuthError &error, bool, const QByteArray &) {
        if (d->useFallback(error))
            return SessionStorePrivate::finish(reply, AuthError());
        if (error.isError())
            return SessionStorePrivate::finish(reply, error);
        d->deleteChunksFrom(reply, key, 1);
    });
    return reply;
}

} // namespace WeChatLogin
