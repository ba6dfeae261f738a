// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "applogging.h"
#include "windowplugin.h"

// Qt
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>

namespace WeChatLogin {

QStringList pluginSearchDirs()
{
    QStringList dirs;
    const QString env = qEnvironmentVariable("WECHAT_LOGIN_PLUGIN_DIR");
    if (!env.isEmpty())
        dirs << env;
    // The executable's directory, also before QCoreApplication exists.
    const QString appDir =
        QCoreApplication::instance()
            ? QCoreApplication::applicationDirPath()
            : QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget()).absolutePath();
    dirs << appDir << QDir(appDir).absoluteFilePath(QStringLiteral(WECHATLOGIN_PLUGIN_RELDIR));
    return dirs;
}

WindowPlugin *windowPlugin(QString *error)
{
    static WindowPlugin *plugin = nullptr;
    if (plugin)
        return plugin;
    QStringList tried;
    QString lastError;
    for (const QString &dir : pluginSearchDirs()) {
        const QString path =
            QDir(dir).absoluteFilePath(QStringLiteral("libwechat-login-window.so"));
        tried << path;
        if (!QFileInfo::exists(path))
            continue;
        QLibrary library(path); // stays loaded: QLibrary unloads only on unload()
        const auto entry =
            reinterpret_cast<WeChatLoginWindowEntry>(library.resolve(WECHATLOGIN_WINDOW_ENTRY));
        if (entry && (plugin = entry())) {
            qCDebug(lcApp) << "window library loaded from" << path;
            return plugin;
        }
        lastError = library.errorString();
    }
    *error = QCoreApplication::translate(
                 "WeChatLogin::SignInLoader",
                 "The window component (libwechat-login-window.so) could not be loaded; "
                 "reinstall wechat-login. Looked in: %1")
                 .arg(tried.join(QStringLiteral(", ")));
    if (!lastError.isEmpty())
        *error += QStringLiteral(" (") + lastError + u')';
    return nullptr;
}

} // namespace WeChatLogin
