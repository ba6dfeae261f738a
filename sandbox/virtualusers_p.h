// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_VIRTUALUSERS_P_H
#define WECHATLOGIN_SANDBOX_VIRTUALUSERS_P_H

// Qt
#include <QByteArray>
#include <QString>
#include <QUrl>

#include <vector>

namespace WeChatLogin::SandboxInternal {

struct VirtualUser
{
    QString id; // "default", "second"
    QString openid;
    QString unionid;
    QString nickname;
    int sex = 0;
    QString province;
    QString city;
    QString country;
    quint32 color = 0; // 0xRRGGBB, the avatar's background
};

/*
 * The people on the virtual phone: two WeChat users with their profiles and avatars.
 */
class VirtualUsers
{
public:
    VirtualUsers();

    const std::vector<VirtualUser> &all() const { return m_users; }
    const VirtualUser *find(const QString &id) const;
    const VirtualUser *findByOpenid(const QString &openid) const;

    // Served by the WeChat origin at /mmopen/<id>/132, as WeChat's headimgurl.
    static QString avatarUrl(const VirtualUser &user, const QUrl &wechatUrl);
    static QByteArray avatarPng(const VirtualUser &user);

private:
    std::vector<VirtualUser> m_users;
};

} // namespace WeChatLogin::SandboxInternal

#endif
