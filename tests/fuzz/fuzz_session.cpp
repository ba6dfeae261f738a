// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Fuzz target: the Session JSON reader and everything read from a session.

#include <WeChatLogin/session.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    WeChatLogin::AuthError error;
    const WeChatLogin::Session s = WeChatLogin::Session::fromJson(bytes, &error);
    if (s.isValid() == error.isError())
        __builtin_trap(); // valid exactly when there is no error
    if (!s.isValid())
        return 0;
    // Reading any accessor is safe, and a round trip is lossless.
    (void)s.nickname();
    (void)s.avatarUrl();
    (void)s.openid();
    (void)s.unionid();
    (void)s.email();
    (void)s.userId();
    (void)s.authenticationMethods();
    (void)s.expiresAtDateTime();
    (void)s.expiresWithin(90);
    const WeChatLogin::Session again = WeChatLogin::Session::fromJson(s.toJson());
    if (again != s)
        __builtin_trap();
    return 0;
}
