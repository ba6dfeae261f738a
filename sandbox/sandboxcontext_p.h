// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_SANDBOX_SANDBOXCONTEXT_P_H
#define WECHATLOGIN_SANDBOX_SANDBOXCONTEXT_P_H

#include "sandbox.h"

// Qt
#include <QLoggingCategory>
#include <QObject>
#include <QUrl>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcSandbox)

namespace WeChatLogin::SandboxInternal {

/*
 * What every part of the sandbox (the fake GoTrue, the fake WeChat, the control API)
 * shares: the options, the two origins, the project's keys and the WeChat app.
 */
struct SandboxContext
{
    SandboxOptions options;
    QUrl authUrl;   // while running
    QUrl wechatUrl; // while running
    QByteArray jwtSecret;
    QString anonKey;
    QString appId;
    QString appSecret;
    QString appName;
    // Lives from start() to stop(): timers and upstream replies hang off it, so nothing
    // of a stopped sandbox fires later.
    std::unique_ptr<QObject> running;

    bool isLegacy() const { return options.serverEra == SandboxOptions::ServerEra::Legacy; }
};

} // namespace WeChatLogin::SandboxInternal

#endif
