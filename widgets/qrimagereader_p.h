// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_QRIMAGEREADER_P_H
#define WECHATLOGIN_QRIMAGEREADER_P_H

// Qt
#include <QString>

class QImage;

namespace WeChatLogin::QrImageReader {

// The largest image read (a page grab is far smaller): bigger ones are refused unread.
constexpr int MaxSide = 4096;
// The longest text taken from a QR code (a QR holds at most 2953 bytes).
constexpr int MaxText = 4096;

// The text of the one QR code in image, decoded in process (ZXing-C++); empty when the
// image holds no readable QR code (still painting, half a code, only text), is too big, or
// the text is not printable: control characters are never handed on.
QString read(const QImage &image);

} // namespace WeChatLogin::QrImageReader

#endif
