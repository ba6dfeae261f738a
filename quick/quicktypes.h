// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_QUICKTYPES_H
#define WECHATLOGIN_QUICKTYPES_H

#include <WeChatLogin/session.h>

// Qt
#include <QtQml/qqml.h>

namespace WeChatLogin {

// Session in QML: a value type (`session`) with valid, userId, nickname, avatarUrl,
// provider, expiresAt and lifetime; never the tokens (SessionManager.accessToken() gives
// the access token to one callback).
struct QuickSessionForeign
{
    Q_GADGET
    QML_FOREIGN(WeChatLogin::Session)
    QML_VALUE_TYPE(session)
};

} // namespace WeChatLogin

#endif
