// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_WIDGETSLOGGING_H
#define WECHATLOGIN_WIDGETSLOGGING_H

// Qt
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcWidgets)

#endif
