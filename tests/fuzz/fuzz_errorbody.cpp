// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Fuzz target: the tolerant GoTrue error-body parser.

#include <WeChatLogin/autherror.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    // The first two bytes choose the HTTP status (400-599) and the header's length.
    const int status = 400 + data[0] % 200;
    const size_t headerLength = std::min<size_t>(data[1] % 32, size - 2);
    const QByteArray header(reinterpret_cast<const char *>(data + 2), qsizetype(headerLength));
    const QByteArray body(reinterpret_cast<const char *>(data + 2 + headerLength),
                          qsizetype(size - 2 - headerLength));
    const WeChatLogin::AuthError e = WeChatLogin::AuthError::fromHttpResponse(status, body, header);
    if (!e.isError() || e.httpStatus() != status || e.message().isEmpty()
        || e.userMessage().isEmpty())
        __builtin_trap();
    (void)e.toString();
    (void)e.isRetryable();
    return 0;
}
