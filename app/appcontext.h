// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_APPCONTEXT_H
#define WECHATLOGIN_APP_APPCONTEXT_H

#include "appconfig.h"

// Qt
#include <QObject>

#include <memory>

namespace WeChatLogin {

class AuthReply;
class Sandbox;
class SessionManager;

/*
 * What every part of wechat-login shares: the resolved settings, the in-process
 * sandbox in sandbox mode, and the one SessionManager.
 */
class AppContext : public QObject
{
    Q_OBJECT
public:
    explicit AppContext(const AppConfig &config, QObject *parent = nullptr);
    ~AppContext() override;

    // Starts the sandbox in sandbox mode and creates the session manager.
    bool start(QString *error);

    const AppConfig &config() const { return m_config; }
    AuthConfig authConfig() const { return m_config.authConfig(); }
    bool isSandbox() const { return m_config.isSandbox(); }
    Sandbox *sandbox() const { return m_sandbox.get(); }
    SessionManager *sessionManager() const { return m_manager.get(); }

    // Runs the event loop until reply finishes (replies finish exactly once, always).
    static void wait(AuthReply *reply);

private:
    AppConfig m_config;
    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<SessionManager> m_manager;
};

} // namespace WeChatLogin

#endif
