// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_AUTHLOGGING_H
#define WECHATLOGIN_AUTHLOGGING_H

// Qt
#include <QLoggingCategory>

// Debug output is off by default; QT_LOGGING_RULES="wechatlogin.auth.debug=true" turns it on.
// No token, code, verifier or key ever reaches these categories.
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcSession)

#endif
