// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authlogging.h"
#include "keychain_p.h"
#include "secretservice_p.h"

// Qt
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace WeChatLogin::Internal {

namespace {

AuthError keychainError(QKeychain::Error error, const QString &message)
{
    switch (error) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
        return AuthError();
    // Without a Secret Service (no bus, nothing providing org.freedesktop.secrets) libsecret
    // fails with OtherError, not NoBackendAvailable, and its messages vary: every OtherError
    // means the keychain cannot be used now (a lock is told apart by asking, see below).
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

// One job's outcome, reported once: by the job, or by the deadline if it comes first.
// The callback is moved out when it runs, so what it holds (a lock, a reply) is let go at
// once, not when the losing side fires.
struct Pending
{
    Keychain::Done done;
    QPointer<QTimer> deadline;

    void complete(const KeychainResult &result)
    {
        if (!done)
            return;
        if (deadline) {
            deadline->stop();
            deadline->deleteLater();
        }
        std::exchange(done, nullptr)(result);
    }
};

using Map = std::function<KeychainResult(QKeychain::Job *job)>;

void run(QKeychain::Job *job, QObject *context, int timeoutMs, const QString &what, Map map,
         Keychain::Done done)
{
    auto pending = std::make_shared<Pending>();
    pending->done = std::move(done);
    if (!context) { // the owner is gone: nobody to tell
        job->deleteLater();
        return;
    }
    auto *deadline = new QTimer(context);
    deadline->setSingleShot(true);
    pending->deadline = deadline;
    QObject::connect(deadline, &QTimer::timeout, context, [pending, timeoutMs, what] {
        qCWarning(lcSession).noquote()
            << "the keychain did not answer" << what << "within" << timeoutMs << "ms";
        pending->complete(
            {AuthError(
                 AuthError::Kind::KeychainUnavailable,
                 QStringLiteral("the keychain did not answer within %1 s").arg(timeoutMs / 1000.0)),
             false, QByteArray(), true});
    });
    // The job owns itself (it deletes itself when finished), see the class comment.
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [pending, job, map = std::move(map)] { pending->complete(map(job)); });
    deadline->start(timeoutMs);
    job->start();
}

using MakeJob = std::function<QKeychain::Job *()>;

// The job, and once more on a new connection if it failed as a restarted Secret Service
// makes it fail (libsecret keeps talking to the old daemon's session); after a timeout, the
// next job gets a new connection.
void runReconnecting(const MakeJob &make, QObject *context, int timeoutMs, const QString &what,
                     const Map &map, Keychain::Done done)
{
    run(make(), context, timeoutMs, what, map,
        [make, context, timeoutMs, what, map, done = std::move(done)](const KeychainResult &r) {
            if (r.timedOut) {
                // Not now (a stopped daemon would only cost the wait twice), but the next
                // operation starts on a new connection: libsecret's may be stuck on a daemon
                // that was replaced, or on a prompt that never came.
                SecretService::reconnect();
                return done(r);
            }
            const bool retry = r.error.kind() == AuthError::Kind::KeychainUnavailable
                               && SecretService::reconnect();
            if (!retry)
                return done(r);
            run(make(), context, timeoutMs, what, map, done);
        });
}

} // namespace

Keychain::Keychain(const QString &service, QObject *context)
    : m_service(service)
    , m_context(context)
{}

void Keychain::read(const QString &entry, Done done) const
{
    qCDebug(lcSession) << "keychain read started";
    const QString service = m_service;
    runReconnecting(
        [service, entry] {
            auto *job = new QKeychain::ReadPasswordJob(service);
            job->setKey(entry);
            return job;
        },
        m_context, m_timeoutMs, QStringLiteral("to a read"),
        [](QKeychain::Job *j) {
            const bool found = j->error() == QKeychain::NoError;
            return KeychainResult{
                keychainError(j->error(), j->errorString()), found,
                found ? static_cast<QKeychain::ReadPasswordJob *>(j)->textData().toUtf8()
                      : QByteArray()};
        },
        [this, done = std::move(done)](const KeychainResult &result) {
            qCDebug(lcSession) << "keychain read finished";
            // A locked collection reads as "not found".
            finishWithLockCheck(result, false, done);
        });
}

void Keychain::write(const QString &entry, const QByteArray &data, Done done) const
{
    const QString service = m_service;
    runReconnecting(
        [service, entry, data] {
            auto *job = new QKeychain::WritePasswordJob(service);
            job->setKey(entry);
            job->setTextData(QString::fromUtf8(data));
            return job;
        },
        m_context, m_timeoutMs, QStringLiteral("to a write"),
        [](QKeychain::Job *j) {
            return KeychainResult{keychainError(j->error(), j->errorString()), true, QByteArray()};
        },
        [this, done = std::move(done)](const KeychainResult &result) {
            finishWithLockCheck(result, false, done);
        });
}

void Keychain::remove(const QString &entry, Done done) const
{
    const QString service = m_service;
    runReconnecting(
        [service, entry] {
            auto *job = new QKeychain::DeletePasswordJob(service);
            job->setKey(entry);
            return job;
        },
        m_context, m_timeoutMs, QStringLiteral("to a delete"),
        [](QKeychain::Job *j) {
            // libsecret reports deleting a missing entry as success; others say EntryNotFound.
            return KeychainResult{keychainError(j->error(), j->errorString()),
                                  j->error() != QKeychain::EntryNotFound, QByteArray()};
        },
        [this, done = std::move(done)](const KeychainResult &result) {
            // libsecret deletes nothing from a locked collection, and says so by success.
            finishWithLockCheck(result, true, done);
        });
}

void Keychain::finishWithLockCheck(const KeychainResult &result, bool checkEvenOnSuccess,
                                   const Done &done) const
{
    const bool ask = result.error.kind() == AuthError::Kind::KeychainUnavailable
                     || (!result.error.isError() && (!result.found || checkEvenOnSuccess));
    if (!ask || result.timedOut)
        return done(result);
    SecretService::isLocked(m_context, m_timeoutMs, [result, done](bool locked) {
        if (!locked)
            return done(result);
        done({AuthError(AuthError::Kind::KeychainLocked,
                        QStringLiteral("the keychain's default collection is locked")),
              false, QByteArray()});
    });
}

} // namespace WeChatLogin::Internal
