// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "sandboxhost.h"
#include "applogging.h"
#include "windowplugin.h"

// Qt
#include <QCoreApplication>

namespace WeChatLogin {

std::unique_ptr<SandboxHost> SandboxHost::create(QString *error)
{
    const auto entry = reinterpret_cast<WeChatLoginSandboxHostEntry>(resolvePluginEntry(
        QStringLiteral("libwechat-login-sandboxhost.so"), WECHATLOGIN_SANDBOX_HOST_ENTRY,
        QCoreApplication::translate(
            "WeChatLogin::SignInLoader",
            "The sandbox component (libwechat-login-sandboxhost.so) could not be loaded; "
            "reinstall wechat-login. Looked in: %1"),
        error));
    return entry ? std::unique_ptr<SandboxHost>(entry()) : nullptr;
}

} // namespace WeChatLogin
