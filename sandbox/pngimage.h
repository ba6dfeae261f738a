// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_PNGIMAGE_H
#define WECHATLOGIN_SANDBOX_PNGIMAGE_H

// Qt
#include <QByteArray>

namespace WeChatLogin::SandboxInternal {

/*
 * An 8-bit grey or RGB image and its PNG encoding (zlib), for the sandbox's QR codes and
 * avatars: the sandbox needs no QtGui, so neither does the wechat-login process that
 * embeds it (ELF would bind all of QtGui at start-up).
 */
class PngImage
{
public:
    enum class Format { Grey, Rgb };

    PngImage(int width, int height, Format format, quint8 fill = 0);

    int width() const { return m_width; }
    int height() const { return m_height; }
    int channels() const { return m_format == Format::Grey ? 1 : 3; }
    quint8 *line(int y)
    {
        return reinterpret_cast<quint8 *>(m_pixels.data()) + qsizetype(y) * stride();
    }
    void setPixel(int x, int y, quint32 rgb); // 0xRRGGBB (grey: the green byte)
    quint32 pixel(int x, int y) const;

    QByteArray toPng() const;

private:
    qsizetype stride() const { return qsizetype(m_width) * channels(); }

    int m_width;
    int m_height;
    Format m_format;
    QByteArray m_pixels;
};

} // namespace WeChatLogin::SandboxInternal

#endif
