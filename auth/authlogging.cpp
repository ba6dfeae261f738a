// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "authlogging.h"

Q_LOGGING_CATEGORY(lcAuth, "wechatlogin.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "wechatlogin.session", QtInfoMsg)
