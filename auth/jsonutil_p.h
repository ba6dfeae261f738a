// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_JSONUTIL_P_H
#define WECHATLOGIN_JSONUTIL_P_H

// Qt
#include <QJsonObject>
#include <QString>

#include <initializer_list>

namespace WeChatLogin::Internal {

// The first of the keys whose value is a non-empty string; servers and forks name things
// differently, so readers try each spelling in order.
inline QString firstString(const QJsonObject &o, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isString() && !v.toString().isEmpty())
            return v.toString();
    }
    return {};
}

} // namespace WeChatLogin::Internal

#endif
