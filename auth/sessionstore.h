// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SESSIONSTORE_H
#define WECHATLOGIN_SESSIONSTORE_H

#include <WeChatLogin/authclient.h>
#include <WeChatLogin/session.h>
#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QObject>

#include <memory>

namespace WeChatLogin {

class SessionStorePrivate;

/*
 * Keeps the session in the OS keychain (qtkeychain): service = the application's
 * name by default, key = the storage key (sb-<ref>-auth-token), value = exactly the
 * auth-js session JSON. Values above chunkSize() are split into parts key.a.1, key.a.2, ...
 * (or key.b.*) named by a small manifest in the key entry, so no keychain size limit can
 * truncate a session and no crash can lose both the old and the new session: the new
 * parts go to the other slot, the manifest (with a SHA-256 of the whole) is written last,
 * and a reader that finds parts not matching it looks again, then reads the previous
 * generation. A locked keychain is reported as KeychainLocked, one that does not answer
 * within keychainTimeoutMs() as KeychainUnavailable; neither is ever "nothing stored".
 * Operations answer with an AuthReply (ReadSession, WriteSession, DeleteSession).
 */
class WECHATLOGIN_AUTH_EXPORT SessionStore : public QObject
{
    Q_OBJECT
public:
    // Values up to this many bytes take one keychain entry, exactly auth-js's JSON. Windows'
    // Credential Manager holds at most 2,560 bytes an entry; Secret Service and the macOS
    // keychain have no such limit, and one entry is one keychain read for `token`.
#ifdef Q_OS_WIN
    static constexpr int ChunkSize = 2048;
#else
    static constexpr int ChunkSize = 64 * 1024;
#endif

    explicit SessionStore(const QString &service = QString(), QObject *parent = nullptr);
    ~SessionStore() override;

    QString service() const;

    // The size above which a session is split into parts (default ChunkSize; at least 256).
    int chunkSize() const;
    void setChunkSize(int bytes);

    // How long one keychain call may take before it counts as unavailable (default 5 s).
    int keychainTimeoutMs() const;
    void setKeychainTimeoutMs(int ms);

    // Opt-in plaintext fallback for machines without a keychain: a JSON file with
    // mode 0600, used only when the keychain is unreachable. Empty: off (default).
    void setPlaintextFallbackFile(const QString &path);
    QString plaintextFallbackFile() const;

    // session() is invalid and error() NoError when nothing is stored.
    AuthReply *read(const QString &key);
    AuthReply *write(const QString &key, const Session &session);
    // Removes every entry a session may occupy (both slots, and the layout of earlier
    // versions), also when what is stored cannot be read.
    AuthReply *remove(const QString &key);

    // The keychain entries a value of this size occupies in a first write: key, key.a.1, ...
    static QStringList entryNames(const QString &key, int valueBytes, int chunkSize = ChunkSize);

private:
    Q_DISABLE_COPY(SessionStore)
    Q_DECLARE_PRIVATE(SessionStore)
    std::unique_ptr<SessionStorePrivate> d_ptr;
};

} // namespace WeChatLogin

#endif
