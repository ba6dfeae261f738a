// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTFINGERPRINT_H
#define WECHATLOGIN_TESTS_TESTFINGERPRINT_H

// Header-only: the helper processes link only WeChatLogin::Auth.

#include <WeChatLogin/session.h>

// Qt
#include <QCryptographicHash>

namespace WeChatLogin::Test {

// A session's refresh token as a short SHA-256 fingerprint: what helper processes print,
// never the token itself.
inline QString fingerprint(const Session &session)
{
    if (!session.isValid())
        return QStringLiteral("none");
    return QString::fromLatin1(
        QCryptographicHash::hash(session.refreshToken().toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(12));
}

} // namespace WeChatLogin::Test

#endif
