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
// The whole value behind SessionStore's chunk entries key, key.1, ... (empty: none).
QString rawReadSession(const QString &service, const QString &key);
void rawWrite(const QString &service, const QString &entry, const QString &text);
void rawDelete(const QString &service, const QString &entry);
// Deletes key, key.1, ... key.9: whatever a test may have stored.
void rawDeleteAll(const QString &service, const QString &key);

} // namespace WeChatLogin::Test

#endif
