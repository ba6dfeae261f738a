// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Fuzz target: the JWT claim decoder.

#include <WeChatLogin/session.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString token = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto claims = WeChatLogin::Session::decodeJwtClaims(token);
    if (claims && token.count(u'.') != 2)
        __builtin_trap(); // only three-part tokens decode
    return 0;
}
