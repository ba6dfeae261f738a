// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTS_TESTQR_H
#define WECHATLOGIN_TESTS_TESTQR_H

// Qt
#include <QString>

class QImage;

namespace WeChatLogin::Test {

// The text of the QR code in an image, decoded in process (ZXing-C++); empty when the
// image holds no readable QR code. A uniform frame, a page's text or half a QR decode to
// nothing, so "decodes to a URL the sandbox made" is what "the QR is painted" means.
QString decodeQr(const QImage &image);
QString decodeQrFile(const QString &path);

} // namespace WeChatLogin::Test

#endif
