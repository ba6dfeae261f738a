// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "applogging.h"

// Qt
#include <QtGlobal>

#include <cstring>

Q_LOGGING_CATEGORY(lcApp, "wechatlogin.app", QtInfoMsg)

namespace WeChatLogin {

namespace {

QtMessageHandler g_previousHandler = nullptr;

void ownMessagesOnly(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const char *category = context.category ? context.category : "default";
    const bool ours = std::strncmp(category, "wechatlogin.", 12) == 0;
    // Qt reports errno failures (e.g. a runtime directory it cannot create) as critical.
    if (ours || type == QtFatalMsg)
        g_previousHandler(type, context, message);
}

bool wantsQtMessages()
{
    return qEnvironmentVariableIntValue("WECHAT_LOGIN_QT_MESSAGES") == 1;
}

} // namespace

void keepStderrForOwnMessages()
{
    if (g_previousHandler || wantsQtMessages())
        return;
    g_previousHandler = qInstallMessageHandler(ownMessagesOnly);
}

void keepChildProcessesQuiet()
{
    if (wantsQtMessages())
        return;
    // Read by a child's Qt at its start; this process read its own rules already.
    qputenv("QT_LOGGING_RULES", "*.debug=false\n*.info=false\n*.warning=false\n*.critical=false");
}

} // namespace WeChatLogin
