// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "sandboxhost.h"
#include "applogging.h"
#include "windowplugin.h"

// Qt
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>

namespace WeChatLogin {

std::unique_ptr<SandboxHost> SandboxHost::create(QString *error)
{
    QStringList tried;
    QString lastError;
    for (const QString &dir : pluginSearchDirs()) {
        const QString path =
            QDir(dir).absoluteFilePath(QStringLiteral("libwechat-login-sandboxhost.so"));
        tried << path;
        if (!QFileInfo::exists(path))
            continue;
        QLibrary library(path); // stays loaded: QLibrary unloads only on unload()
        const auto entry = reinterpret_cast<WeChatLoginSandboxHostEntry>(
            library.resolve(WECHATLOGIN_SANDBOX_HOST_ENTRY));
        if (entry) {
            qCDebug(lcApp) << "sandbox host loaded from" << path;
            return std::unique_ptr<SandboxHost>(entry());
        }
        lastError = library.errorString();
    }
    *error = QCoreApplication::translate(
                 "WeChatLogin::SignInLoader",
                 "The sandbox component (libwechat-login-sandboxhost.so) could not be loaded; "
                 "reinstall wechat-login. Looked in: %1")
                 .arg(tried.join(QStringLiteral(", ")));
    if (!lastError.isEmpty())
        *error += QStringLiteral(" (") + lastError + u')';
    return nullptr;
}

} // namespace WeChatLogin
