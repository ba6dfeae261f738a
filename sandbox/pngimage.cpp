// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "pngimage.h"

// Qt
#include <QtEndian>

#include <zlib.h>

namespace WeChatLogin::SandboxInternal {

namespace {

void appendChunk(QByteArray &png, const char type[4], const QByteArray &data)
{
    char length[4];
    qToBigEndian(quint32(data.size()), length);
    png.append(length, 4);
    const qsizetype start = png.size();
    png.append(type, 4);
    png.append(data);
    const uLong crc = crc32(0L, reinterpret_cast<const Bytef *>(png.constData() + start),
                            uInt(png.size() - start));
    char crcBytes[4];
    qToBigEndian(quint32(crc), crcBytes);
    png.append(crcBytes, 4);
}

} // namespace

PngImage::PngImage(int width, int height, Format format, quint8 fill)
    : m_width(width)
    , m_height(height)
    , m_format(format)
    , m_pixels(qsizetype(width) * height * (format == Format::Grey ? 1 : 3), char(fill))
{}

void PngImage::setPixel(int x, int y, quint32 rgb)
{
    quint8 *p = line(y) + qsizetype(x) * channels();
    if (m_format == Format::Grey) {
        p[0] = quint8(rgb >> 8);
        return;
    }
    p[0] = quint8(rgb >> 16);
    p[1] = quint8(rgb >> 8);
    p[2] = quint8(rgb);
}

quint32 PngImage::pixel(int x, int y) const
{
    const auto *p = reinterpret_cast<const quint8 *>(m_pixels.constData()) + y * stride()
                    + qsizetype(x) * channels();
    if (m_format == Format::Grey)
        return quint32(p[0]) << 16 | quint32(p[0]) << 8 | p[0];
    return quint32(p[0]) << 16 | quint32(p[1]) << 8 | p[2];
}

QByteArray PngImage::toPng() const
{
    // Each row starts with filter type 0 (none).
    QByteArray raw;
    raw.reserve((stride() + 1) * m_height);
    for (int y = 0; y < m_height; ++y) {
        raw.append('\0');
        raw.append(m_pixels.constData() + y * stride(), stride());
    }
    uLongf size = compressBound(uLong(raw.size()));
    QByteArray compressed(qsizetype(size), Qt::Uninitialized);
    if (compress2(reinterpret_cast<Bytef *>(compressed.data()), &size,
                  reinterpret_cast<const Bytef *>(raw.constData()), uLong(raw.size()), 9)
        != Z_OK)
        qFatal("zlib could not compress an image");
    compressed.resize(qsizetype(size));

    QByteArray header(13, '\0');
    qToBigEndian(quint32(m_width), header.data());
    qToBigEndian(quint32(m_height), header.data() + 4);
    header[8] = 8;                                            // bits per channel
    header[9] = m_format == Format::Grey ? char(0) : char(2); // grey / truecolour
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    appendChunk(png, "IHDR", header);
    appendChunk(png, "IDAT", compressed);
    appendChunk(png, "IEND", QByteArray());
    return png;
}

} // namespace WeChatLogin::SandboxInternal
