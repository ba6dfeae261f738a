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

QFunctionPointer resolvePluginEntry(const QString &fileName, const char *symbol,
                                    const QString &notFound, QString *error)
{
    QStringList tried;
    QString lastError;
    for (const QString &dir : pluginSearchDirs()) {
        const QString path = QDir(dir).absoluteFilePath(fileName);
        tried << path;
        if (!QFileInfo::exists(path))
            continue;
        QLibrary library(path); // stays loaded: QLibrary unloads only on unload()
        if (const QFunctionPointer entry = library.resolve(symbol)) {
            qCDebug(lcApp) << fileName << "loaded from" << path;
            return entry;
        }
        lastError = library.errorString();
    }
    *error = notFound.arg(tried.join(QStringLiteral(", ")));
    if (!lastError.isEmpty())
        *error += QStringLiteral(" (") + lastError + u')';
    return nullptr;
}

WindowPlugin *windowPlugin(QString *error)
{
    static WindowPlugin *plugin = nullptr;
    if (plugin)
        return plugin;
    const QString notFound = QCoreApplication::translate(
        "WeChatLogin::SignInLoader",
        "The window component (libwechat-login-window.so) could not be loaded; "
        "reinstall wechat-login. Looked in: %1");
    const auto entry = reinterpret_cast<WeChatLoginWindowEntry>(resolvePluginEntry(
        QStringLiteral("libwechat-login-window.so"), WECHATLOGIN_WINDOW_ENTRY, notFound, error));
    if (entry)
        plugin = entry();
    if (entry && !plugin)
        *error = notFound.arg(pluginSearchDirs().join(QStringLiteral(", ")));
    return plugin;
}

} // namespace WeChatLogin
