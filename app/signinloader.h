// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_SIGNINLOADER_H
#define WECHATLOGIN_APP_SIGNINLOADER_H

#include "signinplugin.h"

// Qt
#include <QString>

namespace WeChatLogin {

// Loads the sign-in plugin (and with it QtWebEngine) on first use; later calls return
// the same instance. Searched in $WECHAT_LOGIN_PLUGIN_DIR, next to the executable, and
// in the installed plugin directory. Null with a reason when it cannot be loaded.
SignInPlugin *signInPlugin(QString *error);

// Whether the plugin has been loaded in this process.
bool isSignInPluginLoaded();

} // namespace WeChatLogin

#endif
