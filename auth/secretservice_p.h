// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_SECRETSERVICE_P_H
#define WECHATLOGIN_SECRETSERVICE_P_H

#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class QDBusMessage;

namespace WeChatLogin::Internal {

/*
 * The one seam for what only the freedesktop Secret Service (gnome-keyring, KWallet's
 * Secret Service, KeePassXC) offers beyond qtkeychain: telling a locked default collection
 * apart, signals when items change, and a new connection after the service restarted.
 * Everything else goes through qtkeychain alone, as on Windows and macOS. With it off
 * (no D-Bus, or WECHATLOGIN_KEYCHAIN_PLATFORM=generic, which the tests use to prove the
 * other platforms' paths here), locks cannot be told apart, other processes are followed
 * by polling, and a restarted service is reached again only by qtkeychain's own means.
 */
namespace SecretService {

bool isEnabled();

// Whether the default collection is locked; done(false) when it cannot tell (off, no
// service, no answer within timeoutMs). done runs on context's thread, never after it is
// destroyed.
void isLocked(QObject *context, int timeoutMs, std::function<void(bool locked)> done);

// libsecret keeps one session with the service for the whole process (its default
// SecretService); when the service restarts, every later call fails with "The session does
// not exist" until that is dropped. Drops it, so the next call opens a new one; false when
// off or libsecret is not loaded.
WECHATLOGIN_AUTH_EXPORT bool reconnect(); // exported for the tests' own keychain calls

// Emits itemsChanged() when an item of any collection (or a new collection) changes, after
// the calls of one write settle. Silent when off.
class ItemWatch : public QObject
{
    Q_OBJECT
public:
    explicit ItemWatch(QObject *parent);
    QStringList collections() const { return m_collections; } // the ones it listens to

Q_SIGNALS:
    void itemsChanged();

private Q_SLOTS:
    void onItemSignal(const QDBusMessage &signal);
    void onCollectionCreated(const QDBusMessage &signal);

private:
    void subscribe(const QString &collection);

    QStringList m_collections;
};

} // namespace SecretService

} // namespace WeChatLogin::Internal

#endif
