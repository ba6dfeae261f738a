// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_PKCE_H
#define WECHATLOGIN_PKCE_H

#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QString>

namespace WeChatLogin {

// Proof Key for Code Exchange (RFC 7636), S256 only.
class WECHATLOGIN_AUTH_EXPORT Pkce
{
public:
    // A fresh verifier from the system CSPRNG: 112 characters of [0-9a-f], like auth-js.
    static QString generateVerifier();
    // BASE64URL(SHA256(ASCII(verifier))), without padding.
    static QString challenge(const QString &verifier);
    // 43-128 characters of [A-Za-z0-9-._~].
    static bool isValidVerifier(const QString &verifier);
    static QString method() { return QStringLiteral("s256"); }
};

} // namespace WeChatLogin

#endif
