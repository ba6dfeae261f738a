// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "widgetslogging.h"

Q_LOGGING_CATEGORY(lcWidgets, "wechatlogin.widgets", QtInfoMsg)
