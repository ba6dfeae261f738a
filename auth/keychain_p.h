// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_KEYCHAIN_P_H
#define WECHATLOGIN_KEYCHAIN_P_H

#include "autherror.h"

// Qt
#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

namespace WeChatLogin::Internal {

struct KeychainResult
{
    AuthError error;
    bool found = false; // read: the entry exists; remove: it existed
    QByteArray data;
    bool timedOut = false; // the keychain did not answer in time
};

/*
 * The OS keychain, one entry at a time, through qtkeychain, plus what qtkeychain does
 * not do:
 * - every call has a deadline: a keyring daemon that owns its D-Bus name but does not
 *   answer (stopped, hung, waiting on an unlock prompt nobody sees) costs timeoutMs, not
 *   libsecret's two 25 s D-Bus timeouts;
 * - a locked keychain is told apart: libsecret reads a locked collection as "not found"
 *   and deletes nothing without saying so, so a read that finds nothing and every
 *   delete ask the Secret Service whether the default collection is locked
 *   (KeychainLocked), and so does a write that fails (SecretService::isLocked());
 * - a call that fails as a restarted Secret Service makes it fail is made once more on a
 *   new connection (SecretService::reconnect());
 * - jobs own themselves and are never children of anything here: libsecret calls back
 *   into a job when its D-Bus call ends, even after its owner is gone.
 * Callbacks run on the context object's thread and never after it is destroyed.
 */
class Keychain
{
public:
    static constexpr int DefaultTimeoutMs = 5000;
    using Done = std::function<void(const KeychainResult &result)>;

    Keychain(const QString &service, QObject *context);

    QString service() const { return m_service; }
    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    void read(const QString &entry, Done done) const;
    void write(const QString &entry, const QByteArray &data, Done done) const;
    void remove(const QString &entry, Done done) const;

private:
    void finishWithLockCheck(const KeychainResult &result, bool checkEvenOnSuccess,
                             const Done &done) const;

    QString m_service;
    QPointer<QObject> m_context;
    int m_timeoutMs = DefaultTimeoutMs;
};

} // namespace WeChatLogin::Internal

#endif
