// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "sandboxutil.h"
#include "virtualusers_p.h"

// Qt
#include <QImage>
#include <QPainter>
#include <QPainterPath>

namespace WeChatLogin::SandboxInternal {

VirtualUsers::VirtualUsers()
    : m_users{
        {QStringLiteral("default"), QStringLiteral("oSbxDefault7Kq2LmN9pXc4RtWzY"),
         QStringLiteral("uSbxDefault3Hg8JkP1sQv6NxBcE"), QStringLiteral("小微同学"), 1,
         QStringLiteral("广东"), QStringLiteral("深圳"), QStringLiteral("中国"), qRgb(7, 193, 96)},
        {QStringLiteral("second"), QStringLiteral("oSbxSecond5Tf1GhR8wYe2UaMnKd"),
         QStringLiteral("uSbxSecond9Lp4ZsX7cVb3QoJiHt"), QStringLiteral("扫码达人"), 2,
         QStringLiteral("浙江"), QStringLiteral("杭州"), QStringLiteral("中国"),
         qRgb(250, 157, 59)},
    }
{}

const VirtualUser *VirtualUsers::find(const QString &id) const
{
    for (const auto &u : m_users) {
        if (u.id == id)
            return &u;
    }
    return nullptr;
}

const VirtualUser *VirtualUsers::findByOpenid(const QString &openid) const
{
    for (const auto &u : m_users) {
        if (u.openid == openid)
            return &u;
    }
    return nullptr;
}

QString VirtualUsers::avatarUrl(const VirtualUser &user, const QUrl &wechatUrl)
{
    return wechatUrl.toString() + QStringLiteral("/mmopen/") + user.id + QStringLiteral("/132");
}

QByteArray VirtualUsers::avatarPng(const VirtualUser &user)
{
    // A simple silhouette on the user's colour: no fonts, so no QGuiApplication needed.
    const int size = 132;
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(user.color);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 255, 255, 230));
    p.drawEllipse(QRectF(size * 0.32, size * 0.18, size * 0.36, size * 0.36));
    QPainterPath body;
    body.addEllipse(QRectF(size * 0.16, size * 0.60, size * 0.68, size * 0.60));
    p.drawPath(body);
    p.end();
    return pngBytes(image);
}

} // namespace WeChatLogin::SandboxInternal
