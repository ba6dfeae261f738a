// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

// Private: not installed, not API.

#ifndef WECHATLOGIN_SYSTEMBROWSER_P_H
#define WECHATLOGIN_SYSTEMBROWSER_P_H

// Qt
#include <QString>
#include <QUrl>

class QProcess;

namespace WeChatLogin::Internal {

// The desktop's opener (xdg-open; open on macOS; the shell on Windows) started on url,
// with no input and its output discarded; nullptr and why (one sentence) if it could not
// be: on Linux without a graphical session it is not run at all (xdg-open would start a
// text-mode browser in the terminal). The process is nobody's child (the browser it
// starts must outlive everything here) and deletes itself once it ends; the caller may
// watch its exit code.
QProcess *startSystemBrowser(const QUrl &url, QString *why);

} // namespace WeChatLogin::Internal

#endif
