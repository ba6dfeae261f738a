// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_APP_APPCONTEXT_H
#define WECHATLOGIN_APP_APPCONTEXT_H

#include "appconfig.h"

#include <WeChatLogin/autherror.h>
#include <WeChatLogin/session.h>

// Qt
#include <QDeadlineTimer>
#include <QObject>

#include <memory>

namespace WeChatLogin {

class AuthReply;
class SandboxHost;
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
    SandboxHost *sandbox() const { return m_sandbox.get(); }
    SessionManager *sessionManager() const { return m_manager.get(); }

    // What a reply said, read as it finished (replies delete themselves right after).
    struct Outcome
    {
        bool finished = false; // false: the verb's deadline passed first
        AuthError error;
        Session session;
    };
    // Runs the event loop until reply finishes, or until the deadline.
    Outcome wait(AuthReply *reply) const;
    // The whole verb's deadline (--timeout): every wait() stops there.
    void setDeadline(QDeadlineTimer deadline) { m_deadline = deadline; }
    QDeadlineTimer deadline() const { return m_deadline; }

private:
    AppConfig m_config;
    std::unique_ptr<SandboxHost> m_sandbox;
    std::unique_ptr<SessionManager> m_manager;
    QDeadlineTimer m_deadline = QDeadlineTimer(QDeadlineTimer::Forever);
};

} // namespace WeChatLogin

#endif
