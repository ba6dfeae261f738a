// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "qrimagereader_p.h"

// Qt
#include <QImage>

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <algorithm>

namespace WeChatLogin::QrImageReader {

QString read(const QImage &image)
{
    if (image.isNull() || image.width() > MaxSide || image.height() > MaxSide)
        return {};
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(),
                                ZXing::ImageFormat::Lum, int(gray.bytesPerLine()));
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(true);
    const ZXing::Result result = ZXing::ReadBarcode(view, hints);
    if (!result.isValid())
        return {};
    const QString text = QString::fromStdString(result.text());
    if (text.isEmpty() || text.size() > MaxText)
        return {};
    // What is handed on may be printed to a terminal: no escape sequences, no line breaks.
    const bool printable = std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.isPrint() && c.category() != QChar::Other_Format;
    });
    return printable ? text : QString();
}

} // namespace WeChatLogin::QrImageReader
