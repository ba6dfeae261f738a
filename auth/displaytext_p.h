// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_DISPLAYTEXT_P_H
#define WECHATLOGIN_DISPLAYTEXT_P_H

#include <WeChatLogin/wechatlogin_auth_export.h>

// Qt
#include <QString>

namespace WeChatLogin::Internal {

/*
 * A string from outside (a nickname, a server's error message) made safe to show as one
 * line of text in a terminal or a label: control characters (ESC sequences, carriage
 * returns, line breaks) become spaces or go, invisible format characters that reorder or
 * hide text (bidi overrides and isolates, U+202E, zero-width spaces) go, broken surrogates
 * go, spaces are collapsed, and what is left is cut to maxChars (with "…"), never inside a
 * character. The zero-width joiner stays: emoji sequences need it.
 */
WECHATLOGIN_AUTH_EXPORT QString displayText(const QString &text, int maxChars = 64);

} // namespace WeChatLogin::Internal

#endif
