// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "applogging.h"

Q_LOGGING_CATEGORY(lcApp, "wechatlogin.app", QtInfoMsg)
