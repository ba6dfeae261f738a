// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Fuzz target: CallbackUrl::parse over arbitrary URLs against fixed redirects.

#include <WeChatLogin/callbackurl.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QUrl url = QUrl::fromEncoded(bytes);
    static const QUrl redirects[] = {QUrl(QStringLiteral("http://127.0.0.1:9/callback")),
                                     QUrl(QStringLiteral("wechatlogin://callback")), QUrl()};
    for (const QUrl &redirect : redirects) {
        const WeChatLogin::CallbackUrl cb = WeChatLogin::CallbackUrl::parse(url, redirect);
        // Every outcome is self-consistent.
        switch (cb.kind()) {
        case WeChatLogin::CallbackUrl::Kind::Code:
            if (cb.code().isEmpty() || cb.error().isError())
                __builtin_trap();
            break;
        case WeChatLogin::CallbackUrl::Kind::Tokens:
            if (!cb.session().isValid())
                __builtin_trap();
            break;
        case WeChatLogin::CallbackUrl::Kind::Error:
        case WeChatLogin::CallbackUrl::Kind::Malformed:
            if (!cb.error().isError() || cb.error().userMessage().isEmpty())
                __builtin_trap();
            break;
        case WeChatLogin::CallbackUrl::Kind::NotCallback:
            break;
        }
    }
    return 0;
}
