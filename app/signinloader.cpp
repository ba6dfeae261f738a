// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "signinloader.h"
#include "applogging.h"
#include "windowplugin.h"

// Qt
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPluginLoader>

namespace WeChatLogin {

namespace {

SignInPlugin *g_plugin = nullptr;

} // namespace

SignInPlugin *signInPlugin(QString *error)
{
    if (g_plugin)
        return g_plugin;
    // QtWebEngine loaded after QApplication needs shared GL contexts, set before it.
    if (QCoreApplication::instance()
        && !QCoreApplication::testAttribute(Qt::AA_ShareOpenGLContexts)) {
        *error = QStringLiteral("Qt::AA_ShareOpenGLContexts must be set before QApplication "
                                "is created to load the sign-in plugin");
        return nullptr;
    }
    QStringList tried;
    QString lastError;
    for (const QString &dir : pluginSearchDirs()) {
        const QString path =
            QDir(dir).absoluteFilePath(QStringLiteral("libwechat-login-signin.so"));
        if (!QFileInfo::exists(path)) {
            tried << path;
            continue;
        }
        static QPluginLoader loader; // lives as long as the process: the plugin stays loaded
        loader.setFileName(path);
        g_plugin = qobject_cast<SignInPlugin *>(loader.instance());
        if (g_plugin) {
            qCInfo(lcApp) << "sign-in plugin loaded from" << path;
            return g_plugin;
        }
        lastError = loader.errorString();
        loader.unload();
        tried << path;
    }
    *error = QCoreApplication::translate(
                 "WeChatLogin::SignInLoader",
                 "The sign-in component (libwechat-login-signin.so) could not be loaded; "
                 "reinstall wechat-login. Looked in: %1")
                 .arg(tried.join(QStringLiteral(", ")));
    if (!lastError.isEmpty())
        *error += QStringLiteral(" (") + lastError + u')';
    return nullptr;
}

bool isSignInPluginLoaded()
{
    return g_plugin != nullptr;
}

} // namespace WeChatLogin
