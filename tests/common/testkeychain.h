// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTKEYCHAIN_H
#define WECHATLOGIN_TESTS_TESTKEYCHAIN_H

// Qt
#include <QString>

#include <qt6keychain/keychain.h>

namespace WeChatLogin::Test {

// Raw keychain access, to look behind SessionStore's back.
QKeychain::Error rawRead(const QString &service, const QString &entry, QString *text = nullptr);
// The whole session JSON behind SessionStore's entries (empty: none): the key entry itself,
// or the parts its manifest names (key.a.1, ...), or the legacy key, key.1, ...
QString rawReadSession(const QString &service, const QString &key);
// The keychain entries that exist for key (key, key.a.N, key.b.N, key.N), in that order.
QStringList rawEntries(const QString &service, const QString &key);
void rawWrite(const QString &service, const QString &entry, const QString &text);
void rawDelete(const QString &service, const QString &entry);
// The keyring's own Lock call on the default collection (org.freedesktop.Secret.Service).
bool lockKeyring();
// Unlocks it again with its password (gnome-keyring's UnlockWithMasterPassword; the test
// command's keyring, tests/with-keyring, has the password "wechatlogin").
bool unlockKeyring(const QString &password = QStringLiteral("wechatlogin"));
// Whether the default collection is locked (true too when there is none to ask).
bool keyringLocked();
// The process that owns org.freedesktop.secrets on the session bus (0: none).
qint64 secretServicePid();
// The keyring daemon dies (SIGKILL, as in a crash) and a new one takes its place on the
// same bus, with the same keyring files, unlocked with the test password, as a desktop
// session's restart would (unlocked even when the bus started a locked one first). False
// (with why) if it did not come back within 15 s.
bool restartKeyring(QString *why, const QString &password = QStringLiteral("wechatlogin"));

// Deletes every entry rawEntries() may name, up to 10 parts each: whatever a test stored.
void rawDeleteAll(const QString &service, const QString &key);

} // namespace WeChatLogin::Test

#endif
