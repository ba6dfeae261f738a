// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TRANSLATIONS_P_H
#define WECHATLOGIN_TRANSLATIONS_P_H

#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QString>

namespace WeChatLogin {

// What loadTranslations() installed last ("zh_CN" or "en"); empty before.
WECHATLOGIN_AUTH_EXPORT QString installedTranslation();

} // namespace WeChatLogin

#endif
