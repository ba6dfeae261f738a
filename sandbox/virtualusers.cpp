// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "pngimage.h"
#include "sandboxutil.h"
#include "virtualusers_p.h"

// Qt

#include <cmath>

namespace WeChatLogin::SandboxInternal {

VirtualUsers::VirtualUsers()
    : m_users{
        {QStringLiteral("default"), QStringLiteral("oSbxDefault7Kq2LmN9pXc4RtWzY"),
         QStringLiteral("uSbxDefault3Hg8JkP1sQv6NxBcE"), QStringLiteral("小微同学"), 1,
         QStringLiteral("广东"), QStringLiteral("深圳"), QStringLiteral("中国"), 0x07c160u},
        {QStringLiteral("second"), QStringLiteral("oSbxSecond5Tf1GhR8wYe2UaMnKd"),
         QStringLiteral("uSbxSecond9Lp4ZsX7cVb3QoJiHt"), QStringLiteral("扫码达人"), 2,
         QStringLiteral("浙江"), QStringLiteral("杭州"), QStringLiteral("中国"), 0xfa9d3bu},
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
    // A simple silhouette on the user's colour (a head and shoulders, 90% white), each
    // pixel's coverage sampled 4 x 4 for smooth edges.
    const int size = 132;
    PngImage image(size, size, PngImage::Format::Rgb);
    const auto inEllipse = [](double x, double y, double cx, double cy, double rx, double ry) {
        const double dx = (x - cx) / rx;
        const double dy = (y - cy) / ry;
        return dx * dx + dy * dy <= 1.0;
    };
    const double s = size;
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            int covered = 0;
            for (int sy = 0; sy < 4; ++sy) {
                for (int sx = 0; sx < 4; ++sx) {
                    const double px = x + (sx + 0.5) / 4;
                    const double py = y + (sy + 0.5) / 4;
                    covered += inEllipse(px, py, s * 0.50, s * 0.36, s * 0.18, s * 0.18)
                               || inEllipse(px, py, s * 0.50, s * 0.90, s * 0.34, s * 0.30);
                }
            }
            const double a = covered / 16.0 * (230.0 / 255.0);
            const auto mix = [a](quint32 channel) {
                return quint32(std::lround(channel * (1 - a) + 255 * a));
            };
            image.setPixel(x, y,
                           mix(user.color >> 16 & 0xff) << 16 | mix(user.color >> 8 & 0xff) << 8
                               | mix(user.color & 0xff));
        }
    }
    return image.toPng();
}

} // namespace WeChatLogin::SandboxInternal
