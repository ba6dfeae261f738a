// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "appcontext.h"
#include "sandboxhost.h"
#include <WeChatLogin/authclient.h>
#include <WeChatLogin/sessionmanager.h>

// Qt
#include <QEventLoop>
#include <QTimer>

namespace WeChatLogin {

AppContext::AppContext(const AppConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{}

AppContext::~AppContext()
{
    m_manager.reset(); // before the sandbox it may be talking to
    m_sandbox.reset();
}

bool AppContext::start(QString *error)
{
    if (m_config.isSandbox()) {
        QString why;
        m_sandbox = SandboxHost::create(&why);
        if (!m_sandbox || !m_sandbox->start(m_config.autoConfirmMs(), &why)) {
            *error = tr("The sandbox could not start: %1").arg(why);
            return false;
        }
        m_config.withSandbox(m_sandbox->authUrl(), m_sandbox->anonKey(), m_sandbox->wechatUrl());
    }
    m_manager = std::make_unique<SessionManager>(m_config.authConfig(),
                                                 QLatin1String(AppConfig::KeychainService));
    return true;
}

AppContext::Outcome AppContext::wait(AuthReply *reply) const
{
    Outcome outcome;
    QEventLoop loop;
    QObject::connect(reply, &AuthReply::finished, &loop, [&] {
        outcome = {true, reply->error(), reply->session()};
        loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    if (!m_deadline.isForever())
        deadline.start(int(std::max<qint64>(0, m_deadline.remainingTime())));
    loop.exec();
    return outcome;
}

} // namespace WeChatLogin
