// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_APPLOGGING_H
#define WECHATLOGIN_APP_APPLOGGING_H

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcApp)

namespace WeChatLogin {

// For the command-line verbs: stderr carries only our own messages (the verbs' sentences
// and the wechatlogin.* logging categories), plus Qt's fatal errors (the ones that end the
// process). Qt's start-up chatter (QStandardPaths on a missing or unusable XDG_RUNTIME_DIR,
// a platform plugin's warnings, QtWebEngine's sandbox and GL notes) is not for a script's
// stderr. Call it before the application exists. Set WECHAT_LOGIN_QT_MESSAGES=1 to see
// Qt's messages when chasing a problem.
void keepStderrForOwnMessages();

// The same for the processes this one starts (QtWebEngine's helpers inherit stderr and the
// environment): call it once the application exists, whose own logging rules are read by
// then, and before QtWebEngine starts.
void keepChildProcessesQuiet();

} // namespace WeChatLogin

#endif
