// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TRANSLATIONS_H
#define WECHATLOGIN_TRANSLATIONS_H

#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QLocale>

namespace WeChatLogin {

/*
 * Installs WeChatLogin's translations for the locale into the application,
 * replacing the ones installed before (so the language can change at run time).
 * Simplified Chinese for Chinese locales, English otherwise. Needs a
 * QCoreApplication. Returns the language installed ("zh_CN" or "en").
 */
WECHATLOGIN_AUTH_EXPORT QString loadTranslations(const QLocale &locale = QLocale());

} // namespace WeChatLogin

#endif
